// Civil-status registration from the dossier to its result (issue 11 #1, #4): the draft takes the people from
// the dossier (a marriage's two parties), a marital-status confirmation is refused while one for the same person
// and purpose is valid, an extract copy and a correction cite a registered entry, the certificate's values, and
// the certificate becomes the dossier's result through the workflow (refused by the workflow before the leader's
// approval; then "result ready" with the event type's national result code).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, waitJob, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';

const clock = new SettableClock(fromVnParts(2026, 3, 16, 9, 0)); // Monday
let h: Harness;
const staff = officeStaff(() => h);
const { ids, as } = staff;
const op = () => crypto.randomUUID();
/** Set by the marital-status tests, run last: it moves the clock six months on. */
let expiredCheck: () => Promise<void> = async () => undefined;
async function at(d: Date) {
  clock.current = d;
  await staff.logInAgain();
}

async function versionOf(code: string): Promise<string> {
  const list = await as('clerk').must('procedures.search', { query: code, limit: 50 });
  return list.find((p: { code: string }) => p.code === code).id;
}
async function receive(code: string, over: Record<string, unknown> = {}): Promise<string> {
  return (await as('clerk').must('dossiers.receive', intake(await versionOf(code), over))).dossier.id;
}

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create();
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('marital-status confirmation', () => {
  const fields = (purpose: string, over: Record<string, string> = {}) => ({
    'subject.fullName': 'Trần Thị Hoà Bình', 'subject.birthDate': '1990-03-15', 'subject.sex': 'Nữ', 'subject.ethnicity': 'Kinh',
    'subject.nationality': 'Việt Nam', 'subject.idNumber': '001190012345', 'subject.residence': '12 Đội Cấn, Ba Đình, Hà Nội',
    'status.maritalStatus': 'Chưa đăng ký kết hôn với ai', 'status.purpose': purpose, ...over,
  });
  let dossierId = '';
  let first = '';

  it('is drafted from the applicant, and registered valid for 6 months', async () => {
    dossierId = await receive('1.004873');
    const draft = await as('officer').must('civilStatus.draft', { dossierId });
    expect(draft.eventType).toBe('marital-status');
    expect(draft.fields).toMatchObject({ 'subject.fullName': 'Trần Thị Hoà Bình', 'subject.idNumber': '001190012345', 'subject.birthDate': '1990-03-15', 'subject.nationality': 'Việt Nam' });
    expect(draft.proposedNumber).toBe(1);
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: draft.schema.version, fields: fields('Để đăng ký kết hôn với anh Nguyễn Văn Nam.') });
    expect(r.entry).toMatchObject({ validUntil: '2026-09-15', entryNumber: 1, bookLabel: '01/2026' });
    expect(r.entry.persons[0]).toMatchObject({ role: 'subject', fullName: 'Trần Thị Hoà Bình', idNumber: '001190012345', party: 'applicant' });
    first = r.entry.id;
  });

  it('refuses a second one for the same person and purpose while the first is valid (spaces, case and full stop aside)', async () => {
    const draft = await as('officer').must('civilStatus.draft', { dossierId });
    expect(draft.warnings.join(' ')).toContain('còn giá trị đến hết ngày 15/09/2026');
    const again = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('để  đăng ký kết hôn với anh Nguyễn Văn Nam') });
    expect(again.ok).toBe(false);
    expect(again.error.code).toBe('CONFLICT');
    expect(again.error.message).toContain('đã được cấp Giấy xác nhận tình trạng hôn nhân');
    expect(again.error.message).toContain('còn giá trị đến hết ngày 15/09/2026');
    // Another purpose is another paper.
    const other = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('Để bổ sung hồ sơ vay vốn ngân hàng') });
    expect(other.entry.entryNumber).toBe(2);
  });

  it('issues it again once the earlier one is cancelled', async () => {
    await as('officer').must('civilStatus.cancel', { entryId: first, reason: 'Giấy đã cấp bị hỏng khi in, cấp lại.' });
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('Để đăng ký kết hôn với anh Nguyễn Văn Nam') });
    expect(r.entry.entryNumber).toBe(3);
  });

  it('lets exactly one of two confirmations for the same purpose saved at the same time through', async () => {
    const results = await Promise.all([1, 2].map(() => as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('Để xuất cảnh định cư') })));
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)!.error.code).toBe('CONFLICT');
  });

  it('issues it again once the earlier one has expired (the day after its last valid day)', async () => {
    expiredCheck = async () => {
      const refused = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('Để đăng ký kết hôn với anh Nguyễn Văn Nam') });
      expect(refused.error.message).toContain('còn giá trị đến hết ngày 15/09/2026');
      await at(fromVnParts(2026, 9, 16, 9, 0));
      const later = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'marital-status', schemaVersion: 1, fields: fields('Để đăng ký kết hôn với anh Nguyễn Văn Nam') });
      expect(later.entry.validUntil).toBe('2027-03-15');
    };
  });
});

describe('a marriage registered and made the dossier result', () => {
  let dossierId = '';
  let entryId = '';

  it('drafts both spouses from the dossier: the applicant and the second party of the intake', async () => {
    dossierId = await receive('1.000894', {
      applicant: { fullName: 'Nguyễn Văn Nam', idNumber: '001095001234', birthDate: '02/09/1995', address: 'Thôn Đông, xã An Phú', phone: '', email: '' },
      parties: [{ role: 'spouse', fullName: 'Lê Thị Hoa', idNumber: '001197004321', birthDate: '20/11/1997', address: 'Thôn Tây, xã An Phú', phone: '' }],
      components: [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }],
    });
    const draft = await as('officer').must('civilStatus.draft', { dossierId });
    expect(draft.eventType).toBe('marriage');
    expect(draft.parties.map((p: { party: string; fullName: string }) => [p.party, p.fullName])).toEqual([['applicant', 'Nguyễn Văn Nam'], ['secondParty', 'Lê Thị Hoa']]);
    expect(draft.fields).toMatchObject({
      'husband.fullName': 'Nguyễn Văn Nam', 'husband.birthDate': '1995-09-02', 'husband.idNumber': '001095001234', 'husband.residence': 'Thôn Đông, xã An Phú',
      'wife.fullName': 'Lê Thị Hoa', 'wife.birthDate': '1997-11-20', 'wife.idNumber': '001197004321',
    });
    const r = await as('officer').must('civilStatus.register', {
      operationId: op(), dossierId, eventType: 'marriage', schemaVersion: draft.schema.version, fields: draft.fields,
      signerName: 'Lê Văn Chủ Tịch', signerTitle: 'CHỦ TỊCH',
    });
    entryId = r.entry.id;
    expect(r.entry.persons.map((p: { role: string; party: string }) => `${p.role}:${p.party}`)).toEqual(['husband:applicant', 'wife:secondParty']);
  });

  it('puts the bride on the wife\'s side when she handed the dossier in (the ID numbers\' sex digits say so)', async () => {
    const id = await receive('1.000894', {
      applicant: { fullName: 'Lê Thị Hoa', idNumber: '001197004321', birthDate: '20/11/1997', address: 'Thôn Tây, xã An Phú', phone: '', email: '' },
      parties: [{ role: 'spouse', fullName: 'Nguyễn Văn Nam', idNumber: '001095001234', birthDate: '02/09/1995', address: 'Thôn Đông, xã An Phú', phone: '' }],
      components: [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }],
    });
    const draft = await as('officer').must('civilStatus.draft', { dossierId: id });
    expect(draft.fields).toMatchObject({ 'husband.fullName': 'Nguyễn Văn Nam', 'husband.idNumber': '001095001234', 'wife.fullName': 'Lê Thị Hoa', 'wife.residence': 'Thôn Tây, xã An Phú' });
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId: id, eventType: 'marriage', schemaVersion: 1, fields: draft.fields });
    expect(r.entry.persons.map((p: { role: string; party: string }) => `${p.role}:${p.party}`)).toEqual(['husband:secondParty', 'wife:applicant']);
  });

  it('refuses a spouse under the legal age with the article named', async () => {
    const draft = await as('officer').must('civilStatus.draft', { dossierId });
    const r = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'marriage', schemaVersion: 1, fields: { ...draft.fields, 'wife.birthDate': '2009-01-01', 'wife.idNumber': '001309004321' } });
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields.map((f: { field: string }) => f.field)).toContain('wife.birthDate');
    expect(r.error.message).toContain('Điều 8 Luật Hôn nhân và gia đình');
  });

  it('gives the certificate its values: figures, words, Số/Quyển số, place and date', async () => {
    const c = await as('clerk').must('civilStatus.certificateFields', { entryId });
    expect(c.values).toMatchObject({
      'husband.fullName': 'Nguyễn Văn Nam', 'husband.birthDate': '02/09/1995',
      'husband.birthDate.words': 'ngày hai tháng chín năm một nghìn chín trăm chín mươi lăm',
      'registration.number': '1', 'registration.book': '01/2026', 'registration.bookNumber': '01',
      'registration.date': '16/03/2026', 'registration.dateWords': 'ngày mười sáu tháng ba năm hai nghìn không trăm hai mươi sáu',
      'signer.name': 'Lê Văn Chủ Tịch', 'document.title': 'GIẤY CHỨNG NHẬN KẾT HÔN',
    });
    expect(c.values['registration.placeDate']).toMatch(/, ngày 16 tháng 3 năm 2026$/);
  });

  it('is refused as the result before the leader has approved (the workflow decides), then moves the dossier to result ready', async () => {
    await as('clerk').must('workflow.handOver', { operationId: op(), dossierId, toUserId: ids.officer });
    await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId });
    const early = await as('officer').call('civilStatus.resultReady', { operationId: op(), entryId });
    expect(early.ok).toBe(false);
    expect(early.error.message).toContain('Đang xử lý');
    expect((await as('officer').must('civilStatus.get', { id: entryId })).resultCode).toBe('');
    await as('officer').must('workflow.submitForApproval', { operationId: op(), dossierId, toUserId: ids.leader });
    await as('leader').must('workflow.approve', { operationId: op(), dossierId });
    const operationId = op();
    const r = await as('officer').must('civilStatus.resultReady', { operationId, entryId });
    expect(r).toMatchObject({ resultCode: 'KQ.G15.000032', resultName: 'Giấy chứng nhận kết hôn', stage: 'result-ready', status: 9, repeated: false });
    expect(r.entry.resultCode).toBe('KQ.G15.000032');
    const again = await as('officer').must('civilStatus.resultReady', { operationId, entryId });
    expect(again.repeated).toBe(true);
    const timeline = await as('leader').must('workflow.timeline', { dossierId });
    expect(timeline.entries.some((e: { toStatus: number | null; title: string }) => e.toStatus === 9 && e.title.includes('Giấy chứng nhận kết hôn (KQ.G15.000032), Số 1, Quyển số 01/2026'))).toBe(true);
    // The paper is then digitized as the dossier's result (kind 1): the scanning flow offers it as a result target.
    const detail = await as('clerk').must('dossiers.get', { id: dossierId });
    expect(detail.digitization.results[0]).toMatchObject({ code: 'KQ.G15.000032', name: 'Giấy chứng nhận kết hôn', state: 0 });
  });

  it('has the signed certificate digitized as the dossier\'s result (kind 1) by the scanning flow', async () => {
    // Any one-page PDF stands for the scan of the signed paper: the marriage register's printout.
    const books = await as('officer').must('civilStatus.books', { eventType: 'marriage' });
    const pdf = await as('officer').must('civilStatus.bookPdf', { bookId: books[0].id });
    const page = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'civil-result-')), 'giay-chung-nhan.pdf');
    fs.writeFileSync(page, Buffer.from(pdf.base64, 'base64'));
    let job = await as('clerk').must('scanning.openJob', { dossierId });
    expect(job.components.find((c: { code: string }) => c.code === 'KQ1')).toMatchObject({ kind: 1, name: 'Kết quả: Giấy chứng nhận kết hôn' });
    await as('clerk').must('scanning.importFiles', { jobId: job.id, component: 'KQ1', paths: [page] });
    job = await waitJob({ must: (m: string, i?: unknown) => as('clerk').must(m, i) }, job.id);
    expect(job.error).toBeNull();
    await as('clerk').must('scanning.save', { jobId: job.id });
    const detail = await as('clerk').must('dossiers.get', { id: dossierId });
    expect(detail.digitization.results[0]).toMatchObject({ code: 'KQ.G15.000032', name: 'Giấy chứng nhận kết hôn', state: 1, pageCount: 1 });
    expect(detail.digitization.resultDigitized).toBe(true);
  });
});

describe('extract copies and corrections cite a registered entry', () => {
  let birthId = '';

  it('registers a birth late (after 60 days: noted, not refused)', async () => {
    const dossierId = await receive('1.001193', { fee: { eventDate: '2025-12-01' } });
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'birth', schemaVersion: 1, fields: {
      'child.fullName': 'Phạm Gia Bảo', 'child.sex': 'Nam', 'child.birthDate': '01/12/2025', 'child.birthPlace': 'Bệnh viện Phụ sản Hà Nội',
      'child.ethnicity': 'Kinh', 'child.nationality': 'Việt Nam', 'child.idNumber': '001225000111',
      'declarant.fullName': 'Trần Thị Hoà Bình',
    } });
    expect(r.entry.lateRegistration).toBe(true);
    expect(r.entry.fields['child.birthDate']).toBe('2025-12-01');
    expect(r.entry.warnings.map((w: { field: string }) => w.field)).toContain('child.birthDate');
    birthId = r.entry.id;
  });

  it('issues extract copies of it, the copies counted on the birth entry', async () => {
    const dossierId = await receive('2.000635');
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'extract-copy', schemaVersion: 1, fields: {
      'extract.entryId': birthId, 'extract.copies': '3', 'declarant.fullName': 'Trần Thị Hoà Bình',
    } });
    expect(r.entry).toMatchObject({ entryNumber: null, bookId: null, targetEntryId: birthId });
    const numbered = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'extract-copy', schemaVersion: 1,
      fields: { 'extract.entryId': birthId, 'extract.copies': '1', 'declarant.fullName': 'Trần Thị Hoà Bình' }, number: { mode: 'external', entryNumber: 5 } });
    expect(numbered.error.fields[0].field).toBe('number.entryNumber');
    expect((await as('clerk').must('civilStatus.get', { id: birthId })).copiesIssued).toBe(3);
    const c = await as('officer').must('civilStatus.certificateFields', { entryId: r.entry.id });
    expect(c.values['target.child.fullName']).toBe('Phạm Gia Bảo');
    expect(c.values['target.child.birthDate.words']).toBe('ngày một tháng mười hai năm hai nghìn không trăm hai mươi lăm');
    expect(c.values['target.registration.book']).toBe('01/2026');
    expect((await as('officer').must('civilStatus.logCopies', { entryId: birthId, copies: 2 })).copiesIssued).toBe(5);
  });

  it('records a correction with the old value taken from the entry, refusing a field the entry does not have', async () => {
    const dossierId = await receive('1.004859');
    const base = { 'change.kind': 'Cải chính', 'change.entryId': birthId, 'change.newValue': 'Phạm Gia Bảo Anh', 'change.reason': 'Sai sót khi ghi tên', 'declarant.fullName': 'Trần Thị Hoà Bình' };
    const bad = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'change', schemaVersion: 1, fields: { ...base, 'change.fieldKey': 'child.nickname' } });
    expect(bad.error.fields[0].field).toBe('change.fieldKey');
    const r = await as('officer').must('civilStatus.register', { operationId: op(), dossierId, eventType: 'change', schemaVersion: 1, fields: { ...base, 'change.fieldKey': 'child.fullName' } });
    expect(r.entry.fields).toMatchObject({ 'change.oldValue': 'Phạm Gia Bảo', 'change.fieldLabel': 'Họ, chữ đệm, tên' });
    // The register keeps what was registered; the papers issued from now on print the corrected name.
    const corrected = await as('clerk').must('civilStatus.get', { id: birthId });
    expect(corrected.fields['child.fullName']).toBe('Phạm Gia Bảo');
    expect(corrected.changes).toEqual([expect.objectContaining({ entryId: r.entry.id, kind: 'Cải chính', fieldKey: 'child.fullName', oldValue: 'Phạm Gia Bảo', newValue: 'Phạm Gia Bảo Anh' })]);
    const book = await as('clerk').must('civilStatus.bookXlsx', { bookId: corrected.bookId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(book.base64, 'base64') as unknown as ArrayBuffer);
    const notes = wb.worksheets[0]!.getColumn(wb.worksheets[0]!.columnCount).values.map(String).join(' | ');
    expect(notes).toContain('Cải chính ngày 16/03/2026: Họ, chữ đệm, tên "Phạm Gia Bảo" → "Phạm Gia Bảo Anh"');
    expect((await as('clerk').must('civilStatus.certificateFields', { entryId: birthId })).values['child.fullName']).toBe('Phạm Gia Bảo Anh');
    const copyDossier = await receive('2.000635');
    const copy = await as('officer').must('civilStatus.register', { operationId: op(), dossierId: copyDossier, eventType: 'extract-copy', schemaVersion: 1, fields: {
      'extract.entryId': birthId, 'extract.copies': '1', 'declarant.fullName': 'Trần Thị Hoà Bình',
    } });
    expect((await as('clerk').must('civilStatus.certificateFields', { entryId: copy.entry.id })).values['target.child.fullName']).toBe('Phạm Gia Bảo Anh');
    const found = await as('clerk').must('civilStatus.search', { query: 'pham gia bao', eventType: 'birth' });
    expect(found.map((e: { id: string }) => e.id)).toEqual([birthId]);
    // By its number in the book (Số), as the picker's hint says, and by the ID number's last digits.
    const byNumber = await as('clerk').must('civilStatus.search', { query: String(corrected.entryNumber), eventType: 'birth' });
    expect(byNumber.map((e: { id: string }) => e.id)).toContain(birthId);
    expect((await as('clerk').must('civilStatus.search', { query: '000111' })).map((e: { id: string }) => e.id)).toEqual([birthId]);
  });

  it('refuses an event type that is not the dossier procedure\'s', async () => {
    const dossierId = await receive('1.000656', { fee: { eventDate: '2026-03-10', line: 0 } });
    const r = await as('officer').call('civilStatus.register', { operationId: op(), dossierId, eventType: 'birth', schemaVersion: 1, fields: {} });
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('Đăng ký khai tử');
  });
});

describe('six months later', () => {
  it('a marital-status confirmation for the same purpose is issued again', async () => { await expiredCheck(); });
});
