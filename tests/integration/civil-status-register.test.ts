// Civil-status registers through the core (issue 11 #2): numbers under concurrent saves, idempotent saves, a
// number recorded from the Ministry's shared software (free → kept; colliding with a proposed one → refused in
// Vietnamese), the year boundary in Asia/Ho_Chi_Minh (Quyển số 01 again, last year's book closed on its
// 31 December), a full book, a cancelled entry kept in its book, and the register read back as PDF and Excel.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';

const clock = new SettableClock(fromVnParts(2026, 12, 31, 9, 0));
let h: Harness;
const staff = officeStaff(() => h);
const { users: USERS, as } = staff;
type Who = keyof typeof USERS;
let birthDossier = '';
async function at(d: Date) {
  clock.current = d;
  await staff.logInAgain();
}
export async function versionOf(harness: Harness, code: string): Promise<string> {
  const list = await harness.must('procedures.search', { query: code, limit: 50 });
  const v = list.find((p: { code: string }) => p.code === code);
  if (!v) throw new Error(`no procedure ${code}`);
  return v.id;
}
const birthFields = (name: string, over: Record<string, string> = {}) => ({
  'child.fullName': name, 'child.sex': 'Nữ', 'child.birthDate': '2026-12-20', 'child.birthPlace': 'Trạm Y tế xã An Phú, huyện Mỹ Đức, Hà Nội',
  'child.ethnicity': 'Kinh', 'child.nationality': 'Việt Nam', 'mother.fullName': 'Trần Thị Hoà Bình', 'mother.birthYear': '1990',
  'mother.ethnicity': 'Kinh', 'mother.nationality': 'Việt Nam', 'father.ethnicity': 'Kinh', 'father.nationality': 'Việt Nam',
  'declarant.fullName': 'Trần Thị Hoà Bình', 'declarant.relationship': 'Mẹ', ...over,
});
const register = (who: Who, fields: Record<string, string>, over: Record<string, unknown> = {}) =>
  as(who).call('civilStatus.register', { operationId: crypto.randomUUID(), dossierId: birthDossier, eventType: 'birth', schemaVersion: 1, fields, ...over });

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create();
  birthDossier = (await as('clerk').must('dossiers.receive', intake(await versionOf(h, '1.001193'), { fee: { eventDate: '2026-12-20' } }))).dossier.id;
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('numbering in the register book', () => {
  let bookId = '';

  it('gives concurrent saves through the core different numbers 1…n in Quyển số 01/2026', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => register('officer', birthFields(`Nguyễn Thị Con ${i + 1}`))));
    for (const r of results) expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const entries = results.map((r) => r.data.entry);
    expect(entries.map((e) => e.entryNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.bookId)).size).toBe(1);
    expect(entries[0].bookLabel).toBe('01/2026');
    expect(entries.every((e) => e.numberSource === 'proposed' && e.registeredOn === '2026-12-31')).toBe(true);
    bookId = entries[0].bookId;
  });

  it('answers a repeated operation id with the first entry and writes nothing', async () => {
    const operationId = crypto.randomUUID();
    const first = await register('officer', birthFields('Lê Văn Lặp'), { operationId });
    const again = await register('officer', birthFields('Lê Văn Lặp'), { operationId });
    expect(again.data.repeated).toBe(true);
    expect(again.data.entry.id).toBe(first.data.entry.id);
    expect(first.data.entry.entryNumber).toBe(13);
  });

  it('records a free number given by the shared software, and refuses one a proposed entry holds', async () => {
    const taken = await register('officer', birthFields('Phạm Văn Trùng'), { number: { mode: 'external', entryNumber: 12 } });
    expect(taken.ok).toBe(false);
    expect(taken.error.code).toBe('CONFLICT');
    expect(taken.error.message).toContain('Số 12 trong Quyển số 01/2026');
    expect(taken.error.message).toContain('đã dùng cho mục của Nguyễn Thị Con');
    expect(taken.error.fields[0].field).toBe('number.entryNumber');
    const wrongBook = await register('officer', birthFields('Phạm Văn Trùng'), { number: { mode: 'external', entryNumber: 40, bookNumber: 2 } });
    expect(wrongBook.error.message).toContain('Sổ đang mở là Quyển số 01/2026');
    const free = await register('officer', birthFields('Phạm Văn Ngoài'), { number: { mode: 'external', entryNumber: 40, bookNumber: 1 } });
    expect(free.data.entry).toMatchObject({ entryNumber: 40, numberSource: 'external', bookLabel: '01/2026' });
    // Proposed numbers go on after the highest used, so they never collide with a recorded one.
    expect((await register('officer', birthFields('Đỗ Văn Sau'))).data.entry.entryNumber).toBe(41);
    const again = await register('officer', birthFields('Phạm Văn Hai Lần'), { number: { mode: 'external', entryNumber: 40 } });
    expect(again.error.message).toContain('số đã ghi nhận');
  });

  it('keeps a cancelled entry in the book with its number and reason, and never reuses the number', async () => {
    const list = await as('officer').must('civilStatus.bookEntries', { bookId });
    const third = list.entries.find((e: { entryNumber: number }) => e.entryNumber === 3);
    const short = await as('officer').call('civilStatus.cancel', { entryId: third.id, reason: 'sai' });
    expect(short.ok).toBe(false);
    const cancelled = await as('officer').must('civilStatus.cancel', { entryId: third.id, reason: 'Đăng ký trùng với mục số 5 của cùng người.' });
    expect(cancelled).toMatchObject({ state: 'cancelled', entryNumber: 3, cancelReason: 'Đăng ký trùng với mục số 5 của cùng người.', cancelledByName: USERS.officer.fullName });
    const twice = await as('leader').call('civilStatus.cancel', { entryId: third.id, reason: 'Hủy lần nữa để thử.' });
    expect(twice.error.code).toBe('CONFLICT');
    const after = await as('clerk').must('civilStatus.bookEntries', { bookId });
    expect(after.total).toBe(15);
    expect(after.entries.find((e: { entryNumber: number }) => e.entryNumber === 3).state).toBe('cancelled');
    expect((await register('officer', birthFields('Vũ Văn Mới'))).data.entry.entryNumber).toBe(42);
  });

  it('prints the register as a PDF that reads back, cancelled entry marked', async () => {
    const pdf = await as('leader').must('civilStatus.bookPdf', { bookId });
    expect(pdf.fileName).toBe('so-birth-2026-quyen-01.pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'civil-book-')), pdf.fileName);
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    if (process.env.DEBUG_PDF) console.log(text);
    expect(text).toContain('SỔ ĐĂNG KÝ KHAI SINH — Quyển số 01/2026');
    expect(text).toContain('Lê Văn Lặp');
    expect(text).toMatch(/^\s*3\s+31\/12\/.*ĐÃ HỦY:/m);
    expect(text).toMatch(/^\s*40\s+31\/12\/.*Số theo phần/m);
    expect(text).toContain('20/12/2026');
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/Tinos/);
  });

  it('exports the register to Excel with numbers as numbers and dates as dates', async () => {
    const x = await as('clerk').must('civilStatus.bookXlsx', { bookId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header[0]).toBe('Số');
    const col = (label: string) => header.indexOf(label) + 1;
    const rows = Array.from({ length: ws.rowCount - 2 }, (_, i) => ws.getRow(i + 3));
    expect(rows).toHaveLength(16);
    const third = rows.find((r) => r.getCell(1).value === 3)!;
    expect(typeof third.getCell(1).value).toBe('number');
    expect(third.getCell(col('Ghi chú')).value).toContain('ĐÃ HỦY');
    const birth = third.getCell(col('Ngày, tháng, năm sinh')).value;
    expect(birth).toBeInstanceOf(Date);
    expect((birth as Date).toISOString().slice(0, 10)).toBe('2026-12-20');
    expect(third.getCell(col('Ngày, tháng, năm sinh')).numFmt).toBe('dd/mm/yyyy');
    expect((third.getCell(col('Ngày đăng ký')).value as Date).toISOString().slice(0, 10)).toBe('2026-12-31');
  });

  it('opens Quyển số 01/2027 at 00:01 on 1 January in Vietnam (still 31 December in UTC) and closes 2026 on its 31 December', async () => {
    await at(fromVnParts(2026, 12, 31, 23, 59));
    expect((await register('officer', birthFields('Cuối Năm'))).data.entry.bookLabel).toBe('01/2026');
    await at(fromVnParts(2027, 1, 1, 0, 1));
    expect(clock.current.toISOString()).toBe('2026-12-31T17:01:00.000Z');
    const results = await Promise.all([1, 2, 3].map((i) => register('officer', birthFields(`Đầu Năm ${i}`, { 'child.birthDate': '2026-12-25' }))));
    expect(results.map((r) => r.data.entry.bookLabel)).toEqual(['01/2027', '01/2027', '01/2027']);
    expect(results.map((r) => r.data.entry.entryNumber).sort()).toEqual([1, 2, 3]);
    expect(results[0].data.entry.registeredOn).toBe('2027-01-01');
    const books = await as('leader').must('civilStatus.books', { eventType: 'birth' });
    const old = books.find((b: { year: number }) => b.year === 2026);
    expect(old).toMatchObject({ closedReason: 'year-end', closedAt: '2026-12-31T17:00:00.000Z', nextNumber: null, entryCount: 17 });
    expect(books.find((b: { year: number }) => b.year === 2027)).toMatchObject({ bookNumber: 1, closedAt: null, nextNumber: 4 });
  });

  it('opens the next Quyển số when the book is full (its capacity is data on the book), refusing a recorded number past it', async () => {
    const first = (await register('officer', birthFields('Sổ Đầy Một'))).data.entry;
    expect(first).toMatchObject({ bookLabel: '01/2027', entryNumber: 4 });
    await h.core.services.db.write((em) => em.query(`UPDATE civil_book SET capacity = 5 WHERE id = ?`, [first.bookId]));
    const past = await register('officer', birthFields('Số Ngoài Sổ'), { number: { mode: 'external', entryNumber: 6 } });
    expect(past.error.message).toContain('có 5 số: số 6 vượt quá sổ');
    expect((await register('officer', birthFields('Sổ Đầy Năm'))).data.entry).toMatchObject({ bookLabel: '01/2027', entryNumber: 5 });
    const next = (await register('officer', birthFields('Quyển Mới'))).data.entry;
    expect(next).toMatchObject({ bookLabel: '02/2027', entryNumber: 1 });
    const books = await as('leader').must('civilStatus.books', { year: 2027, eventType: 'birth' });
    expect(books.map((b: { label: string; closedReason: string | null }) => [b.label, b.closedReason])).toEqual([['01/2027', 'full'], ['02/2027', null]]);
  });

  it('refuses a second use of a number in the database itself (the UNIQUE index behind the transaction)', async () => {
    const [row] = await h.core.services.db.read((em) => em.query(`SELECT * FROM civil_entry WHERE entry_number = 1 AND book_id IS NOT NULL LIMIT 1`));
    await expect(h.core.services.db.write((em) => em.query(
      `INSERT INTO civil_entry (id, operation_id, event_type, schema_version, fields_json, book_id, entry_number, number_source, registered_on, registered_at, registered_by)
       VALUES (?, ?, 'birth', 1, '{}', ?, 1, 'external', ?, ?, ?)`, [crypto.randomUUID(), crypto.randomUUID(), row.book_id, row.registered_on, row.registered_at, row.registered_by]))).rejects.toThrow(/UNIQUE/);
  });

  it('closes a book by hand and opens the next Quyển số of the year; refuses closing it twice', async () => {
    const books = await as('leader').must('civilStatus.books', { year: 2027, eventType: 'birth' });
    const open = books.find((b: { closedAt: string | null }) => !b.closedAt);
    const closed = await as('leader').must('civilStatus.closeBook', { bookId: open.id });
    expect(closed).toMatchObject({ label: '02/2027', closedReason: 'manual', nextNumber: null });
    expect((await as('officer').call('civilStatus.closeBook', { bookId: open.id })).error.code).toBe('CONFLICT');
    const next = (await register('officer', birthFields('Quyển Ba'))).data.entry;
    expect(next).toMatchObject({ bookLabel: '03/2027', entryNumber: 1 });
  });
});
