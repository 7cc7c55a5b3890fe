// A PDF page that is not a scanned image (a text PDF a citizen brings) on a PC without pdftoppm (Windows:
// poppler is not shipped) is kept as it is: the one-page PDF is the stored page and is copied into the
// component PDF with pdf-lib's copyPages, so its text and drawings stay vector and searchable. It gets no
// blank detection, deskew or crop (there are no pixels to measure); a turn asked by the clerk becomes the
// page's /Rotate. Its preview is rendered by sharp where libvips can read PDF, else a neutral card.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { degrees, PDFDocument, type PDFPage } from 'pdf-lib';
import { sharp } from '../base/lazy-module';
import { writeFileAtomic } from '../base/atomic-write';
import type { ProcessedPage, QuarterTurn, ScannedPage } from './types';

/** The visible page (CropBox) as it is read, after /Rotate, in points. */
export function displayedSize(page: PDFPage): { widthPt: number; heightPt: number } {
  const box = page.getCropBox();
  const sideways = ((page.getRotation().angle % 180) + 180) % 180 === 90;
  return sideways ? { widthPt: box.height, heightPt: box.width } : { widthPt: box.width, heightPt: box.height };
}

const pixels = (pt: number, dpi: number) => Math.max(1, Math.round((pt / 72) * dpi));

async function onePage(bytes: Uint8Array): Promise<PDFDocument> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  if (doc.getPageCount() !== 1) throw new Error(`a kept PDF page must hold one page, not ${doc.getPageCount()}`);
  return doc;
}

/** Turns a kept page clockwise by setting its /Rotate (nothing is re-encoded). */
export async function turnVectorPage(bytes: Uint8Array, turn: QuarterTurn): Promise<Uint8Array> {
  if (!turn) return bytes;
  const doc = await onePage(bytes);
  const page = doc.getPage(0);
  page.setRotation(degrees((((page.getRotation().angle + turn) % 360) + 360) % 360));
  return doc.save();
}

/**
 * Stores `page` (a one-page PDF) as a kept page at `<outputBase>.pdf`. Its pixel size is its paper size at
 * `dpi` (the profile's), so the job's view and the file's record speak of it like any other page.
 */
export async function keepVectorPage(page: ScannedPage, opts: { outputBase: string; dpi: number; rotation?: QuarterTurn }): Promise<ProcessedPage> {
  const rotation = opts.rotation ?? 0;
  const bytes = Buffer.from(await turnVectorPage(await readFile(page.filePath), rotation));
  const { widthPt, heightPt } = displayedSize((await onePage(bytes)).getPage(0));
  const processedPath = `${opts.outputBase}.pdf`;
  await writeFileAtomic(processedPath, bytes);
  return {
    processedPath,
    encoding: 'pdf',
    widthPx: pixels(widthPt, opts.dpi),
    heightPx: pixels(heightPt, opts.dpi),
    dpi: opts.dpi,
    colorMode: 'color',
    blank: false,
    blankScore: 0,
    skewAngle: 0,
    rotation,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(page.side ? { side: page.side } : {}),
  };
}

/**
 * A picture of a kept page, `width` pixels wide: rendered by sharp when its libvips reads PDF (PDFium or
 * poppler builds), otherwise a card of the page's shape marked "PDF", drawn with paths so it needs no font.
 */
export async function vectorPagePreview(path: string, width: number): Promise<Buffer> {
  const bytes = await readFile(path);
  const { widthPt, heightPt } = displayedSize((await onePage(bytes)).getPage(0));
  if (sharp.format.pdf?.input?.buffer) {
    try {
      return await sharp(bytes, { density: (width / widthPt) * 72 }).flatten({ background: '#ffffff' }).png().toBuffer();
    } catch {
      // fall through to the card
    }
  }
  const w = Math.round(width);
  const h = Math.max(1, Math.round((width * heightPt) / widthPt));
  const u = w / 100; // drawing unit: 1% of the width
  const lines = Array.from({ length: Math.max(0, Math.floor((h - 58 * u) / (6 * u))) }, (_, i) =>
    `<rect x="${12 * u}" y="${52 * u + i * 6 * u}" width="${(i % 4 === 3 ? 45 : 76) * u}" height="${1.6 * u}" fill="#d5d9de"/>`).join('');
  // "PDF" in strokes: P, D and F in a 10×14 unit box each.
  const glyphs = ['M0 14V0h6a4 4 0 0 1 0 8H0', 'M0 0v14h4a6 7 0 0 0 0-14z', 'M8 0H0v14M0 7h6']
    .map((d, i) => `<path d="${d}" transform="translate(${22 * u + i * 20 * u} ${18 * u}) scale(${1.5 * u})" fill="none" stroke="#8a2b2b" stroke-width="1.6" stroke-linejoin="round"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#ffffff"/>` +
    `<rect x="${u}" y="${u}" width="${w - 2 * u}" height="${h - 2 * u}" fill="#f6f7f9" stroke="#9aa3ad" stroke-width="${u * 0.6}"/>${glyphs}${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
