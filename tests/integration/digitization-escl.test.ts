// An eSCL scanner's bad days through the API of an in-process core: a jam answered with 404, a damaged page,
// a page larger than asked, a NextDocument that never comes. Each says what happened in Vietnamese, keeps
// the pages received, and leaves the scanner free for the next try.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { startEsclServer, type EsclFaults, type EsclTestServer } from '../support/escl-server';

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];
const dirs: string[] = [];

async function withScanner(faults: EsclFaults, body: (h: Harness, server: EsclTestServer, jobId: string, deviceId: string, dataDir: string) => Promise<void>) {
  const server = await startEsclServer(faults);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-escl-'));
  dirs.push(dataDir);
  const h = await startCore({ dataDir, scanning: { ocr: { enabled: false }, drivers: { hasScanimage: () => false, escl: { addresses: [server.url], retryDelayMs: 50, discover: false, pageTimeoutMs: 2000 } } } });
  try {
    const [v] = await h.must('procedures.search', { query: 'tình trạng hôn nhân' });
    const dossierId = (await h.must('dossiers.receive', intake(v.id, { components: TWO }))).dossier.id;
    const job = await h.must('scanning.openJob', { dossierId });
    await body(h, server, job.id, server.url.replace(/\/$/, ''), dataDir);
  } finally {
    await h.close();
    await server.close();
  }
}

const scan = async (h: Harness, jobId: string, deviceId: string) => {
  await h.must('scanning.start', { jobId, deviceId, source: 'feeder', component: 'TKXN' });
  return waitJob(h, jobId);
};

afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

/** The job's stored page images under the data folder, in page order. */
function storedPages(dataDir: string): Buffer[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/[\\/]pages[\\/]p\d{4}\.jpg$/.test(p)) found.push(p);
    }
  };
  walk(dataDir);
  return found.sort().map((f) => fs.readFileSync(f));
}

describe('eSCL scanning through the API', () => {
  it('a scanner that takes a CompressionFactor is asked for the profile\'s quality, and its JPEGs are stored as sent', async () => {
    await withScanner({ feederPages: 2, compression: { min: 0, max: 100, normal: 10, step: 1 } }, async (h, server, jobId, deviceId, dataDir) => {
      const job = await scan(h, jobId, deviceId);
      expect(job.error).toBeNull();
      expect(job.pages).toHaveLength(2);
      expect(server.requests.find((r) => r.method === 'POST')!.body).toContain('<scan:CompressionFactor>25</scan:CompressionFactor>');
      const stored = storedPages(dataDir);
      expect(stored).toHaveLength(2);
      for (const [i, bytes] of stored.entries()) expect(bytes.equals(server.documents[i]!)).toBe(true);
    });
  });

  it('one that does not is asked nothing, and its finer JPEGs (q80) are re-encoded to the profile', async () => {
    await withScanner({ feederPages: 1 }, async (h, server, jobId, deviceId, dataDir) => {
      const job = await scan(h, jobId, deviceId);
      expect(job.pages).toHaveLength(1);
      expect(server.requests.find((r) => r.method === 'POST')!.body).not.toContain('CompressionFactor');
      const [stored] = storedPages(dataDir);
      expect(stored!.equals(server.documents[0]!)).toBe(false);
    });
  });

  it('a jam answered with 404 (the status says jammed, the job aborted) keeps the pages and says so', async () => {
    await withScanner({ feederPages: 5, jamAfter: 2, jamStatus: 404 }, async (h, _server, jobId, deviceId) => {
      const job = await scan(h, jobId, deviceId);
      expect(job.pages).toHaveLength(2);
      expect(job.error).toBe('Giấy bị kẹt trong khay nạp. Hãy gỡ giấy kẹt rồi quét tiếp từ trang 3. Các trang đã quét (2) vẫn được giữ.');
    });
  });

  it('a truncated page is refused in Vietnamese (no decoder English); the scanner takes the next try at once', async () => {
    await withScanner({ feederPages: 3, truncateOnPage: 2 }, async (h, server, jobId, deviceId) => {
      let job = await scan(h, jobId, deviceId);
      expect(job.pages).toHaveLength(1);
      expect(job.error).toBe('Máy quét trả về dữ liệu ảnh bị hỏng. Hãy quét tiếp từ trang 2. Các trang đã quét (1) vẫn được giữ.');
      expect(job.error).not.toMatch(/[Vv]ips|JPEG|premature/);
      server.faults = { feederPages: 2 };
      job = await scan(h, jobId, deviceId);
      expect(job.error).toBeNull();
      expect(job.pages).toHaveLength(3);
    });
  });

  it('a NextDocument that never comes ends in a time-out, and the scanner is not left busy', async () => {
    await withScanner({ feederPages: 3, stallOnPage: 2 }, async (h, server, jobId, deviceId) => {
      let job = await scan(h, jobId, deviceId);
      expect(job.pages).toHaveLength(1);
      expect(job.error).toMatch(/^Máy quét không phản hồi quá lâu/);
      server.faults = { feederPages: 1 };
      job = await scan(h, jobId, deviceId);
      expect(job.error).toBeNull();
      expect(job.pages).toHaveLength(2);
    });
  });

  it('a page larger than asked (300 dpi A3 for a 200 dpi A4 request) is stored at its real size, at the profile\'s resolution', async () => {
    await withScanner({ feederPages: 1, oversize: { dpi: 300, widthMm: 297, heightMm: 420 } }, async (h, _server, jobId, deviceId) => {
      const job = await scan(h, jobId, deviceId);
      expect(job.error).toBeNull();
      const [p] = job.pages;
      expect(p.dpi).toBe(200);
      expect(Math.round((p.widthPx / p.dpi) * 25.4)).toBe(297);
      expect(Math.round((p.heightPx / p.dpi) * 25.4)).toBe(420);
      const { saved } = await h.must('scanning.save', { jobId });
      expect(saved[0]).toMatchObject({ pageCount: 1, dpi: 200 });
    });
  });

  it('an address that is not an eSCL scanner is named so when scanning from it', async () => {
    await withScanner({}, async (h, server, jobId) => {
      const r = await h.call('scanning.start', { jobId, deviceId: `http://127.0.0.1:${server.port}/khac`, source: 'feeder' });
      const job = r.ok ? await waitJob(h, jobId) : null;
      const message: string = r.ok ? job.error : r.error.message;
      expect(message).toContain('không phải máy quét eSCL');
      expect(message).not.toContain('ảnh bị hỏng');
    });
  });
});
