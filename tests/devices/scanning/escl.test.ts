// Our eSCL client against the eSCL test server (a real HTTP server on 127.0.0.1).
import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EsclDriver, normalizeEsclAddress } from '../../../main/devices/scanning/escl-driver';
import { type ScanRequest } from '../../../main/devices/scanning/scanner';
import { pageMarkLevel, startEsclServer, type EsclTestServer } from '../../support/escl-server';
import { makeWorkDir } from '../../support/sane';
import { collect } from '../../support/scan-collect';

const FEEDER: ScanRequest = { source: 'feeder', resolution: 100, colorMode: 'gray', paper: 'A4' };


/** Mean grey level of the 1-inch mark at the top left, which encodes the page number. */
async function markLevel(file: string, dpi: number): Promise<number> {
  const size = Math.round(dpi * 0.8);
  // stats() reads its input, not the pipeline: cut the square out first.
  const square = await sharp(file).extract({ left: 5, top: 5, width: size, height: size }).greyscale().png().toBuffer();
  const s = await sharp(square).stats();
  return s.channels[0]!.mean;
}

describe('eSCL client against the test server', () => {
  let server: EsclTestServer | undefined;
  const dirs: string[] = [];
  const work = () => {
    const d = makeWorkDir();
    dirs.push(d);
    return d;
  };
  const driver = () => new EsclDriver({ retryDelayMs: 50, requestTimeoutMs: 5000 });
  const id = () => server!.url.replace(/\/$/, '');

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('normalises addresses typed by hand', () => {
    expect(normalizeEsclAddress('192.168.1.20')).toBe('http://192.168.1.20/eSCL');
    expect(normalizeEsclAddress('http://192.168.1.20/eSCL/')).toBe('http://192.168.1.20/eSCL');
    expect(normalizeEsclAddress(' https://scan.local:8443/eSCL ')).toBe('https://scan.local:8443/eSCL');
  });

  it('adds a device by address and reads its capabilities', async () => {
    server = await startEsclServer();
    const d = driver();
    const dev = await d.addDevice(server.url);
    expect(dev).toEqual({ id: id(), driver: 'escl', name: 'MCD Test eSCL Scanner', model: 'MCD Test eSCL Scanner' });
    expect(await d.listDevices()).toHaveLength(1);
    const caps = await d.capabilities(dev.id);
    expect(caps.sources).toEqual(['flatbed', 'feeder']);
    expect(caps.resolutions).toEqual([100, 200, 300]);
    expect(caps.colorModes).toEqual(['color', 'gray']);
    expect(caps.paperSizes).toEqual(['A4', 'A5', 'Letter', 'Legal']);
    expect(caps.maxWidthMm).toBeCloseTo(215.9, 1);
  });

  it('scans a 3-page feeder job: POST ScanJobs, NextDocument until 404, pages in order', async () => {
    server = await startEsclServer({ feederPages: 3 });
    const dir = work();
    const job = driver().startScan(id(), FEEDER, dir);
    const { pages, error } = await collect(job);
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.filePath.slice(-9))).toEqual(['p0001.jpg', 'p0002.jpg', 'p0003.jpg']);
    for (const [i, p] of pages.entries()) {
      expect(p).toMatchObject({ index: i, format: 'jpeg', dpi: 100, colorMode: 'gray' });
      expect(Math.abs(p.widthPx - 827)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.heightPx - 1169)).toBeLessThanOrEqual(1);
      expect(Math.abs((await markLevel(p.filePath, 100)) - pageMarkLevel(i + 1))).toBeLessThan(6);
    }
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/eSCL/ScanJobs');
    expect(post.body).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
    expect(post.body).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
    expect(post.body).toContain('<scan:XResolution>100</scan:XResolution>');
    expect(post.body).toContain('<pwg:Width>2480</pwg:Width>'); // 210 mm in 300ths of an inch
    expect(post.body).toContain('<pwg:Height>3508</pwg:Height>');
    expect(post.body).toContain('<scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt>');
    expect(server.requests.filter((r) => r.path.endsWith('/NextDocument'))).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(['p0001.jpg', 'p0002.jpg', 'p0003.jpg']);
  });

  it('scans one colour page from the platen', async () => {
    server = await startEsclServer();
    const { pages, error } = await collect(driver().startScan(id(), { ...FEEDER, source: 'flatbed', colorMode: 'color', resolution: 200 }, work()));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    const meta = await sharp(pages[0]!.filePath).metadata();
    expect(meta.channels).toBe(3);
    expect(Math.abs(meta.width! - 1654)).toBeLessThanOrEqual(1);
  });

  it.each([503, 409])('a jam after page 2 (NextDocument %i, AdfState ScannerAdfJam) keeps the 2 pages', async (jamStatus) => {
    server = await startEsclServer({ feederPages: 5, jamAfter: 2, jamStatus });
    const dir = work();
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, dir));
    expect(pages).toHaveLength(2);
    expect(error?.code).toBe('PAPER_JAM');
    expect(error?.pagesDelivered).toBe(2);
    expect(error?.message).toBe('Giấy bị kẹt trong khay nạp. Hãy gỡ giấy kẹt rồi quét tiếp từ trang 3. Các trang đã quét (2) vẫn được giữ.');
    expect(readdirSync(dir).sort()).toEqual(['p0001.jpg', 'p0002.jpg']);
  });

  it('retries NextDocument while the device answers 503 (page not ready)', async () => {
    server = await startEsclServer({ feederPages: 1, notReadyTimes: 3 });
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(server.requests.filter((r) => r.path.endsWith('/NextDocument')).length).toBe(5);
  });

  it('cancel sends DELETE for the job and keeps delivered pages', async () => {
    server = await startEsclServer({ feederPages: 10, pageDelayMs: 150 });
    const dir = work();
    const job = driver().startScan(id(), FEEDER, dir);
    const { pages, error } = await collect(job, async (p) => {
      if (p.index === 1) await job.cancel();
    });
    expect(error?.code).toBe('CANCELLED');
    expect(pages).toHaveLength(2);
    const del = server.requests.find((r) => r.method === 'DELETE');
    expect(del?.path).toMatch(/^\/eSCL\/ScanJobs\/[\w-]+$/);
    expect(readdirSync(dir).sort()).toEqual(['p0001.jpg', 'p0002.jpg']);
  });

  it('busy device (503 on POST ScanJobs) → BUSY', async () => {
    server = await startEsclServer({ busy: true });
    const { error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error?.code).toBe('BUSY');
  });

  it('open ADF hatch → COVER_OPEN before any job is created', async () => {
    server = await startEsclServer({ hatchOpen: true });
    const { error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error?.code).toBe('COVER_OPEN');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('empty feeder → FEEDER_EMPTY', async () => {
    server = await startEsclServer({ feederPages: 0 });
    const { error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error?.code).toBe('FEEDER_EMPTY');
  });

  it('a dropped connection mid-job → DISCONNECTED, earlier pages kept', async () => {
    server = await startEsclServer({ feederPages: 4, dropOnPage: 3 });
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(pages).toHaveLength(2);
    expect(error?.code).toBe('DISCONNECTED');
  });

  it('garbage instead of a JPEG → BAD_OUTPUT, earlier pages kept', async () => {
    server = await startEsclServer({ feederPages: 4, garbageOnPage: 2 });
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(pages).toHaveLength(1);
    expect(error?.code).toBe('BAD_OUTPUT');
  });

  it('a device that holds NextDocument too long → TIMEOUT', async () => {
    server = await startEsclServer({ feederPages: 2, pageDelayMs: 3000 });
    const { pages, error } = await collect(driver().startScan(id(), { ...FEEDER, timeoutMs: 500 }, work()));
    expect(pages).toHaveLength(0);
    expect(error?.code).toBe('TIMEOUT');
  });

  it('server down (connection refused) → DISCONNECTED naming the address', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const d = driver();
    await expect(d.addDevice(`http://127.0.0.1:${port}/eSCL`)).rejects.toMatchObject({ code: 'DISCONNECTED' });
    const { error } = await collect(d.startScan(`http://127.0.0.1:${port}/eSCL`, FEEDER, work()));
    expect(error?.code).toBe('DISCONNECTED');
    expect(error?.message).toContain(`127.0.0.1:${port}`);
  });

  it('unsupported resolution is refused before any job is created', async () => {
    server = await startEsclServer();
    const { error } = await collect(driver().startScan(id(), { ...FEEDER, resolution: 600 }, work()));
    expect(error?.code).toBe('UNSUPPORTED');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });
});
