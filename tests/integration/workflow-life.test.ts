// A dossier's whole life through the core (issue 10 items 1–3, 5): received → handed over → confirmed →
// completion requested (clock paused, form 02) → resumed (due date moved by the paused working time) →
// extended (form 04, original due date kept) → submitted → approved → result ready → confirmed at the
// counter → returned to an authorized person. Each step checked in the state, the lists and the timeline.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts, formatIsoVn } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';

const clock = new SettableClock(fromVnParts(2026, 3, 9, 9, 0)); // Monday 09:00
let h: Harness;
const staff = officeStaff(() => h);
const { users: USERS, ids, as } = staff;
let dossierId = '';
let version = '';

const op = () => crypto.randomUUID();
/** Moves the clock (Vietnam wall-clock time); sessions last 12 hours, so everyone logs in again. */
async function at(y: number, mo: number, d: number, hh: number, mi = 0) {
  clock.current = fromVnParts(y, mo, d, hh, mi);
  await staff.logInAgain();
}
const vnIso = (s: string | null) => (s ? formatIsoVn(new Date(s)) : null);

beforeAll(async () => {
  h = await startCore({ clock });
  await staff.create();
  version = await versionId(h, 'tình trạng hôn nhân');
  const received = await as('clerk').must('dossiers.receive', intake(version));
  dossierId = received.dossier.id;
}, 120_000);
afterAll(async () => { await h?.close(); });

describe('a dossier processed to its result', () => {
  it('is received at the counter, held by the clerk who received it', async () => {
    const s = await as('clerk').must('workflow.state', { dossierId });
    expect(s.stage).toBe('received');
    expect(s.holderId).toBe(ids.clerk);
    expect(s.originalDueAt).toBe(s.dueAt);
    expect(s.availableActions).toContain('handOver');
    expect((await as('officer').must('workflow.state', { dossierId })).availableActions).toEqual([]);
  });

  it('is handed to the officer, who sees it waiting for confirmation, then confirms', async () => {
    const targets = await as('clerk').must('workflow.assignees', { dossierId });
    expect(targets.map((t: { id: string }) => t.id)).toEqual([ids.officer]);
    // The counter's step is 4 working hours (the shipped catalogue): from 09:00 it ends at 15:00; handed over at 15:30, late.
    expect(vnIso((await as('clerk').must('workflow.state', { dossierId })).stepDueAt)).toBe('2026-03-09T15:00:00+07:00');
    await at(2026, 3, 9, 15, 30);
    const r = await as('clerk').must('workflow.handOver', { operationId: op(), dossierId, toUserId: ids.officer });
    expect(r.state.stage).toBe('handed-over');
    expect(r.state.status).toBe(2);
    expect(r.state.pendingHandOver).toMatchObject({ fromUserId: ids.clerk, toUserId: ids.officer, confirmedAt: null, outcome: 'late' });
    expect(vnIso(r.state.pendingHandOver.stepDueAt)).toBe('2026-03-09T15:00:00+07:00');
    const queue = await as('officer').must('workflow.myQueue', {});
    expect(queue.items.map((i: { dossierId: string }) => i.dossierId)).toEqual([dossierId]);
    expect(queue.items[0].marks).toMatchObject({ awaitingConfirmation: true, awaitingMyConfirmation: true });
    // The clerk cannot confirm for the officer: refused in the core, naming the state and the role.
    const refused = await as('clerk').call('workflow.confirmReceipt', { operationId: op(), dossierId });
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toContain('Đã chuyển, chờ người nhận xác nhận');
    expect(refused.error.message).toContain('Cán bộ một cửa');
    await at(2026, 3, 9, 16, 0);
    const c = await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId });
    expect(c.state).toMatchObject({ stage: 'processing', status: 4, holderId: ids.officer, pendingHandOver: null });
    expect(c.state.handOvers[0].confirmedBy).toBe(ids.officer);
  });

  it('pauses for completion (form 02) and resumes with the due date moved by the paused working time', async () => {
    const before = await as('officer').must('workflow.state', { dossierId });
    await at(2026, 3, 10, 16, 0); // Tuesday 16:00
    const p = await as('officer').must('workflow.requestCompletion', {
      operationId: op(), dossierId, reason: 'Thiếu bản sao giấy khai sinh', missingItems: [{ code: '', name: 'Bản sao giấy khai sinh', copyType: 'copy', quantity: 1 }],
    });
    expect(p.state).toMatchObject({ stage: 'completion-requested', status: 5, marks: { paused: true } });
    expect(p.document.kind).toBe('form02');
    await at(2026, 3, 13, 9, 0); // Friday 09:00: Tue 1 h + Wed 7.5 h + Thu 7.5 h + Fri 1.5 h = 17.5 h
    const r = await as('clerk').must('workflow.resume', { operationId: op(), dossierId });
    expect(r.state.stage).toBe('processing');
    const pause = r.state.dueChanges.find((d: { kind: string }) => d.kind === 'pause');
    expect(pause.pausedMinutes).toBe(17.5 * 60);
    expect(pause.previousDueAt).toBe(before.dueAt);
    expect(new Date(r.state.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());
    expect(r.state.originalDueAt).toBe(before.originalDueAt);
  });

  it('is extended with form 04, keeping the original due date and counting as extended', async () => {
    const before = await as('officer').must('workflow.state', { dossierId });
    const newDueAt = '2026-03-31T17:00:00+07:00';
    const r = await as('officer').must('workflow.extend', { operationId: op(), dossierId, newDueAt, reason: 'Cần xác minh nơi cư trú tại địa phương khác' });
    expect(vnIso(r.state.dueAt)).toBe(newDueAt);
    expect(r.state.originalDueAt).toBe(before.originalDueAt);
    expect(r.state.marks.extended).toBe(true);
    expect(r.document.kind).toBe('form04');
    const ext = r.state.dueChanges.find((d: { kind: string }) => d.kind === 'extension');
    expect(ext).toMatchObject({ previousDueAt: before.dueAt, documentId: r.document.id });
    const pdf = await as('officer').must('documents.content', { id: r.document.id });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf.base64, 'base64') }).toString();
    expect(text).toContain('31');
  });

  it('goes to the leader, is approved, comes back to the counter and is returned', async () => {
    await at(2026, 3, 16, 9, 0);
    const s = await as('officer').must('workflow.submitForApproval', { operationId: op(), dossierId, toUserId: ids.leader });
    expect(s.state).toMatchObject({ stage: 'awaiting-approval', holderId: ids.leader });
    expect((await as('officer').call('workflow.approve', { operationId: op(), dossierId })).error.code).toBe('FORBIDDEN');
    const a = await as('leader').must('workflow.approve', { operationId: op(), dossierId });
    expect(a.state).toMatchObject({ stage: 'approved', holderId: ids.officer });
    const ready = await as('officer').must('workflow.resultReady', { operationId: op(), dossierId });
    expect(ready.state).toMatchObject({ stage: 'result-ready', status: 9, holderName: 'Bộ phận một cửa' });
    expect((await as('clerk').must('workflow.myQueue', {})).items[0].marks.awaitingMyConfirmation).toBe(true);
    await as('clerk').must('workflow.confirmReceipt', { operationId: op(), dossierId });
    const bad = await as('clerk').call('workflow.returnResult', {
      operationId: op(), dossierId, method: 'counter', collector: { kind: 'authorized', fullName: 'Phạm Văn Ủy Quyền', idNumber: '12345' },
    });
    expect(bad.ok).toBe(false);
    expect(bad.error.fields[0].field).toBe('collector.idNumber');
    const done = await as('clerk').must('workflow.returnResult', {
      operationId: op(), dossierId, method: 'counter', collector: { kind: 'authorized', fullName: 'Phạm Văn Ủy Quyền', idNumber: '001090012345' }, satisfaction: 'satisfied',
    });
    expect(done.state).toMatchObject({ stage: 'returned', status: 10, returned: { collector: { kind: 'authorized', idNumber: '001090012345' }, satisfaction: 'satisfied' } });
    expect(done.state.availableActions).toEqual([]);
    const hand = done.state.handOvers.map((x: { fromUserId: string; toName: string; confirmedAt: string | null }) => [x.fromUserId, x.toName, !!x.confirmedAt]);
    expect(hand).toEqual([
      [ids.clerk, USERS.officer.fullName, true], [ids.officer, USERS.leader.fullName, true], [ids.leader, USERS.officer.fullName, true],
      [ids.officer, 'Bộ phận một cửa', true],
    ]);
  });

  it('has a timeline of every event, who and when', async () => {
    const t = await as('leader').must('workflow.timeline', { dossierId });
    const kinds = new Set(t.entries.map((e: { kind: string }) => e.kind));
    for (const k of ['status', 'handover', 'confirm', 'due-change', 'document', 'return']) expect(kinds).toContain(k);
    const at = t.entries.map((e: { at: string }) => e.at);
    expect([...at].sort()).toEqual(at);
  });

  it('a repeated operation id changes nothing and answers as the first call', async () => {
    const other = await as('clerk').must('dossiers.receive', intake(version));
    const id = crypto.randomUUID();
    const first = await as('clerk').must('workflow.handOver', { operationId: id, dossierId: other.dossier.id, toUserId: ids.officer });
    const events = (await as('clerk').must('dossiers.get', { id: other.dossier.id })).events.length;
    const again = await as('clerk').must('workflow.handOver', { operationId: id, dossierId: other.dossier.id, toUserId: ids.officer });
    expect(again.repeated).toBe(true);
    expect(again.state.handOvers).toHaveLength(first.state.handOvers.length);
    expect((await as('clerk').must('dossiers.get', { id: other.dossier.id })).events.length).toBe(events);
  });
});
