// The pages of a document are read by one Tesseract run per resolution (its start-up, ~5 % of a page, is
// paid once), each page's text and layer landing on its own page; a run that fails is read again page by page.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponentPdf } from '../../main/digitization/component-pdf';
import { addTextLayer, ocrRuns } from '../../main/digitization/ocr';
import { textOfContent } from '../../main/digitization/ocr-layer-text';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ProcessedPage } from '../../main/digitization/types';
import { writePageImage } from '../support/page-images';
import { run, squash, tempDir } from './helpers';

const tmp = tempDir('ocrruns');
const at = (name: string) => join(tmp.dir, name);
const LINES = [
  'Trang một: Ủy ban nhân dân xã Yên Thường xác nhận.',
  'Trang hai: bà Nguyễn Thị Thu Hằng chưa đăng ký kết hôn.',
  'Trang ba: giấy này có giá trị trong sáu tháng.',
];
const pages: ProcessedPage[] = [];
let pdfBytes: Uint8Array;

beforeAll(async () => {
  for (const [k, line] of LINES.entries()) {
    const scan = await writePageImage(at(`s${k}.png`), { seed: 70 + k, kind: 'one-line', lines: [line] });
    pages.push(await processPage(scan, { profile: BUILT_IN_PROFILES[0], outputBase: at(`p${k}`) }));
  }
  pdfBytes = (await buildComponentPdf({
    dossierNumber: 'H42-0002', componentCode: 'KQ', componentName: 'Giấy xác nhận', scannedBy: 'Lê Văn An', scannedAt: new Date(),
    pages: pages.map((p) => ({ ...p, path: p.processedPath })),
  })).pdfBytes;
}, 60_000);
afterAll(() => tmp.cleanup());

/** A Tesseract that logs each run's arguments (one line per run) before doing the work. */
function countingTesseract(): { path: string; runs: () => string[] } {
  const log = at('runs.log');
  writeFileSync(log, '');
  const path = at('tesseract-counting.sh');
  writeFileSync(path, `#!/bin/sh\necho "$*" >> '${log}'\nexec tesseract "$@"\n`, { mode: 0o755 });
  return { path, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function pageTextOf(pdf: Uint8Array, page: number): string {
  const file = at(`out-${page}.pdf`);
  writeFileSync(file, pdf);
  return squash(run('pdftotext', ['-f', String(page), '-l', String(page), file, '-']));
}

describe('OCR runs', () => {
  it('groups consecutive pages of one resolution, at most n of 200 dpi a run (fewer finer ones), skipping kept PDF pages', () => {
    const img = (path: string, dpi: number) => ({ path, dpi });
    expect(ocrRuns([img('a.jpg', 200), img('b.jpg', 200), img('c.jpg', 200)], 8)).toEqual([[0, 1, 2]]);
    expect(ocrRuns([img('a.jpg', 200), img('b.jpg', 200), img('c.jpg', 200)], 2)).toEqual([[0, 1], [2]]);
    expect(ocrRuns([img('a.jpg', 200), img('b.jpg', 300), img('c.png', 300)], 8)).toEqual([[0], [1, 2]]);
    expect(ocrRuns([img('a.jpg', 200), img('k.pdf', 72), img('c.jpg', 200.2)], 8)).toEqual([[0, 2]]);
    expect(ocrRuns([img('k.pdf', 72)], 8)).toEqual([]);
    // Finer pages take more room while they wait: 8 of 200 dpi, 3 of 300, 1 of 600 a run; coarser ones still 8.
    const many = (dpi: number) => Array.from({ length: 9 }, (_, k) => img(`${k}.jpg`, dpi));
    expect(ocrRuns(many(300), 8).map((r) => r.length)).toEqual([3, 3, 3]);
    expect(ocrRuns(many(600), 8).map((r) => r.length)).toEqual(Array(9).fill(1));
    expect(ocrRuns(many(150), 8).map((r) => r.length)).toEqual([8, 1]);
  });

  it("takes the text from Tesseract's text-only PDF: a line per text line, a blank line between blocks", () => {
    // As Tesseract 5 writes it: each word one UTF-16BE hex string with its trailing space.
    const content = [
      'q 595.44 0 0 842.04 0 0 cm Q',
      'BT',
      '3 Tr 1 0 0 1 154.44 757.04 Tm /f-0-0 15 Tf 95.04 Tz [ <004700491EA400590020> ] TJ 39.24 0 Td 97.2 Tz [ <005800C100430020> ] TJ ',
      ' -172.44 -22.68 Td /f-0-0 10 Tf 99 Tz [ <01101ED900630020> ] TJ 23.76 0 Td 72 Tz [ <006C1EAD00700020> ] TJ ',
      'ET',
      'BT',
      '3 Tr 1 0 0 1 71.28 685.76 Tm /f-0-0 11 Tf 96.546 Tz [ <004D1EE500630020> ] TJ 24.84 0 Td 73.31 Tz [ <D835DC9C0020> ] TJ ',
      'ET',
    ].join('\n');
    expect(textOfContent(content)).toBe('GIẤY XÁC\nĐộc lập\n\nMục 𝒜');
    expect(textOfContent('q 1 0 0 1 0 0 cm Q\n')).toBe('');
  });

  it('reads a document in one Tesseract run per resolution, each text and layer on its own page', async () => {
    const t = countingTesseract();
    const images = [{ path: pages[0].processedPath, dpi: 200 }, { path: pages[1].processedPath, dpi: 200 }, { path: pages[2].processedPath, dpi: 300 }];
    const result = await addTextLayer(pdfBytes, images, { tesseractPath: t.path });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('done');
    const runs = t.runs();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toContain('--dpi 200');
    expect(runs[1]).toContain('--dpi 300');
    for (const [k, line] of LINES.entries()) {
      expect(squash(result.pageTexts[k])).toContain(line);
      const onPage = pageTextOf(result.pdfBytes, k + 1);
      expect(onPage).toContain(line);
      for (const other of LINES.filter((l) => l !== line)) expect(onPage).not.toContain(other);
    }
  });

  it('reads a failed run again page by page: the unreadable page is reported, the others get their layer', async () => {
    const t = countingTesseract();
    writeFileSync(at('garbage.jpg'), 'not an image');
    const images = [{ path: pages[0].processedPath, dpi: 200 }, { path: at('garbage.jpg'), dpi: 200 }, { path: pages[2].processedPath, dpi: 200 }];
    const result = await addTextLayer(pdfBytes, images, { tesseractPath: t.path });
    expect(result.status).toBe('partial');
    expect(result.errors).toMatchObject([{ page: 2, message: 'Tesseract báo lỗi khi nhận dạng chữ.' }]);
    expect(t.runs()).toHaveLength(4); // the run of three, then each page on its own
    expect(result.pageTexts[1]).toBe('');
    expect(pageTextOf(result.pdfBytes, 1)).toContain(LINES[0]);
    expect(pageTextOf(result.pdfBytes, 2)).toBe('');
    expect(pageTextOf(result.pdfBytes, 3)).toContain(LINES[2]);
  });
});
