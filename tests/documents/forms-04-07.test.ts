// Renders forms 04–07 and reads them back with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbar:
// the texts and where they sit, the fonts, the QR where the form has one, tables across pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormRenderer } from '../../main/documents/form-renderer';
import { buildQrContent } from '../../main/documents/qr';
import { TemplateStore, type FormTemplate, type TableColumn } from '../../main/documents/template-store';
import type { HandoverLine } from '../../main/documents/types';
import { parsePayload } from '../../main/services/document-service';
import { fromVnParts } from '../../shared/time/vn-time';
import { applicant, flat, office, pdfFonts, pdfInfo, pdfText, removeWorkDirs, workDir, writePdf } from './fixtures';
import { form04, form05, form06, form07, handovers, registerEntries } from './fixtures-processing';
import { expectInsideMargins, footerOf, lines, MM, qrSymbols, readTable, wordBoxes } from './pdf-checks';

let renderer: FormRenderer;
beforeAll(async () => {
  renderer = await FormRenderer.create();
});
afterAll(removeWorkDirs);

const PORTRAIT: [number, number] = [595.28, 841.89];
const LANDSCAPE: [number, number] = [841.89, 595.28];

function tableColumns(template: FormTemplate, table: string): TableColumn[] {
  const block = template.body.find((b) => 'table' in b && b.table === table);
  if (!block || !('table' in block)) throw new Error(`no ${table} table`);
  return block.columns;
}

/** Tinos, embedded and subsetted, nothing else (no base-14 font a printer would substitute). */
function expectTinosOnly(path: string): void {
  const fonts = pdfFonts(path);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) {
    expect(f.name).toMatch(/^[A-Z]{6}\+Tinos(-Bold|-Italic)?$/);
    expect(f.emb).toBe('yes');
    expect(f.sub).toBe('yes');
  }
}

/** The QR decodes to the dossier's look-up fields, and nothing personal is in it. */
function expectDossierQr(path: string, dir: string, pages: number, subject: { dossierNumber: string; procedureCode: string; lookupCode?: string }): void {
  const expected = buildQrContent(subject);
  for (let p = 1; p <= pages; p++) expect(qrSymbols(path, p, dir), `page ${p}`).toEqual([expected]);
  expect(expected).not.toContain(applicant.idNumber);
  expect(decodeURIComponent(expected)).not.toContain('Hoà');
}

describe('Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', () => {
  it('prints the addressee, the receipt, the number, the original due date, the reason, the apology and the new due date', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'mau04.pdf', await renderer.renderForm04(form04()));
    const info = pdfInfo(path);
    expect(info['Pages']).toBe('1');
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
    const text = flat(pdfText(path));
    for (const phrase of [
      'UBND PHƯỜNG BA ĐÌNH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Ba Đình, ngày 02 tháng 12 năm 2026',
      'Số: 12/VB-XL',
      'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      'Kính gửi: Nguyễn Thị Hoà Bình',
      'Vào 14 giờ 05 phút, ngày 28 tháng 11 năm 2026, UBND phường Ba Đình tiếp nhận hồ sơ',
      'Đăng ký khai sinh (mã thủ tục: 1.001193)',
      'Mã hồ sơ: 000.00.13.H42-261128-0007 (số tạm)',
      'Thời hạn trả kết quả giải quyết hồ sơ đã hẹn: 16 giờ 30 phút, ngày 03 tháng 12 năm 2026.',
      'lý do: Cần xác minh thông tin khai sinh với cơ quan đăng ký hộ tịch nơi cư trú trước đây',
      'UBND phường Ba Đình thành thật xin lỗi Ông/Bà',
      'sẽ được trả cho Ông/Bà vào 10 giờ 15 phút, ngày 08 tháng 12 năm 2026.',
      'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '(Ký, ghi rõ họ tên, đóng dấu)', 'Phạm Quốc Hưng',
      'Mẫu số 04 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP',
    ]) expect(text, phrase).toContain(phrase);
    // The new due date is printed after the old one, in bold (the sentence the applicant looks for).
    expect(text.indexOf('03 tháng 12 năm 2026')).toBeLessThan(text.indexOf('08 tháng 12 năm 2026'));
    expectInsideMargins(path, PORTRAIT, footerOf('Mẫu số 04 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP'));
    expectTinosOnly(path);
    expectDossierQr(path, dir, 1, { dossierNumber: '000.00.13.H42-261128-0007', procedureCode: '1.001193', lookupCode: 'M4X7R2KD9P3T' });
  });

  it('falls back to the template\'s signer title, a blank name, "……/……" and the governing body; no mark on a confirmed number', async () => {
    const dir = workDir();
    const data = form04({ documentNumber: undefined, processingBody: undefined, signer: {}, provisional: false });
    const text = flat(pdfText(writePdf(dir, 'mau04-defaults.pdf', await renderer.renderForm04(data))));
    expect(text).toContain('Số: ……/……');
    expect(text).toContain('THỦ TRƯỞNG CƠ QUAN');
    expect(text).toContain('UBND PHƯỜNG BA ĐÌNH thành thật xin lỗi');
    expect(text).toContain('Mã hồ sơ: 000.00.13.H42-261128-0007');
    expect(text).not.toContain('số tạm');
    // The name under the signature is left to write by hand.
    expect(text).toMatch(/\(Ký, ghi rõ họ tên, đóng dấu\) ………………/);
  });

  it('keeps long names and a long reason inside the margins, on further pages with the running head', async () => {
    const dir = workDir();
    const long = 'Nguyễn Hoàng Thị Phương Thảo Ngọc Diệp Bảo Châu Quỳnh Như Thanh Tâm Minh Khuê';
    const data = form04({
      applicant: { ...applicant, fullName: long, address: 'Tổ dân phố số 15, khu phố Đông Hưng Thuận, phường Đông Hưng Thuận, Thành phố Hồ Chí Minh' },
      office: { ...office, governingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HƯNG THUẬN', officeName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐÔNG HƯNG THUẬN' },
      processingBody: 'Ủy ban nhân dân phường Đông Hưng Thuận, Thành phố Hồ Chí Minh',
      reason: 'Hồ sơ cần lấy ý kiến của cơ quan đăng ký hộ tịch nơi người yêu cầu cư trú trước đây và đối chiếu sổ hộ tịch lưu trữ. '.repeat(12),
      signer: { title: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC ỦY BAN NHÂN DÂN PHƯỜNG', name: 'Trương Nguyễn Hoàng Phương Đông' },
    });
    const path = writePdf(dir, 'mau04-long.pdf', await renderer.renderForm04(data));
    const pages = Number(pdfInfo(path)['Pages']);
    expect(pages).toBeGreaterThan(1);
    const text = flat(pdfText(path));
    expect(text).toContain(`Kính gửi: ${long}`);
    expect(text).toContain('Trương Nguyễn Hoàng Phương Đông');
    expect(flat(pdfText(path, 2))).toContain('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết – Mã hồ sơ: 000.00.13.H42-261128-0007 (số tạm)');
    expectInsideMargins(path, PORTRAIT, footerOf('Mẫu số 04 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP'));
    expectDossierQr(path, dir, pages, { dossierNumber: '000.00.13.H42-261128-0007', procedureCode: '1.001193', lookupCode: 'M4X7R2KD9P3T' });
  });
});

describe('Mẫu 05 – Thông báo dừng giải quyết hồ sơ', () => {
  it('prints the reason, the legal basis and the effective date, signed for the processing body', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'mau05.pdf', await renderer.renderForm05(form05()));
    const text = flat(pdfText(path));
    for (const phrase of [
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Số: 03/TB-DGQ', 'Ba Đình, ngày 01 tháng 12 năm 2026',
      'Kính gửi: Nguyễn Thị Hoà Bình',
      'Mã hồ sơ: 000.00.13.H42-261128-0007 (số tạm)',
      'Căn cứ Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP;',
      'UBND phường Ba Đình thông báo dừng giải quyết hồ sơ nêu trên kể từ 08 giờ 00 phút, ngày 01 tháng 12 năm 2026.',
      'Lý do: Người yêu cầu có văn bản đề nghị dừng giải quyết hồ sơ',
      'THỦ TRƯỞNG CƠ QUAN', 'Phạm Quốc Hưng', 'Mẫu số 05 – Thông tư 03/2025/TT-VPCP',
    ]) expect(text, phrase).toContain(phrase);
    expectInsideMargins(path, PORTRAIT, footerOf('Mẫu số 05 – Thông tư 03/2025/TT-VPCP'));
    expectTinosOnly(path);
    expectDossierQr(path, dir, 1, { dossierNumber: '000.00.13.H42-261128-0007', procedureCode: '1.001193', lookupCode: 'M4X7R2KD9P3T' });
  });
});

describe('Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ', () => {
  const legal = 'Mẫu số 06 – Thông tư 03/2025/TT-VPCP (Mẫu số 05 – Thông tư 01/2018/TT-VPCP)';

  it('prints one row per hand-over with its times, parties and result, and leaves both signature cells blank', async () => {
    const dir = workDir();
    const data = form06();
    const path = writePdf(dir, 'mau06.pdf', await renderer.renderForm06(data));
    const text = flat(pdfText(path));
    for (const phrase of [
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Mã hồ sơ: 000.00.13.H42-261128-0007 (số tạm)',
      'Kèm theo hồ sơ của: Nguyễn Thị Hoà Bình', 'Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 28 tháng 11 năm 2026',
      'Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 03 tháng 12 năm 2026',
      'Cơ quan (bộ phận) giải quyết hồ sơ: UBND phường Ba Đình', 'Cơ quan phối hợp giải quyết hồ sơ: Công an phường Ba Đình',
    ]) expect(text, phrase).toContain(phrase);

    const rows = readTable(path, tableColumns(renderer.templateFor('06', data.issuedAt), 'handovers'), PORTRAIT);
    expect(rows.map((r) => r.cells.index)).toEqual(['1', '2', '3']);
    expect(rows[0]!.cells).toEqual({
      index: '1',
      parties: 'Giao: Trần Văn Minh (Bộ phận tiếp nhận và trả kết quả) Nhận: Lê Thị Thu Hà (Công chức Tư pháp – Hộ tịch)',
      times: 'Giao: 15 giờ 00 phút, ngày 28/11/2026 Nhận: 15 giờ 20 phút, ngày 28/11/2026',
      giverSign: '', receiverSign: '', outcome: 'Đúng hạn', note: '',
    });
    expect(rows[1]!.cells).toMatchObject({ outcome: 'Trước hạn', note: 'Trình ký', giverSign: '', receiverSign: '' });
    // Not confirmed yet: the receipt is a blank for the pen.
    expect(rows[2]!.cells).toMatchObject({ times: 'Giao: 09 giờ 45 phút, ngày 04/12/2026 Nhận: ………………', outcome: 'Quá hạn', giverSign: '', receiverSign: '' });
    expectInsideMargins(path, PORTRAIT, footerOf(legal));
    expectTinosOnly(path);
    expectDossierQr(path, dir, 1, { dossierNumber: '000.00.13.H42-261128-0007', procedureCode: '1.001193', lookupCode: 'M4X7R2KD9P3T' });
  });

  it('leaves room to sign in each row', async () => {
    const dir = workDir();
    const data = form06();
    const path = writePdf(dir, 'mau06-rows.pdf', await renderer.renderForm06(data));
    const words = wordBoxes(path)[0]!;
    const index = words.filter((w) => w.xMin < 30 * MM + 20 && /^[123]$/.test(w.text)).sort((a, b) => a.yMin - b.yMin);
    expect(index).toHaveLength(3);
    // Rows are at least the template's least height apart (room for two signatures).
    const block = renderer.templateFor('06', data.issuedAt).body.find((b) => 'table' in b);
    const minRow = block && 'table' in block ? block.minRowHeight ?? 0 : 0;
    expect(minRow).toBeGreaterThanOrEqual(40);
    for (let i = 1; i < index.length; i++) expect(index[i]!.yMin - index[i - 1]!.yMin).toBeGreaterThanOrEqual(minRow - 0.5);
  });

  it('flows 40 hand-overs onto further pages, the header row and the running head on each, every row once and in order', async () => {
    const dir = workDir();
    const many: HandoverLine[] = Array.from({ length: 40 }, (_, i) => ({
      ...handovers[i % handovers.length]!,
      handedAt: new Date(fromVnParts(2026, 11, 28, 15, 0).getTime() + i * 3600_000),
      note: i % 5 === 0 ? `Lần chuyển thứ ${i + 1}: bổ sung ý kiến của cơ quan phối hợp` : undefined,
    }));
    const data = form06({ handovers: many });
    const path = writePdf(dir, 'mau06-many.pdf', await renderer.renderForm06(data));
    const pages = Number(pdfInfo(path)['Pages']);
    expect(pages).toBeGreaterThanOrEqual(3);
    const rows = readTable(path, tableColumns(renderer.templateFor('06', data.issuedAt), 'handovers'), PORTRAIT);
    expect(rows.map((r) => Number(r.cells.index))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(r.cells.giverSign).toBe('');
      expect(r.cells.receiverSign).toBe('');
      expect(r.cells.times).toMatch(/^Giao: \d\d giờ \d\d phút, ngày \d\d\/\d\d\/2026 Nhận: /);
    }
    expect(rows[5]!.cells.note).toBe('Lần chuyển thứ 6: bổ sung ý kiến của cơ quan phối hợp');
    for (let p = 1; p <= pages; p++) {
      const pageLines = lines(wordBoxes(path)[p - 1]!).map((l) => l.text);
      expect(pageLines.some((l) => l.startsWith('STT Tên cơ quan')), `header row on page ${p}`).toBe(true);
      expect(pageLines.some((l) => l.includes('Người Người')), `signature headers on page ${p}`).toBe(true);
      expect(flat(pdfText(path, p))).toContain(`Trang ${p}/${pages}`);
      if (p > 1) expect(flat(pdfText(path, p))).toContain('Phiếu kiểm soát quá trình giải quyết hồ sơ – Mã hồ sơ: 000.00.13.H42-261128-0007 (số tạm)');
      expect(qrSymbols(path, p, dir)).toHaveLength(1);
    }
    expectInsideMargins(path, PORTRAIT, footerOf(legal));
  });

  it('prints an empty table for a dossier not handed over yet, and leaves out the co-processing line when there is none', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'mau06-empty.pdf', await renderer.renderForm06(form06({ handovers: [], coProcessingBodies: [] })));
    const text = flat(pdfText(path));
    expect(text).toContain('Tên cơ quan, người');
    expect(text).not.toContain('Cơ quan phối hợp');
    expect(readTable(path, tableColumns(renderer.templateFor('06', new Date()), 'handovers'), PORTRAIT)).toEqual([]);
  });
});

describe('Mẫu 07 – Sổ theo dõi hồ sơ', () => {
  const legal = 'Mẫu số 07 – Thông tư 03/2025/TT-VPCP (Mẫu số 06 – Thông tư 01/2018/TT-VPCP)';

  it('prints the book on A4 landscape without a QR, one row per dossier with the template\'s columns', async () => {
    const dir = workDir();
    const data = form07();
    const path = writePdf(dir, 'mau07.pdf', await renderer.renderForm07(data));
    const info = pdfInfo(path);
    expect(info['Page size']).toBe('841.89 x 595.28 pts (A4)');
    expect(info['Title']!.normalize('NFC')).toBe('Sổ theo dõi hồ sơ – Quyển số 02/2026, 01/11/2026 – 30/11/2026');
    const text = flat(pdfText(path, 1));
    for (const phrase of ['SỔ THEO DÕI HỒ SƠ', 'Quyển số: 02/2026', 'Từ ngày 01/11/2026 đến ngày 30/11/2026', 'Số hồ sơ vào sổ: 12', 'UBND PHƯỜNG BA ĐÌNH']) {
      expect(text, phrase).toContain(phrase);
    }
    const template = renderer.templateFor('07', data.issuedAt);
    const rows = readTable(path, tableColumns(template, 'register'), LANDSCAPE);
    expect(rows).toHaveLength(12);
    expect(rows[0]!.cells).toEqual({
      index: '1', dossierNumber: '000.00.13.H42-261102-0001', procedure: 'Đăng ký khai sinh', setCount: '01',
      applicant: 'Nguyễn Thị Hoà Bình', contact: 'Số 1 phố Đội Cấn, Ba Đình, Hà Nội 0912 345 000', processingBody: 'Công chức Tư pháp – Hộ tịch',
      receivedAt: '02/11/2026 08:00', dueAt: '05/11/2026 08:00', transferredAt: '02/11/2026 09:00', resultAt: '04/11/2026 08:00',
      returnedAt: '04/11/2026 09:00', signature: '', note: 'Gia hạn',
    });
    // Every fourth dossier's number is provisional: marked as on the counter's forms.
    expect(rows[3]!.cells.dossierNumber).toBe('000.00.13.H42-261102-0004 (số tạm)');
    expect(rows[1]!.cells).toMatchObject({ resultAt: '', returnedAt: '', note: '' });
    expect(qrSymbols(path, 1, dir)).toEqual([]);
    expectTinosOnly(path);
    expectInsideMargins(path, LANDSCAPE, footerOf(legal));
  });

  it('flows 300 dossiers onto many pages: the header row repeated on each, every row once and in order', async () => {
    const dir = workDir();
    const data = form07({ entries: registerEntries(300) });
    const path = writePdf(dir, 'mau07-300.pdf', await renderer.renderForm07(data));
    const pages = Number(pdfInfo(path)['Pages']);
    expect(pages).toBeGreaterThan(20);
    const rows = readTable(path, tableColumns(renderer.templateFor('07', data.issuedAt), 'register'), LANDSCAPE);
    expect(rows.map((r) => Number(r.cells.index))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    rows.forEach((r, i) => {
      const e = data.entries[i]!;
      expect(r.cells.dossierNumber).toBe(e.provisional ? `${e.dossierNumber} (số tạm)` : e.dossierNumber);
    });
    const boxes = wordBoxes(path);
    for (let p = 1; p <= pages; p++) {
      const pageLines = lines(boxes[p - 1]!).map((l) => l.text);
      expect(pageLines.some((l) => l.startsWith('STT Mã hồ sơ')), `header row on page ${p}`).toBe(true);
      if (p > 1) expect(flat(pdfText(path, p))).toContain('Sổ theo dõi hồ sơ – Quyển số: 02/2026 – Từ ngày 01/11/2026 đến ngày 30/11/2026');
      // Each page carries rows, not only a header.
      expect(rows.some((r) => r.page === p), `rows on page ${p}`).toBe(true);
      // A long book seals each finished page's drawing (form-composer.ts); the page footers drawn at the end
      // still land on every page, after the sealed part.
      expect(flat(pdfText(path, p)), `footer on page ${p}`).toContain(`Trang ${p}/${pages}`);
    }
    expectInsideMargins(path, LANDSCAPE, footerOf(legal));
  }, 120_000);
});

describe('templates and payloads of forms 04–07', () => {
  it('refuses a table column its table does not have', () => {
    const json = JSON.parse(JSON.stringify(TEMPLATE_JSON));
    const t = json.templates.find((x: { kind: string }) => x.kind === '06');
    t.body.find((b: { table?: string }) => b.table).columns.push({ key: 'signature', label: 'Ký', width: 5 });
    expect(() => TemplateStore.fromJson(json)).toThrow(/table handovers has no column "signature"/);
  });

  it('refuses a form 04 template that prints the number without the provisional mark', () => {
    const json = JSON.parse(JSON.stringify(TEMPLATE_JSON));
    const t = json.templates.find((x: { kind: string }) => x.kind === '04');
    t.body.push({ text: 'Hồ sơ số {dossierNumber}' });
    expect(() => TemplateStore.fromJson(json)).toThrow(/without \{provisionalMark\}/);
  });

  it('reads back a stored payload with its instants as dates and the register\'s days as days (a pending form re-rendered at start)', async () => {
    for (const payload of [
      { kind: 'form04' as const, data: form04() },
      { kind: 'form06' as const, data: form06() },
      { kind: 'form07' as const, data: form07() },
    ]) {
      const back = parsePayload(JSON.stringify(payload));
      expect(back).toEqual(payload);
      const dir = workDir();
      const again = pdfText(writePdf(dir, 'back.pdf', (await renderer.render(back)).bytes));
      expect(again).toBe(pdfText(writePdf(dir, 'first.pdf', (await renderer.render(payload)).bytes)));
    }
    const reg = parsePayload(JSON.stringify({ kind: 'form07', data: form07() }));
    if (reg.kind !== 'form07') throw new Error('kind');
    expect(reg.data.from).toBe('2026-11-01');
    expect(reg.data.entries[0]!.receivedAt).toBeInstanceOf(Date);
  });
});

const TEMPLATE_JSON = JSON.parse(readFileSync(join(__dirname, '..', '..', 'assets', 'templates', 'forms.json'), 'utf8')) as unknown;
