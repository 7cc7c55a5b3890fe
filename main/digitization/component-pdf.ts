// One PDF per dossier component. Page images go in as they are stored: JPEG bytes as /DCTDecode and the
// 1-bit PNG's zlib data as /FlateDecode with PNG predictors, so nothing is decoded or re-encoded and the PDF
// is about the size of its page files. Each page is sized from its pixels and dpi (A4 at 200 dpi →
// 595×842 pt). A kept PDF page (encoding 'pdf': a text PDF on a PC without pdftoppm) is copied with
// copyPages, vector as it was. Page 1 carries the visible "Số hóa bởi …" mark required by Thông tư 01/2023
// Điều 8, at the top left of the page as it is read (a kept page may have its own origin and /Rotate).
import { createHash, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  type PDFRef,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from 'pdf-lib';
import { findAssetsDir } from '../base/assets';
import { speedUpPdfLibSave } from '../base/pdf-lib-save';
import { formatDateTimeVn, formatIsoVn } from '../../shared/time/vn-time';
import { readBilevelPng } from './bilevel-png';
import { PageProblem } from './pdf-raster';
import { type DigitizedFileRecord, type PageRecord, writeMetadata } from './pdf-metadata';
import type { ColorMode, PageEncoding } from './types';

export interface PdfPageSource {
  path: string;
  encoding: PageEncoding;
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
  sha256: string;
}

export interface ComponentPdfInput {
  dossierNumber: string;
  componentCode: string;
  componentName: string;
  scannedBy: string;
  scannedAt: Date;
  pages: readonly PdfPageSource[];
  /** Folder of Tinos-Regular.ttf; defaults to the app's assets/fonts. */
  fontDir?: string;
}

export interface ComponentPdf {
  pdfBytes: Uint8Array;
  sha256: string;
  record: DigitizedFileRecord;
}

const PT_PER_INCH = 72;
const MARK_SIZE_PT = 7;
const MARK_MARGIN_PT = 12;
const MARK_PAD_PT = 2.5;

// The mark needs a few dozen glyphs; parsing Tinos (~60 ms) once per process instead of once per PDF.
const parsedFonts = new Map<string, { bytes: Uint8Array; font: fontkit.Font }>();

async function loadMarkFont(fontDir: string): Promise<{ bytes: Uint8Array; font: fontkit.Font }> {
  const path = join(fontDir, 'Tinos-Regular.ttf');
  let entry = parsedFonts.get(path);
  if (!entry) {
    const bytes = new Uint8Array(await readFile(path));
    entry = { bytes, font: fontkit.create(bytes) };
    parsedFonts.set(path, entry);
  }
  return entry;
}

async function embedMarkFont(doc: PDFDocument, fontDir: string): Promise<PDFFont> {
  const { bytes, font } = await loadMarkFont(fontDir);
  doc.registerFontkit({ create: (b: Uint8Array, name?: string) => (b === bytes ? font : fontkit.create(b, name)) });
  // ISO 32000 §9.6.4: a subset font's name starts with a six-capital tag.
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  return doc.embedFont(bytes, { subset: true, customName: `${tag}+${font.postscriptName}` });
}

/** The stored 1-bit PNG as an image XObject (DeviceGray, 1 bpc), its zlib data copied as is. */
function embedBilevel(doc: PDFDocument, png: Uint8Array): PDFRef {
  const { width, height, idat } = readBilevelPng(png);
  const stream = doc.context.stream(idat, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: 1, Columns: width },
  });
  return doc.context.register(stream);
}

function drawImageRef(page: PDFPage, ref: PDFRef, width: number, height: number): void {
  const name = page.node.newXObject('Im', ref);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
}

export function markText(scannedBy: string, scannedAt: Date): string {
  return `Số hóa bởi ${scannedBy}, ${formatDateTimeVn(scannedAt)}`;
}

/**
 * The matrix from the page as it is read (origin bottom left, upright, in points) to its user space: the
 * CropBox's origin and the /Rotate (the page is shown turned clockwise by it).
 */
function readingMatrix(page: PDFPage): [number, number, number, number, number, number] {
  const { x, y, width: w, height: h } = page.getCropBox();
  switch (((page.getRotation().angle % 360) + 360) % 360) {
    case 90: return [0, 1, -1, 0, x + w, y];
    case 180: return [-1, 0, 0, -1, x + w, y + h];
    case 270: return [0, -1, 1, 0, x, y + h];
    default: return [1, 0, 0, 1, x, y];
  }
}

function drawMark(page: PDFPage, font: PDFFont, text: string): void {
  const width = font.widthOfTextAtSize(text, MARK_SIZE_PT);
  const height = font.heightAtSize(MARK_SIZE_PT);
  const m = readingMatrix(page);
  const sideways = m[0] === 0;
  const top = (sideways ? page.getCropBox().width : page.getCropBox().height) - MARK_MARGIN_PT;
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...m));
  page.drawRectangle({
    x: MARK_MARGIN_PT,
    y: top - height - 2 * MARK_PAD_PT,
    width: width + 2 * MARK_PAD_PT,
    height: height + 2 * MARK_PAD_PT,
    color: rgb(1, 1, 1),
    borderColor: rgb(0.45, 0.45, 0.45),
    borderWidth: 0.4,
  });
  page.drawText(text, {
    x: MARK_MARGIN_PT + MARK_PAD_PT,
    y: top - MARK_PAD_PT - font.heightAtSize(MARK_SIZE_PT, { descender: false }),
    size: MARK_SIZE_PT,
    font,
    color: rgb(0.1, 0.1, 0.35),
  });
  page.pushOperators(popGraphicsState());
}

/** A kept PDF page copied in as it is; its drawing is fenced in q…Q so the mark drawn after it is not moved. */
async function copyKeptPage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFPage> {
  const src = await PDFDocument.load(bytes, { updateMetadata: false });
  const [page] = await doc.copyPages(src, [0]);
  doc.addPage(page);
  const start = doc.context.register(doc.context.contentStream([pushGraphicsState()]));
  const end = doc.context.register(doc.context.contentStream([popGraphicsState()]));
  page.node.normalize();
  page.node.wrapContentStreams(start, end);
  return page;
}

function summaryColorMode(pages: readonly PdfPageSource[]): ColorMode | 'mixed' {
  const modes = new Set(pages.map((p) => p.colorMode));
  return modes.size === 1 ? pages[0].colorMode : 'mixed';
}

export async function buildComponentPdf(input: ComponentPdfInput, now = new Date()): Promise<ComponentPdf> {
  if (input.pages.length === 0) throw new PageProblem(`Thành phần "${input.componentName}" chưa có trang nào để tạo PDF.`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await embedMarkFont(doc, input.fontDir ?? join(findAssetsDir(), 'fonts'));

  const pages: PageRecord[] = [];
  // One page file is read at a time; only its compressed bytes stay, inside the document.
  for (const [index, src] of input.pages.entries()) {
    const bytes = await readFile(src.path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== src.sha256) throw new PageProblem(`Trang ${index + 1} của "${input.componentName}" đã bị thay đổi hoặc hỏng (sai mã băm). Hãy quét lại trang này.`);
    if (src.encoding === 'pdf') {
      await copyKeptPage(doc, bytes);
      pages.push({ index: index + 1, sha256, widthPx: src.widthPx, heightPx: src.heightPx, dpi: src.dpi, colorMode: src.colorMode });
      continue;
    }
    const w = (src.widthPx / src.dpi) * PT_PER_INCH;
    const h = (src.heightPx / src.dpi) * PT_PER_INCH;
    const page = doc.addPage([w, h]);
    if (src.encoding === 'jpeg') {
      const image = await doc.embedJpg(bytes);
      page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    } else {
      drawImageRef(page, embedBilevel(doc, bytes), w, h);
    }
    pages.push({ index: index + 1, sha256, widthPx: src.widthPx, heightPx: src.heightPx, dpi: src.dpi, colorMode: src.colorMode });
  }
  drawMark(doc.getPage(0), font, markText(input.scannedBy, input.scannedAt));

  const record: DigitizedFileRecord = {
    dossierNumber: input.dossierNumber,
    componentCode: input.componentCode,
    componentName: input.componentName,
    title: `${input.componentName} – hồ sơ ${input.dossierNumber}`,
    scannedBy: input.scannedBy,
    scannedAt: formatIsoVn(input.scannedAt),
    pageCount: pages.length,
    dpi: Math.min(...pages.map((p) => p.dpi)),
    colorMode: summaryColorMode(input.pages),
    pages,
  };
  writeMetadata(doc, record, now);
  speedUpPdfLibSave(); // the object streams through node:zlib, the JPEG streams copied at once
  const pdfBytes = await doc.save({ useObjectStreams: true });
  return { pdfBytes, sha256: createHash('sha256').update(pdfBytes).digest('hex'), record };
}
