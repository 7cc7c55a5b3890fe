// Lays out one form on A4 pages: QR and common header, title, template blocks, tables that flow onto
// further pages, signature blocks and notes, then a footer with the legal basis and page numbers.
// Geometry follows Nghị định 30/2020 (margins, 12–14 pt Times-style type).
import type { PDFDocument, PDFPage } from 'pdf-lib';
import { sealPageContent } from './fast-face';
import type { EmbeddedFonts, TextMeasure } from './font-library';
import { PageTextWriter, strokeBlack, type PlacedText } from './page-text';
import { qrDrawing, type QrDrawing } from './qr';
import { isBlankRuns, isFilled, toRuns, type FontStyle, type Run, type Vars } from './rich-text';
import type { CommonTexts, FormTemplate, SignatureSpec, TableName, TemplateBlock, TemplateLine } from './template-store';
import { layTable, type Align, type TableBlock, type TableRow } from './table-layout';
import { fitHeaderLine, type HeaderFitOptions } from './header-layout';
import { wrapRuns, type Line } from './text-layout';

const MM = 72 / 25.4;
export const A4_SIZE: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [A4_SIZE[1], A4_SIZE[0]];
/** Nghị định 30/2020: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
export const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
export const QR_SIZE = 20 * MM;
const BODY = 13;
const HEADER = 12;
/** Office lines beside the QR: 12 pt, shrunk to 11 pt to stay on one line, never below 9 pt. */
const HEADER_FIT: HeaderFitOptions = { size: HEADER, oneLineMin: 11, min: 9, maxLines: 3 };
const TITLE = 14;
const TABLE = 12;
const NOTE = 11;
const FOOTER = 9;
const LEADING = 1.15;
const PARA_GAP = 2;
const SIGN_SPACE = 56; // room for a handwritten signature
/** Pages from which each finished page is sealed (addPage): forms 01–06 never get there. */
const SEAL_FROM_PAGE = 8;

export type { TableRow };

export interface CopySpec {
  /** e.g. "Liên 1: Lưu"; "" for a form printed once. */
  label: string;
  vars: Vars;
}

export interface ComposeInput {
  template: FormTemplate;
  common: CommonTexts;
  /** null: no QR (a paper of no one dossier, e.g. the register book). */
  qrContent: string | null;
  copies: CopySpec[];
  tables: Partial<Record<TableName, TableRow[]>>;
}

/**
 * Lines by font measure and text: a slip's labels, headings, legal notes and the office's header are laid
 * out once per launch instead of on every save (about a quarter of a slip's garbage; issue 12, target 4).
 */
const WRAPPED = new WeakMap<TextMeasure, Map<string, Line[]>>();
const WRAP_CACHE_LIMIT = 2_000;

export class FormComposer {
  private page!: PDFPage;
  private y = 0;
  private vars: Vars = {};
  private copyLabel = '';
  /** Pages of each copy, for "Trang n/N" counted within the copy. */
  private readonly copyPages: { label: string; pages: PDFPage[] }[] = [];

  private readonly size: [number, number];
  private readonly left = MARGINS.left;
  private readonly right: number;
  private readonly width: number;
  private readonly bottom = MARGINS.bottom;
  private readonly pageTop: number;
  private readonly qrSymbol: QrDrawing | null;
  private readonly text: PageTextWriter;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: EmbeddedFonts,
    private readonly textWidth: TextMeasure,
    private readonly input: ComposeInput,
  ) {
    // The same margins on a page on its side (Nghị định 30/2020 sets them per edge of the sheet as read).
    this.size = input.template.orientation === 'landscape' ? A4_LANDSCAPE : A4_SIZE;
    this.right = this.size[0] - MARGINS.right;
    this.width = this.size[0] - MARGINS.left - MARGINS.right;
    this.pageTop = this.size[1] - MARGINS.top;
    this.text = new PageTextWriter(fonts);
    this.qrSymbol = input.qrContent === null ? null : qrDrawing(input.qrContent, { left: MARGINS.left, top: this.pageTop, size: QR_SIZE });
  }

  compose(): void {
    for (const copy of this.input.copies) {
      this.vars = copy.vars;
      this.copyLabel = copy.label;
      this.copyPages.push({ label: copy.label, pages: [] });
      this.firstPage();
      for (const block of this.input.template.body) this.block(block);
    }
    this.footers();
  }

  // ---- measuring and drawing primitives ----

  private measure = (size: number) => (text: string, style: FontStyle) => this.textWidth(text, style, size);

  private runs(template: string): Run[] {
    return toRuns(template, this.vars, this.input.common.blank);
  }

  /** Wrapped lines, shared between documents (read only): most of a form's texts are the same on every slip. */
  private wrap(runs: Run[], width: number, size: number): Line[] {
    let cache = WRAPPED.get(this.textWidth);
    if (!cache) WRAPPED.set(this.textWidth, (cache = new Map()));
    let key = `${size} ${width}`;
    for (const r of runs) key += `\u0001${r.style}\u0002${r.text}`;
    let lines = cache.get(key);
    if (!lines) {
      lines = wrapRuns(runs, width, this.measure(size));
      if (cache.size >= WRAP_CACHE_LIMIT) cache.clear();
      cache.set(key, lines);
    }
    return lines;
  }

  /** Draws lines with their top at `top`; returns the height used. */
  private drawLines(page: PDFPage, lines: Line[], x: number, width: number, top: number, size: number, align: Align = 'left'): number {
    const lead = size * LEADING;
    const placed: PlacedText[] = [];
    lines.forEach((line, i) => {
      const baseline = top - i * lead - size * 0.95;
      const dx = align === 'center' ? (width - line.width) / 2 : align === 'right' ? width - line.width : 0;
      for (const piece of line.pieces) placed.push({ text: piece.text, style: piece.style, x: x + dx + piece.x, y: baseline, size });
    });
    this.text.draw(page, placed);
    return lines.length * lead;
  }

  private rule(page: PDFPage, cx: number, y: number, length: number): void {
    strokeBlack(page, 0.6, { lines: [[cx - length / 2, y, cx + length / 2, y]] });
  }

  // ---- pages ----

  private addPage(): PDFPage {
    // A long document (a register book) seals each finished page's drawing into deflated bytes; a slip's few
    // pages stay one stream each, deflated at the save.
    if (this.page && this.doc.getPageCount() >= SEAL_FROM_PAGE) sealPageContent(this.doc, this.page);
    const page = this.doc.addPage(this.size);
    this.copyPages[this.copyPages.length - 1].pages.push(page);
    this.page = page;
    return page;
  }

  /** QR at the top left; returns the lowest point it (with its quiet zone) occupies and the text start. */
  private qr(page: PDFPage): { bottom: number; textLeft: number } {
    if (!this.qrSymbol) return { bottom: this.pageTop, textLeft: this.left };
    page.pushOperators(...this.qrSymbol.operators);
    const { quiet } = this.qrSymbol;
    return { bottom: this.pageTop - QR_SIZE - quiet, textLeft: this.left + QR_SIZE + Math.max(quiet, 6) };
  }

  private firstPage(): void {
    const page = this.addPage();
    const { common, template } = this.input;
    const qr = this.qr(page);
    const top = this.pageTop;
    const m = (size: number) => this.measure(size);

    // Right block: national title and motto, then "<place>, ngày … tháng … năm …".
    const rightWidth = Math.min(
      (this.right - qr.textLeft) * 0.64,
      Math.max(m(HEADER)(common.nation, 'bold'), m(BODY)(common.motto, 'bold')) + 2,
    );
    const rightX = this.right - rightWidth;
    const rightCx = rightX + rightWidth / 2;
    let ry = top;
    ry -= this.drawLines(page, this.wrap([{ text: common.nation, style: 'bold' }], rightWidth, HEADER), rightX, rightWidth, ry, HEADER, 'center');
    const motto = this.wrap([{ text: common.motto, style: 'bold' }], rightWidth, BODY);
    ry -= this.drawLines(page, motto, rightX, rightWidth, ry, BODY, 'center');
    this.rule(page, rightCx, ry - 1.5, Math.max(...motto.map((l) => l.width)));
    ry -= 9;
    ry -= this.drawLines(page, this.wrap(this.runs(`_${common.placeDate}_`), rightWidth, BODY), rightX, rightWidth, ry, BODY, 'center');

    // Left block: governing body, office name in bold with a short rule under its last line, then "Số: …".
    const leftX = qr.textLeft;
    const leftWidth = rightX - 6 - leftX;
    const leftCx = leftX + leftWidth / 2;
    let ly = top;
    const fit = (text: string, style: FontStyle) => fitHeaderLine(text, style, leftWidth, m, HEADER_FIT);
    const body = fit(this.vars.governingBody ?? '', 'regular');
    ly -= this.drawLines(page, body.lines, leftX, leftWidth, ly, body.size, 'center');
    const office = fit(this.vars.officeName ?? '', 'bold');
    ly -= this.drawLines(page, office.lines, leftX, leftWidth, ly, office.size, 'center');
    const last = office.lines[office.lines.length - 1];
    // Nghị định 30/2020: a solid rule of 1/3 to 1/2 the length of the line above it, centred under it.
    if (last) this.rule(page, leftCx, ly - 3, last.width * 0.4);
    if (template.headerNumber) {
      ly -= 8;
      ly -= this.drawLines(page, this.wrap(this.runs(template.headerNumber), leftWidth, BODY), leftX, leftWidth, ly, BODY, 'center');
    }

    this.y = Math.min(ry, ly, qr.bottom) - 14;
    this.y -= this.drawLines(page, this.wrap([{ text: template.title, style: 'bold' }], this.width, TITLE), this.left, this.width, this.y, TITLE, 'center');
    for (const sub of template.subtitle) {
      const line: TemplateLine = typeof sub === 'string' ? { text: sub } : sub;
      if (line.if && !isFilled(this.vars, line.if)) continue;
      const runs = this.runs(line.text);
      if (isBlankRuns(runs)) continue;
      this.y -= this.drawLines(page, this.wrap(runs, this.width, BODY), this.left, this.width, this.y, BODY, 'center');
    }
    this.y -= 10;
  }

  /** A further page of the same copy: QR and a running head instead of the full header. */
  private continuationPage(): void {
    const page = this.addPage();
    const qr = this.qr(page);
    const { common } = this.input;
    const width = this.right - qr.textLeft;
    let y = this.pageTop;
    const head = [`_${this.input.template.continuedHead ?? common.continuedHead}_`, `_${[this.copyLabel, common.continuedNote].filter(Boolean).join(' ')}_`];
    for (const text of head) y -= this.drawLines(page, this.wrap(this.runs(text), width, NOTE), qr.textLeft, width, y, NOTE);
    this.y = Math.min(y, qr.bottom) - 12;
  }

  /** Starts a continuation page unless `height` still fits above the bottom margin. */
  private ensure(height: number): void {
    if (this.y - height < this.bottom) this.continuationPage();
  }

  // ---- blocks ----

  private block(block: TemplateBlock): void {
    if ('text' in block) {
      if (block.if && !isFilled(this.vars, block.if)) return;
      this.paragraph(block.text, BODY);
    } else if ('table' in block) {
      this.table(block, this.input.tables[block.table] ?? []);
    } else if ('signatures' in block) {
      this.signatures(block.signatures);
    } else {
      this.note(block.note);
    }
  }

  /** A paragraph; a '\t' splits it into two columns that are kept on one page. */
  private paragraph(template: string, size: number): void {
    const parts = template.split('\t');
    if (parts.length === 1) {
      for (const line of this.wrap(this.runs(template), this.width, size)) {
        this.ensure(size * LEADING);
        this.y -= this.drawLines(this.page, [line], this.left, this.width, this.y, size);
      }
    } else {
      const firstWidth = this.width * 0.58;
      const cols = [
        { x: this.left, w: firstWidth - 8, text: parts[0] },
        { x: this.left + firstWidth, w: this.width - firstWidth, text: parts.slice(1).join(' ') },
      ].map((c) => ({ ...c, lines: this.wrap(this.runs(c.text), c.w, size) }));
      const height = Math.max(...cols.map((c) => c.lines.length)) * size * LEADING;
      this.ensure(height);
      for (const c of cols) this.drawLines(this.page, c.lines, c.x, c.w, this.y, size);
      this.y -= height;
    }
    this.y -= PARA_GAP;
  }

  /** The note is kept in one piece: a lone last line on a page of its own reads as a stray. */
  private note(paragraphs: string[]): void {
    const lines = paragraphs.map((text) => this.wrap(this.runs(`_${text}_`), this.width, NOTE));
    const height = lines.reduce((h, l) => h + l.length * NOTE * LEADING + PARA_GAP, 6);
    this.y -= 6;
    this.ensure(height - 6);
    for (const l of lines) {
      this.y -= this.drawLines(this.page, l, this.left, this.width, this.y, NOTE) + PARA_GAP;
    }
  }

  /** A table whose header row is drawn again at the top of every page it continues on (table-layout.ts). */
  private table(block: TableBlock, rows: TableRow[]): void {
    layTable({
      left: this.left, width: this.width, bottom: this.bottom, leading: LEADING, defaultSize: TABLE,
      y: () => this.y,
      advance: (height) => { this.y -= height; },
      page: () => this.page,
      wrap: (runs, width, size) => this.wrap(runs, width, size),
      drawLines: (lines, x, width, top, size, align) => { this.drawLines(this.page, lines, x, width, top, size, align); },
      ensure: (height) => this.ensure(height),
      nextPage: () => this.continuationPage(),
    }, block, rows);
    this.y -= PARA_GAP + 3;
  }

  private signatures(specs: SignatureSpec[]): void {
    const colWidth = this.width / 2;
    const columns = specs.length === 1 ? [{ spec: specs[0], x: this.left + colWidth }] : specs.map((spec, i) => ({ spec, x: this.left + i * colWidth }));
    const blocks = columns.map(({ spec, x }) => ({
      x,
      title: this.wrap(this.runs(`**${spec.title}**`), colWidth - 8, BODY),
      hint: this.wrap(this.runs(`_${spec.hint}_`), colWidth - 8, BODY),
      name: this.wrap(this.runs(`**${spec.name}**`), colWidth - 8, BODY),
    }));
    const lead = BODY * LEADING;
    const height = Math.max(...blocks.map((b) => (b.title.length + b.hint.length + b.name.length) * lead)) + SIGN_SPACE + 8;
    this.y -= 8;
    this.ensure(height);
    for (const b of blocks) {
      let y = this.y;
      y -= this.drawLines(this.page, b.title, b.x, colWidth, y, BODY, 'center');
      y -= this.drawLines(this.page, b.hint, b.x, colWidth, y, BODY, 'center');
      y -= SIGN_SPACE;
      this.drawLines(this.page, b.name, b.x, colWidth, y, BODY, 'center');
    }
    this.y -= height;
  }

  /** Footer inside the bottom margin: legal basis on the left, copy and page number on the right. */
  private footers(): void {
    const { template, common } = this.input;
    const y = 11 * MM;
    const width = (text: string) => this.textWidth(text, 'italic', FOOTER);
    for (const copy of this.copyPages) {
      copy.pages.forEach((page, i) => {
        const pageText = common.footerPage.replace('{page}', String(i + 1)).replace('{pages}', String(copy.pages.length));
        const right = [copy.label, pageText].filter(Boolean).join(' – ');
        this.text.draw(page, [
          { text: template.legalBasis, style: 'italic', x: this.left, y, size: FOOTER },
          { text: right, style: 'italic', x: this.right - width(right), y, size: FOOTER },
        ]);
      });
    }
  }
}
