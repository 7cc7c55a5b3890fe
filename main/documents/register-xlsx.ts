// The register book (Mẫu 07) as an Excel workbook: the same columns as the printed book (the template's
// register table: labels, order, widths in characters), one row per dossier, dates as real dates.
// Loaded lazily by the service: exceljs costs a noticeable time to load and only this export needs it.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../base/lazy-exceljs';
import { toVnParts } from '../../shared/time/vn-time';
import { fillPlain, type Vars } from './rich-text';
import type { CommonTexts, FormTemplate, TableColumn } from './template-store';
import type { Form07Data, RegisterEntry } from './types';
import { form07Vars, requireText } from './processing-forms';

const PRODUCT = 'Một Cửa Desk';
const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
const DATE_KEYS = new Set(['receivedAt', 'dueAt', 'transferredAt', 'resultAt', 'returnedAt']);
const HEADER_ROW = 2;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * An Excel date has no time zone: it is the wall-clock time as written. The book's times are Vietnam's
 * (UTC+7) whatever the PC's zone, so the cell holds the Vietnam wall time (exceljs writes a Date by its UTC
 * fields, and reads one back the same way).
 */
export function vnWallClock(instant: Date): Date {
  const p = toVnParts(instant);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

function cellValue(key: string, e: RegisterEntry, provisionalMark: string): ExcelJS.CellValue {
  if (DATE_KEYS.has(key)) {
    const at = e[key as 'receivedAt'] as Date | undefined;
    return at ? vnWallClock(at) : null;
  }
  switch (key) {
    case 'index': return e.index;
    case 'dossierNumber': return e.provisional ? `${e.dossierNumber} ${provisionalMark}` : e.dossierNumber;
    case 'procedure': return e.procedureName;
    case 'setCount': return e.setCount;
    case 'applicant': return e.applicantName;
    case 'contact': return [e.applicantAddress?.trim(), e.applicantPhone?.trim()].filter(Boolean).join('; ') || null;
    case 'processingBody': return e.processingBody?.trim() || null;
    case 'note': return e.note?.trim() || null;
    default: return null; // the signature column: left for the pen on a printout
  }
}

/** The register table of the template: its columns are the sheet's. */
export function registerColumns(template: FormTemplate): TableColumn[] {
  const table = template.body.find((b) => 'table' in b && b.table === 'register');
  if (!table || !('table' in table)) throw new Error(`Template ${template.id}@${template.version} has no register table`);
  return table.columns;
}

/**
 * The workbook's bytes (.xlsx): a title row, the header row (frozen, filtered, repeated on printed pages), the rows.
 * Written by exceljs' streaming writer, each row committed as it is made: the in-memory workbook kept every
 * cell with its own style objects and took the core from 152 to 514 MB resident for a 20,000-entry book
 * (issue 12: core memory on a 4 GB counter PC). The styles are shared objects, written once each.
 */
export async function registerWorkbook(template: FormTemplate, common: CommonTexts, data: Form07Data): Promise<Buffer> {
  const columns = registerColumns(template);
  const vars: Vars = {
    ...form07Vars(data), documentName: template.documentName, governingBody: data.office.governingBody, officeName: data.office.officeName,
  };
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => { sink.on('end', resolve); sink.on('error', reject); });
  const wb = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = PRODUCT;
  wb.lastModifiedBy = PRODUCT;
  (wb as unknown as { title: string }).title = fillPlain(requireText(template, 'sheetTitle'), vars, common.blank);
  // The book's own date, so the same book gives the same properties.
  wb.created = data.issuedAt;
  wb.modified = data.issuedAt;

  const ws = wb.addWorksheet(requireText(template, 'sheetName'), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.sheetWidth ?? Math.max(8, Math.round(c.width / 4)) }));

  ws.mergeCells(1, 1, 1, columns.length);
  const titleRow = ws.getRow(1);
  const title = titleRow.getCell(1);
  title.value = (wb as unknown as { title: string }).title;
  title.font = { name: 'Times New Roman', size: 13, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  titleRow.height = 36;
  titleRow.commit();

  const header = ws.getRow(HEADER_ROW);
  const headerFont = { name: 'Times New Roman', size: 11, bold: true };
  const headerAlignment = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = headerFont;
    cell.alignment = headerAlignment;
    cell.border = BORDER;
  });
  header.height = 48;
  header.commit();

  const font = { name: 'Times New Roman', size: 11 };
  const alignments = columns.map((c) => ({ vertical: 'top', wrapText: true, horizontal: c.align === 'left' ? 'left' : 'center' } as const));
  for (const e of data.entries) {
    const row = ws.addRow(columns.map((c) => cellValue(c.key, e, common.provisionalMark)));
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = font;
      cell.alignment = alignments[i]!;
      cell.border = BORDER;
      if (DATE_KEYS.has(c.key)) cell.numFmt = DATE_FORMAT;
    });
    row.commit();
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: columns.length } };
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
