// Forms 04–07 through the API (issue 10, item 4): the workflow's extension and stop make forms 04 and 05; the
// control sheet (Mẫu 06) is the dossier's hand-over log as it stands; the register book (Mẫu 07) lists the
// period's dossiers as PDF and .xlsx; every print and reprint is logged with the document's kind; a form left
// pending by a crash is rendered at the next start.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { timeAndDateWords } from '../../main/documents/vn-format';
import { form06Payload } from '../../main/services/form-payloads';
import { DossierEntity } from '../../main/persistence/entities';
import { readTable } from '../documents/pdf-checks';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';

const clock = new SettableClock(fromVnParts(2026, 3, 9, 9, 0)); // Monday 09:00
let h: Harness;
const staff = officeStaff(() => h);
const { users: USERS, ids, as } = staff;
let version = '';
const received: { id: string; number: string }[] = [];

const op = () => crypto.randomUUID();
async function at(y: number, mo: number, d: number, hh: number, mi = 0) {
  clock.current = fromVnParts(y, mo, d, hh, mi);
  await staff.logInAgain();
}
async function pdfOf(id: string): Promise<string> {
  const pdf = await as('clerk').must('documents.content', { id });
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf.base64, 'base64') }).toString().normalize('NFC').replace(/\s+/g, ' ');
}
/** The control sheet's table, cell by cell, as printed. */
async function sheetRows(id: string): Promise<Record<string, string>[]> {
  const pdf = await as('clerk').must('documents.content', { id });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-f06-')), 'mau06.pdf');
  fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
  const template = (await h.core.services.documents.renderer()).templateFor('06', clock.now());
  const block = template.body.find((b) => 'table' in b);
  if (!block || !('table' in block)) throw new Error('no table');
  return readTable(file, block.columns, [595.28, 841.89]).map((r) => r.cells);
}
const printLog = (documentId: string) => h.core.services.db.raw
  .prepare('SELECT kind, reprint, ok, dossier_id AS dossierId FROM print_job WHERE document_id = ? ORDER BY id').all(documentId) as
  { kind: string; reprint: number; ok: number; dossierId: string | null }[];

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create();
  version = await versionId(h, 'tình trạng hôn nhân');
  // Three dossiers on 9 March, one refused at the counter (not in the book), one on 2 April (another period).
  for (const [hh, outcome] of [[9, 'receive'], [10, 'receive'], [11, 'refuse'], [14, 'receive']] as const) {
    await at(2026, 3, 9, hh);
    const r = await as('clerk').must('dossiers.receive', intake(version, outcome === 'refuse' ? { outcome, reason: 'Hồ sơ không thuộc thẩm quyền' } : {}));
    if (outcome === 'receive') received.push({ id: r.dossier.id, number: r.dossier.number });
  }
  await at(2026, 4, 2, 9);
  await as('clerk').must('dossiers.receive', intake(version));
}, 180_000);
afterAll(async () => { await h?.close(); });

describe('Mẫu 04 and 05 from the workflow', () => {
  it('an extension prints the apology with the original and the new due date; a stop prints the reason and the legal basis', async () => {
    const [first, second] = received;
    await at(2026, 3, 9, 15);
    await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: first!.id, toUserId: ids.officer });
    await at(2026, 3, 9, 15, 20);
    await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId: first!.id });
    const before = await as('officer').must('workflow.state', { dossierId: first!.id });
    const ext = await as('officer').must('workflow.extend', {
      operationId: op(), dossierId: first!.id, newDueAt: '2026-03-20T16:30:00+07:00', reason: 'Cần xác minh nơi cư trú tại địa phương khác',
    });
    expect(ext.document.kind).toBe('form04');
    const t04 = await pdfOf(ext.document.id);
    expect(t04).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN');
    expect(t04).toContain(`Mã hồ sơ: ${first!.number} (số tạm)`);
    expect(t04).toContain('16 giờ 30 phút, ngày 20 tháng 3 năm 2026');
    // The due date the applicant was given stays on the paper, before the new one.
    expect(t04).toContain(`đã hẹn: ${timeAndDateWords(new Date(before.dueAt))}`);
    expect(t04).toContain('Cần xác minh nơi cư trú tại địa phương khác');

    await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: second!.id, toUserId: ids.officer });
    await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId: second!.id });
    // The officer holding it in processing stops it.
    const stopped = await as('officer').must('workflow.stop', {
      operationId: op(), dossierId: second!.id, reason: 'Người yêu cầu có đơn đề nghị dừng giải quyết', legalBasis: 'Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP',
    });
    expect(stopped.document.kind).toBe('form05');
    const t05 = await pdfOf(stopped.document.id);
    expect(t05).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(t05).toContain('Căn cứ Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP;');
    expect(t05).toContain('Lý do: Người yêu cầu có đơn đề nghị dừng giải quyết');
  });
});

describe('Mẫu 06 – forms.controlSheet', () => {
  it('prints the hand-over log, answers the same sheet while nothing changed, and a new one after the next hand-over', async () => {
    const dossierId = received[0]!.id;
    const a = await as('officer').must('forms.controlSheet', { dossierId });
    expect(a).toMatchObject({ handOvers: 1, reused: false, document: { kind: 'form06', dossierId } });
    const text = await pdfOf(a.document.id);
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(`Mã hồ sơ: ${received[0]!.number} (số tạm)`);
    expect(await sheetRows(a.document.id)).toEqual([{
      index: '1', parties: 'Giao: Nguyễn Thị Một Cửa (Cán bộ một cửa) Nhận: Trần Văn Tư Pháp (Cán bộ xử lý)',
      times: 'Giao: 15 giờ 00 phút, ngày 09/03/2026 Nhận: 15 giờ 20 phút, ngày 09/03/2026',
      giverSign: '', receiverSign: '', outcome: expect.stringMatching(/^(Trước hạn|Đúng hạn|Quá hạn)$/), note: '',
    }]);

    const again = await as('clerk').must('forms.controlSheet', { dossierId });
    expect(again).toMatchObject({ reused: true, document: { id: a.document.id } });

    await at(2026, 3, 16, 9);
    await as('officer').must('workflow.submitForApproval', { operationId: op(), dossierId, toUserId: ids.leader });
    const b = await as('leader').must('forms.controlSheet', { dossierId });
    expect(b).toMatchObject({ handOvers: 2, reused: false });
    expect(b.document.id).not.toBe(a.document.id);
    const rows = await sheetRows(b.document.id);
    expect(rows.map((r) => r.parties)).toEqual([
      'Giao: Nguyễn Thị Một Cửa (Cán bộ một cửa) Nhận: Trần Văn Tư Pháp (Cán bộ xử lý)',
      'Giao: Trần Văn Tư Pháp (Cán bộ xử lý) Nhận: Lê Văn Chủ Tịch (Lãnh đạo)',
    ]);
    // Not confirmed by the leader yet: the receipt is a blank to fill by hand.
    expect(rows[1]!.times).toBe('Giao: 09 giờ 00 phút, ngày 16/03/2026 Nhận: ………………');
    // Both sheets are the dossier's documents, in its detail.
    const detail = await as('clerk').must('dossiers.get', { id: dossierId });
    expect(detail.documents.filter((d: { kind: string }) => d.kind === 'form06').map((d: { id: string }) => d.id)).toEqual([a.document.id, b.document.id]);
  });

  it('answers NOT_FOUND in Vietnamese for a dossier that does not exist', async () => {
    const r = await as('clerk').call('forms.controlSheet', { dossierId: 'khong-co' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'NOT_FOUND', message: 'Không tìm thấy hồ sơ.' });
  });

  it('logs every print and reprint with the document\'s kind', async () => {
    const { document } = await as('clerk').must('forms.controlSheet', { dossierId: received[0]!.id });
    await as('clerk').must('printing.print', { documentId: document.id });
    await as('leader').must('printing.print', { documentId: document.id, copies: 2 });
    expect(printLog(document.id)).toEqual([
      { kind: 'form06', reprint: 0, ok: 1, dossierId: received[0]!.id },
      { kind: 'form06', reprint: 1, ok: 1, dossierId: received[0]!.id },
    ]);
    // The dossier's print log says which form and that the second was a reprint.
    const detail = await as('clerk').must('dossiers.get', { id: received[0]!.id });
    expect(detail.prints.filter((p: { documentId: string }) => p.documentId === document.id)).toEqual([
      expect.objectContaining({ kind: 'form06', reprint: false, copies: 1, ok: true, by: USERS.clerk.fullName }),
      expect.objectContaining({ kind: 'form06', reprint: true, copies: 2, ok: true, by: USERS.leader.fullName }),
    ]);
  });
});

describe('Mẫu 07 – forms.registerBook', () => {
  it('lists the period\'s received dossiers in order, as a document of the office and as a workbook', async () => {
    await at(2026, 4, 3, 8);
    const r = await as('clerk').must('forms.registerBook', { from: '2026-03-01', to: '2026-03-31', bookNumber: '01/2026' });
    expect(r).toMatchObject({ entries: 3, reused: false, document: { kind: 'form07', dossierId: null } });
    expect(r.xlsx.fileName).toBe('so-theo-doi-ho-so_quyen-01-2026_2026-03-01_2026-03-31.xlsx');
    const text = await pdfOf(r.document.id);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Quyển số: 01/2026');
    expect(text).toContain('Từ ngày 01/03/2026 đến ngày 31/03/2026');
    expect(text).toContain('Số hồ sơ vào sổ: 3');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2 + 3);
    expect([3, 4, 5].map((n) => ws.getRow(n).getCell(2).value)).toEqual(received.map((d) => `${d.number} (số tạm)`));
    // Received at 09:00 Vietnam time on 9 March: the cell holds that wall time.
    expect((ws.getRow(3).getCell(8).value as Date).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // Handed over at 15:00 to the officer, who is named as the processing body.
    expect((ws.getRow(3).getCell(10).value as Date).toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(ws.getRow(3).getCell(7).value).toBe('Trần Văn Tư Pháp');
    expect(ws.getRow(3).getCell(14).value).toBe('Gia hạn');
    expect(ws.getRow(4).getCell(14).value).toBe('Dừng xử lý');

    const again = await as('leader').must('forms.registerBook', { from: '2026-03-01', to: '2026-03-31', bookNumber: '01/2026' });
    expect(again).toMatchObject({ reused: true, document: { id: r.document.id } });
    const other = await as('clerk').must('forms.registerBook', { from: '2026-03-01', to: '2026-04-30', bookNumber: '01/2026' });
    expect(other).toMatchObject({ entries: 4, reused: false });
  });

  it('is printed and reprinted like any document, each print logged with its kind and no dossier', async () => {
    const r = await as('clerk').must('forms.registerBook', { from: '2026-03-01', to: '2026-03-31', bookNumber: '01/2026' });
    const p = await as('clerk').must('printing.print', { documentId: r.document.id });
    expect(p.sheets).toBeGreaterThanOrEqual(1);
    await as('clerk').must('printing.print', { documentId: r.document.id });
    expect(printLog(r.document.id)).toEqual([
      { kind: 'form07', reprint: 0, ok: 1, dossierId: null },
      { kind: 'form07', reprint: 1, ok: 1, dossierId: null },
    ]);
    const books = await as('leader').must('forms.registerBooks', {});
    expect(books.find((b: { document: { id: string } }) => b.document.id === r.document.id)).toMatchObject({
      bookNumber: '01/2026', from: '2026-03-01', to: '2026-03-31', entries: 3, prints: 2,
    });
    const x = await as('leader').must('forms.registerBookXlsx', { documentId: r.document.id });
    expect(x.fileName).toBe(r.xlsx.fileName);
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('refuses a period that ends before it starts or is longer than a year, at the field, in Vietnamese', async () => {
    const back = await as('clerk').call('forms.registerBook', { from: '2026-03-31', to: '2026-03-01', bookNumber: '01/2026' });
    expect(back.ok).toBe(false);
    expect(back.error.code).toBe('VALIDATION');
    expect(back.error.fields).toEqual([expect.objectContaining({ field: 'to', message: expect.stringContaining('Ngày kết thúc trước ngày bắt đầu') })]);
    const long = await as('clerk').call('forms.registerBook', { from: '2025-01-01', to: '2026-03-01', bookNumber: '01/2026' });
    expect(long.error.fields[0]).toMatchObject({ field: 'to', message: expect.stringContaining('tối đa 366 ngày') });
    const noBook = await as('clerk').call('forms.registerBook', { from: '2026-03-01', to: '2026-03-31', bookNumber: '  ' });
    expect(noBook.error.fields[0]).toMatchObject({ field: 'bookNumber' });
    expect((await h.call('forms.registerBook', { from: '2026-03-01', to: '2026-03-31', bookNumber: '01/2026' }, 'not-a-session')).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('a form left pending by a crash', () => {
  it('is rendered at the next start', async () => {
    const s = h.core.services;
    const dossierId = received[2]!.id;
    await s.documents.renderer();
    const office = (await s.office.get())!;
    const row = await s.db.write(async (em) => {
      const dossier = (await em.findOneBy(DossierEntity, { id: dossierId }))!;
      return s.documents.reserve(em, form06Payload(dossier, office, [], clock.now()), dossierId, dossier.number, ids.clerk!, clock.now());
    });
    expect(row.state).toBe('pending');
    // The process ends before complete(): the row stays pending, no file.
    const dataDir = h.dataDir;
    await h.close();
    h = await startCore({ dataDir, clock });
    await at(2026, 4, 3, 9);
    const after = h.core.services.db.raw.prepare('SELECT state, sha256, size, path FROM document WHERE id = ?').get(row.id) as
      { state: string; sha256: string; size: number; path: string };
    expect(after.state).toBe('ready');
    expect(after.size).toBeGreaterThan(1000);
    const bytes = fs.readFileSync(h.core.services.documents.filePath({ ...row, path: after.path }));
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(after.sha256);
    expect(await pdfOf(row.id)).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  }, 120_000);
});
