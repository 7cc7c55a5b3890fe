// The province hears of every step of a dossier's life, in order, exactly once (issue 10): the reference
// portal (written from docs/portal-openapi.yaml) receives the progress entries (CapNhatTienDoHoSoMC) of
// receipt → hand-over → confirmation → completion requested → resumed → extension → approval → result ready
// → returned, and the dossier's record carries the pause and the extension with the due date before and
// after each (NgayHenTraTruoc / NgayHenTraMoi), the final status and the return date.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE } from '../support/fixtures';
import { intake, startCore, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';
import type { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, startPortal, until } from '../sync/support/portal';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-workflow-sync-'));
let h: Harness;
let portal: ReferencePortal;
const staff = officeStaff(() => h);
const { users: USERS, ids } = staff;
type Who = keyof typeof USERS | 'admin';
const must = (who: Who, method: string, input: unknown = {}) => staff.as(who).must(method, input);
const step = (who: Who, method: string, dossierId: string, extra: Record<string, unknown> = {}) =>
  must(who, method, { operationId: crypto.randomUUID(), dossierId, ...extra });
const drained = () => until(async () => (await must('admin', 'sync.status')).waiting === 0, 60_000, 'drained');

beforeAll(async () => {
  portal = await startPortal();
  h = await startCore({ dataDir, sync: {
    drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
  } });
  await staff.create();
  await must('admin', 'sync.setConfig', {
    enabled: true, baseUrl: portal.url, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 3000, inboundIntervalSec: 3600,
  });
}, 60_000);
afterAll(async () => { await h?.close(); await portal?.close(); });

describe('the province hears of a dossier\'s whole life', () => {
  it('receives every step\'s progress in order, once, with the pause and the extension on the dossier', async () => {
    const version = (await must('clerk', 'procedures.search', { query: '1.004873' }))[0].id;
    const id = (await must('clerk', 'dossiers.receive', intake(version))).dossier.id;
    await step('clerk', 'workflow.handOver', id, { toUserId: ids.officer });
    await step('officer', 'workflow.confirmReceipt', id);
    await step('officer', 'workflow.requestCompletion', id, { reason: 'Thiếu bản sao giấy khai sinh' });
    // Half way through, the drainer sends what it has: the rest must follow in order all the same.
    await drained();
    await step('clerk', 'workflow.resume', id);
    const before = await must('officer', 'workflow.state', { dossierId: id });
    const newDueAt = new Date(new Date(before.dueAt).getTime() + 7 * 86_400_000).toISOString();
    await step('officer', 'workflow.extend', id, { newDueAt, reason: 'Cần xác minh tại nơi cư trú trước đây' });
    await step('officer', 'workflow.submitForApproval', id);
    await step('leader', 'workflow.approve', id);
    await step('officer', 'workflow.resultReady', id);
    await step('clerk', 'workflow.confirmReceipt', id);
    await step('clerk', 'workflow.returnResult', id, { method: 'counter', collector: { kind: 'applicant', fullName: 'Trần Thị Hoà Bình', idNumber: '' }, satisfaction: 'satisfied' });
    await drained();

    const number = (await must('clerk', 'dossiers.get', { id })).number;
    const record = portal.store.record(number)!;
    const local = (await must('clerk', 'workflow.timeline', { dossierId: id })).entries.filter((e: { kind: string }) => e.kind === 'status');
    // One progress entry per status or workflow event, in the order they happened, each once.
    expect(record.TienDoXuLy.map((p) => p.NoiDungXuLy)).toEqual(local.map((e: { title: string }) => e.title));
    expect(record.TienDoXuLy.map((p) => p.TrangThai)).toEqual([2, 2, 4, 5, 4, 4, 4, 4, 9, 9, 10]);
    const times = record.TienDoXuLy.map((p) => p.ThoiDiemXuLy);
    expect([...times].sort()).toEqual(times);
    expect(record.TienDoXuLy[1]!.NoiDungXuLy).toContain(USERS.officer.fullName);
    expect(record.TienDoXuLy.every((p) => p.NguoiXuLy && p.NgayKetThucTheoQuyDinh)).toBe(true);
    // The dossier: returned, with the pause (closed) and the extension, each with the due date before and after.
    expect(record.TrangThaiHoSo).toBe(10);
    expect(record.NgayTra).toMatch(/^\d{14}$/);
    expect(record.DanhSachHoSoBoSung).toHaveLength(2);
    const [pause, extension] = record.DanhSachHoSoBoSung;
    expect(pause).toMatchObject({ NguoiYeuCauBoSung: USERS.officer.fullName, NoiDungBoSung: 'Thiếu bản sao giấy khai sinh' });
    expect(pause!.NgayTiepNhanBoSung).toMatch(/^\d{14}$/);
    expect(pause!.NgayHenTraMoi).toMatch(/^\d{14}$/);
    expect(extension!.NoiDungBoSung).toContain('Gia hạn');
    expect(extension!.NgayHenTraTruoc).toBe(pause!.NgayHenTraMoi);
    expect(extension!.NgayHenTraMoi).toBe(record.NgayHenTra);
  }, 120_000);
});
