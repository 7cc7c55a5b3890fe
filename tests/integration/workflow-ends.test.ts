// The other ends of a dossier's life and its start online (issue 10 item 1): an online dossier (status 1)
// accepted at the counter starts its clock from its procedure; a dossier stopped with form 05 (reason and legal
// basis on the paper), one withdrawn while paused (the pause closed, the clock stopped), one refused; none of
// them is open any more, and the province is told each step.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoVn, fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';
import { officeStaff, STAFF } from '../support/staff';

const clock = new SettableClock(fromVnParts(2026, 3, 9, 9, 0));
let h: Harness;
let version = '';
// The counter and the officer only: no dossier here reaches the leader.
const staff = officeStaff(() => h, { clerk: STAFF.clerk, officer: STAFF.officer });
const { ids, as } = staff;
const op = () => crypto.randomUUID();
async function inProcessing(): Promise<string> {
  const id = (await as('clerk').must('dossiers.receive', intake(version))).dossier.id;
  await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: id, toUserId: ids.officer });
  await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId: id });
  return id;
}
const progressOf = (id: string) => h.core.services.db.read((em) => em.query(
  `SELECT json_extract(payload_json, '$.toStatus') AS s, json_extract(payload_json, '$.note') AS note FROM outbox WHERE dossier_id = ? AND kind = 'dossier.progress' ORDER BY seq`, [id]));

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create();
  version = await versionId(h, 'tình trạng hôn nhân');
}, 60_000);
afterAll(async () => { await h?.close(); });

describe('the start online and the ends of a dossier', () => {
  it('an online dossier is accepted at the counter: its due date counted from now by its procedure', async () => {
    const template = (await as('clerk').must('dossiers.receive', intake(version))).dossier.id;
    const online = crypto.randomUUID();
    await h.core.services.db.write(async (em) => {
      const cols = (await em.query(`PRAGMA table_info(dossier)`) as { name: string }[]).map((c) => c.name);
      const over: Record<string, string> = { id: '?', number: `'G09.20-20260309-0001'`, status: '1', channel: '2', operation_id: `'${op()}'`, lookup_code: `''`, due_at: 'NULL' };
      await em.query(`INSERT INTO dossier (${cols.join(', ')}) SELECT ${cols.map((c) => over[c] ?? c).join(', ')} FROM dossier WHERE id = ?`, [online, template]);
    });
    const before = await as('clerk').must('workflow.state', { dossierId: online });
    expect(before).toMatchObject({ stage: 'submitted', status: 1, dueAt: null, availableActions: ['accept', 'refuse'] });
    const r = await as('clerk').must('workflow.accept', { operationId: op(), dossierId: online });
    // Monday 09:00 + 3 working days: Thursday at the end of the day.
    expect(r.state).toMatchObject({ stage: 'received', status: 2, holderId: ids.clerk });
    expect(formatIsoVn(new Date(r.state.dueAt))).toBe('2026-03-12T17:00:00+07:00');
    expect(r.state.originalDueAt).toBe(r.state.dueAt);
    expect((await as('clerk').must('workflow.myQueue', {})).items.map((i: { dossierId: string }) => i.dossierId)).toContain(online);
  });

  it('a stop produces form 05 with the reason and the legal basis, and closes the dossier', async () => {
    const id = await inProcessing();
    const r = await as('officer').must('workflow.stop', {
      operationId: op(), dossierId: id, reason: 'Người yêu cầu đã có văn bản đề nghị dừng', legalBasis: 'Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP',
    });
    expect(r.state).toMatchObject({ stage: 'stopped', status: 8, availableActions: [], holderId: null });
    expect(r.document.kind).toBe('form05');
    const pdf = await as('officer').must('documents.content', { id: r.document.id });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf.base64, 'base64') }).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Nghị định 61/2018/NĐ-CP');
    expect(text).toContain('văn bản đề nghị dừng');
    expect((await progressOf(id)).at(-1)).toMatchObject({ s: 8 });
    expect((await as('officer').must('workflow.myQueue', {})).items.map((i: { dossierId: string }) => i.dossierId)).not.toContain(id);
  });

  it('a withdrawal while the clock is paused closes the pause and the dossier', async () => {
    const id = await inProcessing();
    await as('officer').must('workflow.requestCompletion', { operationId: op(), dossierId: id, reason: 'Thiếu bản sao giấy khai sinh' });
    clock.current = fromVnParts(2026, 3, 10, 10, 0);
    await staff.logInAgain();
    const r = await as('clerk').must('workflow.withdraw', { operationId: op(), dossierId: id, reason: 'Công dân có đơn xin rút hồ sơ' });
    expect(r.state).toMatchObject({ stage: 'withdrawn', status: 7, pausedAt: null, marks: { paused: false, overdue: false } });
    const pause = r.state.dueChanges.find((c: { kind: string }) => c.kind === 'pause');
    expect(pause.pausedTo).toBe(clock.current.toISOString());
    expect((await progressOf(id)).map((p: { s: number }) => p.s)).toEqual([2, 2, 4, 5, 7]);
  });

  it('a refusal at the counter ends it too; nothing can follow', async () => {
    const id = (await as('clerk').must('dossiers.receive', intake(version))).dossier.id;
    const r = await as('clerk').must('workflow.refuse', { operationId: op(), dossierId: id, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết' });
    expect(r.state).toMatchObject({ stage: 'refused', status: 3, availableActions: [] });
    const again = await as('clerk').call('workflow.handOver', { operationId: op(), dossierId: id, toUserId: ids.officer });
    expect(again.error.code).toBe('CONFLICT');
    expect(again.error.message).toContain('Không được tiếp nhận / từ chối giải quyết');
  });
});
