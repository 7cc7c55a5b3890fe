// PDFs made the way scanners make them, for the PDF-page tests and the benchmark: one image XObject per page
// drawn over the whole page, as DCTDecode (the JPEG as it is), FlateDecode (no predictor, PNG predictors
// taken from a real PNG encoder's IDAT, or TIFF predictor 2) or CCITTFaxDecode G4 (the strip of a TIFF
// written by libtiff). Content streams are written by hand, so a test can turn, mirror or add to them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFPage, type PDFRef, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

export interface RawPixels { data: Buffer; width: number; height: number; channels: 1 | 3 }
export interface ImageObject { dict: Parameters<PDFDocument['context']['stream']>[1]; data: Uint8Array }

const base = (p: RawPixels) => ({ Type: 'XObject', Subtype: 'Image', Width: p.width, Height: p.height, BitsPerComponent: 8, ColorSpace: p.channels === 3 ? 'DeviceRGB' : 'DeviceGray' });

export function dctImage(jpeg: Buffer, p: Omit<RawPixels, 'data'>): ImageObject {
  return { dict: { ...base({ ...p, data: Buffer.alloc(0) }), Filter: 'DCTDecode' }, data: jpeg };
}

/** The zlib data of a PNG (its IDAT chunks joined): Flate with PNG predictors, as the PNG encoder chose them. */
export function pngIdat(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return Buffer.concat(parts);
}

export async function flateImage(p: RawPixels, predictor: 'none' | 'png' | 'tiff'): Promise<ImageObject> {
  const parms = (n: number) => ({ DecodeParms: { Predictor: n, Colors: p.channels, BitsPerComponent: 8, Columns: p.width } });
  if (predictor === 'png') {
    const png = await sharp(p.data, { raw: p }).toColourspace(p.channels === 3 ? 'srgb' : 'b-w').png({ adaptiveFiltering: true, compressionLevel: 6 }).toBuffer();
    return { dict: { ...base(p), Filter: 'FlateDecode', ...parms(15) }, data: pngIdat(png) };
  }
  if (predictor === 'tiff') {
    const rowBytes = p.width * p.channels;
    const diff = Buffer.from(p.data);
    for (let row = 0; row < p.height; row++) {
      for (let i = rowBytes - 1; i >= p.channels; i--) diff[row * rowBytes + i] = (p.data[row * rowBytes + i] - p.data[row * rowBytes + i - p.channels]) & 0xff;
    }
    return { dict: { ...base(p), Filter: 'FlateDecode', ...parms(2) }, data: deflateSync(diff) };
  }
  return { dict: { ...base(p), Filter: 'FlateDecode' }, data: deflateSync(p.data) };
}

/**
 * CCITT G4 of a bi-level page as a fax program writes it: ImageMagick (libtiff) encodes it in one strip, and
 * that strip is carried over as the stream. `p` is grey, 0 or 255.
 */
export function ccittImage(p: RawPixels): ImageObject {
  if (p.channels !== 1) throw new Error('CCITT fixture takes grey pixels');
  const pgm = Buffer.concat([Buffer.from(`P5\n${p.width} ${p.height}\n255\n`, 'latin1'), p.data]);
  const tif = execFileSync('convert', ['pgm:-', '-threshold', '50%', '-type', 'bilevel', '-compress', 'Group4', '-define', `tiff:rows-per-strip=${p.height}`, 'tiff:-'], { input: pgm, maxBuffer: 64 * 1024 * 1024 });
  const le = tif.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tif.readUInt16LE(o) : tif.readUInt16BE(o));
  const u32 = (o: number) => (le ? tif.readUInt32LE(o) : tif.readUInt32BE(o));
  const ifd = u32(4);
  const tag: Record<number, number> = {};
  for (let i = 0; i < u16(ifd); i++) {
    const at = ifd + 2 + i * 12;
    tag[u16(at)] = u16(at + 2) === 3 ? u16(at + 8) : u32(at + 8);
  }
  if (tag[278] < p.height) throw new Error(`fixture expects one strip, got ${tag[278]} rows per strip`);
  // A fax "white" run is a 0 bit. Written min-is-black (photometric 1), those runs are black pixels: in PDF
  // terms BlackIs1 (ISO 32000-1 Table 11). Written min-is-white (0), the runs mean what they say.
  const blackIs1 = tag[262] === 1;
  return {
    dict: { Type: 'XObject', Subtype: 'Image', Width: p.width, Height: p.height, BitsPerComponent: 1, ColorSpace: 'DeviceGray', Filter: 'CCITTFaxDecode',
      DecodeParms: { K: -1, Columns: p.width, Rows: p.height, BlackIs1: blackIs1 } },
    data: tif.subarray(tag[273], tag[273] + tag[279]),
  };
}

export interface PageOptions {
  /** The page's /Rotate. */
  rotate?: number;
  /** The drawing matrix; by default the image fills the page upright. */
  cm?: number[];
  /** Operators after the image (text, drawings); `$IM` stands for the image's name. */
  after?: string;
  /** Operators before the image. */
  before?: string;
  /** A font resource, named `/F0` in the operators. */
  font?: PDFRef;
}

/** A page of `widthPt`×`heightPt` drawing `image` with a hand-written content stream. */
export function addImagePage(doc: PDFDocument, image: ImageObject, widthPt: number, heightPt: number, opts: PageOptions = {}): PDFPage {
  const page = doc.addPage([widthPt, heightPt]);
  const ref = doc.context.register(doc.context.stream(image.data, image.dict));
  const name = page.node.newXObject('Im', ref);
  const cm = (opts.cm ?? [widthPt, 0, 0, heightPt, 0, 0]).join(' ');
  if (opts.font) page.node.normalizedEntries().Font.set(PDFName.of('F0'), opts.font);
  const ops = `${opts.before ?? ''}\nq ${cm} cm $IM Do Q\n${opts.after ?? ''}`.replaceAll('$IM', name.asString());
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(ops)));
  if (opts.rotate) page.node.set(PDFName.of('Rotate'), doc.context.obj(opts.rotate));
  return page;
}

/** A standard font for hand-written text operators (`font` in PageOptions). */
export async function helvetica(doc: PDFDocument): Promise<PDFRef> {
  return (await doc.embedFont(StandardFonts.Helvetica)).ref;
}

/**
 * A PATH without pdftoppm (a Windows counter PC without poppler) for `work`; restored afterwards. The
 * folder holds nothing, so every program the code might start by name is missing, as on such a PC.
 */
export async function withoutPdftoppm<T>(work: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  const empty = mkdtempSync(join(tmpdir(), 'mcd-nopath-'));
  mkdirSync(empty, { recursive: true });
  process.env.PATH = empty;
  try {
    return await work();
  } finally {
    process.env.PATH = saved;
    rmSync(empty, { recursive: true, force: true });
  }
}

/** Peak signal-to-noise ratio of two 8-bit buffers of one size, in dB (Infinity when equal). */
export function psnr(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / a.length));
}

export async function savePdf(doc: PDFDocument, file: string): Promise<Buffer> {
  const bytes = Buffer.from(await doc.save());
  writeFileSync(file, bytes);
  return bytes;
}
