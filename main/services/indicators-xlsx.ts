// The period's indicators as an Excel workbook (exceljs): Vietnamese headers, counts as numbers, shares as
// numbers formatted as percentages, dates as dates (Vietnam wall time), set column widths, frozen headers.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../base/lazy-exceljs';
import type { Indicators } from '../../shared/contract/api-indicators';
import { formatDateKeyVn } from '../../shared/text/format';
import { formatDateTimeVn } from '../../shared/time/vn-time';

const PERCENT = '0.0%';
const VN_OFFSET_MS = 7 * 3_600_000;
/** Excel has no time zones: a stored instant is written as the Vietnam wall time it stands for. */
const wallTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + VN_OFFSET_MS) : null);

interface LateRow { number: string; applicantName: string; procedureName: string; receivedAt: string; dueAt: string | null; resolvedAt: string | null; detail: string }

export async function indicatorsWorkbook(ind: Indicators, late: LateRow[], at: Date): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Một Cửa Desk';
  wb.created = at;
  const period = `Từ ngày ${formatDateKeyVn(ind.from)} đến ngày ${formatDateKeyVn(ind.to)}`;

  const main = wb.addWorksheet('Chỉ số');
  main.columns = [{ width: 44 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 16 }];
  main.addRow(['Chỉ số giải quyết thủ tục hành chính (Quyết định 766/QĐ-TTg)']).font = { bold: true, size: 13 };
  main.addRow([period]);
  main.addRow([`Lập lúc ${formatDateTimeVn(at)}. Chỉ tiêu: ${ind.targetSource}`]);
  main.addRow([]);
  header(main.addRow(['Chỉ số', 'Số đạt', 'Tổng số', 'Tỷ lệ', 'Chỉ tiêu', 'Đánh giá']));
  for (const s of ind.shares) {
    const row = main.addRow([s.label, s.met, s.total, s.value, s.target, s.reached === null ? '' : s.reached ? 'Đạt' : 'Chưa đạt']);
    row.getCell(4).numFmt = PERCENT;
    row.getCell(5).numFmt = PERCENT;
  }
  main.addRow([]);
  header(main.addRow(['Kết quả giải quyết', 'Số hồ sơ']));
  main.addRow(['Sớm hạn', ind.timeliness.early]);
  main.addRow(['Đúng hạn', ind.timeliness.onTime]);
  main.addRow(['Trễ hạn (kể cả đã gia hạn)', ind.timeliness.late]);
  main.addRow(['Thời gian giải quyết trung bình (ngày)', ind.averageDays]).getCell(2).numFmt = '0.0';
  main.views = [{ state: 'frozen', ySplit: 5 }];

  const procedures = wb.addWorksheet('Theo thủ tục');
  procedures.columns = [
    { header: 'Mã thủ tục', width: 14 }, { header: 'Tên thủ tục', width: 50 }, { header: 'Có kết quả', width: 12 }, { header: 'Sớm hạn', width: 10 },
    { header: 'Đúng hạn', width: 10 }, { header: 'Trễ hạn', width: 10 }, { header: 'Tỷ lệ sớm và đúng hạn', width: 14, style: { numFmt: PERCENT } },
    { header: 'Thời gian trung bình (ngày)', width: 16, style: { numFmt: '0.0' } },
  ];
  header(procedures.getRow(1));
  for (const p of ind.procedures) {
    procedures.addRow([p.code, p.name, p.resolved, p.early, p.onTime, p.late, p.resolved ? (p.early + p.onTime) / p.resolved : null, p.averageDays]);
  }
  procedures.views = [{ state: 'frozen', ySplit: 1 }];

  const months = wb.addWorksheet('Theo tháng');
  months.columns = [{ header: 'Tháng', width: 10 }, ...ind.shares.map((s) => ({ header: s.label, width: 18, style: { numFmt: PERCENT } }))];
  header(months.getRow(1));
  for (const m of ind.months) months.addRow([`${m.month.slice(5)}/${m.month.slice(0, 4)}`, ...ind.shares.map((s) => m.values[s.key] ?? null)]);
  months.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];

  const lateSheet = wb.addWorksheet('Hồ sơ trễ hạn');
  const dateStyle = { numFmt: 'dd/mm/yyyy hh:mm' };
  lateSheet.columns = [
    { header: 'Số hồ sơ', width: 26 }, { header: 'Người nộp', width: 26 }, { header: 'Thủ tục', width: 44 },
    { header: 'Ngày tiếp nhận', width: 17, style: dateStyle }, { header: 'Hẹn trả', width: 17, style: dateStyle },
    { header: 'Có kết quả', width: 17, style: dateStyle }, { header: 'Ghi chú', width: 30 },
  ];
  header(lateSheet.getRow(1));
  for (const r of late) {
    lateSheet.addRow([r.number, r.applicantName, r.procedureName, wallTime(r.receivedAt), wallTime(r.dueAt), wallTime(r.resolvedAt), r.detail]);
  }
  lateSheet.views = [{ state: 'frozen', ySplit: 1 }];

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function header(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => { c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EAEF' } }; });
}
