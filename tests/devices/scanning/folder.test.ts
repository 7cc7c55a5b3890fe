// Scan-to-folder as a scanner device: real folders, real FilesDriver, images made with sharp (and a TIFF by
// ImageMagick), files written slowly in chunks the way a network scanner writes over SMB.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createScannerDrivers } from '../../../main/devices/scanning';
import { FilesDriver } from '../../../main/devices/scanning/files-driver';
import { FolderDriver, folderDeviceId, isFolderScanJob, type FolderScanJob, type FolderScanWarning } from '../../../main/devices/scanning/folder-driver';
import { CLAIM_DIR, defaultClaimName, FAILED_DIR, PROCESSED_DIR } from '../../../main/devices/scanning/folder-watcher';
import type { ScanProgress, ScanRequest } from '../../../main/devices/scanning/scanner';
import { makeWorkDir } from '../../support/sane';
import { collect } from '../../support/scan-collect';

const dirs: string[] = [];
const work = () => {
  const d = makeWorkDir('mcd-folder-');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const REQ: ScanRequest = { source: 'feeder', resolution: 200, colorMode: 'color', paper: 'A4' };
const FAST = { stableMs: 250, pollMs: 50 };

/** A page image whose grey level names it. */
const page = (level: number) => sharp({ create: { width: 300, height: 424, channels: 3, background: { r: level, g: level, b: level } } });
const jpeg = (level: number) => page(level).jpeg().toBuffer();
const png = (level: number) => page(level).png().toBuffer();

async function pdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]);
  return doc.save();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

/** Writes a file the way a scanner does over a share: a piece at a time. */
async function writeSlowly(file: string, data: Uint8Array, pieces = 8, everyMs = 80): Promise<void> {
  const size = Math.ceil(data.length / pieces);
  writeFileSync(file, data.subarray(0, size));
  for (let i = 1; i < pieces; i++) {
    await sleep(everyMs);
    appendFileSync(file, data.subarray(i * size, (i + 1) * size));
  }
}

const pageFiles = (dir: string) => readdirSync(dir).filter((n) => /^p\d{4}\./.test(n)).sort();
const names = (pages: { sourceFile?: string }[]) => pages.map((p) => basename(p.sourceFile ?? ''));

function start(watched: string, out: string, opts: { idleMs?: number; stableMs?: number; req?: Partial<ScanRequest> } = {}) {
  const driver = new FolderDriver([{ path: watched, name: 'Máy quét tầng 1' }], new FilesDriver(), { ...FAST, stableMs: opts.stableMs ?? FAST.stableMs, idleMs: opts.idleMs ?? 60_000 });
  const job = driver.startScan(folderDeviceId(watched), { ...REQ, ...opts.req }, out);
  const progress: ScanProgress[] = [];
  job.progress((p) => progress.push(p));
  const got: string[] = [];
  const done = collect(job, (p) => void got.push(basename(p.sourceFile ?? '')));
  return { driver, job, progress, got, done };
}

describe('scan-to-folder device', () => {
  it('lists one device per folder (a missing one too), routes folder: ids, offers what the files bring', async () => {
    const a = work();
    const missing = join(work(), 'chua-ket-noi');
    const registry = createScannerDrivers({ platform: 'linux', hasScanimage: () => false, escl: { discover: false }, watchFolders: [{ path: a }, { path: missing, name: 'Máy Canon phòng một cửa' }] });
    expect(registry.drivers.map((d) => d.kind)).toEqual(['escl', 'files', 'folder']);
    const devices = await registry.listDevices();
    expect(devices.filter((d) => d.driver === 'folder')).toEqual([
      { id: `folder:${a}`, driver: 'folder', name: `Thư mục quét: ${basename(a)}` },
      { id: `folder:${missing}`, driver: 'folder', name: 'Thư mục quét: Máy Canon phòng một cửa' },
    ]);
    expect(registry.driverFor(`folder:${a}`).kind).toBe('folder');
    expect(registry.driverFor('files').kind).toBe('files');
    expect(registry.driverFor('http://192.168.1.20/eSCL').kind).toBe('escl');
    const caps = await registry.driverFor(`folder:${missing}`).capabilities(`folder:${missing}`);
    expect(caps.sources).toEqual(['feeder']);
    expect(caps.colorModes).toEqual(['color', 'gray', 'bw']);
    expect(caps.paperSizes).toEqual(['A4', 'A5', 'Letter', 'Legal']);
    expect(caps.resolutions).toContain(200);
    expect(caps.resolutions).toContain(600);
    // No folders configured: no folder driver, and folder ids have no driver.
    const plain = createScannerDrivers({ platform: 'linux', hasScanimage: () => false, escl: { discover: false } });
    expect(plain.drivers.map((d) => d.kind)).toEqual(['escl', 'files']);
    expect(() => plain.driverFor(`folder:${a}`)).toThrow(/không dùng được/);
    // A folder that is not configured is refused (an id must not open any path on the PC).
    expect(() => new FolderDriver([{ path: a }]).startScan(`folder:${work()}`, REQ, work())).toThrow(/không có trong cấu hình/);
  });

  it('a missing or disconnected folder fails at once with a Vietnamese DISCONNECTED error, and is not created', async () => {
    const missing = join(work(), 'smb-share', 'scans');
    const driver = new FolderDriver([{ path: missing }], new FilesDriver(), FAST);
    const { pages, error } = await collect(driver.startScan(folderDeviceId(missing), REQ, work()));
    expect(pages).toEqual([]);
    expect(error?.code).toBe('DISCONNECTED');
    expect(error?.message).toContain(`Không mở được thư mục quét "${missing}"`);
    expect(error?.message).toContain('kiểm tra kết nối mạng tới thư mục chia sẻ');
    expect(error?.detail).toContain('ENOENT');
    expect(existsSync(missing)).toBe(false);
  });

  it('imports the files already in the folder, in name order, every page of multi-page PDF and TIFF', async () => {
    const watched = work();
    const out = work();
    writeFileSync(join(watched, 'scan_0003.jpg'), await jpeg(90));
    writeFileSync(join(watched, 'scan_0001.pdf'), await pdf(2));
    for (const [i, l] of [100, 150, 200].entries()) await page(l).png().toFile(join(out, `t${i}.png`));
    execFileSync('convert', [join(out, 't0.png'), join(out, 't1.png'), join(out, 't2.png'), '-compress', 'lzw', join(watched, 'scan_0002.tif')]);
    for (const i of [0, 1, 2]) rmSync(join(out, `t${i}.png`));
    // Written last, named first: name order, not write order, for the files that were already there.
    writeFileSync(join(watched, 'scan_0000.png'), await png(40));

    const s = start(watched, out);
    await waitFor(() => s.got.length >= 7);
    await s.job.cancel();
    const { pages, error } = await s.done;
    expect(error).toBeUndefined();
    expect(names(pages)).toEqual(['scan_0000.png', 'scan_0001.pdf', 'scan_0001.pdf', 'scan_0002.tif', 'scan_0002.tif', 'scan_0002.tif', 'scan_0003.jpg']);
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages.map((p) => p.format)).toEqual(['png', 'pdf', 'pdf', 'png', 'png', 'png', 'jpeg']);
    const levels = await Promise.all(pages.slice(3, 6).map(async (p) => Math.round((await sharp(p.filePath).stats()).channels[0]!.mean)));
    expect(levels).toEqual([100, 150, 200]);
    expect(pages[1]).toMatchObject({ dpi: 200, widthPx: 1654, heightPx: 2339 }); // the request's dpi for PDF pages
    for (const p of pages) expect(existsSync(p.filePath)).toBe(true);
    expect(pageFiles(out)).toHaveLength(7);
    // Moved aside once imported.
    expect(readdirSync(join(watched, PROCESSED_DIR)).sort()).toEqual(['scan_0000.png', 'scan_0001.pdf', 'scan_0002.tif', 'scan_0003.jpg']);
    expect(readdirSync(watched).sort()).toEqual([PROCESSED_DIR, CLAIM_DIR]);
    expect(readdirSync(join(watched, CLAIM_DIR, defaultClaimName()))).toEqual([]); // claimed, imported, moved on
    expect(s.job.endedBy).toBe('cancelled');
    expect(s.job.files.map((f) => [basename(f.file), f.pages])).toEqual([['scan_0000.png', 1], ['scan_0001.pdf', 2], ['scan_0002.tif', 3], ['scan_0003.jpg', 1]]);
  });

  it('files dropped during the job arrive as pages in arrival order; a file still being written waits', async () => {
    const watched = work();
    const out = work();
    // A generous stability time: a loaded test machine may pause between two pieces of the slow writer.
    const s = start(watched, out, { stableMs: 500 });
    await waitFor(() => s.progress.some((p) => p.phase === 'scanning'));
    expect(s.progress[0]).toEqual({ pagesDone: 0, phase: 'starting' });

    // A big JPEG written in 10 pieces over ~1 s: the 500 ms stability check must not take it half-written.
    const big = await sharp({ create: { width: 1200, height: 1700, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 95 }).toBuffer();
    const slow = writeSlowly(join(watched, 'z-scan-1.jpg'), big, 10, 100);
    await sleep(700);
    expect(s.got).toEqual([]); // half-written: nothing yet
    await slow;
    await waitFor(() => s.got.length >= 1);

    // Two files landing together: the older one first, whatever their names.
    const t = Date.now() / 1000;
    writeFileSync(join(watched, 'y-scan-2.pdf'), await pdf(1));
    utimesSync(join(watched, 'y-scan-2.pdf'), t - 20, t - 20);
    writeFileSync(join(watched, 'a-scan-3.png'), await png(60));
    utimesSync(join(watched, 'a-scan-3.png'), t - 10, t - 10);
    await waitFor(() => s.got.length >= 3);
    // Then one more, later.
    await writeSlowly(join(watched, 'b-scan-4.jpg'), await jpeg(120), 4, 60);
    await waitFor(() => s.got.length >= 4);

    await s.job.cancel();
    const { pages, error } = await s.done;
    expect(error).toBeUndefined();
    expect(names(pages)).toEqual(['z-scan-1.jpg', 'y-scan-2.pdf', 'a-scan-3.png', 'b-scan-4.jpg']);
    // The slowly written JPEG arrived whole (decoded completely by the importer) at its full size.
    expect(pages[0]).toMatchObject({ widthPx: 1200, heightPx: 1700, format: 'jpeg' });
    const scanning = s.progress.filter((p) => p.phase === 'scanning').map((p) => p.pagesDone);
    expect(scanning).toEqual([0, 1, 2, 3, 4]);
    expect(s.progress.at(-1)).toEqual({ pagesDone: 4, phase: 'finishing' });
  });

  it('a damaged file goes to khong-nhap-duoc, is reported as a warning, and the job goes on', async () => {
    const watched = work();
    const out = work();
    const s = start(watched, out);
    const heard: FolderScanWarning[] = [];
    s.job.onWarning((w) => heard.push(w));
    writeFileSync(join(watched, 'scan1.jpg'), await jpeg(30));
    await waitFor(() => s.got.length >= 1);
    const good = await jpeg(50);
    writeFileSync(join(watched, 'scan2.jpg'), good.subarray(0, Math.floor(good.length / 3))); // truncated
    writeFileSync(join(watched, 'scan2b.pdf'), '%PDF-1.7\nnot really a PDF\n');
    await waitFor(() => s.job.warnings.length >= 2);
    writeFileSync(join(watched, 'scan3.png'), await png(70));
    await waitFor(() => s.got.length >= 2);
    await s.job.cancel();
    const { pages, error } = await s.done;
    expect(error).toBeUndefined();
    expect(names(pages)).toEqual(['scan1.jpg', 'scan3.png']);
    expect(heard).toEqual(s.job.warnings);
    expect(s.job.warnings.map((w) => [w.kind, basename(w.file ?? ''), w.code])).toEqual([
      ['bad-file', 'scan2.jpg', 'BAD_OUTPUT'],
      ['bad-file', 'scan2b.pdf', 'BAD_OUTPUT'],
    ]);
    const w = s.job.warnings[0]!;
    expect(w.message).toBe('Tệp "scan2.jpg" bị hỏng hoặc không phải ảnh/PDF được hỗ trợ nên không nhập được; tệp đã được chuyển sang thư mục "khong-nhap-duoc". Các tệp khác vẫn được nhập.');
    expect(w.movedTo).toBe(join(watched, FAILED_DIR, 'scan2.jpg'));
    expect(w.detail).toContain('scan2.jpg');
    expect(Number.isNaN(Date.parse(w.at))).toBe(false);
    expect(readdirSync(join(watched, FAILED_DIR)).sort()).toEqual(['scan2.jpg', 'scan2b.pdf']);
    expect(readdirSync(join(watched, PROCESSED_DIR)).sort()).toEqual(['scan1.jpg', 'scan3.png']);
    // Nothing of the damaged files in the job folder.
    expect(pageFiles(out)).toEqual(pages.map((p) => basename(p.filePath)).sort());
  });

  it('cancel ends the pages normally with the pages kept; the watcher is stopped, nothing is imported afterwards', async () => {
    const watched = work();
    const out = work();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const s = start(watched, out);
    writeFileSync(join(watched, 'one.jpg'), await jpeg(30));
    writeFileSync(join(watched, 'two.pdf'), await pdf(2));
    await waitFor(() => s.got.length >= 3);
    await s.job.cancel();
    await s.job.cancel(); // twice is harmless
    const { pages, error } = await s.done;
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(3);
    for (const p of pages) expect(existsSync(p.filePath)).toBe(true);
    expect(s.job.endedBy).toBe('cancelled');
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
    // No watcher left: a file dropped now stays where it is.
    writeFileSync(join(watched, 'late.jpg'), await jpeg(90));
    await sleep(FAST.stableMs + 6 * FAST.pollMs);
    expect(existsSync(join(watched, 'late.jpg'))).toBe(true);
    expect(pageFiles(out)).toHaveLength(3);
  });

  it('ends by itself after idleMs without a new file (a file being written counts as activity)', async () => {
    const watched = work();
    const out = work();
    const t0 = Date.now();
    const s = start(watched, out, { idleMs: 700 });
    await sleep(400);
    // Activity at ~400 ms pushes the end to ~400 + 250 (stable) + 700 ms.
    writeFileSync(join(watched, 'only.png'), await png(20));
    const { pages, error } = await s.done;
    const took = Date.now() - t0;
    expect(error).toBeUndefined();
    expect(names(pages)).toEqual(['only.png']);
    expect(s.job.endedBy).toBe('idle');
    expect(took).toBeGreaterThanOrEqual(1100);
    expect(took).toBeLessThan(4000);
    writeFileSync(join(watched, 'late.png'), await png(90));
    await sleep(FAST.stableMs + 6 * FAST.pollMs);
    expect(existsSync(join(watched, 'late.png'))).toBe(true);
    expect(pageFiles(out)).toHaveLength(1);
  });

  it('the request signal ends the job normally; breaking out of the loop stops the watcher too', async () => {
    const watched = work();
    const out = work();
    const abort = new AbortController();
    const s = start(watched, out, { req: { signal: abort.signal } });
    writeFileSync(join(watched, 'a.jpg'), await jpeg(30));
    await waitFor(() => s.got.length >= 1);
    abort.abort();
    const { pages, error } = await s.done;
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(s.job.endedBy).toBe('aborted');

    const out2 = work();
    const driver = new FolderDriver([{ path: watched }], new FilesDriver(), FAST);
    const job = driver.startScan(folderDeviceId(watched), REQ, out2) as FolderScanJob;
    expect(isFolderScanJob(job)).toBe(true);
    writeFileSync(join(watched, 'b.jpg'), await jpeg(60));
    for await (const p of job.pages) {
      expect(basename(p.sourceFile!)).toBe('b.jpg');
      break;
    }
    await job.cancel(); // resolves: already stopped
    expect(job.endedBy).toBe('stopped');
    writeFileSync(join(watched, 'c.jpg'), await jpeg(90));
    await sleep(FAST.stableMs + 6 * FAST.pollMs);
    expect(existsSync(join(watched, 'c.jpg'))).toBe(true);
  });

  it('a share that disappears mid-job gives a warning, and the job carries on when it is back', async () => {
    const root = work();
    const watched = join(root, 'share');
    mkdirSync(watched);
    const out = work();
    const s = start(watched, out);
    await waitFor(() => s.progress.some((p) => p.phase === 'scanning'));
    renameSync(watched, join(root, 'away'));
    await waitFor(() => s.job.warnings.length >= 1);
    expect(s.job.warnings[0]).toMatchObject({ kind: 'folder-unreachable', code: 'DISCONNECTED' });
    expect(s.job.warnings[0]!.message).toContain('kiểm tra kết nối mạng tới thư mục chia sẻ');
    renameSync(join(root, 'away'), watched);
    await waitFor(() => s.job.warnings.length >= 2);
    expect(s.job.warnings[1]).toMatchObject({ kind: 'folder-unreachable', resolved: true });
    writeFileSync(join(watched, 'after.jpg'), await jpeg(30));
    await waitFor(() => s.got.length >= 1);
    await s.job.cancel();
    expect((await s.done).error).toBeUndefined();
    expect(s.job.warnings).toHaveLength(2);
  });

  it('two counters watching one share: every file is taken by exactly one of them (claimed by an atomic rename)', async () => {
    const watched = work();
    const counter = (claimAs: string) => {
      const driver = new FolderDriver([{ path: watched }], new FilesDriver(), { ...FAST, pollMs: 20, idleMs: 60_000, claimAs });
      const job = driver.startScan(folderDeviceId(watched), REQ, work());
      return { job, done: collect(job) };
    };
    const one = counter('quay-1');
    const two = counter('quay-2');
    const files = Array.from({ length: 8 }, (_, i) => `scan-${i + 1}.jpg`);
    for (const [i, name] of files.entries()) writeFileSync(join(watched, name), await jpeg(20 + i * 10));
    await waitFor(() => one.job.files.length + two.job.files.length >= files.length, 15_000);
    await sleep(FAST.stableMs + 6 * 20); // a late duplicate would show up here
    await Promise.all([one.job.cancel(), two.job.cancel()]);
    const taken = [...names((await one.done).pages), ...names((await two.done).pages)];
    expect(taken.sort()).toEqual([...files].sort());
    expect(readdirSync(join(watched, PROCESSED_DIR)).sort()).toEqual([...files].sort());
    for (const c of ['quay-1', 'quay-2']) expect(readdirSync(join(watched, CLAIM_DIR, c))).toEqual([]);
  });

  it('a file this PC claimed but had not finished (the app stopped) is imported at the next start, by this PC only', async () => {
    const watched = work();
    mkdirSync(join(watched, CLAIM_DIR, 'quay-1'), { recursive: true });
    writeFileSync(join(watched, CLAIM_DIR, 'quay-1', 'dang-do.jpg'), await jpeg(40));
    const other = new FolderDriver([{ path: watched }], new FilesDriver(), { ...FAST, claimAs: 'quay-2' }).startScan(folderDeviceId(watched), REQ, work());
    const otherDone = collect(other);
    await sleep(FAST.stableMs + 4 * FAST.pollMs);
    await other.cancel();
    expect((await otherDone).pages).toEqual([]);
    const mine = new FolderDriver([{ path: watched }], new FilesDriver(), { ...FAST, claimAs: 'quay-1' }).startScan(folderDeviceId(watched), REQ, work());
    const mineDone = collect(mine);
    await waitFor(() => mine.files.length >= 1);
    await mine.cancel();
    expect(names((await mineDone).pages)).toEqual(['dang-do.jpg']);
    expect(readdirSync(join(watched, PROCESSED_DIR))).toEqual(['dang-do.jpg']);
  });

  it('a file that stays in the folder (not moved) is reported and not imported again by the next job, even of a rebuilt driver', async () => {
    const watched = work();
    const imported = new Map<string, Set<string>>();
    const driver = new FolderDriver([{ path: watched }], new FilesDriver(), { ...FAST, imported });
    const first = driver.startScan(folderDeviceId(watched), REQ, work());
    const done = collect(first);
    await waitFor(() => existsSync(join(watched, PROCESSED_DIR)));
    // da-nhap replaced by a dangling link: the move fails (as a missing write permission would), the import is kept.
    rmSync(join(watched, PROCESSED_DIR), { recursive: true });
    symlinkSync(join(work(), 'nowhere'), join(watched, PROCESSED_DIR));
    writeFileSync(join(watched, 'x.jpg'), await jpeg(30));
    await waitFor(() => first.files.length >= 1);
    await first.cancel();
    expect((await done).pages).toHaveLength(1);
    expect(first.warnings.map((w) => w.kind)).toEqual(['not-moved']);
    expect(first.warnings[0]!.message).toContain('không chuyển được nó sang thư mục "da-nhap"');
    const claimed = join(watched, CLAIM_DIR, defaultClaimName(), 'x.jpg'); // stays where this PC claimed it
    expect(existsSync(claimed)).toBe(true);

    rmSync(join(watched, PROCESSED_DIR));
    // A settings save rebuilds the drivers; the app hands the new one the same memory.
    const rebuilt = new FolderDriver([{ path: watched }], new FilesDriver(), { ...FAST, imported });
    const second = rebuilt.startScan(folderDeviceId(watched), REQ, work());
    const done2 = collect(second);
    writeFileSync(join(watched, 'y.jpg'), await jpeg(60));
    await waitFor(() => second.files.length >= 1);
    await sleep(FAST.stableMs + 4 * FAST.pollMs);
    await second.cancel();
    expect(names((await done2).pages)).toEqual(['y.jpg']);
    expect(existsSync(claimed)).toBe(true);
  });
});
