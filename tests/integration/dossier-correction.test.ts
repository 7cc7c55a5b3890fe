// Correcting a saved dossier through the API (issue 8 #5): the province rejects a dossier for its data (a
// misspelt name), the clerk corrects it with a reason, the correction is audited with before/after, queued
// as an update, form 01 is re-rendered as a new slip (the old one kept), the parked item is resent and the
// province ends up with the corrected data. Idempotent by operation id; refused where it makes no sense.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake, startCore, versionId } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, until } from '../sync/support/portal';

const WRONG = 'Nguyễn Văn Anhh';
const RIGHT = 'Nguyễn Văn Anh';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-correction-'));
const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-correction-portal-'));
let core: Core;
let portal: ReferencePortal;
let session = '';
let xnhn = '';
const call = async (method: string, input: unknown = {}, as = session) => core.handle(method, input, as) as Promise<{ ok: boolean; data?: any; error?: any }>;
const must = async (method: string, input: unknown = {}, as = session) => {
  const r = await call(method, input, as);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
};
const raw = () => core.services.db.raw;

/** The correction input from a dossier's correction form, with `over` applied (through `m`: another core's must). */
async function correction(dossierId: string, over: Record<string, unknown> = {}, m: (method: string, input: unknown) => Promise<any> = must) {
  const form = await m('dossiers.correctionForm', { id: dossierId });
  const d = form.dossier;
  return {
    operationId: crypto.randomUUID(), dossierId,
    applicant: { ...d.applicant }, setCount: d.setCount, delivery: { ...d.delivery }, note: d.note,
    components: form.components.map((c: any) => ({ position: c.position, code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity })),
    reason: 'Tỉnh trả về: họ tên sai chính tả.', reprint: false, ...over,
  };
}

function pdfText(relativePath: string): string {
  return execFileSync('pdftotext', ['-layout', path.join(dataDir, 'files', relativePath), '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  // The province refuses any dossier whose data still carries the misspelt name.
  portal = await new ReferencePortal({
    dir: portalDir, faults: [{ action: 'reject', service: 'DongBoHoSoMC', bodyContains: WRONG, status: 400, message: `Họ tên "${WRONG}" không khớp Cơ sở dữ liệu quốc gia về dân cư` }],
  }).start();
  core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
    drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
  } });
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  xnhn = (await must('procedures.search', { query: '1.004873' }))[0].id;
});
afterAll(async () => { await core.close(); await portal.close(); });

describe('correcting a dossier the province rejected for its data', () => {
  let id = '';
  let parkedSeq = 0;

  it('the dossier with a misspelt name is parked by the province with its message', async () => {
    const received = await must('dossiers.receive', intake(xnhn, { applicant: { ...intake(xnhn).applicant, fullName: WRONG } }));
    id = received.dossier.id;
    await must('sync.setConfig', {
      enabled: true, baseUrl: `http://127.0.0.1:${portal.port}/dvc`, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD,
      timeoutMs: 2000, inboundIntervalSec: 3600,
    });
    await until(async () => (await must('sync.status')).parked === 1, 20_000, 'parked');
    const parked = (await must('sync.items', { filter: 'parked' }))[0];
    expect(parked).toMatchObject({ dossierId: id, kind: 'dossier.create' });
    expect(parked.lastError).toContain('không khớp Cơ sở dữ liệu quốc gia');
    parkedSeq = parked.seq;
  });

  it('the correction form starts from the dossier, its checklist and its lines with their positions', async () => {
    const form = await must('dossiers.correctionForm', { id });
    expect(form).toMatchObject({ allowed: true, refusal: null, canReprint: true, outcome: 'receive' });
    expect(form.version.code).toBe('1.004873');
    expect(form.components).toEqual([{ position: 0, code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1, digitized: false }]);
  });

  it('refuses a correction without a reason, with a bad ID number, or changing nothing — in Vietnamese, at the field', async () => {
    const noReason = await call('dossiers.correct', await correction(id, { reason: 'sai' }));
    expect(noReason.error.code).toBe('VALIDATION');
    expect(noReason.error.fields).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('Ghi rõ lý do sửa') })]);
    const input = await correction(id);
    const badId = await call('dossiers.correct', { ...input, applicant: { ...input.applicant, idNumber: '0123' } });
    expect(badId.error.fields.map((f: any) => f.field)).toContain('applicant.idNumber');
    const nothing = await call('dossiers.correct', await correction(id));
    expect(nothing.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Không có thông tin nào thay đổi') });
    // Nothing was written by the refused attempts.
    expect(raw().prepare(`SELECT count(*) n FROM audit_event WHERE action = 'dossier.correct'`).get()).toEqual({ n: 0 });
  });

  let corrected: any;
  let slipId = '';
  it('corrects the name, adds a document and changes the delivery, audited with before/after, queued as an update, form 01 re-rendered', async () => {
    const input = await correction(id, { reprint: true });
    input.applicant.fullName = 'nguyễn văn anh'; // normalized as at intake
    input.components.push({ position: null, code: '', name: 'Bản sao Giấy khai sinh', copyType: 'copy', quantity: 1 });
    input.delivery = { method: 'post', address: 'Số 5 Hàng Bài, Hoàn Kiếm, Hà Nội' };
    const first = await must('dossiers.correct', input);
    corrected = first;
    expect(first.changed).toEqual(['applicant.fullName', 'components', 'delivery']);
    expect(first.dossier.applicant.fullName).toBe(RIGHT);
    expect(first.dossier.components.map((c: any) => c.name)).toEqual(['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'Bản sao Giấy khai sinh']);
    expect(first.dossier.delivery).toEqual({ method: 'post', address: 'Số 5 Hàng Bài, Hoàn Kiếm, Hà Nội' });
    expect(first.dossier.events.at(-1)).toMatchObject({ kind: 'correction', note: 'Tỉnh trả về: họ tên sai chính tả.', by: ADMIN.fullName });
    // A new slip with the corrected data; the first one is kept as it was.
    expect(first.document.kind).toBe('form01');
    slipId = first.document.id;
    expect(first.dossier.documents.map((d: any) => d.kind)).toEqual(['form01', 'form01']);
    const [oldDoc, newDoc] = first.dossier.documents.map((d: any) => raw().prepare('SELECT path FROM document WHERE id = ?').get(d.id) as { path: string });
    expect(pdfText(newDoc!.path)).toContain(RIGHT);
    expect(pdfText(newDoc!.path)).toContain('Bản sao Giấy khai sinh');
    expect(pdfText(oldDoc!.path)).toContain(WRONG);

    const audit = raw().prepare(`SELECT before_json, after_json FROM audit_event WHERE action = 'dossier.correct' AND entity_id = ?`).all(id) as { before_json: string; after_json: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json).applicant.fullName).toBe(WRONG);
    expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ applicant: { fullName: RIGHT }, reason: 'Tỉnh trả về: họ tên sai chính tả.', delivery: { method: 'post' } });
    const items = await must('sync.items', { filter: 'open' });
    expect(items.filter((i: any) => i.dossierId === id).map((i: any) => i.kind)).toContain('dossier.update');
    // The search finds the corrected name, no longer the misspelt one.
    expect((await must('dossiers.list', { query: 'nguyen van anh' })).map((d: any) => d.id)).toEqual([id]);
    expect(await must('dossiers.list', { query: 'anhh' })).toEqual([]);
  });

  it('is idempotent: the same operation id repeated (or sent twice at once) corrects once', async () => {
    const input = await correction(id, { reprint: true, note: 'Người nộp bổ sung số điện thoại nhà.' });
    const [a, b] = await Promise.all([must('dossiers.correct', input), must('dossiers.correct', input)]);
    const c = await must('dossiers.correct', input);
    expect(a.document.id).toBe(b.document.id);
    expect(c.document.id).toBe(a.document.id);
    expect(c.changed).toEqual(['note']);
    expect(raw().prepare(`SELECT count(*) n FROM audit_event WHERE action = 'dossier.correct' AND entity_id = ?`).get(id)).toEqual({ n: 2 });
    expect(raw().prepare(`SELECT count(*) n FROM document WHERE dossier_id = ?`).get(id)).toEqual({ n: 3 });
    // The same id for another dossier is refused.
    const other = (await must('dossiers.receive', intake(xnhn))).dossier.id;
    const reused = await call('dossiers.correct', { ...input, dossierId: other });
    expect(reused.error.code).toBe('CONFLICT');
    expect(slipId).not.toBe(a.document.id);
  });

  it('after "Gửi lại" the province gets the corrected dossier', async () => {
    await must('sync.resend', { seq: parkedSeq });
    await until(async () => { const s = await must('sync.status'); return s.parked === 0 && s.waiting === 0; }, 20_000, 'resent');
    const synced = await must('dossiers.get', { id });
    const record = portal.store.record(synced.number)!;
    expect(record).toMatchObject({ ChuHoSo: RIGHT, HinhThuc: 1, GhiChu: 'Người nộp bổ sung số điện thoại nhà.' });
    // Created once at the province (the rejected attempt left nothing there), then updated.
    expect(portal.store.counts()[synced.number]).toMatchObject({ creates: 1 });
    // The slips: the newest one re-made by the corrections is the one the province keeps, the others deleted.
    const slips = record.TaiLieuNop.filter((f) => f.MaThanhPhanHoSo === 'MAU01');
    expect(slips.map((f) => f.IsDeleted)).toEqual([true, true, false]);
    const newest = raw().prepare('SELECT sha256 FROM document WHERE id = ?').get(synced.documents.at(-1).id) as { sha256: string };
    expect((portal.store.db.prepare('SELECT sha256 FROM file WHERE id = ?').get(slips[2]!.TepDinhKemId) as { sha256: string }).sha256).toBe(newest.sha256);
    expect(corrected.dossier.id).toBe(id);
  });
});

describe('where a correction makes no sense', () => {
  it('refuses a dossier already returned or withdrawn, with what to do instead', async () => {
    for (const [status, words] of [[10, 'đã trả kết quả'], [7, 'đã được rút']] as const) {
      const d = (await must('dossiers.receive', intake(xnhn))).dossier;
      raw().prepare('UPDATE dossier SET status = ? WHERE id = ?').run(status, d.id);
      const form = await must('dossiers.correctionForm', { id: d.id });
      expect(form.allowed).toBe(false);
      expect(form.refusal).toContain(words);
      const r = await call('dossiers.correct', await correction(d.id, { applicant: { ...d.applicant, fullName: 'Lê Văn Tám' } }));
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toContain(d.number);
      expect(r.error.message).toContain(words);
    }
  });

  it('a refused dossier (form 03) can be corrected but has no form 01 to print again', async () => {
    const d = (await must('dossiers.receive', intake(xnhn, { outcome: 'refuse', reason: 'Không thuộc thẩm quyền của UBND phường.' }))).dossier;
    const form = await must('dossiers.correctionForm', { id: d.id });
    expect(form).toMatchObject({ allowed: true, canReprint: false, outcome: 'refuse' });
    const input = await correction(d.id, { applicant: { ...d.applicant, address: '7 Phan Đình Phùng, Ba Đình' }, reprint: true });
    const r = await call('dossiers.correct', input);
    expect(r.error.fields).toEqual([expect.objectContaining({ field: 'reprint' })]);
    const ok = await must('dossiers.correct', { ...input, reprint: false });
    expect(ok).toMatchObject({ changed: ['applicant.address'], document: null });
  });

  it('does not drop a document that was already digitized (its file is attached to its line)', async () => {
    const d = (await must('dossiers.receive', intake(xnhn))).dossier;
    raw().prepare(`INSERT INTO digitized_file (id, dossier_id, component_position, component_code, component_name, kind, state, path, sha256, size,
      page_count, dpi, color_mode, scanned_by, scanned_by_name, scanned_at, profile_id, signed, ocr_state, ocr_text, sync_state, source_key, created_at)
      VALUES (?, ?, 0, 'TKXN', 'Tờ khai', 0, 1, 'x.pdf', 'x', 1, 1, 200, 'color', 'u', 'u', ?, 'color-200', 0, 'done', '', 'pending', ?, ?)`)
      .run(crypto.randomUUID(), d.id, new Date().toISOString(), crypto.randomUUID(), new Date().toISOString());
    const input = await correction(d.id);
    expect((await must('dossiers.correctionForm', { id: d.id })).components[0].digitized).toBe(true);
    const r = await call('dossiers.correct', { ...input, components: [{ position: null, code: '', name: 'Giấy khác', copyType: 'copy', quantity: 1 }] });
    expect(r.error.fields).toEqual([expect.objectContaining({ field: 'components', message: expect.stringContaining('đã được số hóa') })]);
  });
});

describe('the new slip of a correction is made outside the write lock', () => {
  it('another writer commits while the corrected slip is rendered', async () => {
    const h = await startCore();
    const d = (await h.must('dossiers.receive', intake(await versionId(h, 'xac nhan hon nhan')))).dossier;
    const input = await correction(d.id, { reprint: true, applicant: { ...d.applicant, fullName: 'Lê Văn Tám' } }, h.must);
    const renderer = await h.core.services.documents.renderer();
    const render = renderer.render.bind(renderer);
    const events: string[] = [];
    let entered!: () => void;
    const inRender = new Promise<void>((r) => { entered = r; });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    renderer.render = async (payload) => {
      entered();
      // Held until the other writer got through, or (if it cannot, because the lock is held) a while later.
      await Promise.race([gate, new Promise((r) => setTimeout(r, 3000))]);
      events.push('render resumes');
      return render(payload);
    };
    const correcting = h.must('dossiers.correct', input);
    await inRender;
    // As a scan save or the sync drainer would: a transaction of its own.
    const other = h.core.services.db.write(async (em) => em.query('SELECT 1')).then(() => { events.push('other writer committed'); release(); });
    const [done] = await Promise.all([correcting, other]);
    expect(events).toEqual(['other writer committed', 'render resumes']);
    renderer.render = render;
    // The answer carries the slip written: ready, its bytes those recorded, the corrected name on it.
    const row = h.core.services.db.raw.prepare('SELECT path, sha256, state FROM document WHERE id = ?').get(done.document.id) as { path: string; sha256: string; state: string };
    expect(row.state).toBe('ready');
    const file = path.join(h.dataDir, 'files', row.path);
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(row.sha256);
    expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toContain('Lê Văn Tám');
    await h.close();
  }, 60_000);

  it('a correction interrupted before its slip is written keeps the correction with the slip pending; the retry or the next start writes it', async () => {
    const h = await startCore();
    const version = await versionId(h, 'xac nhan hon nhan');
    const [a, b] = [(await h.must('dossiers.receive', intake(version))).dossier, (await h.must('dossiers.receive', intake(version))).dossier];
    const files = (h.core.services.documents as unknown as { files: { writeAtomic: (...x: unknown[]) => unknown } }).files;
    const write = files.writeAtomic;
    files.writeAtomic = () => { throw new Error('ENOSPC: no space left on device'); };
    const first = await correction(a.id, { reprint: true, applicant: { ...a.applicant, fullName: 'Lê Văn Tám' } }, h.must);
    const failed = await h.call('dossiers.correct', first);
    expect(failed.ok).toBe(false);
    expect(failed.error.message).toMatch(/không bị mất/);
    const raw = h.core.services.db.raw;
    const slipOf = (id: string, db = raw) => db.prepare(`SELECT d.id, d.path, d.sha256, d.state FROM dossier_correction c JOIN document d ON d.id = c.document_id
      WHERE c.dossier_id = ?`).get(id) as { id: string; path: string; sha256: string; state: string } | undefined;
    // The correction itself is committed (nothing the clerk typed is lost); its slip waits to be written.
    expect((await h.must('dossiers.get', { id: a.id })).applicant.fullName).toBe('Lê Văn Tám');
    expect(slipOf(a.id)).toMatchObject({ state: 'pending', sha256: '' });
    expect(fs.existsSync(path.join(h.dataDir, 'files', slipOf(a.id)!.path))).toBe(false);
    // The province hears nothing of it yet: the update goes with the new slip, once the slip exists.
    const queued = (id: string, db = raw) => {
      const rows = db.prepare(`SELECT kind, payload_json FROM outbox WHERE dossier_id = ? ORDER BY seq`).all(id) as { kind: string; payload_json: string }[];
      const slip = slipOf(id, db)?.id;
      return {
        updates: rows.filter((r) => r.kind === 'dossier.update').length,
        slipUploads: rows.filter((r) => r.kind === 'file.upload' && JSON.parse(r.payload_json).fileKey === slip).length,
      };
    };
    expect(queued(a.id)).toEqual({ updates: 0, slipUploads: 0 });

    // A second correction is interrupted the same way and left for the next start.
    expect((await h.call('dossiers.correct', await correction(b.id, { reprint: true, note: 'Bổ sung ghi chú.' }, h.must))).ok).toBe(false);
    files.writeAtomic = write;

    // The clerk saves again (same operation id): the same correction, its slip now written.
    const retried = await h.must('dossiers.correct', first);
    expect(retried.document.id).toBe(slipOf(a.id)!.id);
    expect(slipOf(a.id)!.state).toBe('ready');
    expect(raw.prepare(`SELECT count(*) n FROM audit_event WHERE action = 'dossier.correct' AND entity_id = ?`).get(a.id)).toEqual({ n: 1 });
    expect(queued(a.id)).toEqual({ updates: 1, slipUploads: 1 });
    expect(queued(b.id)).toEqual({ updates: 0, slipUploads: 0 });
    await h.close();

    const again = await startCore({ dataDir: h.dataDir });
    for (const id of [a.id, b.id]) {
      const slip = slipOf(id, again.core.services.db.raw)!;
      expect(slip.state).toBe('ready');
      const file = path.join(h.dataDir, 'files', slip.path);
      expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(slip.sha256);
      expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toContain(id === a.id ? 'Lê Văn Tám' : b.applicant.fullName);
      expect(queued(id, again.core.services.db.raw)).toEqual({ updates: 1, slipUploads: 1 });
    }
    await again.close();
  }, 60_000);
});
