// The register book printed: A4 on its side, the office and the book's title on the first page, the entries as
// one table (the forms' table layout: header repeated on every page, rows kept whole), cancelled entries marked
// in the note column, and the open/close dates at the end. Drawn with the forms' fonts (Tinos, embedded subset).
import { join } from 'node:path';
import { PDFDocument, PageSizes, rgb, type PDFPage } from 'pdf-lib';
import type { RegisterBook } from '../../../shared/contract/api-civil-status';
import { formatDateKeyVn } from '../../../shared/text/format';
import { formatDateTimeVn } from '../../../shared/time/vn-time';
import { findAssetsDir } from '../../base/assets';
import { FontLibrary, type EmbeddedFonts } from '../../documents/font-library';
import type { Run } from '../../documents/rich-text';
import { layTable, type Align, type TableBlock, type TableCanvas, type TableRow } from '../../documents/table-layout';
import { wrapRuns, type Line } from '../../documents/text-layout';
import { bookTitle, type BookColumn, type BookRow } from './book-rows';

let fonts: FontLibrary | null = null;
const library = () => (fonts ??= FontLibrary.load(join(findAssetsDir(), 'fonts')));

const MARGIN = 36;
const LEADING = 1.2;
const INK = rgb(0, 0, 0);

export interface BookPdfInput {
  book: RegisterBook; governingBody: string; officeName: string; columns: BookColumn[]; rows: BookRow[]; issuedAt: Date;
}

export async function bookPdf(input: BookPdfInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const lib = library();
  const doc = await PDFDocument.create();
  const embedded: EmbeddedFonts = await lib.embedInto(doc);
  const [w, h] = [PageSizes.A4[1], PageSizes.A4[0]];
  let page: PDFPage = doc.addPage([w, h]);
  let y = h - MARGIN;
  const width = w - 2 * MARGIN;
  const wrap = (runs: Run[], max: number, size: number): Line[] => wrapRuns(runs, max, (t, s) => lib.measure(t, s, size));
  const drawLines = (lines: Line[], x: number, lineWidth: number, top: number, size: number, align: Align) => {
    lines.forEach((line, i) => {
      const baseline = top - i * size * LEADING - size * 0.95;
      const dx = align === 'center' ? (lineWidth - line.width) / 2 : align === 'right' ? lineWidth - line.width : 0;
      for (const p of line.pieces) page.drawText(p.text, { x: x + dx + p.x, y: baseline, size, font: embedded[p.style], color: INK });
    });
  };
  const paragraph = (text: string, size: number, style: Run['style'], align: Align) => {
    const lines = wrap([{ text, style }], width, size);
    drawLines(lines, MARGIN, width, y, size, align);
    y -= lines.length * size * LEADING + 4;
  };
  paragraph(input.governingBody.toLocaleUpperCase('vi'), 12, 'bold', 'left');
  if (input.officeName) paragraph(input.officeName, 11, 'regular', 'left');
  y -= 6;
  paragraph(bookTitle(input.book), 15, 'bold', 'center');
  paragraph(`Năm ${input.book.year} — mở ngày ${formatDateTimeVn(new Date(input.book.openedAt))}${input.book.closedAt ? `, khóa ngày ${formatDateTimeVn(new Date(input.book.closedAt))}` : ''} — ${input.rows.length} mục`, 10, 'italic', 'center');
  y -= 6;

  const canvas: TableCanvas = {
    left: MARGIN, width, bottom: MARGIN, leading: LEADING, defaultSize: 9,
    y: () => y, advance: (dy) => { y -= dy; }, page: () => page,
    wrap, drawLines: (lines, x, lw, top, size, align) => drawLines(lines, x, lw, top, size, align),
    ensure: (need) => { if (y - need < MARGIN) canvas.nextPage(); },
    nextPage: () => { page = doc.addPage([w, h]); y = h - MARGIN; },
  };
  const block = { table: 'register', columns: input.columns.map((c) => ({ key: c.key, label: c.label, width: c.width, align: c.align })), fontSize: 9 } as TableBlock;
  const text = (v: string | number | null, kind: BookColumn['kind']) => (v === null ? '' : kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDateKeyVn(v) : String(v));
  const rows: TableRow[] = input.rows.map((r) => Object.fromEntries(input.columns.map((c) => [c.key, [{
    text: text(r.values[c.key] ?? null, c.kind), style: r.cancelled && c.key === 'note' ? 'bold' : 'regular',
  } satisfies Run]])));
  layTable(canvas, block, rows);

  y -= 8;
  canvas.ensure(20);
  paragraph(`In ngày ${formatDateTimeVn(input.issuedAt)}`, 9, 'italic', 'right');
  doc.setTitle(bookTitle(input.book));
  doc.setCreator('Một Cửa Desk');
  doc.setProducer('Một Cửa Desk');
  doc.setCreationDate(input.issuedAt);
  doc.setModificationDate(input.issuedAt);
  return { bytes: await doc.save(), pages: doc.getPageCount() };
}
