import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/base/context';
import { Core } from '../../main/core/core';
import { Database } from '../../main/persistence/database';
import { changeStatusLocally } from '../../main/services/dossier-status';
import { Drainer } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import type { ReferencePortal } from '../support/reference-portal/server';
import { addDossiers, compareWithPortal, dbFile, makeOffice, openItems } from './support/local';
import { clientConfig, PORTAL_PASSWORD, portalView, startPortal, until } from './support/portal';

// Issue 8, item 6: what the client sends is what docs/portal-openapi.yaml says, checked on what the
// reference portal received from the real intake of three counter outcomes.
const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'portal-openapi.yaml'), 'utf8');

describe('the dossiers the counter sends, against the contract document', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-conformance-'));
  let core: Core;
  let portal: ReferencePortal;
  let session = '';
  const must = async (method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };
  const drained = () => until(async () => (await must('sync.status')).waiting === 0, 30_000, 'drained');

  beforeAll(async () => {
    portal = await startPortal();
    core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
      drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
    } });
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
    await must('sync.setConfig', {
      enabled: true, baseUrl: portal.url, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 3000, inboundIntervalSec: 3600,
    });
  });
  afterAll(async () => { await core.close(); await portal.close(); });

  let received: any;
  let completion: any;
  let refused: any;
  it('slips as MAU01/02/03 under the official number, fees only for the received dossier, the refusal as the end of processing', async () => {
    const version = (await must('procedures.search', { query: '1.004873' }))[0].id;
    received = (await must('dossiers.receive', intake(version))).dossier;
    completion = (await must('dossiers.receive', intake(version, {
      outcome: 'request-completion', reason: 'Thiếu giấy tờ chứng minh đã ly hôn',
      missingItems: [{ name: 'Bản án/quyết định ly hôn', copyType: 'certified-copy', quantity: 1 }],
    }))).dossier;
    refused = (await must('dossiers.receive', intake(version, { outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' }))).dossier;
    await drained();

    const onPortal = async (d: any) => {
      const now = await must('dossiers.get', { id: d.id });
      expect(now.provisional).toBe(false);
      expect(now.number).not.toBe(d.number);
      return { number: now.number as string, provisional: d.number as string, record: portal.store.record(now.number)! };
    };
    const r = await onPortal(received);
    const c = await onPortal(completion);
    const x = await onPortal(refused);

    // Slips: MAU01/02/03, as the document says; no digitization state on them.
    expect(DOC).toMatch(/`MAU01` \(appointment slip\), `MAU02` \(request to complete[^)]*\), `MAU03` \(refusal\)/);
    expect([r, c, x].map((d) => d.record.TaiLieuNop.map((f) => f.MaThanhPhanHoSo))).toEqual([['MAU01'], ['MAU02'], ['MAU03']]);
    expect([r, c, x].every((d) => d.record.TaiLieuNop.every((f) => !('digitizationState' in f)))).toBe(true);
    // Names carry the official number, in the dossier and on the uploaded file; the provisional one is gone.
    for (const d of [r, c, x]) {
      const [file] = d.record.TaiLieuNop;
      expect(file!.TenTepDinhKem).toContain(d.number);
      expect(file!.TenTepDinhKem).not.toContain(d.provisional);
      const stored = portal.store.db.prepare(`SELECT name FROM file WHERE id = ?`).get(file!.TepDinhKemId) as { name: string };
      expect(stored.name).toContain(d.number);
    }
    // Fees: collected at receipt, so listed only for the received dossier.
    expect(r.record.DanhSachLePhi.length).toBeGreaterThan(0);
    expect(r.record.DanhSachLePhi.every((f) => f.HinhThucThu === 1)).toBe(true);
    expect(c.record.DanhSachLePhi).toEqual([]);
    expect(x.record.DanhSachLePhi).toEqual([]);
    // NgayKetThucXuLy: the refusal ended the processing; the others are not ended.
    expect(x.record.NgayKetThucXuLy).toMatch(/^\d{14}$/);
    expect(x.record.NgayKetThucXuLy).toBe(x.record.NgayTiepNhan);
    expect(r.record.NgayKetThucXuLy).toBe('');
    expect(c.record.NgayKetThucXuLy).toBe('');
    // MaLinhVuc: the starting catalogue's sector codes are unverified, so none is sent (the name always is).
    expect(r.record).toMatchObject({ MaLinhVuc: '', TenLinhVuc: 'Hộ tịch' });
    // The official number came before the files (GetNextValue, then the upload under that number).
    expect(portal.stats.byRoute['POST /GetNextValue']).toBe(3);
  }, 60_000);

  it('the sector code comes from the administrator\'s map once set; a dossier processed to the end gets NgayKetThucXuLy', async () => {
    await must('sync.setConfig', { sectorCodeMap: { 'Hộ tịch': 'HT.H42' } });
    const admin = (await must('auth.me')).id;
    await core.services.db.write((em) => changeStatusLocally(em, { dossierId: received.id, toStatus: 4, userId: admin, note: '', at: new Date() }));
    await core.services.db.write((em) => changeStatusLocally(em, { dossierId: received.id, toStatus: 9, userId: admin, note: '', at: new Date() }));
    core.services.sync.drainer?.notify();
    await drained();
    const number = (await must('dossiers.get', { id: received.id })).number;
    const record = portal.store.record(number)!;
    expect(record).toMatchObject({ MaLinhVuc: 'HT.H42', TrangThaiHoSo: 9 });
    expect(record.NgayKetThucXuLy).toMatch(/^\d{14}$/);
    expect(record.NgayKetThucXuLy).toBe(record.TienDoXuLy.at(-1)!.ThoiDiemXuLy);
  }, 60_000);
});

describe('a create the portal already holds ("already exists", left open by the contract)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => { while (cleanup.length) await cleanup.pop()!(); });

  it('refused as existing and found under this office: sent again as an update, once, nothing parked', async () => {
    // The first create lands but its answer is lost; the retry's look-up lags behind; the repeat is refused
    // (a portal without idempotency records: with them the repeat would get the first answer).
    const portal = await startPortal({
      existingCreate: 'refuse', honourIdempotency: false,
      faults: [{ action: 'reset-after', service: 'DongBoHoSoMC', times: 1 }, { action: 'stale-lookup', service: 'TraCuuHoSo', times: 1 }],
    });
    const office = await makeOffice();
    const db = await Database.open(dbFile(office.dataDir));
    const config = clientConfig(portal);
    const drainer = new Drainer(new OutboxStore(db), new PortalClient(config, PORTAL_PASSWORD), config, path.join(office.dataDir, 'files'), systemClock,
      { concurrency: 2, retryBaseMs: 20, retryMaxMs: 200, probeBaseMs: 50, probeMaxMs: 200, pauseAfterFailures: 50, pollMs: 50 });
    cleanup.push(async () => { await drainer.stop(); await db.close(); await portal.close(); });
    await addDossiers(db, office, 1, { files: 1, fileSize: 512 });
    await drainer.start();
    await until(() => openItems(db).length === 0 || openItems(db).some((r) => r.state === 'needs_attention'), 20_000, 'settled');
    expect(openItems(db)).toEqual([]);
    expect(portal.stats.faultsFired).toMatchObject({ 'reset-after': 1, 'stale-lookup': 1 });
    const [counts] = Object.values(portal.store.counts());
    expect(counts).toMatchObject({ creates: 1, updates: 1 });
    expect(compareWithPortal(db, portalView(portal))).toEqual([]);
  }, 60_000);
});
