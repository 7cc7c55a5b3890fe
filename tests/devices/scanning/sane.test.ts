// The SANE driver against SANE's real `test` backend (no device needed) in a private SANE_CONFIG_DIR.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpawn, type SpawnFn } from '../../../main/devices/scanning/child';
import { SaneDriver } from '../../../main/devices/scanning/sane-driver';
import { ScanError, type ScanRequest } from '../../../main/devices/scanning/scanner';
import { parsePnm } from '../../../main/digitization/source-image';
import { hasScanimage, makeSaneConfig, makeWorkDir, type SaneConfig } from '../../support/sane';
import { collect } from '../../support/scan-collect';

const DEV = 'sane:test:0';
const A4_COLOR_200: ScanRequest = { source: 'flatbed', resolution: 200, colorMode: 'color', paper: 'A4' };
// About 0.3–0.4 s a page: A4 grey at 50 dpi is ~240 KB, read in 64 KB pieces with 100 ms pauses.
const SLOW = ['--read-limit=yes', '--read-limit-size=65536', '--read-delay=yes', '--read-delay-duration=100000'];


describe.skipIf(!hasScanimage())('SANE driver with the test backend', () => {
  let cfg: SaneConfig;
  const dirs: string[] = [];
  const work = () => {
    const d = makeWorkDir();
    dirs.push(d);
    return d;
  };
  const driver = (extraArgs: string[] = [], more: Partial<ConstructorParameters<typeof SaneDriver>[0]> = {}) =>
    new SaneDriver({ saneConfigDir: cfg.configDir, extraArgs, killGraceMs: 1000, ...more });

  beforeAll(() => {
    cfg = makeSaneConfig();
  });
  afterAll(() => {
    cfg.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('lists the test devices', async () => {
    const devices = await driver().listDevices();
    expect(devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1']);
    expect(devices[0]).toMatchObject({ driver: 'sane', model: 'frontend-tester' });
  });

  it('reads capabilities from scanimage -A', async () => {
    const caps = await driver().capabilities(DEV);
    expect(caps.sources).toEqual(['flatbed', 'feeder']);
    expect(caps.colorModes).toEqual(['color', 'gray']);
    expect(caps.resolutions).toContain(200);
    expect(caps.resolutions).toContain(1200);
    expect(caps.maxWidthMm).toBe(300); // raised geometry_max in the private test.conf
    expect(caps.paperSizes).toContain('A4');
  });

  it('scans an A4 colour page at 200 dpi from the flatbed, as PNM (scanimage compresses nothing, the pipeline decodes nothing)', async () => {
    const dir = work();
    const job = driver(['--test-picture=Color pattern']).startScan(DEV, A4_COLOR_200, dir);
    const phases: string[] = [];
    job.progress((p) => phases.push(p.phase));
    const { pages, error } = await collect(job);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    const img = parsePnm(readFileSync(pages[0]!.filePath)); // throws on anything but a whole binary PNM
    expect(Math.abs(img.width - 1654)).toBeLessThanOrEqual(2);
    expect(Math.abs(img.height - 2339)).toBeLessThanOrEqual(2);
    expect(img.channels).toBe(3);
    expect(pages[0]).toMatchObject({ index: 0, dpi: 200, colorMode: 'color', format: 'pnm', widthPx: img.width, heightPx: img.height });
    expect(phases[0]).toBe('starting');
    expect(phases.at(-1)).toBe('finishing');
    expect(readdirSync(dir)).toEqual(['p0001.pnm']);
  });

  it('still writes PNG when the site asks for it (format option)', async () => {
    const dir = work();
    const { pages, error } = await collect(driver([], { format: 'png' }).startScan(DEV, { ...A4_COLOR_200, resolution: 50 }, dir));
    expect(error).toBeUndefined();
    expect(pages[0]).toMatchObject({ format: 'png' });
    expect((await sharp(pages[0]!.filePath).metadata()).format).toBe('png');
    expect(readdirSync(dir)).toEqual(['p0001.png']);
  });

  it('scans the 10-page feeder, each page handed over as soon as it is written, in order', async () => {
    const dir = work();
    const job = driver().startScan(DEV, { ...A4_COLOR_200, source: 'feeder', colorMode: 'gray', resolution: 100 }, dir);
    const seenOnDisk: number[] = [];
    const { pages, error } = await collect(job, (p) => {
      // When page k arrives, the helper has not finished the whole batch yet: page files are ≤ k (+ a .part).
      seenOnDisk.push(readdirSync(dir).filter((n) => n.endsWith('.pnm')).length);
      expect(existsSync(p.filePath)).toBe(true);
    });
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.filePath.slice(-9))).toEqual(Array.from({ length: 10 }, (_, i) => `p${String(i + 1).padStart(4, '0')}.pnm`));
    for (const p of pages) expect(parsePnm(readFileSync(p.filePath))).toMatchObject({ width: p.widthPx, height: p.heightPx, channels: 1 });
    expect(pages.map((p) => p.index)).toEqual([...Array(10).keys()]);
    expect(seenOnDisk[0]).toBeLessThan(10);
  });

  it('continues numbering after pages already in the folder (a rescan after a jam)', async () => {
    const dir = work();
    await collect(driver().startScan(DEV, { ...A4_COLOR_200, resolution: 50 }, dir));
    const { pages } = await collect(driver().startScan(DEV, { ...A4_COLOR_200, resolution: 50 }, dir));
    expect(pages[0]!.filePath.endsWith('p0002.pnm')).toBe(true);
  });

  it('maps a feeder jam to PAPER_JAM (the test backend jams on the first read)', async () => {
    const dir = work();
    const job = driver(['--read-return-value=SANE_STATUS_JAMMED']).startScan(DEV, { ...A4_COLOR_200, source: 'feeder' }, dir);
    const { pages, error } = await collect(job);
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe('PAPER_JAM');
    expect(error?.message).toContain('Giấy bị kẹt');
    expect(error?.detail).toContain('Document feeder jammed');
    expect(readdirSync(dir)).toEqual([]); // no half page left behind
  });

  it.each([
    ['SANE_STATUS_NO_DOCS', 'FEEDER_EMPTY'],
    ['SANE_STATUS_COVER_OPEN', 'COVER_OPEN'],
    ['SANE_STATUS_DEVICE_BUSY', 'BUSY'],
    ['SANE_STATUS_IO_ERROR', 'DISCONNECTED'],
  ])('maps %s to %s', async (status, code) => {
    const { error } = await collect(driver([`--read-return-value=${status}`]).startScan(DEV, A4_COLOR_200, work()));
    expect(error?.code).toBe(code);
  });

  it.each(['flatbed', 'feeder'] as const)('an EOF on the first read (%s) leaves a PNM with only its header and exit 0: BAD_OUTPUT, no page', async (source) => {
    const dir = work();
    const { pages, error } = await collect(driver(['--read-return-value=SANE_STATUS_EOF'], { format: 'pnm' }).startScan(DEV, { ...A4_COLOR_200, source }, dir));
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe('BAD_OUTPUT');
    expect(error?.message).toBe('Máy quét trả về dữ liệu ảnh bị hỏng. Hãy quét lại.');
    expect(error?.detail).toMatch(/PNM truncated: \d+ of \d+ bytes/);
  });

  it('asked for PNG, the same EOF makes scanimage abort (libpng: no IDATs): DRIVER_CRASHED', async () => {
    const { error } = await collect(driver(['--read-return-value=SANE_STATUS_EOF'], { format: 'png' }).startScan(DEV, A4_COLOR_200, work()));
    expect(error?.code).toBe('DRIVER_CRASHED');
  });

  it('refuses settings the device does not have (UNSUPPORTED, nothing started)', async () => {
    const { error } = await collect(driver().startScan(DEV, { ...A4_COLOR_200, colorMode: 'bw' }, work()));
    expect(error?.code).toBe('UNSUPPORTED');
    const r2 = await collect(driver().startScan(DEV, { ...A4_COLOR_200, source: 'duplex' }, work()));
    expect(r2.error?.code).toBe('UNSUPPORTED');
  });

  it('cancel mid-batch keeps the pages already delivered', async () => {
    const dir = work();
    const job = driver(SLOW).startScan(DEV, { source: 'feeder', resolution: 50, colorMode: 'gray', paper: 'A4' }, dir);
    const { pages, error } = await collect(job, async (p) => {
      if (p.index === 1) await job.cancel();
    });
    expect(error?.code).toBe('CANCELLED');
    expect(error?.pagesDelivered).toBe(2);
    expect(pages).toHaveLength(2);
    for (const p of pages) expect(parsePnm(readFileSync(p.filePath)).height).toBeGreaterThan(500);
    // Only the delivered pages remain: no .part and no page finished after the cancel.
    expect(readdirSync(dir).sort()).toEqual(['p0001.pnm', 'p0002.pnm']);
  });

  it('kills a hung helper when no page comes within the time-out', async () => {
    const dir = work();
    const started = Date.now();
    // One byte per read, 200 ms apart: the first page would take hours.
    const job = driver(['--read-limit=yes', '--read-limit-size=1', '--read-delay=yes', '--read-delay-duration=200000']).startScan(
      DEV,
      { ...A4_COLOR_200, timeoutMs: 1500 },
      dir,
    );
    const { pages, error } = await collect(job);
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe('TIMEOUT');
    expect(error?.message).toContain('không phản hồi');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a scanimage child killed mid-batch (SIGKILL) gives DRIVER_CRASHED and the delivered pages stay intact', async () => {
    const dir = work();
    const children: ChildProcess[] = [];
    const spawn: SpawnFn = (c, a, o) => {
      const ch = defaultSpawn(c, a, o);
      children.push(ch);
      return ch;
    };
    const job = driver(SLOW, { spawn }).startScan(DEV, { source: 'feeder', resolution: 50, colorMode: 'gray', paper: 'A4' }, dir);
    const { pages, error } = await collect(job, (p) => {
      if (p.index === 2) children.at(-1)!.kill('SIGKILL');
    });
    expect(error?.code).toBe('DRIVER_CRASHED');
    expect(error?.pagesDelivered).toBe(3);
    expect(error?.message).toContain('quét tiếp từ trang 4');
    expect(pages).toHaveLength(3);
    for (const p of pages) {
      const img = parsePnm(readFileSync(p.filePath)); // throws when a pixel is missing: intact
      expect(img.data.length).toBe(p.widthPx * p.heightPx);
      expect(statSync(p.filePath).size).toBeGreaterThan(img.data.length);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('an AbortSignal cancels like cancel()', async () => {
    const ac = new AbortController();
    const job = driver(SLOW).startScan(DEV, { source: 'feeder', resolution: 50, colorMode: 'gray', paper: 'A4', signal: ac.signal }, work());
    setTimeout(() => ac.abort(), 200);
    const { error } = await collect(job);
    expect(error?.code).toBe('CANCELLED');
  });

  it('a missing scanimage is a clear error, not a crash', async () => {
    const d = new SaneDriver({ scanimagePath: '/nonexistent/scanimage' });
    await expect(d.listDevices()).rejects.toMatchObject({ code: 'FAILED' });
    const { error } = await collect(new SaneDriver({ scanimagePath: '/nonexistent/scanimage' }).startScan(DEV, A4_COLOR_200, work()));
    expect(error).toBeInstanceOf(ScanError);
  });
});
