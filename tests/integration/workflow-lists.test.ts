// The lists of open dossiers (issue 10 items 3, 5): Việc của tôi sorted by working time left with its marks
// (overdue, due today, paused, waiting for my confirmation), Toàn cơ quan by holder with the late first, the
// warnings, and Trả kết quả's search by what the counter has (the slip's QR as a scanner types it, a former
// provisional number, an ID number, a name). The PC runs in Los Angeles: "today" is still the 9th there when
// it is already the 10th in Vietnam, and the marks must follow Vietnam.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQrContent } from '../../main/documents/qr';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';
import { officeStaff, STAFF } from '../support/staff';

const ORIGINAL_TZ = process.env.TZ;
process.env.TZ = 'America/Los_Angeles';

const clock = new SettableClock(fromVnParts(2026, 3, 4, 9, 0));
let h: Harness;
let version = '';
// A second officer: Toàn cơ quan groups by holder.
const staff = officeStaff(() => h, {
  clerk: STAFF.clerk,
  officer: STAFF.officer,
  officer2: { username: 'hotich', fullName: 'Đỗ Thị Hộ Tịch', password: 'matkhau-345', role: 'officer' },
  leader: STAFF.leader,
});
const { users: USERS, ids, as } = staff;
type Who = keyof typeof USERS;
const d: Record<string, { id: string; number: string; lookupCode?: string }> = {};
const op = () => crypto.randomUUID();
async function at(y: number, mo: number, day: number, hh: number, mi = 0) {
  clock.current = fromVnParts(y, mo, day, hh, mi);
  await staff.logInAgain();
}
/** Received now (3 working days), handed to the officer who confirms; returns the dossier. */
let serial = 0;
async function processing(name: string, applicant: string, officer: Who = 'officer') {
  const idNumber = `0011900${String(++serial).padStart(5, '0')}`;
  const r = await as('clerk').must('dossiers.receive', intake(version, { applicant: { fullName: applicant, idNumber, birthDate: '', address: '', phone: '', email: '' } }));
  await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: r.dossier.id, toUserId: ids[officer] });
  await as(officer).must('workflow.confirmReceipt', { operationId: op(), dossierId: r.dossier.id });
  d[name] = { id: r.dossier.id, number: r.dossier.number };
}

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create({ logIn: false }); // everyone logs in at the first at()
  version = await versionId(h, 'tình trạng hôn nhân');
  await at(2026, 3, 4, 9); await processing('late', 'Phạm Văn Trễ Hạn'); // due Mon 9/3 17:00
  await at(2026, 3, 5, 9); await processing('today', 'Hoàng Thị Hôm Nay'); // due Tue 10/3 17:00
  await at(2026, 3, 6, 9); await processing('paused', 'Vũ Văn Tạm Dừng'); // due Wed 11/3, paused below
  await as('officer').must('workflow.requestCompletion', { operationId: op(), dossierId: d.paused!.id, reason: 'Thiếu bản sao giấy khai sinh' });
  await at(2026, 3, 9, 9); await processing('later', 'Đặng Thị Còn Hạn'); // due Thu 12/3
  await processing('other', 'Bùi Văn Người Khác', 'officer2');
  // Handed over to the officer, not confirmed yet.
  const waiting = await as('clerk').must('dossiers.receive', intake(version, { applicant: { fullName: 'Ngô Thị Chờ Nhận', idNumber: '001190099999', birthDate: '', address: '', phone: '', email: '' } }));
  await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: waiting.dossier.id, toUserId: ids.officer });
  d.waiting = { id: waiting.dossier.id, number: waiting.dossier.number };
  // One result back at the counter, to be found by its slip's QR.
  await processing('ready', 'Lý Văn Nhận Kết Quả');
  await as('officer').must('workflow.submitForApproval', { operationId: op(), dossierId: d.ready!.id });
  await as('leader').must('workflow.approve', { operationId: op(), dossierId: d.ready!.id });
  await as('officer').must('workflow.resultReady', { operationId: op(), dossierId: d.ready!.id });
  const ready = await h.core.services.db.read((em) => em.query(`SELECT lookup_code, procedure_code FROM dossier WHERE id = ?`, [d.ready!.id]));
  d.ready!.lookupCode = ready[0].lookup_code;
  // Tuesday 07:45 in Vietnam: Monday 17:45 on the PC in Los Angeles.
  await at(2026, 3, 10, 7, 45);
}, 120_000);
afterAll(async () => { await h?.close(); process.env.TZ = ORIGINAL_TZ; });

describe('Việc của tôi', () => {
  it('lists the officer\'s dossiers by working time left, with the marks computed in Vietnam time', async () => {
    expect(new Date(clock.current).getDate()).toBe(9); // the PC's own calendar still says the 9th
    const q = await as('officer').must('workflow.myQueue', {});
    const order = q.items.map((i: { dossierId: string }) => Object.entries(d).find(([, v]) => v.id === i.dossierId)?.[0]);
    // Both due Thursday 17:00: 22.25 working hours left; the paused one keeps what it had left when paused on
    // Friday at 09:00 (6 h that day + 3 × 7.5 h = 28.5 h), however long it waits.
    expect(order.slice(0, 2)).toEqual(['late', 'today']);
    expect(order.slice(2, 4).sort()).toEqual(['later', 'waiting']);
    expect(order[4]).toBe('paused');
    const by = (name: string) => q.items.find((i: { dossierId: string }) => i.dossierId === d[name]!.id);
    expect(by('late').marks).toMatchObject({ overdue: true, dueToday: false });
    expect(by('late').timeLeftMinutes).toBe(-15); // 07:30–07:45 Tuesday: late by a quarter of an hour of working time
    expect(by('today').marks).toMatchObject({ dueToday: true, overdue: false });
    expect(by('today').timeLeftMinutes).toBe(7.5 * 60 - 15);
    expect(by('paused').marks).toMatchObject({ paused: true, overdue: false, dueToday: false });
    expect(by('paused').timeLeftMinutes).toBe(28.5 * 60);
    expect(by('later').timeLeftMinutes).toBe(22.25 * 60);
    expect(by('waiting').marks).toMatchObject({ awaitingMyConfirmation: true });
    expect(q.counts).toMatchObject({ open: 5, overdue: 1, dueToday: 1, paused: 1, awaitingConfirmation: 1 });
    expect(by('late').applicantName).toBe('Phạm Văn Trễ Hạn');
  });

  it('the counter sees the result waiting for its confirmation; the warnings count mine and the office\'s', async () => {
    const q = await as('clerk').must('workflow.myQueue', {});
    const ready = q.items.find((i: { dossierId: string }) => i.dossierId === d.ready!.id);
    expect(ready.marks).toMatchObject({ awaitingMyConfirmation: true, overdue: false });
    expect(ready.timeLeftMinutes).toBeNull();
    expect(await as('officer').must('workflow.warnings')).toEqual({ mine: { dueToday: 1, overdue: 1, awaitingMyConfirmation: 1 }, office: { dueToday: 1, overdue: 1 } });
  });
});

describe('Toàn cơ quan', () => {
  it('groups the open dossiers by holder, the late ones first, with counts', async () => {
    const o = await as('leader').must('workflow.officeOverview', {});
    expect(o.holders[0]).toMatchObject({ holderId: ids.officer, holderName: USERS.officer.fullName, overdue: 1, dueToday: 1, open: 5 });
    expect(o.holders[0].dossiers[0].dossierId).toBe(d.late!.id);
    expect(o.holders.map((x: { holderName: string }) => x.holderName)).toContain('Bộ phận một cửa');
    expect(o.totals).toMatchObject({ open: 7, overdue: 1, dueToday: 1, paused: 1 });
  });
});

describe('Trả kết quả: find the dossier', () => {
  it('by the slip\'s QR content as the scanner types it, with or without the look-up page', async () => {
    const subject = { dossierNumber: d.ready!.number, procedureCode: '1.004873', lookupCode: d.ready!.lookupCode };
    for (const typed of [buildQrContent(subject), buildQrContent(subject, 'https://dichvucong.example.vn/tra-cuu')]) {
      const r = await as('clerk').must('workflow.findForReturn', { query: typed });
      expect(r.matchedBy).toBe('qr');
      expect(r.items.map((i: { id: string }) => i.id)).toEqual([d.ready!.id]);
      expect(r.items[0]).toMatchObject({ stage: 'result-ready', ready: true });
    }
    // The code typed by hand in lower case with O for 0 still finds it (Crockford's decoding).
    const handTyped = `maTraCuu=${d.ready!.lookupCode!.toLowerCase().replace(/0/g, 'o')}`;
    expect((await as('clerk').must('workflow.findForReturn', { query: handTyped })).items[0]?.id).toBe(d.ready!.id);
  });

  it('by number, ID number or name; nothing found is said as such', async () => {
    expect((await as('clerk').must('workflow.findForReturn', { query: d.late!.number })).matchedBy).toBe('number');
    const byId = await as('clerk').must('workflow.findForReturn', { query: '0011 9009 9999' });
    expect(byId).toMatchObject({ matchedBy: 'id-number' });
    expect(byId.items[0].id).toBe(d.waiting!.id);
    const byName = await as('clerk').must('workflow.findForReturn', { query: 'ly van nhan' });
    expect(byName.matchedBy).toBe('name');
    expect(byName.items[0]).toMatchObject({ id: d.ready!.id, ready: true });
    expect(await as('clerk').must('workflow.findForReturn', { query: 'maHoSo=KHONG-CO&maTraCuu=ZZZZZZZZZZZZ' })).toEqual({ matchedBy: 'none', items: [] });
  });
});
