// The day's collection as files: an Excel workbook (exceljs, as indicators-xlsx.ts does it: Vietnamese
// headers, amounts as numbers with dot thousands, instants as Vietnam wall time) and an A4 PDF to print and sign.
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../base/lazy-exceljs';
import * as fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { FEE_METHOD_NAMES, type DayReport } from '../../../shared/contract/api-fees';
import { formatDateKeyVn, formatMoney } from '../../../shared/text/format';
import { formatDateTimeVn } from '../../../shared/time/vn-time';

const VN_OFFSET_MS = 7 * 3_600_000;
const MONEY = '#,##0';

export async function dayReportWorkbook(r: DayReport, officeName: string, at: Date): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Một Cửa Desk';
  wb.created = at;
  const sum = wb.addWorksheet('Tổng hợp');
  sum.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 12 }, { width: 12 }];
  sum.addRow([`BÁO CÁO THU PHÍ, LỆ PHÍ NGÀY ${formatDateKeyVn(r.day)}`]).font = { bold: true, size: 13 };
  sum.addRow([officeName]);
  sum.addRow([r.closed ? `Đã khóa sổ lúc ${formatDateTimeVn(new Date(r.closed.at))} (${r.closed.byName})` : `Chưa khóa sổ — lập lúc ${formatDateTimeVn(at)}`]);
  sum.addRow([]);
  header(sum.addRow(['Người thu', 'Tiền mặt', 'Chuyển khoản', 'Trực tuyến', 'Tổng cộng', 'Số biên lai', 'Đã hủy']));
  for (const c of r.collectors) money(sum.addRow([c.collectorName, c.totals.cash, c.totals.transfer, c.totals.online, c.totals.total, c.totals.count, c.cancelled]));
  const total = sum.addRow(['Toàn cơ quan', r.office.cash, r.office.transfer, r.office.online, r.office.total, r.office.count, r.cancelled]);
  total.font = { bold: true };
  money(total);
  sum.views = [{ state: 'frozen', ySplit: 5 }];

  const list = wb.addWorksheet('Biên lai');
  list.columns = [
    { header: 'Mẫu số', width: 14 }, { header: 'Ký hiệu', width: 12 }, { header: 'Số', width: 10 }, { header: 'Thời điểm', width: 17, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: 'Số hồ sơ', width: 26 }, { header: 'Người nộp', width: 26 }, { header: 'Nội dung', width: 44 }, { header: 'Hình thức', width: 20 },
    { header: 'Số tiền', width: 14, style: { numFmt: MONEY } }, { header: 'Người thu', width: 22 }, { header: 'Trạng thái', width: 40 },
  ];
  header(list.getRow(1));
  for (const x of r.receipts) {
    list.addRow([x.formSymbol, x.series, x.numberText, new Date(Date.parse(x.issuedAt) + VN_OFFSET_MS), x.dossierNumber, x.payerName, x.description,
      FEE_METHOD_NAMES[x.method], x.amount, x.collectorName, x.cancelledAt ? `Đã hủy: ${x.cancelReason ?? ''}` : 'Hợp lệ']);
  }
  list.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function header(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => { c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EAEF' } }; });
}
function money(row: ExcelJS.Row): void {
  for (const i of [2, 3, 4, 5]) row.getCell(i).numFmt = MONEY;
}

const MM = 72 / 25.4;

/** A4 portrait: title, totals per collector and for the office, every receipt (cancelled ones marked), signatures. */
export async function dayReportPdf(r: DayReport, officeName: string, fontDir: string, at: Date): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fs.readFileSync(path.join(fontDir, 'Tinos-Regular.ttf')), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(path.join(fontDir, 'Tinos-Bold.ttf')), { subset: true });
  doc.setTitle(`Báo cáo thu phí ngày ${formatDateKeyVn(r.day)}`);
  let page = doc.addPage([210 * MM, 297 * MM]);
  let y = 297 * MM - 20 * MM;
  const left = 15 * MM, width = 180 * MM;
  const line = (text: string, font: PDFFont, size: number, x = left) => {
    if (y < 25 * MM) { page = doc.addPage([210 * MM, 297 * MM]); y = 297 * MM - 20 * MM; }
    page.drawText(fit(text, font, size, width - (x - left)), { x, y, size, font });
  };
  const centred = (text: string, font: PDFFont, size: number) => {
    page.drawText(text, { x: left + (width - font.widthOfTextAtSize(text, size)) / 2, y, size, font });
    y -= size * 1.5;
  };
  centred(officeName.toUpperCase(), bold, 12);
  centred(`BÁO CÁO THU PHÍ, LỆ PHÍ NGÀY ${formatDateKeyVn(r.day)}`, bold, 14);
  centred(r.closed ? `Đã khóa sổ lúc ${formatDateTimeVn(new Date(r.closed.at))} — ${r.closed.byName}` : `Chưa khóa sổ — lập lúc ${formatDateTimeVn(at)}`, regular, 10);
  y -= 6;
  const cols = [0, 62, 92, 122, 150].map((c) => left + c * MM);
  const row = (cells: string[], font: PDFFont) => {
    cells.forEach((c, i) => {
      const x = cols[i]!;
      if (i === 0) line(c, font, 10, x);
      else drawRight(page, c, font, 10, x + 28 * MM, y);
    });
    y -= 15;
  };
  row(['Người thu', 'Tiền mặt', 'Chuyển khoản', 'Trực tuyến', 'Tổng cộng'], bold);
  for (const c of r.collectors) row([`${c.collectorName} (${c.totals.count} biên lai${c.cancelled ? `, ${c.cancelled} đã hủy` : ''})`, formatMoney(c.totals.cash), formatMoney(c.totals.transfer), formatMoney(c.totals.online), formatMoney(c.totals.total)], regular);
  row([`Toàn cơ quan (${r.office.count} biên lai, ${r.cancelled} đã hủy)`, formatMoney(r.office.cash), formatMoney(r.office.transfer), formatMoney(r.office.online), formatMoney(r.office.total)], bold);
  y -= 10;
  line('Danh sách biên lai', bold, 11);
  y -= 15;
  for (const x of r.receipts) {
    const state = x.cancelledAt ? ` — ĐÃ HỦY: ${x.cancelReason ?? ''}` : '';
    line(`${x.formSymbol} ${x.series} số ${x.numberText} · ${formatDateTimeVn(new Date(x.issuedAt))} · ${x.dossierNumber} · ${x.payerName} · ${FEE_METHOD_NAMES[x.method]} · ${formatMoney(x.amount)} · ${x.collectorName}${state}`, regular, 9);
    y -= 13;
  }
  y -= 20;
  line('NGƯỜI LẬP BÁO CÁO', bold, 10, left + 10 * MM);
  page.drawText('LÃNH ĐẠO', { x: left + 125 * MM, y, size: 10, font: bold });
  return Buffer.from(await doc.save());
}

function drawRight(page: PDFPage, text: string, font: PDFFont, size: number, right: number, y: number): void {
  page.drawText(text, { x: right - font.widthOfTextAtSize(text, size), y, size, font });
}

/** Cuts a line that would run past the page with an ellipsis (the workbook keeps the full text). */
function fit(text: string, font: PDFFont, size: number, max: number): string {
  if (font.widthOfTextAtSize(text, size) <= max) return text;
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > max) t = t.slice(0, -1);
  return `${t}…`;
}
