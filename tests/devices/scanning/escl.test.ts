// Our eSCL client against the eSCL test server (a real HTTP server on 127.0.0.1).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
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

  it.each([503, 409, 404])('a jam after page 2 (NextDocument %i, AdfState ScannerAdfJam) keeps the 2 pages', async (jamStatus) => {
    server = await startEsclServer({ feederPages: 5, jamAfter: 2, jamStatus });
    const dir = work();
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, dir));
    expect(pages).toHaveLength(2);
    expect(error?.code).toBe('PAPER_JAM');
    expect(error?.pagesDelivered).toBe(2);
    expect(error?.message).toBe('Giấy bị kẹt trong khay nạp. Hãy gỡ giấy kẹt rồi quét tiếp từ trang 3. Các trang đã quét (2) vẫn được giữ.');
    expect(readdirSync(dir).sort()).toEqual(['p0001.jpg', 'p0002.jpg']);
    // The aborted job is deleted on the device, so the next scan is not refused as busy.
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('a 404 after the last sheet of a complete job is the normal end (the status says Completed)', async () => {
    server = await startEsclServer({ feederPages: 2 });
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(2);
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('a PDF-only device sending the whole batch as one multi-page PDF gives every page, in order', async () => {
    server = await startEsclServer({ feederPages: 4, formats: ['application/pdf'], pdfBatch: true });
    const dir = work();
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, dir));
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.index, p.format, p.filePath.slice(-9)])).toEqual([
      [0, 'pdf', 'p0001.pdf'], [1, 'pdf', 'p0002.pdf'], [2, 'pdf', 'p0003.pdf'], [3, 'pdf', 'p0004.pdf'],
    ]);
    for (const [i, p] of pages.entries()) {
      const doc = await PDFDocument.load(readFileSync(p.filePath));
      expect(doc.getPageCount()).toBe(1);
      expect(Math.abs(p.widthPx - 827)).toBeLessThanOrEqual(1);
      // The page's own content: rendered, its mark is page i+1's.
      const png = join(dir, `check-${i}`);
      execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', p.filePath, png]);
      expect(Math.abs((await markLevel(`${png}.png`, 100)) - pageMarkLevel(i + 1))).toBeLessThan(6);
    }
  });

  it('a page larger than asked (200 dpi A3 for a 100 dpi A4 request) keeps the resolution the image states', async () => {
    server = await startEsclServer({ feederPages: 1, oversize: { dpi: 200, widthMm: 297, heightMm: 420 } });
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, work()));
    expect(error).toBeUndefined();
    expect(pages[0]).toMatchObject({ dpi: 200, widthPx: 2339, heightPx: 3307 });
  });

  it('a truncated JPEG is refused as damaged (Vietnamese message), earlier pages kept, the job deleted', async () => {
    server = await startEsclServer({ feederPages: 4, truncateOnPage: 2 });
    const dir = work();
    const { pages, error } = await collect(driver().startScan(id(), FEEDER, dir));
    expect(pages).toHaveLength(1);
    expect(error?.code).toBe('BAD_OUTPUT');
    expect(error?.message).toBe('Máy quét trả về dữ liệu ảnh bị hỏng. Hãy quét tiếp từ trang 2. Các trang đã quét (1) vẫn được giữ.');
    expect(readdirSync(dir)).toEqual(['p0001.jpg']);
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it.each([
    ['garbage instead of a page', { garbageOnPage: 2 }, 'BAD_OUTPUT'],
    ['no answer to NextDocument within the time-out', { stallOnPage: 2 }, 'TIMEOUT'],
  ] as const)('%s: the job is deleted on the device, so the next scan is accepted', async (_what, fault, code) => {
    server = await startEsclServer({ feederPages: 3, ...fault });
    const d = driver();
    const first = await collect(d.startScan(id(), { ...FEEDER, timeoutMs: 1500 }, work()));
    expect(first.pages).toHaveLength(1);
    expect(first.error?.code).toBe(code);
    const del = server.requests.filter((r) => r.method === 'DELETE');
    expect(del).toHaveLength(1);
    expect(server.requests.indexOf(del[0]!)).toBeGreaterThan(server.requests.findIndex((r) => r.method === 'POST'));
    server.faults = { feederPages: 3 };
    const again = await collect(d.startScan(id(), FEEDER, work()));
    expect(again.error).toBeUndefined();
    expect(again.pages).toHaveLength(3);
  });

  it('an address that answers HTTP but is not an eSCL scanner is named so (not "damaged image")', async () => {
    const web = createHttpServer((req, res) => {
      if (req.url?.endsWith('/ScannerCapabilities') && req.url.startsWith('/html')) {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<html><body>Router login</body></html>');
      }
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>Not found</body></html>');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const port = (web.address() as { port: number }).port;
    try {
      for (const base of [`http://127.0.0.1:${port}/eSCL`, `http://127.0.0.1:${port}/html`]) {
        const d = driver();
        const err = await d.addDevice(base).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'NOT_A_SCANNER' });
        expect((err as Error).message).toContain('không phải máy quét eSCL');
        const { error } = await collect(d.startScan(base, FEEDER, work()));
        expect(error?.code).toBe('NOT_A_SCANNER');
        expect(error?.message).not.toContain('ảnh bị hỏng');
      }
    } finally {
      await new Promise((r) => web.close(r));
    }
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
