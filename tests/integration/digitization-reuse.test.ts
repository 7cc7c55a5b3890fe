// Reuse of documents already digitized (Đề án 06 / Thông tư 01/2023) through the API of an in-process core:
// two dossiers of one citizen, the first digitized from a generated page (files driver, no SANE needed); the
// second lists that file and reuses it — a state-2 row sharing the stored PDF, its OCR words, audit, and the
// upload the portal receives (drained into the reference portal) with the state. Refusals in Vietnamese; a
// result of another dossier (kind 1, here a row inserted directly; digitization-result.test.ts scans one) gives state 3.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/base/context';
import type { CoreOptions } from '../../main/core/core';
import { filesDir } from '../../main/base/data-dir';
import { ocrAvailable } from '../../main/digitization';
import { Drainer } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { foldForSearch } from '../../shared/text';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { writePageImage } from '../support/page-images';
import { clientConfig, PORTAL_PASSWORD, startPortal, until } from '../sync/support/portal';

const OTHER_CITIZEN = '001190099999';
const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];
/** Words printed on the generated page: found by OCR, then by the dossier search (folded, no tones). */
const LINES = ['Hộ gia đình ở xóm Đồng Lạc, thôn Yên Ninh', 'Người xác nhận: trưởng thôn'];

const start = (dataDir: string, scanning: CoreOptions['scanning']) => startCore({ dataDir, scanning });
type H = Harness;

async function receive(h: H, idNumber?: string): Promise<{ id: string; number: string }> {
  const [v] = await h.must('procedures.search', { query: 'tình trạng hôn nhân' });
  const r = await h.must('dossiers.receive', intake(v.id, { components: TWO, ...(idNumber ? { applicant: { ...intake(v.id).applicant, idNumber } } : {}) }));
  return { id: r.dossier.id, number: r.dossier.number };
}

/** Imports a page into one component of the dossier and saves it; returns the saved file. */
async function digitize(h: H, dossierId: string, component: string, page: string) {
  let job = await h.must('scanning.openJob', { dossierId });
  job = await h.must('scanning.importFiles', { jobId: job.id, component, paths: [page] });
  job = await waitJob(h, job.id);
  expect(job.error).toBeNull();
  const { saved } = await h.must('scanning.save', { jobId: job.id });
  await h.must('scanning.close', { jobId: job.id });
  return saved[0];
}

const raw = (h: H) => h.core.services.db.raw;
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const storedPdfs = (root: string): string[] => fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.pdf') && f.startsWith('digitized')).sort();
const uploadsOf = (h: H, dossierId: string) => (raw(h).prepare(`SELECT seq, payload_json FROM outbox WHERE kind = 'file.upload' AND dossier_id = ? ORDER BY seq`)
  .all(dossierId) as { seq: number; payload_json: string }[]).map((r) => ({ seq: r.seq, ...JSON.parse(r.payload_json) }));
const found = async (h: H, query: string) => (await h.must('dossiers.list', { query })).map((x: { id: string }) => x.id).sort();

describe('reuse of documents already digitized for the same citizen', () => {
  const dirs: string[] = [];
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-reuse-')); dirs.push(d); return d; };
  let ocrOn = false;
  let page: string;
  let page2: string;

  beforeAll(async () => {
    ocrOn = (await ocrAvailable()).ok;
    const dir = tmp();
    page = (await writePageImage(path.join(dir, 'cu-tru.png'), { title: 'Giấy xác nhận cư trú', lines: LINES, fontPt: 16, noiseSigma: 2 })).filePath;
    page2 = (await writePageImage(path.join(dir, 'cccd.png'), { seed: 3 })).filePath;
  }, 60_000);
  afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('offers the first dossier\'s file to the second dossier of the citizen and reuses it without a copy: row, OCR words, audit, upload with the state', async () => {
    const h = await start(tmp(), { ocr: ocrOn ? { language: 'vie' } : { enabled: false } });
    try {
      const a = await receive(h);
      const b = await receive(h);
      const stranger = await receive(h, OTHER_CITIZEN);
      const src = await digitize(h, a.id, 'TKXN', page);
      if (ocrOn) {
        await h.core.services.digitization.ocr.queue.onIdle();
        await until(() => (raw(h).prepare('SELECT ocr_state FROM digitized_file WHERE id = ?').pluck().get(src.id) as string) !== 'pending', 10_000, 'OCR');
      } else {
        // No Tesseract on this machine: the row gets the text OCR would have written (the FTS part is what is tested).
        raw(h).prepare('UPDATE digitized_file SET ocr_text = ?, ocr_state = ? WHERE id = ?').run(LINES.join('\n'), 'done', src.id);
        raw(h).prepare('INSERT INTO document_text_fts(text, dossier_id, file_id) VALUES (?, ?, ?)').run(foldForSearch(LINES.join('\n')), a.id, src.id);
      }
      const [source] = await h.must('scanning.files', { dossierId: a.id });
      expect(['done', 'partial']).toContain(source.ocrState);
      expect(await found(h, 'dong lac yen ninh')).toEqual([a.id]);

      // The other citizen sees nothing; the dossier itself does not offer its own files.
      expect(await h.must('scanning.reuseCandidates', { dossierId: stranger.id })).toEqual([]);
      expect(await h.must('scanning.reuseCandidates', { dossierId: a.id })).toEqual([]);
      const candidates = await h.must('scanning.reuseCandidates', { dossierId: b.id, componentPosition: 0 });
      expect(candidates).toHaveLength(1);
      expect(candidates[0]).toMatchObject({
        fileId: source.id, dossierId: a.id, dossierNumber: a.number, componentCode: 'TKXN', componentName: TWO[0]!.name,
        pageCount: 1, kind: 0, isResult: false, state: 1, sameComponent: true, scannedAt: source.scannedAt,
      });
      expect(candidates[0].procedureName).toMatch(/tình trạng hôn nhân/);
      // For the second component the same file is offered, not as the same component.
      expect((await h.must('scanning.reuseCandidates', { dossierId: b.id, componentPosition: 1 }))[0].sameComponent).toBe(false);

      const root = filesDir(h.dataDir);
      const pdfsBefore = storedPdfs(root);
      const job = await h.must('scanning.openJob', { dossierId: b.id });
      const { file, job: view } = await h.must('scanning.reuse', { dossierId: b.id, componentPosition: 0, sourceFileId: source.id, jobId: job.id });
      expect(file).toMatchObject({
        dossierId: b.id, componentPosition: 0, componentCode: 'TKXN', kind: 0, state: 2, reusedFrom: source.id,
        sha256: source.sha256, size: source.size, pageCount: 1, dpi: source.dpi, colorMode: source.colorMode, ocrState: source.ocrState, replacedBy: null,
      });
      expect(view.components[0].digitized).toMatchObject({ fileId: file.id, state: 2, reusedFrom: { fileId: source.id, dossierId: a.id, dossierNumber: a.number } });
      expect(view.components[1].digitized).toBeNull();
      await h.must('scanning.close', { jobId: job.id });

      // The same stored PDF: no new file on disk, nothing under the second dossier.
      const row = raw(h).prepare('SELECT * FROM digitized_file WHERE id = ?').get(file.id) as Record<string, any>;
      const srcRow = raw(h).prepare('SELECT * FROM digitized_file WHERE id = ?').get(source.id) as Record<string, any>;
      expect(row.path).toBe(srcRow.path);
      expect(row.reused_from).toBe(source.id);
      expect(row.ocr_text).toBe(srcRow.ocr_text);
      expect(storedPdfs(root)).toEqual(pdfsBefore);
      expect(fs.existsSync(path.join(root, 'digitized', b.id))).toBe(false);
      expect(sha(path.join(root, row.path))).toBe(source.sha256);
      const content = await h.must('scanning.fileContent', { fileId: file.id });
      expect(content.fileName).toBe(`TKXN-${b.number}.pdf`);
      expect(crypto.createHash('sha256').update(Buffer.from(content.base64, 'base64')).digest('hex')).toBe(source.sha256);

      // Audit and outbox, in the reuse's transaction (same instant as the row).
      const audit = raw(h).prepare(`SELECT at, user_id, after_json FROM audit_event WHERE action = 'digitized.reuse' AND entity_id = ?`).all(file.id) as { at: string; after_json: string }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.at).toBe(row.created_at);
      expect(JSON.parse(audit[0]!.after_json)).toMatchObject({ dossierId: b.id, state: 2, reusedFrom: source.id, sourceDossierNumber: a.number, sha256: source.sha256 });
      const upload = uploadsOf(h, b.id).find((u) => u.fileKey === file.id);
      expect(upload).toMatchObject({ relativePath: row.path, sha256: source.sha256, size: source.size, componentCode: 'TKXN', role: 'submitted', digitizationState: 2, fileName: `TKXN-${b.number}.pdf` });
      const update = raw(h).prepare(`SELECT seq FROM outbox WHERE kind = 'dossier.update' AND dossier_id = ? ORDER BY seq DESC`).get(b.id) as { seq: number };
      expect(update.seq).toBeGreaterThan(upload.seq);

      // The dossier summary counts it as digitized and reused; the words of the document find both dossiers.
      const detail = await h.must('dossiers.get', { id: b.id });
      expect(detail.digitization).toMatchObject({ digitized: 1, reused: 1, total: 2 });
      expect(detail.digitization.components[0]).toMatchObject({ state: 2, fileId: file.id, pageCount: 1, reusedFrom: { dossierNumber: a.number } });
      expect((await h.must('dossiers.get', { id: a.id })).digitization).toMatchObject({ digitized: 1, reused: 0, total: 2 });
      expect(raw(h).prepare('SELECT dossier_id FROM document_text_fts WHERE file_id = ?').pluck().get(file.id)).toBe(b.id);
      expect(await found(h, 'dong lac yen ninh')).toEqual([a.id, b.id].sort());
      expect(await found(h, 'Đồng Lạc')).not.toContain(stranger.id);

      // Reusing the very same file again changes nothing.
      const again = await h.call('scanning.reuse', { dossierId: b.id, componentPosition: 0, sourceFileId: source.id });
      expect(again.error).toMatchObject({ code: 'CONFLICT' });
      expect(again.error.message).toMatch(/đã dùng đúng bản số hóa này/);
      // A file shared by two dossiers is offered once, as its original.
      const third = await receive(h);
      expect((await h.must('scanning.reuseCandidates', { dossierId: third.id })).map((c: { fileId: string }) => c.fileId)).toEqual([source.id]);

      // The portal receives the reused file under the second dossier, with the state.
      const portal = await startPortal({ dir: tmp() });
      const config = clientConfig(portal);
      const drainer = new Drainer(new OutboxStore(h.core.services.db), new PortalClient(config, PORTAL_PASSWORD), config, root, systemClock,
        { concurrency: 4, retryBaseMs: 20, retryMaxMs: 200, probeBaseMs: 50, probeMaxMs: 200, pauseAfterFailures: 50, pollMs: 50 });
      try {
        await drainer.start();
        await until(() => (raw(h).prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')`).pluck().get() as number) === 0 && drainer.busy === 0, 60_000, 'drain');
        expect(raw(h).prepare(`SELECT count(*) FROM outbox WHERE state = 'needs_attention'`).pluck().get()).toBe(0);
        const official = raw(h).prepare('SELECT number FROM dossier WHERE id = ?').pluck().get(b.id) as string;
        const onPortal = portal.store.allDossiers().find((d) => d.MaHoSo === official)!;
        const reusedRef = onPortal.TaiLieuNop.find((f) => f.MaThanhPhanHoSo === 'TKXN');
        expect(reusedRef).toMatchObject({ digitizationState: 2 });
        const ownScan = portal.store.allDossiers().find((d) => d.MaHoSo === raw(h).prepare('SELECT number FROM dossier WHERE id = ?').pluck().get(a.id))!
          .TaiLieuNop.find((f) => f.MaThanhPhanHoSo === 'TKXN')!;
        expect(ownScan).toMatchObject({ digitizationState: 1, IsDeleted: false });
        const portalSha = (id: string) => (portal.store.db.prepare('SELECT sha256 FROM file WHERE id = ?').get(id) as { sha256: string }).sha256;
        expect(portalSha(reusedRef!.TepDinhKemId)).toBe(source.sha256);

        // The first dossier's paper is scanned again: the portal's list marks the old file deleted, the new one current.
        const rescan = await digitize(h, a.id, 'TKXN', page2);
        if (ocrOn) await h.core.services.digitization.ocr.queue.onIdle();
        await h.must('sync.retryNow', {});
        await until(() => (raw(h).prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')`).pluck().get() as number) === 0 && drainer.busy === 0, 60_000, 'drain after rescan');
        const aNumber = raw(h).prepare('SELECT number FROM dossier WHERE id = ?').pluck().get(a.id) as string;
        const aFiles = portal.store.allDossiers().find((d) => d.MaHoSo === aNumber)!.TaiLieuNop.filter((f) => f.MaThanhPhanHoSo === 'TKXN');
        const rescanSha = raw(h).prepare('SELECT sha256 FROM digitized_file WHERE id = ?').pluck().get(rescan.id) as string;
        expect(aFiles.map((f) => [f.IsDeleted, portalSha(f.TepDinhKemId)])).toEqual([[true, source.sha256], [false, rescanSha]]);
        // The second dossier still lists the reused copy as current.
        expect(portal.store.allDossiers().find((d) => d.MaHoSo === official)!.TaiLieuNop.find((f) => f.MaThanhPhanHoSo === 'TKXN')).toMatchObject({ IsDeleted: false, digitizationState: 2 });
      } finally {
        await drainer.stop();
        await portal.close();
      }
    } finally {
      await h.core.close();
    }
  }, 180_000);

  it('refuses another citizen\'s file, a file of the same dossier, an unknown component, a replaced or damaged file — in Vietnamese', async () => {
    const h = await start(tmp(), { ocr: { enabled: false } });
    try {
      const a = await receive(h);
      const b = await receive(h);
      const stranger = await receive(h, OTHER_CITIZEN);
      const first = await digitize(h, a.id, 'TKXN', page);
      const cccd = await digitize(h, a.id, 'CCCD', page2);
      const strangers = await digitize(h, stranger.id, 'CCCD', page2);
      const refused = async (input: Record<string, unknown>) => {
        const r = await h.call('scanning.reuse', input);
        expect(r.ok).toBe(false);
        return r.error as { code: string; message: string };
      };

      let e = await refused({ dossierId: b.id, componentPosition: 1, sourceFileId: strangers.id });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/giấy tờ của người khác/);
      e = await refused({ dossierId: a.id, componentPosition: 1, sourceFileId: first.id });
      expect(e.message).toMatch(/thuộc chính hồ sơ đang xử lý/);
      e = await refused({ dossierId: b.id, componentPosition: 7, sourceFileId: first.id });
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toMatch(/không có thành phần thứ 8/);
      e = await refused({ dossierId: b.id, componentPosition: 0, sourceFileId: 'khong-co' });
      expect(e.code).toBe('NOT_FOUND');

      // The first dossier's declaration is rescanned: the old version is no longer offered nor reusable.
      const newer = await digitize(h, a.id, 'TKXN', page2);
      expect((await h.must('scanning.files', { dossierId: a.id, includeReplaced: true })).find((f: { id: string }) => f.id === first.id).replacedBy).toBe(newer.id);
      const offered = (await h.must('scanning.reuseCandidates', { dossierId: b.id, componentPosition: 0 })).map((c: { fileId: string }) => c.fileId);
      expect(offered).not.toContain(first.id);
      expect(offered[0]).toBe(newer.id); // same component first
      expect(new Set(offered)).toEqual(new Set([newer.id, cccd.id]));
      e = await refused({ dossierId: b.id, componentPosition: 0, sourceFileId: first.id });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/đã được thay bằng bản mới hơn trong hồ sơ/);

      // A damaged stored file (bytes changed on disk) is not offered and cannot be reused; nor a missing one.
      const root = filesDir(h.dataDir);
      const cccdPath = path.join(root, raw(h).prepare('SELECT path FROM digitized_file WHERE id = ?').pluck().get(cccd.id) as string);
      const bytes = fs.readFileSync(cccdPath);
      bytes[bytes.length - 20] ^= 0xff;
      fs.writeFileSync(cccdPath, bytes);
      expect((await h.must('scanning.reuseCandidates', { dossierId: b.id })).map((c: { fileId: string }) => c.fileId)).toEqual([newer.id]);
      e = await refused({ dossierId: b.id, componentPosition: 1, sourceFileId: cccd.id });
      expect(e.message).toMatch(/bị thiếu hoặc bị hỏng/);
      fs.rmSync(cccdPath);
      e = await refused({ dossierId: b.id, componentPosition: 1, sourceFileId: cccd.id });
      expect(e.message).toMatch(/bị thiếu hoặc bị hỏng/);

      // Nothing was written by the refusals.
      expect(raw(h).prepare(`SELECT count(*) FROM digitized_file WHERE dossier_id = ?`).pluck().get(b.id)).toBe(0);
      expect(raw(h).prepare(`SELECT count(*) FROM audit_event WHERE action = 'digitized.reuse'`).pluck().get()).toBe(0);
      expect(uploadsOf(h, b.id).filter((u) => u.role === 'submitted' && u.componentCode !== 'FORM01')).toEqual([]);
      expect((await h.must('dossiers.get', { id: b.id })).digitization).toMatchObject({ digitized: 0, reused: 0, total: 2 });
    } finally {
      await h.core.close();
    }
  }, 120_000);

  it('a result of another dossier (kind 1) gives state 3; reusing over a scan replaces it as a save does', async () => {
    const h = await start(tmp(), { ocr: { enabled: false } });
    try {
      const a = await receive(h);
      const b = await receive(h);
      const scan = await digitize(h, a.id, 'TKXN', page);
      const own = await digitize(h, b.id, 'CCCD', page2);
      // A result of the first dossier, inserted directly (scanning one is tested in digitization-result.test.ts): its own stored file, kind 1.
      const root = filesDir(h.dataDir);
      const srcRow = raw(h).prepare('SELECT * FROM digitized_file WHERE id = ?').get(scan.id) as Record<string, any>;
      const resultBytes = Buffer.concat([fs.readFileSync(path.join(root, srcRow.path)), Buffer.from('\n% ket qua\n')]);
      const resultRel = `digitized/${a.id}/ket-qua-1.pdf`;
      fs.writeFileSync(path.join(root, resultRel), resultBytes);
      const resultId = crypto.randomUUID();
      const later = new Date(Date.parse(srcRow.scanned_at) + 60_000).toISOString();
      raw(h).prepare(`INSERT INTO digitized_file (id, dossier_id, component_position, component_code, component_name, kind, state, path, sha256,
          size, page_count, dpi, color_mode, scanned_by, scanned_by_name, scanned_at, profile_id, ocr_state, sync_state, source_key, created_at)
        VALUES (?, ?, 100, 'KQ.G15.000032', 'Giấy xác nhận tình trạng hôn nhân', 1, 1, ?, ?, ?, 1, 200, 'color', ?, 'Cán bộ', ?, 'color-200', 'off', 'queued', 'ket-qua', ?)`)
        .run(resultId, a.id, resultRel, crypto.createHash('sha256').update(resultBytes).digest('hex'), resultBytes.length, srcRow.scanned_by, later, later);

      const candidates = await h.must('scanning.reuseCandidates', { dossierId: b.id, componentPosition: 1 });
      expect(candidates.map((c: any) => [c.fileId, c.kind, c.isResult])).toEqual([[resultId, 1, true], [scan.id, 0, false]]);

      // The second dossier's CCCD was scanned here; taking the result instead replaces that version.
      const { file, job } = await h.must('scanning.reuse', { dossierId: b.id, componentPosition: 1, sourceFileId: resultId });
      expect(job).toBeNull();
      expect(file).toMatchObject({ state: 3, kind: 0, reusedFrom: resultId, componentCode: 'CCCD', pageCount: 1 });
      const replaced = raw(h).prepare('SELECT replaced_by FROM digitized_file WHERE id = ?').pluck().get(own.id);
      expect(replaced).toBe(file.id);
      const audit = JSON.parse(raw(h).prepare(`SELECT before_json FROM audit_event WHERE action = 'digitized.reuse' AND entity_id = ?`).pluck().get(file.id) as string);
      expect(audit).toMatchObject({ id: own.id, state: 1 });
      expect(uploadsOf(h, b.id).find((u) => u.fileKey === file.id)).toMatchObject({ digitizationState: 3, relativePath: resultRel });

      await h.must('scanning.reuse', { dossierId: b.id, componentPosition: 0, sourceFileId: scan.id });
      const detail = await h.must('dossiers.get', { id: b.id });
      expect(detail.digitization).toMatchObject({ digitized: 2, reused: 2, total: 2 });
      expect(detail.digitization.components.map((c: { state: number }) => c.state)).toEqual([2, 3]);
      // The job view of the second dossier says where each component comes from.
      const view = await h.must('scanning.openJob', { dossierId: b.id });
      expect(view.components.filter((c: any) => c.kind === 0).map((c: any) => [c.digitized.state, c.digitized.reusedFrom.dossierNumber])).toEqual([[2, a.number], [3, a.number]]);
    } finally {
      await h.core.close();
    }
  }, 120_000);
});
