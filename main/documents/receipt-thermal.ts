// The fee receipt for 80 mm thermal printers, as a 1-bit raster 576 dots wide (72 mm printable at 203 dpi).
// ESC/POS printers carry code pages without most Vietnamese letters (and each model a different set), so the
// text is not sent as characters: every glyph is drawn from Tinos' outlines into an SVG, rasterised by sharp
// and thresholded to black and white. Any printer that takes a raster image (GS v 0) then prints the
// diacritics exactly (main/devices/printing/escpos.ts encodes the bytes). Same wording as the A5 receipt.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { sharp } from '../base/lazy-module';
import { findAssetsDir } from '../base/assets';
import { monoPng, pack, type MonoRaster } from './receipt-raster';
import { receiptText, type ReceiptText } from './receipt-text';
import type { FontStyle, Run } from './rich-text';
import { wrapRuns } from './text-layout';
import type { ReceiptDocument } from './types-receipt';

/** Dots per line of an 80 mm printer at 203 dpi (8 dots/mm × 72 mm). */
export const THERMAL_WIDTH = 576;
export const THERMAL_DPI = 203;
export type { MonoRaster };
const MARGIN = 8;
const QR_MODULE = 5;

export interface ThermalReceipt {
  /** PNG, 1 bit per pixel (greyscale), 576 px wide, 203 dpi: a preview and a file to archive. */
  png: Buffer;
  /** The same pixels packed for the printer (ESC/POS GS v 0). */
  raster: MonoRaster;
}

type Align = 'left' | 'center' | 'right';
const FILES: Record<FontStyle, string> = { regular: 'Tinos-Regular.ttf', bold: 'Tinos-Bold.ttf', italic: 'Tinos-Italic.ttf' };
const UNITS_PER_EM = 2048;

interface GlyphPath {
  toSVG(): string;
}

interface GlyphInfo {
  /** SVG id of the outline ('' for a blank glyph such as the space). */
  id: string;
  /** Advance width in em. */
  advance: number;
  /** Outline in font units. */
  d: string;
}

/**
 * Glyphs by style and character, shared by every receipt a renderer draws. Text is NFC and shaped without
 * features (as font-library.ts does for the PDFs), so a character maps to one glyph through the cmap alone:
 * looking it up once is much cheaper than running the shaper on every line.
 */
class GlyphCache {
  private readonly map = new Map<string, GlyphInfo>();

  constructor(private readonly fonts: Record<FontStyle, fontkit.Font>) {}

  get(style: FontStyle, ch: string): GlyphInfo {
    const key = `${style}${ch}`;
    let info = this.map.get(key);
    if (!info) {
      const font = this.fonts[style];
      const g = font.glyphForCodePoint(ch.codePointAt(0) ?? 0x20);
      const d = (g.path as unknown as GlyphPath).toSVG();
      info = { id: d ? `${style[0]}${g.id}` : '', advance: g.advanceWidth / font.unitsPerEm, d };
      this.map.set(key, info);
    }
    return info;
  }
}

/** Lays the receipt out top-down as SVG (glyph outlines and rectangles) on a 576-dot-wide strip. */
class Strip {
  y = MARGIN;
  private readonly parts: string[] = [];
  /** Outlines this strip uses: each is written once in <defs> and placed with <use>. */
  private readonly used = new Map<string, string>();

  constructor(private readonly glyphsOf: GlyphCache) {}

  measure = (text: string, style: FontStyle, size: number): number => {
    let em = 0;
    for (const ch of text) em += this.glyphsOf.get(style, ch).advance;
    return em * size;
  };

  /** Glyph outlines of `text` with its baseline at (x, baseline). */
  private glyphs(text: string, style: FontStyle, size: number, x: number, baseline: number, fill = '#000'): void {
    // One transform per run; outlines stay in font units and are placed along the line in font units.
    const k = size / UNITS_PER_EM;
    const uses: string[] = [];
    let pen = x;
    for (const ch of text) {
      const g = this.glyphsOf.get(style, ch);
      if (g.id) {
        this.used.set(g.id, g.d);
        uses.push(`<use href="#${g.id}" x="${(pen / k).toFixed(1)}"/>`);
      }
      pen += g.advance * size;
    }
    if (uses.length) this.parts.push(`<g fill="${fill}" transform="matrix(${k.toFixed(6)} 0 0 ${(-k).toFixed(6)} 0 ${baseline.toFixed(2)})">${uses.join('')}</g>`);
  }

  write(runs: Run[], o: { size: number; align?: Align; x?: number; width?: number; gap?: number; fill?: string }): void {
    const x0 = MARGIN + (o.x ?? 0);
    const width = o.width ?? THERMAL_WIDTH - 2 * MARGIN - (o.x ?? 0);
    for (const line of wrapRuns(runs, width, (t, s) => this.measure(t, s, o.size))) {
      const left = o.align === 'center' ? x0 + (width - line.width) / 2 : o.align === 'right' ? x0 + width - line.width : x0;
      const baseline = this.y + o.size * 0.92;
      for (const p of line.pieces) this.glyphs(p.text, p.style, o.size, left + p.x, baseline, o.fill ?? '#000');
      this.y += Math.round(o.size * 1.25);
    }
    this.y += o.gap ?? 0;
  }

  /** One line with `left` at the left margin and `right` flush right (the right text wins the space). */
  pair(left: Run, right: Run, size: number): void {
    const rw = this.measure(right.text, right.style, size);
    const top = this.y;
    this.write([left], { size, width: THERMAL_WIDTH - 2 * MARGIN - rw - 12 });
    const after = this.y;
    this.y = top;
    this.write([right], { size, align: 'right' });
    this.y = Math.max(after, this.y);
  }

  rect(x: number, y: number, w: number, h: number, fill = '#000'): void {
    this.parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/>`);
  }

  dashes(): void {
    this.y += 4;
    for (let x = MARGIN; x < THERMAL_WIDTH - MARGIN; x += 12) this.rect(x, this.y, 7, 2);
    this.y += 10;
  }

  /** The thermal "ĐÃ HỦY" stamp: large bold text in a thick frame (no grey or transparency on a thermal head). */
  stamp(text: string, size: number): void {
    const h = Math.round(size * 1.6);
    const w = THERMAL_WIDTH - 2 * MARGIN;
    const line = 5;
    this.rect(MARGIN, this.y, w, line);
    this.rect(MARGIN, this.y + h - line, w, line);
    this.rect(MARGIN, this.y, line, h);
    this.rect(MARGIN + w - line, this.y, line, h);
    const tw = this.measure(text, 'bold', size);
    this.glyphs(text, 'bold', size, (THERMAL_WIDTH - tw) / 2, this.y + h / 2 + size * 0.35, '#000');
    this.y += h + 6;
  }

  qr(payload: string): void {
    const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    const n = modules.size;
    const size = n * QR_MODULE;
    const left = Math.round((THERMAL_WIDTH - size) / 2);
    const top = this.y + 4 * QR_MODULE; // the 4-module quiet zone above; the sides are white anyway
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; ) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < n && modules.get(row, col)) col++;
        this.rect(left + start * QR_MODULE, top + row * QR_MODULE, (col - start) * QR_MODULE, QR_MODULE);
      }
    }
    this.y = top + size + 4 * QR_MODULE;
  }

  svg(height: number): string {
    const defs = [...this.used].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${THERMAL_WIDTH}" height="${height}" viewBox="0 0 ${THERMAL_WIDTH} ${height}">`
      + `<defs>${defs}</defs><rect width="${THERMAL_WIDTH}" height="${height}" fill="#fff"/>${this.parts.join('')}</svg>`;
  }
}

const r = (text: string, style: FontStyle = 'regular'): Run => ({ text, style });

export interface ThermalReceiptRendererOptions {
  assetsDir?: string;
  fontDir?: string;
}

export class ThermalReceiptRenderer {
  private readonly glyphCache: GlyphCache;

  private constructor(fonts: Record<FontStyle, fontkit.Font>) {
    for (const font of Object.values(fonts)) {
      if (font.unitsPerEm !== UNITS_PER_EM) throw new Error(`Tinos with ${font.unitsPerEm} units per em; expected ${UNITS_PER_EM}`);
    }
    this.glyphCache = new GlyphCache(fonts);
  }

  /** Parses the three Tinos faces once; keep one renderer per process. */
  static create(opts: ThermalReceiptRendererOptions = {}): ThermalReceiptRenderer {
    const dir = resolve(opts.fontDir ?? join(findAssetsDir(opts.assetsDir), 'fonts'));
    const load = (style: FontStyle) => fontkit.create(new Uint8Array(readFileSync(join(dir, FILES[style]))));
    return new ThermalReceiptRenderer({ regular: load('regular'), bold: load('bold'), italic: load('italic') });
  }

  /** The receipt as an SVG strip 576 units wide (one unit = one printer dot). */
  svg(receipt: ReceiptDocument): string {
    const t = receiptText(receipt);
    const s = new Strip(this.glyphCache);
    this.layout(s, t);
    return s.svg(s.y + 24);
  }

  async render(receipt: ReceiptDocument): Promise<ThermalReceipt> {
    const svg = Buffer.from(this.svg(receipt));
    // density 72: one SVG unit = one pixel; threshold at mid-grey after anti-aliasing keeps strokes whole.
    const mono = sharp(svg, { density: 72 }).flatten({ background: '#fff' }).greyscale().threshold(128);
    const { data, info } = await mono.raw().toBuffer({ resolveWithObject: true });
    const raster = pack(data, info.width, info.height, info.channels);
    // The PNG is written from the packed bits (no second rasterisation, no palette quantisation).
    return { png: monoPng(raster, THERMAL_DPI), raster };
  }

  private layout(s: Strip, t: ReceiptText): void {
    if (t.header.governingBody) s.write([r(t.header.governingBody)], { size: 20, align: 'center' });
    s.write([r(t.header.office, 'bold')], { size: 22, align: 'center' });
    for (const line of t.header.extra) s.write([r(line)], { size: 18, align: 'center' });
    s.y += 6;
    s.write([r(t.title, 'bold')], { size: 30, align: 'center' });
    s.write([r(`${t.template[0]} – ${t.template[1]}`)], { size: 20, align: 'center' });
    s.write([r(t.template[2], 'bold')], { size: 24, align: 'center' });
    s.write([r(t.dateLine)], { size: 22, align: 'center', gap: 4 });
    if (t.cancelled) {
      s.stamp(t.cancelled.mark, 40);
      s.write([r(t.cancelled.reason, 'bold')], { size: 22 });
      s.write([r(t.cancelled.at)], { size: 20, gap: 2 });
    }
    s.dashes();
    for (const [name, value] of t.fields) s.write([r(`${name}: `), r(value, name === 'Họ và tên người nộp' ? 'bold' : 'regular')], { size: 24, gap: 2 });
    s.write([r('Nội dung thu:')], { size: 24 });
    for (const line of t.lines) {
      s.write([r(`${line.index} ${line.description}`)], { size: 24, x: 8 });
      if (line.detail) s.write([r(line.detail)], { size: 20, x: 24 });
      s.write([r(line.amount, 'bold')], { size: 24, align: 'right', gap: 2 });
    }
    s.dashes();
    s.pair(r('TỔNG CỘNG:', 'bold'), r(t.total, 'bold'), 28);
    // Upright regular, not italic as on A5: slanted strokes break up on a thermal head, and in bold the breve
    // of "ă" closes up (OCR of the raster reads "lắm"/"lãm" for "lăm").
    s.write([r('Bằng chữ: '), r(t.words)], { size: 24, gap: 2 });
    s.write([r('Hình thức thanh toán: '), r(t.method)], { size: 24, gap: 4 });
    if (t.qr) {
      s.qr(t.qr.payload);
      s.write([r(t.qr.caption)], { size: 20, align: 'center' });
    }
    s.dashes();
    s.write([r(t.signatures.collector, 'bold')], { size: 22, align: 'center' });
    s.write([r(t.signatures.hint)], { size: 18, align: 'center', gap: 56 });
    s.write([r(t.signatures.collectorName, 'bold')], { size: 24, align: 'center' });
  }
}

const PT_PER_DOT = 72 / THERMAL_DPI;
const MM = 72 / 25.4;

/**
 * The raster as a one-page PDF 80 mm wide (the image 72 mm wide, centred, at its 203 dpi): for a thermal
 * printer installed with its own driver, printed through the ordinary PDF printing layer. Still an image, so
 * the diacritics print whatever fonts the printer has.
 */
export async function thermalPdf(t: ThermalReceipt, title = 'Biên lai thu phí, lệ phí'): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const image = await doc.embedPng(t.png);
  const w = t.raster.width * PT_PER_DOT;
  const h = t.raster.height * PT_PER_DOT;
  const page = doc.addPage([80 * MM, h]);
  page.drawImage(image, { x: (80 * MM - w) / 2, y: 0, width: w, height: h });
  doc.setTitle(title);
  doc.setLanguage('vi-VN');
  return doc.save();
}
