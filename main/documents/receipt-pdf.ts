// Fee receipt (biên lai thu phí, lệ phí) on A5 portrait, drawn with the forms' stack: Tinos through the shared
// FontLibrary (parsed once), word wrapping from text-layout.ts, the QR from qr.ts. One page per liên
// (Liên 1: Lưu / Liên 2: Giao người nộp tiền) when two are asked for; a cancelled receipt prints "ĐÃ HỦY"
// across the page and its reason under the title, so a reprint can never pass for a valid receipt.
import { join, resolve } from 'node:path';
import { degrees, PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { findAssetsDir } from '../base/assets';
import { deflateContentStreams } from './fast-face';
import { FontLibrary, type EmbeddedFonts } from './font-library';
import { qrDrawing } from './qr';
import { receiptText, RECEIPT_COPY_LABELS, type ReceiptText } from './receipt-text';
import type { FontStyle, Run } from './rich-text';
import { wrapRuns } from './text-layout';
import type { ReceiptDocument } from './types-receipt';

const MM = 72 / 25.4;
export const A5_SIZE: [number, number] = [148 * MM, 210 * MM];
const MARGIN = 12 * MM;
const QR_SIZE = 26 * MM;
const PRODUCT = 'Một Cửa Desk';

export interface ReceiptPdfOptions {
  /** 1 (default): one page; 2: "Liên 1: Lưu" and "Liên 2: Giao người nộp tiền" on two pages. */
  copies?: 1 | 2;
}

export interface ReceiptPdfRendererOptions {
  /** A FontLibrary already loaded by the process (the forms' one): fonts are parsed once. */
  fonts?: FontLibrary;
  assetsDir?: string;
  fontDir?: string;
}

type Align = 'left' | 'center' | 'right';

/** A top-down cursor over A5 pages: wraps runs into a column and starts a new page when the column is full. */
class Sheet {
  page!: PDFPage;
  y = 0;
  /** The pages of this copy, in order. */
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: EmbeddedFonts,
    private readonly measure: (text: string, style: FontStyle, size: number) => number,
    private readonly label: string | undefined,
  ) {
    this.newPage();
  }

  get width(): number {
    return A5_SIZE[0] - 2 * MARGIN;
  }

  newPage(): void {
    this.page = this.doc.addPage(A5_SIZE);
    this.pages.push(this.page);
    this.y = MARGIN;
    if (this.pages.length > 1) {
      const note = this.label ? `${this.label} (tiếp theo)` : '(tiếp theo)';
      this.write([{ text: note, style: 'italic' }], { size: 8, align: 'right' });
    }
  }

  ensure(height: number): void {
    if (this.y + height > A5_SIZE[1] - MARGIN) this.newPage();
  }

  /** Wraps and draws `runs` in the column [x, x + width); returns the widest line. */
  write(runs: Run[], o: { size: number; x?: number; width?: number; align?: Align; gap?: number; color?: [number, number, number] }): number {
    const x0 = MARGIN + (o.x ?? 0);
    const width = o.width ?? this.width - (o.x ?? 0);
    const lineHeight = o.size * 1.22;
    const lines = wrapRuns(runs, width, (t, s) => this.measure(t, s, o.size));
    let widest = 0;
    for (const line of lines) {
      this.ensure(lineHeight);
      const left = o.align === 'center' ? x0 + (width - line.width) / 2 : o.align === 'right' ? x0 + width - line.width : x0;
      const baseline = A5_SIZE[1] - this.y - o.size * 0.92;
      for (const p of line.pieces) {
        this.page.drawText(p.text, { x: left + p.x, y: baseline, size: o.size, font: this.fonts[p.style], color: rgb(...(o.color ?? [0, 0, 0])) });
      }
      widest = Math.max(widest, line.width);
      this.y += lineHeight;
    }
    this.y += o.gap ?? 0;
    return widest;
  }

  rule(): void {
    this.ensure(4);
    const y = A5_SIZE[1] - this.y - 2;
    this.page.drawLine({ start: { x: MARGIN, y }, end: { x: A5_SIZE[0] - MARGIN, y }, thickness: 0.5 });
    this.y += 5;
  }
}

const r = (text: string, style: FontStyle = 'regular'): Run => ({ text, style });

export class ReceiptPdfRenderer {
  private constructor(private readonly fonts: FontLibrary) {}

  static create(opts: ReceiptPdfRendererOptions = {}): ReceiptPdfRenderer {
    if (opts.fonts) return new ReceiptPdfRenderer(opts.fonts);
    const fontDir = opts.fontDir ?? join(findAssetsDir(opts.assetsDir), 'fonts');
    return new ReceiptPdfRenderer(FontLibrary.load(resolve(fontDir)));
  }

  async render(receipt: ReceiptDocument, opts: ReceiptPdfOptions = {}): Promise<Uint8Array> {
    const text = receiptText(receipt);
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await this.fonts.embedInto(doc);
    const labels = opts.copies === 2 ? [...RECEIPT_COPY_LABELS] : [undefined];
    for (const label of labels) this.drawCopy(new Sheet(doc, fonts, this.fonts.measure, label), text, label, fonts);

    const title = `Biên lai thu phí, lệ phí – Số ${receipt.number} (${receipt.template.series})`;
    doc.setTitle(receipt.cancelled ? `${title} – ĐÃ HỦY` : title, { showInWindowTitleBar: true });
    doc.setAuthor(PRODUCT);
    doc.setCreator(PRODUCT);
    doc.setProducer(`${PRODUCT} (pdf-lib)`);
    doc.setSubject(`${text.total} – ${text.words}`);
    doc.setKeywords([receipt.template.formSymbol, receipt.template.series, receipt.number, receipt.dossierNumber ?? '', 'biên lai'].filter(Boolean));
    doc.setLanguage('vi-VN');
    // The receipt's own instant, so the same receipt always gives the same document dates.
    doc.setCreationDate(new Date(receipt.issuedAt));
    doc.setModificationDate(new Date(receipt.issuedAt));
    deflateContentStreams(doc);
    return doc.save();
  }

  private drawCopy(s: Sheet, t: ReceiptText, label: string | undefined, fonts: EmbeddedFonts): void {
    // Header: office on the left, form symbol / series / number on the right, side by side.
    const leftWidth = s.width * 0.56;
    const top = s.y;
    if (t.header.governingBody) s.write([r(t.header.governingBody)], { size: 8.5, width: leftWidth, align: 'center' });
    s.write([r(t.header.office, 'bold')], { size: 8.5, width: leftWidth, align: 'center' });
    for (const line of t.header.extra) s.write([r(line)], { size: 7.5, width: leftWidth, align: 'center' });
    const leftBottom = s.y;
    s.y = top;
    for (const line of t.template) s.write([r(line)], { size: 9, x: leftWidth + 8, width: s.width - leftWidth - 8 });
    s.y = Math.max(s.y, leftBottom) + 8;

    s.write([r(t.title, 'bold')], { size: 14, align: 'center' });
    if (label) s.write([r(`(${label})`, 'italic')], { size: 9, align: 'center' });
    s.write([r(t.dateLine, 'italic')], { size: 10, align: 'center', gap: 4 });
    if (t.cancelled) {
      s.write([r(`${t.cancelled.mark}. `, 'bold'), r(`${t.cancelled.reason} (${t.cancelled.at})`, 'bold')], { size: 10, align: 'center', gap: 4, color: [0.75, 0, 0] });
    }

    for (const [name, value] of t.fields) {
      s.write([r(`${name}: `), r(value, name === 'Họ và tên người nộp' ? 'bold' : 'regular')], { size: 10.5, gap: 1 });
    }
    s.write([r('Nội dung thu:')], { size: 10.5, gap: 1 });
    const amountWidth = 80;
    for (const line of t.lines) {
      s.ensure(10.5 * 1.22); // the amount is drawn beside the first row: that row must not move to the next page
      const lineTop = s.y;
      const page = s.page;
      // Hanging indent: the number in its own column, wrapped rows of the description aligned after it.
      page.drawText(line.index, { x: MARGIN + 8, y: A5_SIZE[1] - lineTop - 10.5 * 0.92, size: 10.5, font: fonts.regular });
      s.write([r(line.description)], { size: 10.5, x: 24, width: s.width - 24 - amountWidth - 6 });
      if (line.detail) s.write([r(line.detail, 'italic')], { size: 9, x: 24, width: s.width - 24 - amountWidth - 6 });
      // The amount sits on the line's first row (on the page where the line started).
      const size = 10.5;
      const w = this.fonts.measure(line.amount, 'regular', size);
      page.drawText(line.amount, { x: A5_SIZE[0] - MARGIN - w, y: A5_SIZE[1] - lineTop - size * 0.92, size, font: fonts.regular });
    }
    s.rule();
    s.ensure(11 * 1.22);
    const totalTop = s.y;
    s.write([r('Tổng cộng:', 'bold')], { size: 11 });
    const tw = this.fonts.measure(t.total, 'bold', 11);
    s.page.drawText(t.total, { x: A5_SIZE[0] - MARGIN - tw, y: A5_SIZE[1] - totalTop - 11 * 0.92, size: 11, font: fonts.bold });
    s.write([r('Bằng chữ: '), r(t.words, 'italic')], { size: 10.5, gap: 1 });
    s.write([r('Hình thức thanh toán: '), r(t.method)], { size: 10.5, gap: 6 });

    if (t.qr) {
      const quiet = 4;
      s.ensure(QR_SIZE + 2 * quiet);
      const top = s.y + quiet;
      const qr = qrDrawing(t.qr.payload, { left: MARGIN + quiet, top: A5_SIZE[1] - top, size: QR_SIZE });
      s.page.pushOperators(...qr.operators);
      const textX = quiet + QR_SIZE + qr.quiet + 4;
      s.y = top + QR_SIZE / 2 - 12;
      s.write([r(t.qr.caption, 'italic')], { size: 9, x: textX });
      s.y = top + QR_SIZE + quiet + 6;
    }

    this.drawSignatures(s, t);
    if (t.cancelled) this.drawCancelledMark(s, t.cancelled.mark, fonts);
  }

  private drawSignatures(s: Sheet, t: ReceiptText): void {
    s.ensure(90);
    const half = s.width / 2;
    const top = s.y;
    s.write([r(t.signatures.payer, 'bold')], { size: 10, width: half, align: 'center' });
    s.write([r(t.signatures.hint, 'italic')], { size: 8.5, width: half, align: 'center' });
    s.y = top;
    s.write([r(t.signatures.collector, 'bold')], { size: 10, x: half, width: half, align: 'center' });
    s.write([r(t.signatures.hint, 'italic')], { size: 8.5, x: half, width: half, align: 'center', gap: 42 });
    s.write([r(t.signatures.collectorName, 'bold')], { size: 10, x: half, width: half, align: 'center' });
  }

  /** A large red "ĐÃ HỦY" across every page of the copy, under 30°, half transparent so the text stays legible. */
  private drawCancelledMark(s: Sheet, mark: string, fonts: EmbeddedFonts): void {
    const size = 64;
    const w = this.fonts.measure(mark, 'bold', size);
    const angle = Math.PI / 6;
    const cx = A5_SIZE[0] / 2;
    const cy = A5_SIZE[1] / 2;
    for (const page of s.pages) {
      page.drawText(mark, {
        x: cx - (w / 2) * Math.cos(angle) + (size / 3) * Math.sin(angle),
        y: cy - (w / 2) * Math.sin(angle) - (size / 3) * Math.cos(angle),
        size, font: fonts.bold, rotate: degrees(30), color: rgb(0.8, 0, 0), opacity: 0.35,
      });
    }
  }
}
