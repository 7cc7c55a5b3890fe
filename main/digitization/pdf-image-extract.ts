// A scanner's PDF page is one picture: its content stream draws exactly one image XObject over the whole
// page (`q 595 0 0 842 0 0 cm /Im0 Do Q`), sometimes under invisible OCR text. Such a page is taken as that
// image, not rendered: no resampling, no external program (poppler is not shipped on Windows), and the
// resolution is the image's own (its pixels over the page's size). The page's /Rotate and any turn or
// mirror in the drawing matrix become a quarter turn and a flop for sharp, so the pixels come out as the
// page is read. Any other page (visible text, vector drawing, several images, a soft mask, a codec this
// does not decode) answers null and is rendered or kept as a vector page by the caller.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFObject, type PDFPage } from 'pdf-lib';
import { decodeStreamData, imagePixels, type ImagePixels } from './pdf-image-decode';
import type { QuarterTurn } from './types';

export interface ExtractedPageImage {
  pixels: ImagePixels;
  /** The image's own size in pixels (before `turn`). */
  widthPx: number;
  heightPx: number;
  /** Pixels per inch across and down the page as read (after `turn`). */
  dpiX: number;
  dpiY: number;
  /** Clockwise turn, applied after `flop`, that shows the image as the page is read. */
  turn: QuarterTurn;
  flop: boolean;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** m then n (row vectors, as the PDF's `cm` composes). */
const times = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];

/** Operators that neither paint nor change where the image lands (state, clipping, marked content). */
const HARMLESS = new Set(['w', 'J', 'j', 'M', 'd', 'ri', 'i', 'm', 'l', 'c', 'v', 'y', 'h', 're', 'W', 'W*', 'n',
  'BMC', 'BDC', 'EMC', 'MP', 'DP', 'BX', 'EX', 'CS', 'cs', 'SC', 'SCN', 'sc', 'scn', 'G', 'g', 'RG', 'rg', 'K', 'k']);
/** Text operators allowed only while the text render mode is 3 (invisible: a scanner's OCR layer). */
const TEXT_STATE = new Set(['BT', 'ET', 'Tc', 'Tw', 'Tz', 'TL', 'Tf', 'Ts', 'Td', 'TD', 'Tm', 'T*']);
const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);

type Token = number | string | { op: string };

/** Content-stream tokens: numbers, names (with '/'), operators; strings, arrays and dictionaries as 'x'. */
function* tokens(src: Buffer): Generator<Token> {
  const n = src.length;
  let i = 0;
  const delim = (c: number) => c <= 0x20 || '()<>[]{}/%'.includes(String.fromCharCode(c));
  while (i < n) {
    const c = src[i];
    if (c <= 0x20) { i++; continue; }
    if (c === 0x25) { while (i < n && src[i] !== 0x0a && src[i] !== 0x0d) i++; continue; } // %
    if (c === 0x28) { // ( string ), nested, with escapes
      let depth = 0;
      for (; i < n; i++) {
        if (src[i] === 0x5c) { i++; continue; }
        if (src[i] === 0x28) depth++;
        else if (src[i] === 0x29 && --depth === 0) { i++; break; }
      }
      yield 'x';
      continue;
    }
    if (c === 0x3c && src[i + 1] === 0x3c) { i += 2; yield '<<'; continue; }
    if (c === 0x3e && src[i + 1] === 0x3e) { i += 2; yield '>>'; continue; }
    if (c === 0x3c) { while (i < n && src[i] !== 0x3e) i++; i++; yield 'x'; continue; }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) { i++; yield String.fromCharCode(c); continue; }
    const start = i++;
    while (i < n && !delim(src[i])) i++;
    const word = src.toString('latin1', start, i);
    if (c === 0x2f) yield word;
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) yield Number(word);
    else yield { op: word };
  }
}

function contentBytes(page: PDFPage): Buffer | null {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((o) => page.doc.context.lookup(o)) : [contents];
  const parts: Buffer[] = [];
  try {
    for (const s of streams) {
      if (s === undefined) continue;
      if (!(s instanceof PDFRawStream)) return null;
      parts.push(Buffer.from(decodeStreamData(s)), Buffer.from('\n'));
    }
  } catch {
    return null;
  }
  return Buffer.concat(parts);
}

/** An /ExtGState that could change how the image shows (soft mask, transparency, blending). */
function visibleEffect(gs: PDFObject | undefined): boolean {
  if (!(gs instanceof PDFDict)) return true;
  const smask = gs.lookup(PDFName.of('SMask'));
  if (smask && !(smask instanceof PDFName && smask.decodeText() === 'None')) return true;
  for (const key of ['CA', 'ca']) {
    const v = gs.lookup(PDFName.of(key));
    if (v instanceof PDFNumber && v.asNumber() < 1) return true;
  }
  const bm = gs.lookup(PDFName.of('BM'));
  const blend = bm instanceof PDFName ? bm.decodeText() : bm instanceof PDFArray ? String(bm.lookup(0)).slice(1) : 'Normal';
  return blend !== 'Normal' && blend !== 'Compatible';
}

/** The one image the page draws and the matrix it is drawn with, or null. */
function findOnlyImage(page: PDFPage, resources: PDFDict | undefined): { image: PDFRawStream; ctm: Matrix } | null {
  const content = contentBytes(page);
  if (!content) return null;
  const xobjects = resources?.lookup(PDFName.of('XObject'));
  const extGStates = resources?.lookup(PDFName.of('ExtGState'));
  const stack: { ctm: Matrix; render: number }[] = [];
  let ctm = IDENTITY;
  let render = 0;
  let found: { image: PDFRawStream; ctm: Matrix } | null = null;
  let operands: Token[] = [];
  let nesting = 0; // inside an array or dictionary operand
  for (const t of tokens(content)) {
    if (t === '[' || t === '<<') { nesting++; operands.push('x'); continue; }
    if (t === ']' || t === '>>') { nesting--; continue; }
    if (typeof t !== 'object') { if (nesting === 0) operands.push(t); continue; }
    const op = t.op;
    if (op === 'q') stack.push({ ctm, render });
    else if (op === 'Q') ({ ctm, render } = stack.pop() ?? { ctm: IDENTITY, render: 0 });
    else if (op === 'cm') {
      const m = operands.slice(-6);
      if (m.length !== 6 || m.some((x) => typeof x !== 'number')) return null;
      ctm = times(m as Matrix, ctm);
    } else if (op === 'Tr') render = typeof operands.at(-1) === 'number' ? (operands.at(-1) as number) : 0;
    else if (op === 'gs') {
      const gsName = operands.at(-1);
      if (typeof gsName !== 'string' || !(extGStates instanceof PDFDict)) return null;
      if (visibleEffect(extGStates.lookup(PDFName.of(gsName.slice(1))))) return null;
    } else if (op === 'Do') {
      const xName = operands.at(-1);
      if (found || typeof xName !== 'string' || !(xobjects instanceof PDFDict)) return null;
      const x = xobjects.lookup(PDFName.of(xName.slice(1)));
      if (!(x instanceof PDFRawStream) || x.dict.lookup(PDFName.of('Subtype'))?.toString() !== '/Image') return null;
      found = { image: x, ctm };
    } else if (TEXT_SHOW.has(op)) {
      if (render !== 3) return null;
    } else if (!HARMLESS.has(op) && !TEXT_STATE.has(op)) {
      return null; // painting (f, S, sh, BI inline image…) or an operator we do not know
    }
    operands = [];
  }
  return found;
}

/** Sign of a matrix entry, with anything within 0.1% of the largest entry taken as zero. */
function axis(v: number, scale: number): number {
  return Math.abs(v) <= scale * 1e-3 ? 0 : Math.sign(v);
}

/** The flop and clockwise turn that show the image as the page is read (null for a skewed drawing). */
function orientation(ctm: Matrix, rotate: number): { turn: QuarterTurn; flop: boolean } | null {
  const scale = Math.max(...ctm.slice(0, 4).map(Math.abs));
  const [a, b, c, d] = ctm.slice(0, 4).map((v) => axis(v, scale));
  const axisAligned = (b === 0 && c === 0 && a !== 0 && d !== 0) || (a === 0 && d === 0 && b !== 0 && c !== 0);
  if (!axisAligned) return null;
  // Directions of the image's columns (+u) and rows (down = −v) on the page, y pointing down.
  let col: [number, number] = [a, -b];
  let row: [number, number] = [-c, d];
  const cw = ([x, y]: [number, number]): [number, number] => [-y, x];
  for (let r = 0; r < ((rotate % 360) + 360) % 360; r += 90) { col = cw(col); row = cw(row); }
  for (const flop of [false, true]) {
    let pc: [number, number] = [flop ? -1 : 1, 0];
    let pr: [number, number] = [0, 1];
    for (let turn = 0; turn < 360; turn += 90) {
      if (pc[0] === col[0] && pc[1] === col[1] && pr[0] === row[0] && pr[1] === row[1]) return { turn: turn as QuarterTurn, flop };
      pc = cw(pc);
      pr = cw(pr);
    }
  }
  return null;
}

/** The page's single image, or null when the page is anything else. Throws only on an unreadable PDF. */
export async function extractPageImage(pdf: Uint8Array, pageIndex = 0): Promise<ExtractedPageImage | null> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(pageIndex);
  const res = page.node.Resources();
  const only = findOnlyImage(page, res);
  if (!only) return null;
  const { image, ctm } = only;
  // The image's unit square on the page must be the visible page (CropBox, MediaBox by default).
  const box = page.getCropBox();
  const xs = [ctm[4], ctm[4] + ctm[0], ctm[4] + ctm[2], ctm[4] + ctm[0] + ctm[2]];
  const ys = [ctm[5], ctm[5] + ctm[1], ctm[5] + ctm[3], ctm[5] + ctm[1] + ctm[3]];
  const tol = Math.max(1.5, 0.005 * Math.max(box.width, box.height));
  const near = (p: number, q: number) => Math.abs(p - q) <= tol;
  if (!(near(Math.min(...xs), box.x) && near(Math.max(...xs), box.x + box.width) && near(Math.min(...ys), box.y) && near(Math.max(...ys), box.y + box.height))) return null;
  const rotate = page.getRotation().angle;
  const orient = orientation(ctm, rotate);
  if (!orient) return null;
  let pixels: ImagePixels | null;
  try {
    const cs = res?.lookup(PDFName.of('ColorSpace'));
    pixels = imagePixels(image, cs instanceof PDFDict ? cs : undefined);
  } catch {
    return null; // a stream we cannot decode: the renderer may still do better
  }
  if (!pixels) return null;
  const widthPx = (image.dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber();
  const heightPx = (image.dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber();
  const sideways = orient.turn % 180 !== 0;
  const rotated = ((rotate % 180) + 180) % 180 === 90;
  const pageW = rotated ? box.height : box.width;
  const pageH = rotated ? box.width : box.height;
  return {
    pixels, widthPx, heightPx, ...orient,
    dpiX: ((sideways ? heightPx : widthPx) * 72) / pageW,
    dpiY: ((sideways ? widthPx : heightPx) * 72) / pageH,
  };
}
