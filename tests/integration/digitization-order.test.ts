// Pages are stored in the order they arrive, whatever each page costs to process: PDF pages (a scanned page's
// image taken as it is, a page with text rendered by pdftoppm, or kept as a vector page where pdftoppm is
// missing) next to image pages, a PDF-only eSCL scanner, a page whose rendering hangs. Through the API of an
// in-process core. Pages are told apart by their paper size (or, from the eSCL test server, by the grey
// level of the mark each page carries).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../main/core/core';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { pageMarkLevel, startEsclServer } from '../support/escl-server';

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** A page image of this paper size; `noisy` makes a page that is slow to render from a PDF. */
async function pageImage(wMm: number, hMm: number, dpi: number, noisy: boolean): Promise<{ bytes: Buffer; png: boolean }> {
  const width = Math.round((wMm / 25.4) * dpi);
  const height = Math.round((hMm / 25.4) * dpi);
  const img = sharp({ create: { width, height, channels: 3, background: '#f4f4f0', ...(noisy ? { noise: { type: 'gaussian', mean: 200, sigma: 40 } } : {}) } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${Math.round(dpi)}"><text x="${dpi / 2}" y="${dpi / 2}" font-size="${dpi / 5}">Trang ${wMm}x${hMm}</text></svg>`), top: Math.round(dpi), left: 0 }]);
  return noisy ? { bytes: await img.png({ compressionLevel: 1 }).toBuffer(), png: true } : { bytes: await img.jpeg({ quality: 80 }).toBuffer(), png: false };
}

/**
 * A PDF with one page per size, each page one image filling it (a scanner's page, taken as its image), or
 * with `text` a line of vector text over the image too (a page that needs rendering: pdftoppm, or kept as
 * a vector page without it).
 */
async function pdfOf(pages: { wMm: number; hMm: number; noisy?: boolean; text?: boolean }[], dpi = 150): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const p of pages) {
    const { bytes, png } = await pageImage(p.wMm, p.hMm, p.noisy ? 300 : dpi, !!p.noisy);
    const img = png ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    const page = doc.addPage([(p.wMm / 25.4) * 72, (p.hMm / 25.4) * 72]);
    page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    if (p.text) page.drawText(`Van ban ${p.wMm}x${p.hMm}`, { x: 20, y: 20, size: 10, font });
  }
  return Buffer.from(await doc.save());
}

/** A stored page's paper size in mm, to the nearest 5 mm. */
const sizeOf = (p: { widthPx: number; heightPx: number; dpi: number }) =>
  `${Math.round(((p.widthPx / p.dpi) * 25.4) / 5) * 5}x${Math.round(((p.heightPx / p.dpi) * 25.4) / 5) * 5}`;

async function receive(h: Harness): Promise<string> {
  const [v] = await h.must('procedures.search', { query: 'tình trạng hôn nhân' });
  return (await h.must('dossiers.receive', intake(v.id, { components: TWO }))).dossier.id;
}

/** Mean grey of the mark square (top left, 1 inch) of a stored page, read through the API's page image. */
async function markOf(h: Harness, jobId: string, page: { id: string; widthPx: number; dpi: number }): Promise<number> {
  const img = await h.must('scanning.thumbnail', { jobId, pageId: page.id, size: 'large' });
  const bytes = Buffer.from(img.base64, 'base64');
  const scale = img.width / page.widthPx;
  const side = Math.round(page.dpi * scale * 0.7);
  const square = await sharp(bytes).extract({ left: Math.round(page.dpi * scale * 0.1), top: Math.round(page.dpi * scale * 0.1), width: side, height: side }).greyscale().png().toBuffer();
  return (await sharp(square).stats()).channels[0]!.mean;
}

describe('page order', () => {
  // Every pdftoppm the core starts goes through a wrapper that logs when it runs (and can hang on one
  // page); it is found first on the PATH, as the core finds pdftoppm.
  let bin: string;
  let log: string;
  const savedPath = process.env.PATH;
  const start = (scanning: CoreOptions['scanning'] = {}) => startCore({ dataDir: tempDir('motcua-order-'), scanning: { ocr: { enabled: false }, ...scanning } });
  const running = () => {
    let now = 0;
    let max = 0;
    for (const c of fs.readFileSync(log, 'utf8')) {
      if (c === '+') max = Math.max(max, ++now);
      if (c === '-') now--;
    }
    return max;
  };

  beforeAll(() => {
    bin = tempDir('motcua-bin-');
    log = path.join(bin, 'runs.log');
    const real = fs.existsSync('/usr/bin/pdftoppm') ? '/usr/bin/pdftoppm' : 'pdftoppm';
    fs.writeFileSync(path.join(bin, 'pdftoppm'), `#!/bin/sh
if [ -n "$MCD_HANG_ON" ]; then case "$*" in *"$MCD_HANG_ON"*) exec sleep 120 ;; esac; fi
printf + >> "${log}"
sleep 0.3
${real} "$@"; rc=$?
printf - >> "${log}"
exit $rc
`, { mode: 0o755 });
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    delete process.env.MCD_HANG_ON;
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a PDF then a TIFF and a PNG in one import: the pages are stored as they come in the files, not as their renderings finish', async () => {
    fs.writeFileSync(log, '');
    const h = await start();
    try {
      const job0 = await h.must('scanning.openJob', { dossierId: await receive(h) });
      const dir = tempDir('motcua-files-');
      // The first PDF page is a noisy 300 dpi image under text (slow to render), the others scanned images.
      fs.writeFileSync(path.join(dir, 'ho-so.pdf'), await pdfOf([{ wMm: 210, hMm: 297, noisy: true, text: true }, { wMm: 150, hMm: 210 }, { wMm: 295, hMm: 210 }]));
      const tiff = await pageImage(120, 80, 200, false);
      await sharp(tiff.bytes).tiff({ xres: 200 / 25.4, yres: 200 / 25.4 }).toFile(path.join(dir, 'giay.tif'));
      await sharp((await pageImage(100, 100, 200, false)).bytes).png().withMetadata({ density: 200 }).toFile(path.join(dir, 'anh.png'));
      let job = await h.must('scanning.importFiles', { jobId: job0.id, component: 'TKXN', paths: ['ho-so.pdf', 'giay.tif', 'anh.png'].map((f) => path.join(dir, f)) });
      job = await waitJob(h, job.id, 120_000);
      expect(job.error).toBeNull();
      expect(job.pages.map(sizeOf)).toEqual(['210x295', '150x210', '295x210', '120x80', '100x100']);
      // Renderings one per core at most, never the whole batch at once.
      expect(running()).toBeLessThanOrEqual(Math.min(2, os.availableParallelism()));
    } finally {
      await h.close();
    }
  });

  it('a 6-page PDF with text renders at most one page per core at a time, and keeps the pages in order', async () => {
    fs.writeFileSync(log, '');
    const h = await start();
    try {
      const job0 = await h.must('scanning.openJob', { dossierId: await receive(h) });
      const sizes = [[210, 295], [150, 210], [295, 210], [100, 150], [200, 200], [120, 80]];
      const pdf = await pdfOf(sizes.map(([wMm, hMm]) => ({ wMm: wMm!, hMm: hMm!, text: true })));
      let job = await h.must('scanning.importFiles', { jobId: job0.id, uploads: [{ name: 'sáu trang.pdf', base64: pdf.toString('base64') }] });
      job = await waitJob(h, job.id, 120_000);
      expect(job.error).toBeNull();
      expect(job.pages.map(sizeOf)).toEqual(sizes.map(([w, hh]) => `${w}x${hh}`));
      expect(running()).toBeGreaterThanOrEqual(1);
      expect(running()).toBeLessThanOrEqual(Math.min(2, os.availableParallelism()));
    } finally {
      await h.close();
    }
  });

  it('a page whose rendering runs out of its own time is named; every other page is kept, in order', async () => {
    fs.writeFileSync(log, '');
    process.env.MCD_HANG_ON = `${path.sep}p0002.pdf`;
    const h = await start({ pdfRaster: { pageTimeoutMs: 2000 } });
    try {
      const job0 = await h.must('scanning.openJob', { dossierId: await receive(h) });
      const pdf = await pdfOf([{ wMm: 210, hMm: 295 }, { wMm: 150, hMm: 210 }, { wMm: 295, hMm: 210 }, { wMm: 100, hMm: 150 }].map((p) => ({ ...p, text: true })));
      let job = await h.must('scanning.importFiles', { jobId: job0.id, uploads: [{ name: 'bon-trang.pdf', base64: pdf.toString('base64') }] });
      job = await waitJob(h, job.id, 120_000);
      expect(job.pages.map(sizeOf)).toEqual(['210x295', '295x210', '100x150']);
      expect(job.error).toMatch(/^Trang 2: Chuyển trang PDF thành ảnh quá 2 giây nên đã dừng; trang này không được lưu\. Hãy/);
    } finally {
      delete process.env.MCD_HANG_ON;
      await h.close();
    }
  });

  it('without pdftoppm (a Windows PC without poppler): scanned PDF pages are taken as images, text pages kept as vector pages, all in order', async () => {
    fs.writeFileSync(log, '');
    const h = await start();
    const nothing = tempDir('motcua-nopath-');
    try {
      const job0 = await h.must('scanning.openJob', { dossierId: await receive(h) });
      const dir = tempDir('motcua-mixed-');
      fs.writeFileSync(path.join(dir, 'hon-hop.pdf'), await pdfOf([{ wMm: 210, hMm: 297 }, { wMm: 150, hMm: 210, text: true }, { wMm: 295, hMm: 210 }, { wMm: 100, hMm: 150, text: true }]));
      await sharp((await pageImage(100, 100, 200, false)).bytes).png().withMetadata({ density: 200 }).toFile(path.join(dir, 'anh.png'));
      process.env.PATH = nothing; // no pdftoppm, no wrapper: as on a counter PC without poppler
      let job = await h.must('scanning.importFiles', { jobId: job0.id, component: 'TKXN', paths: [path.join(dir, 'hon-hop.pdf'), path.join(dir, 'anh.png')] });
      job = await waitJob(h, job.id, 120_000);
      expect(job.error).toBeNull();
      expect(job.pages.map(sizeOf)).toEqual(['210x295', '150x210', '295x210', '100x150', '100x100']);
      expect(job.pages.map((p: { keptPdf: boolean }) => p.keptPdf)).toEqual([false, true, false, true, false]);
      const thumb = await h.must('scanning.thumbnail', { jobId: job.id, pageId: job.pages[1]!.id, size: 'thumb' });
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
      expect(fs.readFileSync(log, 'utf8')).toBe('');
      // The kept page's preview has the page's shape (150 × 210 mm).
      expect(thumb.height / thumb.width).toBeCloseTo(210 / 150, 1);

      const file = path.join(dir, 'saved.pdf');
      fs.writeFileSync(file, Buffer.from((await h.must('scanning.fileContent', { fileId: saved[0]!.id })).base64, 'base64'));
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages:\s+5$/m);
      const text = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
      expect(text(2)).toContain('Van ban 150x210');
      expect(text(4)).toContain('Van ban 100x150');
      expect(text(1) + text(3) + text(5)).not.toContain('Van ban');
      const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim()).map((l) => Number(l.trim().split(/\s+/)[0]));
      // Pages 1, 3 and 5 are stored images; pages 2 and 4 keep the image under their text, as vector pages.
      expect([...new Set(images)]).toEqual([1, 2, 3, 4, 5]);
    } finally {
      process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
      await h.close();
    }
  });

  it.each([false, true])('a PDF-only eSCL scanner (whole batch in one PDF: %s) gives its pages in the order of the stack', async (pdfBatch) => {
    const server = await startEsclServer({ feederPages: 4, formats: ['application/pdf'], pdfBatch });
    const h = await start({ drivers: { escl: { addresses: [server.url], retryDelayMs: 50 } } });
    try {
      const job0 = await h.must('scanning.openJob', { dossierId: await receive(h) });
      const deviceId = server.url.replace(/\/$/, '');
      let job = await h.must('scanning.start', { jobId: job0.id, deviceId, source: 'feeder', component: 'TKXN' });
      job = await waitJob(h, job.id, 120_000);
      expect(job.error).toBeNull();
      expect(job.pages).toHaveLength(4);
      for (const [i, p] of job.pages.entries()) expect(Math.abs((await markOf(h, job.id, p)) - pageMarkLevel(i + 1))).toBeLessThan(8);
    } finally {
      await h.close();
      await server.close();
    }
  });
});
