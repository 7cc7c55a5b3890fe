// A corrected dossier's re-made form 01 reaches the province (issue 8 follow-up b): through the API, the new
// slip is uploaded as a file of the dossier (MAU01) before the dossier's update, which lists it and the slip it
// replaces as deleted — as docs/portal-openapi.yaml says. Checked on what the reference portal holds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import type { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, startPortal, until } from './support/portal';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'portal-openapi.yaml'), 'utf8');

describe('a correction with a new slip, at the province', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-corrected-slip-'));
  let core: Core;
  let portal: ReferencePortal;
  let session = '';
  const must = async (method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };
  const drained = () => until(async () => { const s = await must('sync.status'); return s.waiting === 0 && s.parked === 0 && s.blocked === 0; }, 30_000, 'drained');
  const raw = () => core.services.db.raw;
  const localSlip = (id: string) => raw().prepare('SELECT path, sha256 FROM document WHERE id = ?').get(id) as { path: string; sha256: string };
  const portalFile = (fileId: string) => portal.store.db.prepare('SELECT sha256, name FROM file WHERE id = ?').get(fileId) as { sha256: string; name: string };

  async function correction(id: string, over: Record<string, unknown>) {
    const form = await must('dossiers.correctionForm', { id });
    const d = form.dossier;
    return {
      operationId: crypto.randomUUID(), dossierId: id, applicant: { ...d.applicant }, setCount: d.setCount, delivery: { ...d.delivery }, note: d.note,
      components: form.components.map((c: any) => ({ position: c.position, code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity })),
      reason: 'Tỉnh trả về: họ tên sai chính tả.', reprint: false, ...over,
    };
  }

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

  it('the portal holds the new slip and lists the one it replaces as deleted; a correction without a new slip keeps the slip', async () => {
    const version = (await must('procedures.search', { query: '1.004873' }))[0].id;
    const received = await must('dossiers.receive', intake(version));
    const id = received.dossier.id;
    const first = received.document.id as string;
    await drained();
    const number = () => must('dossiers.get', { id }).then((d) => d.number as string);
    const slips = async () => (portal.store.record(await number())!.TaiLieuNop).filter((f) => f.MaThanhPhanHoSo === 'MAU01');
    expect((await slips()).map((f) => f.IsDeleted)).toEqual([false]);

    // Corrected without asking for a new slip: the update goes, the portal's slip stays the one it has.
    const plain = await must('dossiers.correct', await correction(id, { note: 'Người nộp bổ sung số điện thoại nhà.' }));
    expect(plain.document).toBeNull();
    await drained();
    expect(portal.store.record(await number())).toMatchObject({ GhiChu: 'Người nộp bổ sung số điện thoại nhà.' });
    expect((await slips()).map((f) => f.IsDeleted)).toEqual([false]);

    // Corrected with a new slip.
    const input = await correction(id, { reprint: true });
    input.applicant.fullName = 'Trần Thị Hoà Bình Minh';
    const corrected = await must('dossiers.correct', input);
    const second = corrected.document.id as string;
    await drained();
    const record = portal.store.record(await number())!;
    expect(record.ChuHoSo).toBe('Trần Thị Hoà Bình Minh');
    const [old, now] = await slips();
    expect([old!.IsDeleted, now!.IsDeleted]).toEqual([true, false]);
    // The portal's files are the local slips, byte for byte: the new one named under the dossier's number.
    expect(portalFile(old!.TepDinhKemId).sha256).toBe(localSlip(first).sha256);
    expect(portalFile(now!.TepDinhKemId).sha256).toBe(localSlip(second).sha256);
    expect(now!.TenTepDinhKem).toContain(record.MaHoSo);
    expect(portalFile(now!.TepDinhKemId).name).toContain(record.MaHoSo);
    // Created once; the new slip was uploaded before the update that lists it (the portal refuses a file it has not received).
    expect(portal.store.counts()[record.MaHoSo]).toMatchObject({ creates: 1 });
    const items = raw().prepare(`SELECT kind, payload_json FROM outbox WHERE dossier_id = ? ORDER BY seq`).all(id) as { kind: string; payload_json: string }[];
    const upload = items.findIndex((i) => i.kind === 'file.upload' && JSON.parse(i.payload_json).fileKey === second);
    expect(upload).toBeGreaterThan(0);
    expect(items.slice(upload + 1).map((i) => i.kind)).toEqual(['dossier.update']);
    expect(items.filter((i) => i.kind === 'file.upload' && JSON.parse(i.payload_json).fileKey === second)).toHaveLength(1);

    // A second new slip: only the newest stays, both earlier ones are listed as deleted.
    const again = await correction(id, { reprint: true, applicant: { ...corrected.dossier.applicant, address: '7 Phan Đình Phùng, Ba Đình' } });
    const third = (await must('dossiers.correct', again)).document.id as string;
    await drained();
    const after = await slips();
    expect(after.map((f) => f.IsDeleted)).toEqual([true, true, false]);
    expect(portalFile(after[2]!.TepDinhKemId).sha256).toBe(localSlip(third).sha256);
    // The contract document says so.
    expect(DOC).toMatch(/slip re-made after the dossier's data was corrected/);
  }, 60_000);

  it('a correction of a dossier whose create has not gone yet: the create lists the new slip and the old one deleted, each file uploaded once', async () => {
    await must('sync.setConfig', { enabled: false });
    const version = (await must('procedures.search', { query: '1.004873' }))[0].id;
    const received = await must('dossiers.receive', intake(version));
    const id = received.dossier.id;
    const input = await correction(id, { reprint: true });
    input.applicant.fullName = 'Lê Văn Tám';
    const second = (await must('dossiers.correct', input)).document.id as string;
    await must('sync.setConfig', { enabled: true });
    await drained();
    const number = (await must('dossiers.get', { id })).number as string;
    const record = portal.store.record(number)!;
    expect(record.ChuHoSo).toBe('Lê Văn Tám');
    expect(record.TaiLieuNop.map((f) => [f.MaThanhPhanHoSo, f.IsDeleted])).toEqual([['MAU01', true], ['MAU01', false]]);
    expect(portalFile(record.TaiLieuNop[1]!.TepDinhKemId).sha256).toBe(localSlip(second).sha256);
    const uploads = (raw().prepare(`SELECT payload_json FROM outbox WHERE dossier_id = ? AND kind = 'file.upload'`).all(id) as { payload_json: string }[])
      .map((r) => JSON.parse(r.payload_json).fileKey);
    expect(uploads.sort()).toEqual([received.document.id, second].sort());
    expect(portal.store.counts()[number]).toMatchObject({ creates: 1 });
  }, 60_000);
});
