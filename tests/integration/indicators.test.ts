// The office's indicators (issue 10 item 6) computed from an office's real data: dossiers received at the
// counter, digitized through the Số hóa import, synced into the reference portal, processed by the workflow
// (early, on time, late, extended), returned with and without a rating — one month, with dossiers just
// outside it on both sides (the last one received at 00:30 on 1 April Vietnam time, still 31 March in UTC).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../main/core/core';
import { Indicators1764300000026 } from '../../main/persistence/migrations/0026-indicators';
import { spanOf } from '../../main/services/indicators-service';
import { fromVnParts } from '../../shared/time/vn-time';
import { directFigures, kpiFigures } from '../bench/indicators-section';
import { intake, SettableClock, startCore, versionId, waitJob, type Harness } from '../support/core-harness';
import { writePageImage } from '../support/page-images';
import { officeStaff } from '../support/staff';
import { clientConfig, PORTAL_PASSWORD, startPortal, until } from '../sync/support/portal';

const SCANNING: CoreOptions['scanning'] = { drivers: { hasScanimage: () => false, escl: { discover: false } }, ocr: { enabled: false } };
const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

const clock = new SettableClock(fromVnParts(2026, 2, 27, 10, 0));
let h: Harness;
let version = '';
let page = '';
const staff = officeStaff(() => h);
const { ids, as } = staff;
const d: Record<string, string> = {};
const op = () => crypto.randomUUID();

async function at(y: number, mo: number, day: number, hh: number, mi = 0) {
  clock.current = fromVnParts(y, mo, day, hh, mi);
  // The administrator's session (sync, scanning) too: sessions last 12 hours of the clock.
  await staff.logInAgain({ admin: true });
}
async function receive(name: string, over: Record<string, unknown> = {}) {
  const r = await as('clerk').must('dossiers.receive', intake(version, { ...over, applicant: { ...intake(version).applicant, fullName: name } }));
  return r.dossier.id as string;
}
/** Counter → officer → leader → result ready, as the workflow runs it. */
async function toOfficer(id: string) {
  await as('clerk').must('workflow.handOver', { operationId: op(), dossierId: id, toUserId: ids.officer });
  await as('officer').must('workflow.confirmReceipt', { operationId: op(), dossierId: id });
}
async function resolve(id: string, processing = false) {
  if (!processing) await toOfficer(id);
  await as('officer').must('workflow.submitForApproval', { operationId: op(), dossierId: id, toUserId: ids.leader });
  await as('leader').must('workflow.approve', { operationId: op(), dossierId: id });
  await as('officer').must('workflow.resultReady', { operationId: op(), dossierId: id });
}
async function giveBack(id: string, satisfaction: 'satisfied' | 'unsatisfied' | null) {
  await as('clerk').must('workflow.confirmReceipt', { operationId: op(), dossierId: id });
  await as('clerk').must('workflow.returnResult', {
    operationId: op(), dossierId: id, method: 'counter', collector: { kind: 'applicant', fullName: 'Người nhận', idNumber: '001190012345' }, satisfaction,
  });
}
/** Digitizes the named targets of the dossier (components by code, 'KQ1' for its result) through the Số hóa import. */
async function digitize(id: string, targets: string[]) {
  const job = await h.must('scanning.openJob', { dossierId: id });
  for (const t of targets) {
    await h.must('scanning.importFiles', { jobId: job.id, component: t, paths: [page] });
    expect((await waitJob(h, job.id)).error).toBeNull();
  }
  await h.must('scanning.save', { jobId: job.id });
  await h.must('scanning.closeJob', { jobId: job.id }).catch(() => undefined);
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-kpi-'));
  page = (await writePageImage(path.join(dir, 'trang.png'), { title: 'Tờ khai', seed: 3 })).filePath;
  h = await startCore({ clock, scanning: SCANNING });
  await staff.create({ logIn: false }); // everyone logs in at the first at()
  version = await versionId(h, 'tình trạng hôn nhân');
  const portal = await startPortal();
  try {
    await h.must('sync.setConfig', { ...clientConfig(portal), password: PORTAL_PASSWORD });
    await at(2026, 2, 27, 10);
    d.G = await receive('Giáp Văn Tháng Hai');
    await at(2026, 3, 2, 9);
    d.A = await receive('An Sớm Hạn');
    d.B = await receive('Bình Đúng Hạn', { components: TWO });
    d.C = await receive('Cường Trễ Hạn');
    d.D = await receive('Dung Gia Hạn');
    d.E = await receive('Em Bị Từ Chối', { outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết của xã' });
    await until(async () => (await h.must('sync.status')).waiting === 0, 60_000, 'received dossiers on the portal');
  } finally {
    await h.must('sync.setConfig', { enabled: false });
    await portal.close();
  }
  d.F = await receive('Phúc Còn Mở');
  // Online dossiers come from the provincial system (inbound sync); here one is marked so directly.
  h.core.services.db.raw.prepare('UPDATE dossier SET channel = 2 WHERE id = ?').run(d.D);
  await digitize(d.A, ['TKXN', 'KQ1']);
  await digitize(d.B, ['TKXN']);

  await at(2026, 3, 2, 10); await resolve(d.G);
  await at(2026, 3, 3, 10); await resolve(d.A); await giveBack(d.G, 'satisfied');
  await at(2026, 3, 4, 10); await giveBack(d.A, 'satisfied');
  await toOfficer(d.D);
  await as('officer').must('workflow.extend', { operationId: op(), dossierId: d.D, newDueAt: '2026-03-20T17:00:00+07:00', reason: 'Cần xác minh tại địa phương khác' });
  await at(2026, 3, 5, 10); await resolve(d.B);
  await at(2026, 3, 6, 10); await resolve(d.D, true); await giveBack(d.B, 'unsatisfied');
  await at(2026, 3, 10, 10); await resolve(d.C);
  await at(2026, 3, 11, 10); await giveBack(d.C, null);
  // 00:30 on 1 April in Vietnam: April's, although still 31 March in UTC.
  await at(2026, 4, 1, 0, 30); d.H = await receive('Hạnh Tháng Tư'); await resolve(d.H); await giveBack(d.H, 'unsatisfied');
}, 240_000);
afterAll(async () => { await h?.close(); });

const shareOf = (ind: any, key: string) => ind.shares.find((s: any) => s.key === key);

describe('the indicators of a month', () => {
  it('counts each share over its own population of the month, against the shipped targets', async () => {
    const ind = await as('leader').must('indicators.compute', MARCH);
    const pick = (key: string) => { const s = shareOf(ind, key); return [s.met, s.total]; };
    // Received in March: A B C D F (E refused at the counter, G in February, H in April).
    expect(pick('online')).toEqual([1, 5]);
    expect(pick('digitized')).toEqual([1, 5]);
    expect(pick('synced')).toEqual([4, 5]);
    // Resolved in March: G A early, B on time, D extended (late), C late.
    expect(pick('on-time')).toEqual([3, 5]);
    expect(ind.timeliness).toEqual({ early: 2, onTime: 1, late: 2 });
    expect(pick('result-digitized')).toEqual([1, 5]);
    // Rated returns in March: G and A satisfied, B not (C without a rating).
    expect(pick('satisfied')).toEqual([2, 3]);
    expect(shareOf(ind, 'online')).toMatchObject({ value: 0.2, target: 0.2, reached: true });
    expect(shareOf(ind, 'result-digitized')).toMatchObject({ value: 0.2, target: 0.3, reached: false });
    expect(shareOf(ind, 'on-time')).toMatchObject({ target: null, reached: null });
    expect(ind.targetSource).toContain('Đắk Nông');
    const [proc] = ind.procedures;
    expect(proc).toMatchObject({ resolved: 5, early: 2, onTime: 1, late: 2 });
    expect(proc.averageDays).toBeGreaterThan(0);
    expect(ind.averageDays).toBe(proc.averageDays);
  });

  it('opens the dossiers behind each figure', async () => {
    const late = await as('leader').must('indicators.dossiers', { ...MARCH, key: 'on-time', part: 'missed' });
    expect(late.total).toBe(2);
    expect(late.rows.map((r: any) => [r.id, r.detail, r.met])).toEqual([[d.D, 'Trễ hạn (đã gia hạn 1 lần)', false], [d.C, 'Trễ hạn', false]]);
    const notDigitized = await as('leader').must('indicators.dossiers', { ...MARCH, key: 'digitized', part: 'missed' });
    expect(notDigitized.rows.map((r: any) => r.id).sort()).toEqual([d.B, d.C, d.D, d.F].sort());
    expect(notDigitized.rows.find((r: any) => r.id === d.B).detail).toBe('1/2 thành phần đã số hóa');
    const online = await as('leader').must('indicators.dossiers', { ...MARCH, key: 'online', part: 'met' });
    expect(online.rows.map((r: any) => [r.id, r.detail])).toEqual([[d.D, 'Nộp trực tuyến']]);
    const unsynced = await as('leader').must('indicators.dossiers', { ...MARCH, key: 'synced', part: 'missed' });
    expect(unsynced.rows.map((r: any) => r.id)).toEqual([d.F]);
    const all = await as('leader').must('indicators.dossiers', { ...MARCH, key: 'satisfied', part: 'all', limit: 2 });
    expect(all.total).toBe(3);
    expect(all.rows).toHaveLength(2);
    // Each figure's list adds up to its share.
    for (const s of (await as('leader').must('indicators.compute', MARCH)).shares) {
      const met = await as('leader').must('indicators.dossiers', { ...MARCH, key: s.key, part: 'met' });
      const missed = await as('leader').must('indicators.dossiers', { ...MARCH, key: s.key, part: 'missed' });
      expect([met.total, met.total + missed.total], s.key).toEqual([s.met, s.total]);
    }
  });

  it('lists every month of a range, in Vietnam months', async () => {
    const ind = await as('leader').must('indicators.compute', { from: '2026-02-01', to: '2026-04-30' });
    expect(ind.months.map((m: any) => m.month)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(ind.months[0].values).toMatchObject({ 'on-time': null, online: 0 });
    expect(ind.months[1].values['on-time']).toBeCloseTo(0.6);
    expect(ind.months[2].values).toMatchObject({ 'on-time': 1, satisfied: 0 });
    expect(shareOf(ind, 'on-time')).toMatchObject({ met: 4, total: 6 });
    const april = await as('leader').must('indicators.compute', { from: '2026-04-01', to: '2026-04-01' });
    expect(shareOf(april, 'online').total).toBe(1);
  });

  it('exports the month to a real .xlsx: Vietnamese headers, numbers as numbers, shares as percentages, dates as dates', async () => {
    const out = await as('leader').must('indicators.exportXlsx', MARCH);
    expect(out.fileName).toBe('chi-so-2026-03-01-den-2026-03-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ số', 'Theo thủ tục', 'Theo tháng', 'Hồ sơ trễ hạn']);
    const main = wb.getWorksheet('Chỉ số')!;
    expect(main.getRow(5).values).toEqual([undefined, 'Chỉ số', 'Số đạt', 'Tổng số', 'Tỷ lệ', 'Chỉ tiêu', 'Đánh giá']);
    const online = main.getRow(5 + 1 + 4);
    expect(online.getCell(1).value).toBe('Hồ sơ nộp trực tuyến');
    expect([online.getCell(2).value, online.getCell(3).value, online.getCell(4).value, online.getCell(5).value, online.getCell(6).value]).toEqual([1, 5, 0.2, 0.2, 'Đạt']);
    expect(online.getCell(4).numFmt).toBe('0.0%');
    expect(main.getColumn(1).width).toBe(44);
    const procedures = wb.getWorksheet('Theo thủ tục')!;
    expect(procedures.getRow(1).getCell(7).value).toBe('Tỷ lệ sớm và đúng hạn');
    expect(procedures.getRow(2).getCell(3).value).toBe(5);
    expect(procedures.getRow(2).getCell(7).value).toBeCloseTo(0.6);
    expect(procedures.getRow(2).getCell(7).numFmt).toBe('0.0%');
    const late = wb.getWorksheet('Hồ sơ trễ hạn')!;
    expect(late.rowCount).toBe(3);
    const received = late.getRow(2).getCell(4);
    expect(received.value).toBeInstanceOf(Date);
    // 2 March 09:00 in Vietnam, written as that wall time.
    expect((received.value as Date).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(received.numFmt).toBe('dd/mm/yyyy hh:mm');
  });

  it('targets are data the leader sets; a clerk may not see the indicators; a wrong range is refused at its field', async () => {
    const targets = await as('leader').must('indicators.getTargets');
    expect(targets.targets).toMatchObject({ 'result-digitized': 30, online: 20, 'on-time': null });
    await as('leader').must('indicators.setTargets', { source: 'Kế hoạch của tỉnh năm 2026', targets: { ...targets.targets, 'on-time': 95 } });
    const ind = await as('leader').must('indicators.compute', MARCH);
    expect(shareOf(ind, 'on-time')).toMatchObject({ target: 0.95, reached: false });
    expect(ind.targetSource).toBe('Kế hoạch của tỉnh năm 2026');
    expect((await as('clerk').call('indicators.compute', MARCH)).error.code).toBe('FORBIDDEN');
    const bad = await as('leader').call('indicators.compute', { from: '2026-03-31', to: '2026-03-01' });
    expect(bad.error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'to' }] });
  });

  it('dossier_kpi, kept by triggers, says what the tables say; an installation from before 0026 gets it filled', async () => {
    const raw = h.core.services.db.raw;
    const span = spanOf('2026-01-01', '2026-12-31');
    // Day sums compared to the second (summed in another order, floating point may differ in the last bits).
    const fixed = (f: ReturnType<typeof directFigures>) => ({ ...f, resolved: { ...f.resolved, days: Math.round(f.resolved.days * 86_400) } });
    const kpiFiguresOf = (...a: Parameters<typeof kpiFigures>) => fixed(kpiFigures(...a));
    const directFiguresOf = (...a: Parameters<typeof directFigures>) => fixed(directFigures(...a));
    expect(kpiFiguresOf(raw, span)).toEqual(directFiguresOf(raw, span));
    // A file replaced by a newer scan and a component added: the dossier is no longer fully digitized.
    await digitize(d.A, ['TKXN']);
    expect(raw.prepare('SELECT digitized FROM dossier_kpi WHERE dossier_id = ?').pluck().get(d.A)).toBe(1);
    await h.core.services.db.write(async () => {
      raw.prepare(`INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity, missing) VALUES (?, 9, 'GT', 'Giấy tờ thêm', 'copy', 1, 0)`).run(d.A);
    });
    expect(raw.prepare('SELECT digitized FROM dossier_kpi WHERE dossier_id = ?').pluck().get(d.A)).toBe(0);
    expect(kpiFiguresOf(raw, span)).toEqual(directFiguresOf(raw, span));
    // As an office upgrading from before 0026: the table and triggers gone, then the migration runs.
    const before = kpiFiguresOf(raw, span);
    const runner = h.core.services.db.dataSource.createQueryRunner();
    try {
      await new Indicators1764300000026().down(runner);
      expect(raw.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'dossier_kpi'`).pluck().get()).toBe(0);
      await new Indicators1764300000026().up(runner);
    } finally {
      await runner.release();
    }
    expect(raw.prepare('SELECT count(*) FROM dossier_kpi').pluck().get()).toBe(raw.prepare('SELECT count(*) FROM dossier').pluck().get());
    expect(kpiFiguresOf(raw, span)).toEqual(before);
    expect(shareOf(await as('leader').must('indicators.compute', MARCH), 'on-time')).toMatchObject({ met: 3, total: 5 });
  });
});
