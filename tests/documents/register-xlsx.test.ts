// The register book (Mẫu 07) as .xlsx, read back with exceljs: the Vietnamese headers of the template's
// register columns, dates as real date cells holding Vietnam wall time (whatever the PC's zone), column
// widths, the frozen header row.
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FormRenderer } from '../../main/documents/form-renderer';
import { registerColumns, registerWorkbook } from '../../main/documents/register-xlsx';
import { fromVnParts } from '../../shared/time/vn-time';
import { form07, registerEntries } from './fixtures-processing';

let renderer: FormRenderer;
beforeAll(async () => {
  renderer = await FormRenderer.create();
});

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

async function readBack(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0]!;
}

async function book(entries = registerEntries(30)) {
  const data = form07({ entries });
  const template = renderer.templateFor('07', data.issuedAt);
  const bytes = await registerWorkbook(template, renderer.commonTexts, data);
  return { data, template, bytes, ws: await readBack(bytes) };
}

describe('register book workbook', () => {
  it('is a real .xlsx (a zip with the workbook parts)', async () => {
    const { bytes } = await book();
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml'))).toBe(true);
  });

  it('has the title and the template\'s Vietnamese headers, frozen and filtered', async () => {
    const { ws, template } = await book();
    expect(ws.name).toBe('Sổ theo dõi hồ sơ');
    expect(String(ws.getCell('A1').value)).toBe(
      'SỔ THEO DÕI HỒ SƠ – Quyển số: 02/2026 – Từ ngày 01/11/2026 đến ngày 30/11/2026 – BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ – UBND PHƯỜNG BA ĐÌNH');
    const columns = registerColumns(template);
    const header = ws.getRow(2);
    expect(columns.map((_, i) => header.getCell(i + 1).value)).toEqual([
      'STT', 'Mã hồ sơ', 'Tên thủ tục hành chính', 'Số lượng hồ sơ (bộ)', 'Tên cá nhân, tổ chức', 'Địa chỉ, số điện thoại',
      'Cơ quan chủ trì giải quyết', 'Nhận hồ sơ', 'Hẹn trả kết quả', 'Chuyển hồ sơ đến cơ quan giải quyết',
      'Nhận kết quả từ cơ quan giải quyết', 'Trả kết quả cho cá nhân, tổ chức', 'Ký nhận', 'Ghi chú',
    ]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.printTitlesRow).toBe('2:2');
  });

  it('sets each column\'s width from the template', async () => {
    const { ws, template } = await book();
    const columns = registerColumns(template);
    columns.forEach((c, i) => expect(ws.getColumn(i + 1).width, c.key).toBe(c.sheetWidth));
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(25); // a dossier number reads whole
  });

  it('writes one row per dossier: numbers as numbers, texts as texts, the provisional mark on the number', async () => {
    const { ws, data } = await book();
    expect(ws.rowCount).toBe(2 + data.entries.length);
    const row = ws.getRow(3);
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(2).value).toBe('000.00.13.H42-261102-0001');
    expect(row.getCell(3).value).toBe('Đăng ký khai sinh');
    expect(row.getCell(4).value).toBe(1);
    expect(row.getCell(5).value).toBe('Nguyễn Thị Hoà Bình');
    expect(row.getCell(6).value).toBe('Số 1 phố Đội Cấn, Ba Đình, Hà Nội; 0912 345 000');
    expect(row.getCell(14).value).toBe('Gia hạn');
    expect(ws.getRow(6).getCell(2).value).toBe('000.00.13.H42-261102-0004 (số tạm)');
    expect(ws.getRow(4).getCell(4).value).toBe(2);
  });

  for (const tz of ['UTC', 'Asia/Ho_Chi_Minh', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
    it(`writes dates as date cells holding Vietnam wall time (TZ=${tz})`, async () => {
      process.env.TZ = tz;
      const { ws, data } = await book();
      // Entry 1: received 02/11/2026 08:00 in Vietnam (01:00 UTC).
      expect(data.entries[0]!.receivedAt.toISOString()).toBe(fromVnParts(2026, 11, 2, 8, 0).toISOString());
      const received = ws.getRow(3).getCell(8);
      expect(received.type).toBe(ExcelJS.ValueType.Date);
      expect(received.value).toBeInstanceOf(Date);
      // An Excel date has no zone: the cell holds 08:00 on 02/11/2026, read back by its UTC fields.
      expect((received.value as Date).toISOString()).toBe('2026-11-02T08:00:00.000Z');
      expect(received.numFmt).toBe('dd/mm/yyyy hh:mm');
      const due = ws.getRow(3).getCell(9).value as Date;
      expect(due.toISOString()).toBe('2026-11-05T08:00:00.000Z');
      // Late in the evening in Vietnam is the next day in UTC and the previous one in Los Angeles: the cell says the Vietnam day.
      const late = registerEntries(1);
      late[0]!.receivedAt = fromVnParts(2026, 11, 30, 23, 45);
      const { ws: ws2 } = await book(late);
      expect((ws2.getRow(3).getCell(8).value as Date).toISOString()).toBe('2026-11-30T23:45:00.000Z');
    });
  }

  it('leaves a step not reached yet as an empty cell, not a zero date', async () => {
    const { ws } = await book();
    const second = ws.getRow(4);
    expect(second.getCell(10).type).toBe(ExcelJS.ValueType.Date); // handed over
    expect(second.getCell(11).value).toBeNull(); // result not back yet
    expect(second.getCell(12).value).toBeNull(); // not returned
    expect(second.getCell(13).value).toBeNull(); // the signature: for the pen
  });
});
