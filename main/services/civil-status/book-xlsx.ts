// The register book as an Excel workbook: the printout's columns, numbers as numbers, dates as real dates
// (dd/mm/yyyy), a cancelled entry kept in its row with the reason in the note (and struck through).
import { loadExcel } from '../../base/lazy-exceljs';
import type { RegisterBook } from '../../../shared/contract/api-civil-status';
import { bookTitle, type BookColumn, type BookRow } from './book-rows';

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_ROW = 2;

/** A calendar day as an Excel date: midnight UTC of that day, which Excel shows as the day itself. */
const excelDate = (key: string) => new Date(`${key}T00:00:00Z`);

export async function bookWorkbook(book: RegisterBook, columns: BookColumn[], rows: BookRow[], issuedAt: Date): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Một Cửa Desk';
  wb.created = issuedAt;
  wb.modified = issuedAt;
  wb.title = bookTitle(book);
  const ws = wb.addWorksheet(`Quyển ${String(book.bookNumber).padStart(2, '0')}-${book.year}`, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: Math.max(8, c.width * 9) }));
  ws.mergeCells(1, 1, 1, columns.length);
  const title = ws.getCell(1, 1);
  title.value = wb.title;
  title.font = { name: 'Times New Roman', size: 13, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = { name: 'Times New Roman', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => {
      const v = r.values[c.key] ?? null;
      if (v === null) return null;
      if (c.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return excelDate(v);
      if (c.kind === 'number') return typeof v === 'number' ? v : Number(v);
      return String(v);
    }));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { name: 'Times New Roman', size: 11, strike: r.cancelled && c.key !== 'note' };
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: c.align === 'left' ? 'left' : 'center' };
      cell.border = BORDER;
      if (c.kind === 'date') cell.numFmt = 'dd/mm/yyyy';
    });
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
