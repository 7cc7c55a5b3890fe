// OCR is background work: Tesseract runs at the lowest priority behind the counter's work, on a grey page
// (what it reads fastest), one document at a time unless the settings allow more.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocrPage } from '../../main/digitization/ocr';
import { OcrQueue } from '../../main/digitization/ocr-queue';
import { CounterWork } from '../../main/base/counter-work';
import { sharp } from '../../main/base/lazy-module';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { writePageImage } from '../support/page-images';
import { squash, tempDir } from './helpers';

const tmp = tempDir('ocrbg');
const at = (name: string) => join(tmp.dir, name);
let page = '';

beforeAll(async () => {
  const scan = await writePageImage(at('page.png'), { seed: 61, lines: ['Ủy ban nhân dân xã Yên Thường xác nhận bà Nguyễn Thị Thu Hằng.'] });
  page = (await processPage(scan, { profile: BUILT_IN_PROFILES[0], outputBase: at('page') })).processedPath;
}, 60_000);
afterAll(() => tmp.cleanup());

/**
 * A Tesseract that first notes its own niceness, what it is given on stdin (the list of page files) and
 * copies of those files, then does the work.
 */
function recordingTesseract(): { path: string; nice: () => number; input: () => string; files: () => string[] } {
  const wrapper = at('tesseract-recording.sh');
  const seen = at('seen');
  writeFileSync(wrapper, [
    '#!/bin/sh',
    // The parent lowers the priority right after the spawn: give it that moment before looking.
    'sleep 0.3',
    `ps -o ni= -p $$ > '${at('nice.txt')}'`,
    `cat > '${at('stdin.bin')}'`,
    `rm -rf '${seen}' && mkdir -p '${seen}' && while read -r f; do cp "$f" '${seen}/'; done < '${at('stdin.bin')}'`,
    `exec tesseract "$@" < '${at('stdin.bin')}'`,
    '',
  ].join('\n'), { mode: 0o755 });
  mkdirSync(seen, { recursive: true });
  return {
    path: wrapper,
    nice: () => Number(readFileSync(at('nice.txt'), 'utf8').trim()),
    input: () => readFileSync(at('stdin.bin'), 'utf8'),
    files: () => readdirSync(seen).map((f) => join(seen, f)),
  };
}

describe('OCR in the background', () => {
  it('runs Tesseract at the lowest priority on a grey uncompressed TIFF of the page, and still reads it', async () => {
    const t = recordingTesseract();
    const { text } = await ocrPage({ path: page, dpi: 200 }, { tesseractPath: t.path });
    expect(squash(text)).toContain('Ủy ban nhân dân xã Yên Thường');
    expect(t.nice()).toBe(19);
    // stdin lists the page files by relative ASCII names (Tesseract reads a list when stdin is no image).
    expect(t.input()).toMatch(/^p0001\.tif\n$/);
    const [file] = t.files();
    const meta = await sharp(file).metadata();
    expect(meta).toMatchObject({ format: 'tiff', channels: 1, depth: 'uchar', width: 1654, height: 2339, density: 200 });
    expect(readFileSync(file).length).toBeGreaterThan(1654 * 2339); // one byte a pixel, uncompressed (Leptonica's fastest read)

    await ocrPage({ path: page, dpi: 200 }, { tesseractPath: t.path, lowPriority: false });
    expect(t.nice()).toBe(0);
  });

  it('prepares nothing in the core while the counter works: the grey copy and Tesseract wait for a quiet moment', async () => {
    const t = recordingTesseract();
    rmSync(at('stdin.bin'), { force: true });
    const counter = new CounterWork(100);
    const endScan = counter.begin(); // a page being scanned, or a request being answered
    let asked = 0;
    let settled = false;
    const reading = ocrPage({ path: page, dpi: 200 }, { tesseractPath: t.path, whenQuiet: () => { asked++; return counter.whenQuiet(); } })
      .finally(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 800));
    expect(asked).toBe(1);
    expect(settled).toBe(false);
    expect(existsSync(at('stdin.bin'))).toBe(false); // no grey page written, no Tesseract started
    endScan();
    const { text } = await reading;
    expect(squash(text)).toContain('Ủy ban nhân dân xã Yên Thường');
    expect(asked).toBe(2); // and again before reading Tesseract's result back
  });

  it('runs one document at a time by default, and as many as the settings allow', async () => {
    const peak = async (queue: OcrQueue) => {
      let running = 0;
      let max = 0;
      const job = async () => {
        running++;
        max = Math.max(max, running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
      };
      await Promise.all(['a', 'b', 'c', 'd'].map((id) => queue.enqueue(id, job)));
      await queue.onIdle();
      return max;
    };
    expect(await peak(new OcrQueue())).toBe(1);
    expect(await peak(new OcrQueue(2))).toBe(2);
    expect(new OcrQueue(0).concurrency).toBe(1);
  });
});
