import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponentPdf } from '../../main/digitization/component-pdf';
import { addTextLayer, ocrAvailable } from '../../main/digitization/ocr';
import { OcrCancelledError, OcrQueue } from '../../main/digitization/ocr-queue';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ProcessedPage } from '../../main/digitization/types';
import { KNOWN_TITLE, writePageImage } from '../support/page-images';
import { characterErrorRate, run, squash, tempDir } from './helpers';

const tmp = tempDir('ocr');
const at = (name: string) => join(tmp.dir, name);
const BODY = [
  KNOWN_TITLE,
  'Ủy ban nhân dân xã Yên Thường xác nhận bà Nguyễn Thị Thu Hằng,',
  'sinh ngày 05 tháng 9 năm 1992, số định danh cá nhân 001192004567,',
  'hiện cư trú tại thôn Đông Hòa, chưa đăng ký kết hôn với ai.',
  'Giấy này có giá trị sử dụng trong thời hạn sáu tháng kể từ ngày cấp.',
];
const SUBTITLE = 'Độc lập - Tự do - Hạnh phúc';
let pages: ProcessedPage[] = [];
let pdfBytes: Uint8Array;

beforeAll(async () => {
  const a = await writePageImage(at('known.png'), { seed: 41, title: 'Cộng hòa xã hội chủ nghĩa Việt Nam', lines: BODY });
  const b = await writePageImage(at('second.png'), { seed: 42, kind: 'one-line', lines: ['Trang hai của giấy xác nhận.'] });
  pages = [
    await processPage(a, { profile: BUILT_IN_PROFILES[0], outputBase: at('p1') }),
    await processPage(b, { profile: BUILT_IN_PROFILES[0], outputBase: at('p2') }),
  ];
  pdfBytes = (await buildComponentPdf({
    dossierNumber: 'H42-0001', componentCode: 'KQ', componentName: 'Giấy xác nhận', scannedBy: 'Lê Văn An', scannedAt: new Date(),
    pages: pages.map((p) => ({ ...p, path: p.processedPath })),
  })).pdfBytes;
}, 60_000);
afterAll(() => tmp.cleanup());

describe('Vietnamese OCR text layer', () => {
  it('is installed offline with the Vietnamese data', async () => {
    expect(await ocrAvailable()).toEqual({ ok: true, message: 'Sẵn sàng nhận dạng chữ tiếng Việt.' });
    expect((await ocrAvailable({ tesseractPath: at('no-such-tesseract') })).ok).toBe(false);
  });

  it('makes the scanned words findable by pdftotext, with a low character error rate', async () => {
    const images = pages.map((p) => ({ path: p.processedPath, dpi: p.dpi }));
    const result = await addTextLayer(pdfBytes, images);
    expect(result.status).toBe('done');
    const file = at('ocr.pdf');
    writeFileSync(file, result.pdfBytes);
    const page1 = squash(run('pdftotext', ['-f', '1', '-l', '1', file, '-']));
    expect(page1).toContain(KNOWN_TITLE);
    expect(page1).toContain('chưa đăng ký kết hôn');
    expect(squash(run('pdftotext', ['-f', '2', '-l', '2', file, '-']))).toContain('Trang hai của giấy xác nhận');
    // The page images were not touched: same JPEG streams as before.
    expect(run('pdfimages', ['-list', file])).toContain('jpeg');
    const expected = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', SUBTITLE, ...BODY].join('\n');
    const cer = characterErrorRate(expected, result.pageTexts[0]);
    console.log(`OCR character error rate on the known page: ${(cer * 100).toFixed(2)} %`);
    expect(cer).toBeLessThan(0.02);
    // Invisible: the text layer does not change what the page looks like.
    const before = execFileSync('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', '-gray', '-'], { input: pdfBytes });
    const after = execFileSync('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', '-gray', file]);
    expect(Buffer.compare(before, after)).toBe(0);
  });

  it('leaves the PDF as it was and reports the error when Tesseract fails', async () => {
    const images = pages.map((p) => ({ path: p.processedPath, dpi: p.dpi }));
    const missing = await addTextLayer(pdfBytes, images, { tesseractPath: at('no-such-tesseract') });
    expect(missing.status).toBe('failed');
    expect(missing.pdfBytes).toBe(pdfBytes);
    expect(missing.errors[0]).toMatchObject({ page: 1, message: 'Chưa cài Tesseract OCR (không tìm thấy chương trình tesseract).' });
    const slow = await addTextLayer(pdfBytes, images, { pageTimeoutMs: 40 });
    expect(slow.status).toBe('failed');
    expect(slow.errors[0].message).toBe('Nhận dạng chữ quá thời gian cho phép, đã dừng.');
    expect(slow.pdfBytes).toBe(pdfBytes);
    writeFileSync(at('garbage.jpg'), 'not an image');
    const corrupt = await addTextLayer(pdfBytes, [{ path: at('garbage.jpg'), dpi: 200 }, { path: at('garbage.jpg'), dpi: 200 }]);
    expect(corrupt.status).toBe('failed');
    expect(corrupt.errors.map((e) => e.message)).toEqual(Array(2).fill('Tesseract báo lỗi khi nhận dạng chữ.'));
    expect(corrupt.pdfBytes).toBe(pdfBytes);
  });
});

describe('OCR for a user whose folders are not ASCII (tesseract-ocr/tesseract#3709)', () => {
  it('hands Tesseract only ASCII arguments: the list of page files on stdin, the files and outputs relative to its working folder', async () => {
    // A user named Nguyễn: the temp folder and the job folder both carry "ễ".
    const home = join(tmp.dir, 'Nguyễn Văn Ánh');
    mkdirSync(join(home, 'Temp'), { recursive: true });
    const image = join(home, 'trang số 1.jpg');
    copyFileSync(pages[0].processedPath, image);
    const log = join(tmp.dir, 'argv.log');
    const wrapper = join(tmp.dir, 'tesseract-wrapper.sh');
    writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\nexec tesseract "$@"\n`, { mode: 0o755 });
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(home, 'Temp');
    try {
      const result = await addTextLayer(pdfBytes.slice(), [{ path: image, dpi: pages[0].dpi }, { path: pages[1].processedPath, dpi: pages[1].dpi }], { tesseractPath: wrapper });
      expect(result.errors).toEqual([]);
      expect(squash(result.pageTexts[0])).toContain('chưa đăng ký kết hôn');
      const argv = readFileSync(log, 'utf8').trim().split('\n');
      expect(argv.length).toBeGreaterThan(3);
      for (const a of argv) expect(a).toMatch(/^[\x20-\x7e]*$/);
      // Nothing left in the user's temp folder.
      expect(readdirSync(join(home, 'Temp'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('OCR queue', () => {
  it('runs one job at a time in order, and cancels queued and running jobs', async () => {
    const queue = new OcrQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string, ms: number) => async (signal: AbortSignal) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => { clearTimeout(t); resolve(); });
      });
      running--;
      log.push(`end ${name}`);
      return name;
    };
    const a = queue.enqueue('a', job('a', 30));
    const b = queue.enqueue('b', job('b', 5_000));
    const c = queue.enqueue('c', job('c', 10));
    const cRejected = expect(c).rejects.toBeInstanceOf(OcrCancelledError);
    const d = queue.enqueue('d', job('d', 10));
    expect(queue.cancel('c')).toBe(true);
    expect(queue.cancel('zzz')).toBe(false);
    await expect(a).resolves.toBe('a');
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.currentId).toBe('b');
    queue.cancel('b');
    await expect(b).rejects.toBeInstanceOf(OcrCancelledError);
    await cRejected;
    await expect(d).resolves.toBe('d');
    await queue.onIdle();
    expect(maxRunning).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start d', 'end d']);
  });

  it('kills the running Tesseract on cancel and leaves no child behind', async () => {
    const queue = new OcrQueue();
    const images = pages.map((p) => ({ path: p.processedPath, dpi: p.dpi }));
    const started = Date.now();
    const p = queue.enqueue('doc', (signal) => addTextLayer(pdfBytes, images, { signal }));
    await new Promise((r) => setTimeout(r, 150));
    queue.cancel('doc');
    await expect(p).rejects.toThrow('Đã hủy nhận dạng chữ.');
    expect(Date.now() - started).toBeLessThan(1_500);
    const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('tesseract'));
    expect(children).toEqual([]);
  });
});
