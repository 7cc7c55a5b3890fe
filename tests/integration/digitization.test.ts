// Digitization through the API of an in-process core: the SANE test backend (a private SANE_CONFIG_DIR), the
// eSCL test server for a jam mid-batch, file import, editing, save (PDFs, rows, audit, outbox in one
// transaction) and a restart in the middle of a job.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../main/core/core';
import { filesDir } from '../../main/base/data-dir';
import { counterWork } from '../../main/base/counter-work';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { startEsclServer, type EsclTestServer } from '../support/escl-server';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { writePageImage } from '../support/page-images';

const DEV = 'sane:test:0';

const start = (dataDir: string, scanning: CoreOptions['scanning']) => startCore({ dataDir, scanning });
type H = Harness;

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

async function receive(h: H): Promise<{ id: string; number: string }> {
  const [v] = await h.must('procedures.search', { query: 'tình trạng hôn nhân' });
  const r = await h.must('dossiers.receive', intake(v.id, { components: TWO }));
  return { id: r.dossier.id, number: r.dossier.number };
}

const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const raw = (h: H) => h.core.services.db.raw;

describe.skipIf(!hasScanimage())('digitization API', () => {
  let cfg: SaneConfig;
  const dirs: string[] = [];
  const dataDir = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-dig-')); dirs.push(d); return d; };
  const opts = (more: Partial<NonNullable<CoreOptions['scanning']>> = {}): CoreOptions['scanning'] => ({
    drivers: { sane: { saneConfigDir: cfg.configDir, killGraceMs: 1000 } }, ocr: { enabled: false }, ...more,
  });

  beforeAll(() => { cfg = makeSaneConfig(); });
  afterAll(() => { cfg.cleanup(); for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('scans a 10-page feeder batch, edits it, splits it into two components and saves two PDFs with their rows and outbox items', async () => {
    const h = await start(dataDir(), opts());
    try {
      const devices = await h.must('scanning.devices', { refresh: true });
      expect(devices.map((d: { id: string }) => d.id)).toContain(DEV);
      const caps = await h.must('scanning.capabilities', { deviceId: DEV });
      expect(caps.sources).toContain('feeder');
      const profiles = await h.must('scanning.profiles', {});
      expect(profiles.defaultId).toBe('color-200');

      const d = await receive(h);
      let job = await h.must('scanning.openJob', { dossierId: d.id, profileId: 'gray-300' });
      // The two components, then the dossier's result paper (kind 1), which can be scanned once it is signed.
      expect(job.components.map((c: { code: string; kind: number }) => [c.code, c.kind])).toEqual([['TKXN', 0], ['CCCD', 0], ['KQ1', 1]]);
      job = await h.must('scanning.start', { jobId: job.id, deviceId: DEV, source: 'feeder' });
      expect(job.scan.running).toBe(true);
      job = await waitJob(h, job.id);
      expect(job.error).toBeNull();
      expect(job.pages).toHaveLength(10);
      const ids: string[] = job.pages.map((p: { id: string }) => p.id);

      // Reorder (last page first), rotate one page, remove one.
      job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'move', pageId: ids[9], toIndex: 0 } });
      expect(job.pages[0].id).toBe(ids[9]);
      job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'rotate', pageId: ids[2], turn: 90 } });
      const turned = job.pages[3];
      expect(turned.rotation).toBe(90);
      expect(turned.widthPx).toBeGreaterThan(turned.heightPx);
      job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'remove', pageId: ids[5] } });
      expect(job.pages).toHaveLength(9);
      const order: string[] = job.pages.map((p: { id: string }) => p.id);

      const thumb = await h.must('scanning.thumbnail', { jobId: job.id, pageId: order[0] });
      const meta = await sharp(Buffer.from(thumb.base64, 'base64')).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width).toBeLessThanOrEqual(220);

      // Split: pages 1–4 → the declaration, 5–9 → the ID card copy.
      job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'splitRanges', ranges: [{ code: 'TKXN', from: 1, to: 4 }, { code: 'CCCD', from: 5, to: 9 }] } });
      expect(job.components.map((c: { scanned: number }) => c.scanned)).toEqual([4, 5, 0]);
      job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'setExpected', component: 'TKXN', pages: 4 } });
      expect(job.components[0].label).toBe('4 trang đã quét / 4 trang theo hồ sơ');

      const outboxBefore = (raw(h).prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'file.upload'`).get() as { n: number }).n;
      const { saved, job: after } = await h.must('scanning.save', { jobId: job.id });
      expect(saved).toHaveLength(2);
      expect(after.components.filter((c: { kind: number }) => c.kind === 0).every((c: { digitized: unknown; unsaved: boolean }) => c.digitized && !c.unsaved)).toBe(true);
      const root = filesDir(h.dataDir);
      const rows = raw(h).prepare(`SELECT * FROM digitized_file WHERE dossier_id = ? ORDER BY component_position`).all(d.id) as Record<string, any>[];
      expect(rows.map((r) => [r.component_code, r.page_count, r.state, r.kind, r.dpi, r.color_mode])).toEqual([['TKXN', 4, 1, 0, 300, 'gray'], ['CCCD', 5, 1, 0, 300, 'gray']]);
      for (const r of rows) {
        const file = path.join(root, r.path);
        expect(pdfPages(file)).toBe(r.page_count);
        expect(sha(file)).toBe(r.sha256);
        expect(fs.statSync(file).size).toBe(r.size);
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toContain(d.number);
      }
      // The page order in the PDF is the edited one: page 1 of the declaration is the former page 10.
      // The first change after the receipt also expands the receipt's create (its slip upload); ours are the last two.
      const uploads = (raw(h).prepare(`SELECT payload_json, created_at FROM outbox WHERE kind = 'file.upload' ORDER BY seq`).all() as { payload_json: string; created_at: string }[])
        .slice(outboxBefore).filter((u) => JSON.parse(u.payload_json).role === 'submitted' && !/^form/.test(JSON.parse(u.payload_json).fileName));
      expect(uploads).toHaveLength(2);
      const payloads = uploads.map((u) => JSON.parse(u.payload_json));
      expect(payloads.map((p) => [p.fileKey, p.sha256, p.relativePath, p.componentCode])).toEqual(rows.map((r) => [r.id, r.sha256, r.path, r.component_code]));
      // Same transaction: the outbox rows and the file rows carry the same instant.
      expect(new Set(uploads.map((u) => u.created_at))).toEqual(new Set(rows.map((r) => r.created_at)));
      expect(raw(h).prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'dossier.update' AND dossier_id = ?`).get(d.id)).toEqual({ n: 1 });
      const audit = raw(h).prepare(`SELECT action FROM audit_event WHERE entity = 'digitized_file'`).all() as { action: string }[];
      expect(audit.map((a) => a.action)).toEqual(['digitized.create', 'digitized.create']);

      const detail = await h.must('dossiers.get', { id: d.id });
      expect(detail.digitization).toMatchObject({ digitized: 2, total: 2 });
      const content = await h.must('scanning.fileContent', { fileId: rows[0].id });
      expect(Buffer.from(content.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

      // Saving again with nothing changed stores nothing; a rescan of one page makes a new version of that component only.
      expect((await h.call('scanning.save', { jobId: job.id })).error.code).toBe('CONFLICT');
      job = await h.must('scanning.start', { jobId: job.id, deviceId: DEV, source: 'flatbed', replacePageId: order[6] });
      job = await waitJob(h, job.id);
      expect(job.error).toBeNull();
      expect(job.components.map((c: { unsaved: boolean }) => c.unsaved)).toEqual([false, true, false]);
      const second = await h.must('scanning.save', { jobId: job.id });
      expect(second.saved.map((f: { componentCode: string }) => f.componentCode)).toEqual(['CCCD']);
      const all = await h.must('scanning.files', { dossierId: d.id, includeReplaced: true });
      const old = all.find((f: { id: string }) => f.id === rows[1].id);
      expect(old.replacedBy).toBe(second.saved[0].id);
      expect(fs.existsSync(path.join(root, rows[1].path))).toBe(true);
      expect((await h.must('scanning.files', { dossierId: d.id })).map((f: { id: string }) => f.id)).toEqual([rows[0].id, second.saved[0].id]);
    } finally {
      await h.core.close();
    }
  });

  it('a jam mid-batch keeps the earlier pages and reports the Vietnamese message', async () => {
    const server: EsclTestServer = await startEsclServer({ feederPages: 5, jamAfter: 3 });
    const h = await start(dataDir(), opts({ drivers: { sane: { saneConfigDir: cfg.configDir }, escl: { addresses: [server.url], retryDelayMs: 50 } } }));
    try {
      const devices = await h.must('scanning.devices', {});
      const escl = devices.find((x: { driver: string }) => x.driver === 'escl');
      expect(escl).toBeTruthy();
      const d = await receive(h);
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      job = await h.must('scanning.start', { jobId: job.id, deviceId: escl.id, source: 'feeder', component: 'TKXN' });
      job = await waitJob(h, job.id);
      expect(job.pages).toHaveLength(3);
      expect(job.error).toMatch(/Giấy bị kẹt/);
      expect(job.error).toContain('Các trang đã quét (3) vẫn được giữ');
      expect(job.components[0].scanned).toBe(3);
    } finally {
      await h.core.close();
      await server.close();
    }
  });

  it('imports a PNG and a corrupt file: the PNG is kept, the corrupt one is named', async () => {
    const h = await start(dataDir(), opts());
    try {
      const d = await receive(h);
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      const png = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } })
        .composite([{ input: Buffer.from('<svg width="1654" height="400"><text x="100" y="200" font-size="90">Tờ khai</text></svg>'), top: 200, left: 0 }])
        .png().withMetadata({ density: 200 }).toBuffer();
      const dir = dataDir();
      const pngPath = path.join(dir, 'to-khai.png');
      fs.writeFileSync(pngPath, png);
      const broken = Buffer.concat([png.subarray(0, 2000)]);
      job = await h.must('scanning.importFiles', {
        jobId: job.id, component: 'TKXN', paths: [pngPath],
        uploads: [{ name: 'hong.png', base64: broken.toString('base64') }, { name: 'ban-sao.png', base64: png.toString('base64') }],
      });
      job = await waitJob(h, job.id);
      expect(job.pages).toHaveLength(2);
      expect(job.error).toContain('"hong.png"');
      expect(job.error).toContain('Các tệp khác vẫn được nhập');
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      expect(saved[0].pageCount).toBe(2);

      const tooBig = await start(dataDir(), opts({ maxUploadBytes: 1000 }));
      try {
        const d2 = await receive(tooBig);
        const j2 = await tooBig.must('scanning.openJob', { dossierId: d2.id });
        const r = await tooBig.call('scanning.importFiles', { jobId: j2.id, uploads: [{ name: 'lon.png', base64: png.toString('base64') }] });
        expect(r.error.message).toMatch(/quá lớn/);
      } finally {
        await tooBig.core.close();
      }
    } finally {
      await h.core.close();
    }
  });

  it('scans each component with its own profile: a bi-level 300 dpi component next to a colour 200 dpi one', async () => {
    const h = await start(dataDir(), opts());
    try {
      const d = await receive(h);
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      expect(job.profile.id).toBe('color-200');
      const dir = dataDir();
      const page = await writePageImage(path.join(dir, 'trang.png'), { seed: 7, stamp: true });
      const bad = await h.call('scanning.importFiles', { jobId: job.id, component: 'TKXN', paths: [page.filePath], profileId: 'khong-co' });
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.message).toMatch(/cấu hình quét/);

      job = await h.must('scanning.importFiles', { jobId: job.id, component: 'TKXN', paths: [page.filePath], profileId: 'bw-text-300' });
      job = await waitJob(h, job.id);
      job = await h.must('scanning.importFiles', { jobId: job.id, component: 'CCCD', paths: [page.filePath] });
      job = await waitJob(h, job.id);
      expect(job.error).toBeNull();
      expect(job.pages.map((p: any) => [p.component, p.profileId, p.colorMode, p.dpi])).toEqual([
        ['TKXN', 'bw-text-300', 'bw', 200], ['CCCD', 'color-200', 'color', 200],
      ]);
      // A 200 dpi source is not blown up to 300 dpi: the profile's dpi is what the scanner is asked for.
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      const byCode = Object.fromEntries(saved.map((f: any) => [f.componentCode, f]));
      expect(byCode.TKXN).toMatchObject({ profileId: 'bw-text-300', colorMode: 'bw' });
      expect(byCode.CCCD).toMatchObject({ profileId: 'color-200', colorMode: 'color', dpi: 200 });
      const files = filesDir(h.dataDir);
      const rowPath = (id: string) => path.join(files, raw(h).prepare('SELECT path FROM digitized_file WHERE id = ?').pluck().get(id) as string);
      const list = (id: string) => execFileSync('pdfimages', ['-list', rowPath(id)], { encoding: 'utf8' }).trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
      // pdfimages -list: page num type width height color comp bpc …
      expect(list(byCode.TKXN.id)[0].slice(5, 8)).toEqual(['gray', '1', '1']);
      expect(list(byCode.CCCD.id)[0].slice(5, 8)).toEqual(['rgb', '3', '8']);

      // From a scanner, a bi-level profile asks for grey (SANE's test backend has no line-art mode) and the
      // pipeline thresholds.
      job = await h.must('scanning.start', { jobId: job.id, deviceId: DEV, source: 'flatbed', component: 'CCCD', profileId: 'bw-text-300' });
      job = await waitJob(h, job.id);
      expect(job.error).toBeNull();
      expect(job.pages.at(-1)).toMatchObject({ component: 'CCCD', profileId: 'bw-text-300', colorMode: 'bw', dpi: 300 });
    } finally {
      await h.core.close();
    }
  });

  it('reopens a job by id after a core restart, pages and edits kept', async () => {
    const dir = dataDir();
    let h = await start(dir, opts());
    const d = await receive(h);
    let job = await h.must('scanning.openJob', { dossierId: d.id });
    job = await h.must('scanning.start', { jobId: job.id, deviceId: DEV, source: 'feeder', component: 'CCCD' });
    job = await waitJob(h, job.id);
    job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'move', pageId: job.pages[4].id, toIndex: 0 } });
    const order = job.pages.map((p: { id: string }) => p.id);
    await h.core.close();

    h = await start(dir, opts());
    try {
      const again = await h.must('scanning.job', { jobId: job.id });
      expect(again.pages.map((p: { id: string }) => p.id)).toEqual(order);
      expect(again.components[1].scanned).toBe(10);
      // Opening the dossier's job finds the same one.
      expect((await h.must('scanning.openJob', { dossierId: d.id })).id).toBe(job.id);
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      expect(saved).toHaveLength(1);
      expect(saved[0].pageCount).toBe(10);
      await h.must('scanning.close', { jobId: job.id });
      expect(fs.existsSync(path.join(dir, 'scan-jobs', 'jobs', job.id))).toBe(false);
      expect((await h.call('scanning.job', { jobId: job.id })).error.code).toBe('NOT_FOUND');
    } finally {
      await h.core.close();
    }
  });

  it('holds the upload while OCR runs, then sends the OCR\'d file (one upload item, final SHA-256)', async () => {
    const h = await start(dataDir(), opts({ ocr: { language: 'vie', keepReplacedMs: 4_000 } }));
    try {
      const d = await receive(h);
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      job = await h.must('scanning.start', { jobId: job.id, deviceId: DEV, source: 'flatbed', component: 'TKXN' });
      job = await waitJob(h, job.id);
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      expect(saved[0].ocrState).toBe('pending');
      const item = () => raw(h).prepare(`SELECT payload_json, next_attempt_at, state FROM outbox WHERE kind = 'file.upload'
        AND json_extract(payload_json, '$.fileKey') = ?`).all(saved[0].id) as { payload_json: string; next_attempt_at: string | null }[];
      const held = item();
      expect(held).toHaveLength(1);
      expect(Date.parse(held[0].next_attempt_at!)).toBeGreaterThan(Date.now() + 60_000);
      await h.core.services.digitization.ocr.queue.onIdle();
      await new Promise((r) => setTimeout(r, 100));
      const [file] = await h.must('scanning.files', { dossierId: d.id });
      expect(['done', 'partial']).toContain(file.ocrState);
      const released = item();
      expect(released).toHaveLength(1);
      expect(released[0].next_attempt_at).toBeNull();
      const payload = JSON.parse(released[0].payload_json);
      expect(payload.sha256).toBe(file.sha256);
      expect(payload.sha256).not.toBe(saved[0].sha256);
      const full = path.join(filesDir(h.dataDir), payload.relativePath);
      expect(sha(full)).toBe(file.sha256);
      expect(pdfPages(full)).toBe(1);
      // The replaced file stays a moment for a reader that had its path (a preview opened just before), then goes.
      const first = path.join(filesDir(h.dataDir), 'digitized', d.id, `${saved[0].id}.pdf`);
      expect(sha(first)).toBe(saved[0].sha256);
      await expect.poll(() => fs.existsSync(first), { timeout: 10_000 }).toBe(false);
    } finally {
      await h.core.close();
    }
  });

  it('finds the dossier by words inside its digitized documents once OCR is done', async () => {
    const h = await start(dataDir(), opts({ ocr: { language: 'vie' } }));
    try {
      const d = await receive(h);
      const other = await receive(h);
      const pagePath = path.join(dataDir(), 'trang.png');
      await writePageImage(pagePath, { title: 'Giấy xác nhận cư trú', lines: ['Hộ gia đình ở xóm Đồng Lạc, thôn Yên Ninh', 'Người xác nhận: trưởng thôn'], fontPt: 16, noiseSigma: 2 });
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      job = await h.must('scanning.importFiles', { jobId: job.id, component: 'TKXN', paths: [pagePath] });
      job = await waitJob(h, job.id);
      // The counter stays busy (a long request, pages being scanned): OCR prepares nothing meanwhile. A
      // page's OCR takes ~1.5 s here, so without the wait it would be done before the counter is quiet.
      const endCounterWork = counterWork.begin();
      try {
        await h.must('scanning.save', { jobId: job.id });
        expect((await h.must('dossiers.list', { query: 'dong lac yen ninh' })).map((x: { id: string }) => x.id)).toEqual([]);
        await new Promise((r) => setTimeout(r, 4_000));
        expect((await h.must('scanning.files', { dossierId: d.id }))[0].ocrState).toBe('pending');
      } finally {
        endCounterWork();
      }
      await h.core.services.digitization.ocr.queue.onIdle();
      await new Promise((r) => setTimeout(r, 100));
      const found = (await h.must('dossiers.list', { query: 'dong lac yen ninh' })).map((x: { id: string }) => x.id);
      expect(found).toEqual([d.id]);
      expect(found).not.toContain(other.id);
      expect((await h.must('dossiers.list', { query: 'Đồng Lạc' })).map((x: { id: string }) => x.id)).toEqual([d.id]);
      expect(await h.must('dossiers.list', { query: 'dong lac hai phong' })).toEqual([]);
    } finally {
      await h.core.close();
    }
  });

  it('refuses a leader (not at the counter) and validates input in Vietnamese', async () => {
    const h = await start(dataDir(), opts());
    try {
      await h.must('users.create', { username: 'lanhdao', fullName: 'Lê Văn Đạo', role: 'leader', password: 'matkhau-456' });
      const leader = await h.core.handle('auth.login', { username: 'lanhdao', password: 'matkhau-456' }) as { data: { sessionToken: string } };
      const refused = await h.core.handle('scanning.devices', {}, leader.data.sessionToken) as { ok: boolean; error: { code: string } };
      expect(refused.error.code).toBe('FORBIDDEN');
      const r = await h.call('scanning.start', { jobId: 'x', deviceId: '' });
      expect(r.error.code).toBe('VALIDATION');
      expect(JSON.stringify(r.error.fields)).toContain('Chọn máy quét.');
      expect((await h.call('scanning.job', { jobId: 'khong-co' })).error.message).toBe('Không tìm thấy lượt quét.');
    } finally {
      await h.core.close();
    }
  });
});
