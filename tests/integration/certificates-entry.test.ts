// Certificates of entries registered through the civil-status API (issue 11 #3 with #1): a marriage received at
// the counter with both spouses and registered by the officer is previewed and printed from its entry id — the
// values are the register's (certificateFieldsOf), both spouses on the paper — the original once, a spoiled
// blank reprinted with its serial, an extract copy entry printing the cited marriage's values; the copies logged.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';

const OFFICER = { username: 'tuphap', fullName: 'Trần Văn Tư Pháp', password: 'matkhau-234', role: 'officer' };
const clock = new SettableClock(fromVnParts(2026, 3, 16, 9, 0));
let h: Harness;
let officer = '';
let entryId = '';
const op = () => crypto.randomUUID();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cert-entry-'));
const text = (base64: string) => {
  const file = path.join(dir, `${op()}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).normalize('NFC');
};
const as = (method: string, input: unknown = {}) => h.must(method, input, officer);

beforeAll(async () => {
  h = await startCore({ clock });
  await h.must('users.create', OFFICER);
  officer = (await h.must('auth.login', { username: OFFICER.username, password: OFFICER.password })).sessionToken;
  const list = await h.must('procedures.search', { query: '1.000894', limit: 50 });
  const versionId = list.find((p: { code: string }) => p.code === '1.000894').id;
  const dossierId = (await h.must('dossiers.receive', intake(versionId, {
    applicant: { fullName: 'Nguyễn Văn Nam', idNumber: '001095001234', birthDate: '02/09/1995', address: 'Thôn Đông, xã An Phú', phone: '', email: '' },
    parties: [{ role: 'spouse', fullName: 'Lê Thị Hoa', idNumber: '001197004321', birthDate: '20/11/1997', address: 'Thôn Tây, xã An Phú', phone: '' }],
    components: [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }],
  }))).dossier.id;
  const draft = await as('civilStatus.draft', { dossierId });
  const r = await as('civilStatus.register', {
    operationId: op(), dossierId, eventType: 'marriage', schemaVersion: draft.schema.version, fields: draft.fields,
    signerName: 'Lê Văn Chủ Tịch', signerTitle: 'CHỦ TỊCH',
  });
  entryId = r.entry.id;
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('certificates of registered entries', () => {
  it('the preview of the entry prints the register\'s values: both spouses, Số and Quyển số, the signer', async () => {
    const r = await as('certificates.preview', { kind: 'marriage', entryId });
    const t = text(r.pdf.base64);
    expect(t).toContain('NGUYỄN VĂN NAM');
    expect(t).toContain('LÊ THỊ HOA');
    expect(t).toContain('02/09/1995');
    expect(t).toContain('01/2026');
    expect(t).toContain('Lê Văn Chủ Tịch');
    // Asking for another paper than the entry's is refused with what it prints.
    const wrong = await h.call('certificates.preview', { kind: 'birth', entryId }, officer);
    expect(wrong.error).toMatchObject({ code: 'VALIDATION', message: 'Mục đăng ký này in Giấy chứng nhận kết hôn, không phải Giấy khai sinh.' });
  });

  it('prints the original once, reprints a spoiled blank with its serial, logs every copy by entry and by day', async () => {
    const first = await as('certificates.print', { entryId, copyKind: 'original', printer: 'Test-A4', blankSerial: 'KH-0001' });
    expect(first.issue).toMatchObject({ kind: 'marriage', copyKind: 'original', blankSerial: 'KH-0001', userName: OFFICER.fullName, dossierId: expect.any(String) });
    expect(h.printer.jobs.at(-1)).toMatchObject({ printer: 'Test-A4', copies: 1 });
    const again = await h.call('certificates.print', { entryId, copyKind: 'original', printer: 'Test-A4' }, officer);
    expect(again.error?.code).toBe('CONFLICT');
    const reprint = await as('certificates.reprintSpoiled', { issueId: first.issue.id, spoiledSerial: 'KH-0001', blankSerial: 'KH-0002' });
    expect(reprint.issue).toMatchObject({ reprintOf: first.issue.id, blankSerial: 'KH-0002' });
    await as('certificates.print', { entryId, copyKind: 'extract', copies: 2, printer: 'Test-A4' });
    const byEntry = await as('certificates.issues', { entryId });
    expect(byEntry.totals).toEqual({ original: 1, extract: 2, spoiled: 1, failed: 0 });
    expect(byEntry.issues[0]).toMatchObject({ spoiled: true, spoiledSerial: 'KH-0001', charged: false });
    const byDay = await as('certificates.issues', { day: '2026-03-16' });
    expect(byDay.issues).toHaveLength(3);
  });

  it('an extract copy entry prints the cited marriage as an extract', async () => {
    const list = await h.must('procedures.search', { query: '2.000635', limit: 50 });
    const versionId = list.find((p: { code: string }) => p.code === '2.000635')?.id;
    expect(versionId).toBeDefined();
    const dossierId = (await h.must('dossiers.receive', intake(versionId, {
      components: [{ code: 'TK', name: 'Tờ khai cấp bản sao trích lục', copyType: 'original', quantity: 1 }],
    }))).dossier.id;
    const draft = await as('civilStatus.draft', { dossierId, eventType: 'extract-copy' });
    const r = await as('civilStatus.register', {
      operationId: op(), dossierId, eventType: 'extract-copy', schemaVersion: draft.schema.version,
      fields: { ...draft.fields, 'extract.entryId': entryId, 'extract.copies': '1', 'extract.purpose': 'Bổ sung hồ sơ' },
      signerName: 'Phạm Thị Phó', signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH',
    });
    const printed = await as('certificates.print', { entryId: r.entry.id, copyKind: 'extract', printer: 'Test-A4' });
    expect(printed.issue).toMatchObject({ kind: 'marriage-extract', kindName: 'Trích lục kết hôn', copyKind: 'extract', copies: 1 });
    const fields = (await as('certificates.preview', { kind: 'marriage', entryId: r.entry.id })).pdf.base64;
    const t = text(fields);
    expect(t).toContain('NGUYỄN VĂN NAM');
    expect(t).toContain('Phạm Thị Phó');
  });
});
