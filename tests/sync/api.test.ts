import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { changeStatusLocally } from '../../main/services/dossier-status';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, until } from './support/portal';

// At the API level, as the UI will call it: a dossier received while the provincial system is down waits,
// then reaches it when it is back, under the official number — and the provisional number printed on the
// slip still finds it. Then a rejection parked, fixed (configuration) and resent; then inbound.
describe('sync through the API', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sync-api-'));
  const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-portal-'));
  let core: Core;
  let portal: ReferencePortal;
  let port = 0;
  let session = '';
  const must = async (method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };

  beforeAll(async () => {
    // Reserve a port for the portal, then stop it: the office starts with the line down.
    portal = await new ReferencePortal({ dir: portalDir }).start();
    port = portal.port;
    await portal.close();
    core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
      drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
    } });
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  });
  afterAll(async () => { await core.close(); await portal.close(); });

  let dossier: any;
  let rejectedId = '';
  it('a dossier received while the portal is down waits (status shows it), then syncs with the official number', async () => {
    expect((await must('sync.status')).connectivity).toBe('not-configured');
    const config = await must('sync.setConfig', {
      enabled: true, baseUrl: `http://127.0.0.1:${port}/dvc`, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD,
      timeoutMs: 2000, inboundIntervalSec: 3600,
    });
    expect(config).not.toHaveProperty('password');
    expect(config.hasPassword).toBe(true);
    expect((fs.statSync(path.join(dataDir, 'sync-credentials.json')).mode & 0o777).toString(8)).toBe('600');

    const xnhn = (await must('procedures.search', { query: '1.004873' }))[0].id;
    dossier = (await must('dossiers.receive', intake(xnhn))).dossier;
    expect(dossier.provisional).toBe(true);
    await until(async () => (await must('sync.status')).connectivity === 'offline', 10_000, 'offline');
    const status = await must('sync.status');
    expect(status).toMatchObject({ portalConfigured: true, waiting: expect.any(Number), parked: 0 });
    expect(status.waiting).toBeGreaterThanOrEqual(1);
    // The status line knew from the monitor's own look at /health; the item says so once the drainer tried it.
    await until(async () => (await must('sync.items')).some((i: any) => i.lastError?.includes('Không kết nối được hệ thống một cửa')), 10_000, 'item error');

    portal = await new ReferencePortal({ dir: portalDir }).start(port);
    await must('sync.retryNow', {});
    await until(async () => (await must('sync.status')).waiting === 0, 20_000, 'synced');
    const after = await must('sync.status');
    expect(after).toMatchObject({ connectivity: 'online', waiting: 0, parked: 0 });
    expect(after.lastSuccessAt).not.toBeNull();

    const synced = await must('dossiers.get', { id: dossier.id });
    expect(synced.provisional).toBe(false);
    expect(synced.number).toMatch(/^000\.00\.13\.H42\.\d{2}\.\d{6}$/);
    const onPortal = portal.store.record(synced.number)!;
    expect(onPortal).toMatchObject({ ChuHoSo: 'Trần Thị Hoà Bình', TrangThaiHoSo: 2, KenhThucHien: 1, MaTTHC: '1.004873' });
    expect(onPortal.TaiLieuNop).toHaveLength(1); // the slip (form 01)
    expect(onPortal.TienDoXuLy.map((e) => e.TrangThai)).toEqual([2]);
    // The provisional number printed on the slip still finds the dossier.
    const found = await must('dossiers.list', { query: dossier.number });
    expect(found.map((d: any) => d.id)).toEqual([dossier.id]);
  }, 60_000);

  it('a 4xx rejection is parked with the server message, fixed by configuration and resent', async () => {
    portal.store.db.prepare(`DELETE FROM procedure WHERE code = '1.001193'`).run(); // the province lacks this code
    const ks = (await must('procedures.search', { query: '1.001193' }))[0].id;
    const d = (await must('dossiers.receive', intake(ks))).dossier;
    rejectedId = d.id;
    await until(async () => (await must('sync.status')).parked === 1, 20_000, 'parked');
    const [parked] = await must('sync.items', { filter: 'parked' });
    expect(parked).toMatchObject({ kind: 'dossier.create', state: 'needs_attention', stateLabel: 'Cần xử lý', dossierId: d.id });
    expect(parked.lastError).toMatch(/^Hệ thống tỉnh từ chối: .*mã thủ tục 1\.001193 không có trong danh mục/);
    const held = (await must('sync.items')).filter((i: any) => i.dossierId === d.id && i.state === 'pending');
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((i: any) => i.blocked)).toBe(true);
    // Shown as blocked by the parked create, and not counted as "waiting" (they will not go by themselves).
    expect(held.every((i: any) => i.blockedBy?.seq === parked.seq && i.blockedBy.kindLabel === 'Tạo hồ sơ')).toBe(true);
    expect(parked.blocking).toBe(held.length);
    expect(await must('sync.status')).toMatchObject({ waiting: 0, blocked: held.length, parked: 1 });

    await must('sync.setConfig', { procedureCodeMap: { '1.001193': '1.004873' } });
    await must('sync.resend', { seq: parked.seq });
    await until(async () => { const s = await must('sync.status'); return s.parked === 0 && s.waiting === 0; }, 20_000, 'resent');
    const synced = await must('dossiers.get', { id: d.id });
    expect(portal.store.record(synced.number)?.MaTTHC).toBe('1.004873');
    expect(portal.store.counts()[synced.number]).toMatchObject({ creates: 1, progress: 1 });
  }, 60_000);

  it('inbound: online dossiers, status changes elsewhere, catalogue versions, holidays; conflicts shown, not overwritten', async () => {
    const first = await must('dossiers.get', { id: dossier.id });
    portal.store.submitOnline({
      ...portal.store.record(first.number)!, MaHoSo: 'ONLINE-0001', ChuHoSo: 'Lê Văn Trực Tuyến', KenhThucHien: 2, TrangThaiHoSo: 1, MaDoiTuong: '001090012345',
      TaiLieuNop: [],
    });
    portal.store.setStatusElsewhere(first.number, 4);
    const proc = portal.store.procedure('1.004873')!;
    portal.store.setProcedure({ ...proc, PhienBan: '2', NgayApDung: '20270101', ThoiHanGiaiQuyet: proc.ThoiHanGiaiQuyet + 2 });
    portal.store.setHoliday({ Ngay: '20271231', Loai: 'nghi', Ten: 'Nghỉ bù (theo tỉnh)' });
    // Both sides change the second dossier: locally (not yet sent: the drainer is stopped) and on the portal.
    await core.services.sync.drainer!.stop();
    const second = await must('dossiers.get', { id: rejectedId });
    const admin = (await must('auth.me')).id;
    await core.services.db.write((em) => changeStatusLocally(em, { dossierId: second.id, toStatus: 9, userId: admin, note: 'Đã xử lý xong', at: new Date() }));
    portal.store.setStatusElsewhere(second.number, 7);

    // Warm the caches inbound must invalidate: the search index of the catalogue and the working calendar.
    const before = await must('procedures.search', { query: '1.004873', on: '2027-02-01' });
    expect(before[0].validFrom).not.toBe('2027-01-01');
    expect((await must('calendar.holidays', { year: 2027 })).map((d: { date: string }) => d.date)).not.toContain('2027-12-31');

    const report = await core.services.sync.inbound!.runOnce();
    expect(report).toMatchObject({ newOnlineDossiers: 1, statusesApplied: 1, newVersions: 1 });
    const list = await must('dossiers.list', { query: 'ONLINE-0001' });
    expect(list).toEqual([expect.objectContaining({ channel: 2, status: 1, provisional: false, applicantName: 'Lê Văn Trực Tuyến' })]);
    expect((await must('dossiers.get', { id: first.id })).status).toBe(4);
    const history = await must('procedures.history', { code: '1.004873' });
    expect(history[0]).toMatchObject({ validFrom: '2027-01-01', validTo: null });
    expect(history[1].validTo).toBe('2026-12-31');
    expect(await must('calendar.overrides', { year: 2027 })).toContainEqual({ date: '2027-12-31', kind: 'off', name: 'Nghỉ bù (theo tỉnh)' });
    // Seen at once by the search and the due-date calendar, without a restart.
    expect((await must('procedures.search', { query: '1.004873', on: '2027-02-01' }))[0]).toMatchObject({ validFrom: '2027-01-01' });
    expect((await must('calendar.holidays', { year: 2027 })).map((d: { date: string }) => d.date)).toContain('2027-12-31');

    expect((await must('dossiers.get', { id: second.id })).status).toBe(9); // not overwritten
    const conflicts = await must('sync.conflicts');
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'status', dossierId: second.id, local: { status: 9 }, portal: { status: 7 } })]);
    expect((await must('sync.status')).openConflicts).toBe(1);
    await must('sync.resolveConflict', { id: conflicts[0].id, keep: 'local' });
    await core.services.sync.drainer!.start();
    await until(async () => (await must('sync.status')).waiting === 0, 20_000, 'pushed');
    expect(portal.store.record(second.number)?.TrangThaiHoSo).toBe(9);
    expect(await must('sync.conflicts')).toEqual([]);
  }, 60_000);
});
