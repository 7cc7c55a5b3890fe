import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysePage } from '../../main/digitization/page-analysis';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES, type ScanProfile } from '../../main/digitization/profiles';
import type { ScannedPage } from '../../main/digitization/types';
import { type PageImageSpec, writePageImage } from '../support/page-images';
import { tempDir } from './helpers';

const color = BUILT_IN_PROFILES[0];
const gray300 = BUILT_IN_PROFILES[1];
const bw300 = BUILT_IN_PROFILES[2];
const tmp = tempDir('proc');
const at = (name: string) => join(tmp.dir, name);
const pages: Record<string, ScannedPage> = {};

async function skewOf(file: string, dpi: number): Promise<number> {
  const meta = await sharp(file).metadata();
  const small = await sharp(file).toColourspace('b-w').resize({ width: Math.round(((meta.width ?? 0) * 100) / dpi) }).raw().toBuffer({ resolveWithObject: true });
  return analysePage({ data: small.data, width: small.info.width, height: small.info.height }, { skew: true }).skewAngle;
}

beforeAll(async () => {
  const specs: Record<string, PageImageSpec> = {
    text: { seed: 11, stamp: true, handwriting: true },
    skewed: { seed: 12, rotateDeg: 3 },
    blank: { kind: 'blank', seed: 13, side: 'back' },
    nearBlank: { kind: 'near-blank', seed: 14, side: 'back', paperEdge: true, noiseSigma: 7 },
    oneLine: { kind: 'one-line', seed: 15, side: 'back', lines: ['Trang 2: không có nội dung khác.'] },
  };
  await Promise.all(Object.entries(specs).map(async ([name, spec]) => { pages[name] = await writePageImage(at(`${name}.png`), spec); }));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('blank-page detection', () => {
  it('flags blank and near-blank backs (noise, dust, bleed-through, paper edge) but not a one-line back or a text page', async () => {
    const run = (name: string) => processPage(pages[name], { profile: color, outputBase: at(`out-${name}`) });
    const [blank, near, oneLine, text] = await Promise.all([run('blank'), run('nearBlank'), run('oneLine'), run('text')]);
    expect(blank.blank).toBe(true);
    expect(near.blank).toBe(true);
    expect(oneLine.blank).toBe(false);
    expect(text.blank).toBe(false);
    // Scores are ordered with margin around the threshold (0.02 % ink).
    expect(blank.blankScore).toBeLessThan(0.005);
    expect(near.blankScore).toBeLessThan(0.01);
    expect(oneLine.blankScore).toBeGreaterThan(0.04);
    expect(text.blankScore).toBeGreaterThan(2);
  });

  it('only checks duplex backs by default; "all" checks fronts too; the threshold is a setting', async () => {
    const front = { ...pages.blank, side: 'front' as const };
    expect((await processPage(front, { profile: color, outputBase: at('f1') })).blank).toBe(false);
    const all: ScanProfile = { ...color, blankDetection: { mode: 'all', maxInkPercent: 0.02 } };
    expect((await processPage(front, { profile: all, outputBase: at('f2') })).blank).toBe(true);
    const lax: ScanProfile = { ...color, blankDetection: { mode: 'backs', maxInkPercent: 0.5 } };
    expect((await processPage(pages.oneLine, { profile: lax, outputBase: at('f3') })).blank).toBe(true);
  });
});

describe('deskew, rotation, crop', () => {
  it('finds a 3° skew within 0.5° and straightens the stored page', async () => {
    const out = await processPage(pages.skewed, { profile: color, outputBase: at('deskewed') });
    expect(Math.abs(out.skewAngle - 3)).toBeLessThanOrEqual(0.5);
    expect([out.widthPx, out.heightPx]).toEqual([pages.skewed.widthPx, pages.skewed.heightPx]);
    expect(Math.abs(await skewOf(out.processedPath, 200))).toBeLessThanOrEqual(0.5);
    const straight = await processPage(pages.text, { profile: color, outputBase: at('straight') });
    expect(Math.abs(straight.skewAngle)).toBeLessThan(0.2);
    const off = await processPage(pages.skewed, { profile: { ...color, deskew: false }, outputBase: at('nodeskew') });
    expect(off.skewAngle).toBe(0);
    expect(Math.abs((await skewOf(off.processedPath, 200)) - 3)).toBeLessThanOrEqual(0.5);
  });

  it('turns a page larger than the shears take (A4 at 400 dpi) with libvips instead, as straight', async () => {
    const big = await writePageImage(at('big.png'), { seed: 12, rotateDeg: -2, dpi: 400, fontPt: 14 });
    expect(big.widthPx * big.heightPx).toBeGreaterThan(12_000_000);
    const out = await processPage(big, { profile: { ...color, dpi: 400 }, outputBase: at('big-deskewed') });
    expect(Math.abs(out.skewAngle + 2)).toBeLessThanOrEqual(0.3);
    expect([out.widthPx, out.heightPx]).toEqual([big.widthPx, big.heightPx]);
    expect(Math.abs(await skewOf(out.processedPath, 400))).toBeLessThanOrEqual(0.3);
  }, 60_000);

  it('turns a page by 90° on request and crops to a box or to the content', async () => {
    const turned = await processPage(pages.text, { profile: color, outputBase: at('turned'), rotation: 90 });
    expect([turned.widthPx, turned.heightPx, turned.rotation]).toEqual([2339, 1654, 90]);
    expect((await sharp(turned.processedPath).metadata()).width).toBe(2339);
    const box = await processPage(pages.text, { profile: { ...color, crop: { mode: 'box', leftMm: 10, topMm: 20, widthMm: 100, heightMm: 50 } }, outputBase: at('box') });
    expect([box.widthPx, box.heightPx]).toEqual([Math.ceil((100 * 200) / 25.4), Math.ceil((50 * 200) / 25.4)]);
    const content = await processPage(pages.text, { profile: { ...color, crop: { mode: 'content', marginMm: 3 } }, outputBase: at('content') });
    expect(content.widthPx).toBeLessThan(1654 * 0.9);
    expect(content.heightPx).toBeLessThan(2339);
    expect(content.widthPx).toBeGreaterThan(1654 * 0.6);
  });
});

describe('encoding', () => {
  it('stores colour as JPEG 4:2:0, grey as 1-channel JPEG, bi-level as a 1-bit PNG far smaller than grey', async () => {
    const c = await processPage(pages.text, { profile: color, outputBase: at('enc-c') });
    const g = await processPage(pages.text, { profile: { ...gray300, dpi: 200 }, outputBase: at('enc-g') });
    const b = await processPage(pages.text, { profile: { ...bw300, dpi: 200 }, outputBase: at('enc-b') });
    const cm = await sharp(c.processedPath).metadata();
    expect([cm.format, cm.channels, cm.chromaSubsampling]).toEqual(['jpeg', 3, '4:2:0']);
    const gm = await sharp(g.processedPath).metadata();
    expect([gm.format, gm.channels]).toEqual(['jpeg', 1]);
    const bm = await sharp(b.processedPath).metadata();
    expect([bm.format, bm.bitsPerSample, bm.width, bm.height]).toEqual(['png', 1, 1654, 2339]);
    expect(b.encoding).toBe('png1');
    expect(statSync(b.processedPath).size).toBe(b.bytes);
    expect(b.bytes * 5).toBeLessThan(g.bytes);
    console.log(`A4 text page at 200 dpi: colour JPEG ${(c.bytes / 1024).toFixed(0)} KB, grey JPEG ${(g.bytes / 1024).toFixed(0)} KB, 1-bit ${(b.bytes / 1024).toFixed(0)} KB`);
  });

  it('reads PNM, TIFF and JPEG scans, and brings a 300 dpi import down to the profile\'s 200 dpi', async () => {
    const pnm = await writePageImage(at('gray.pnm'), { seed: 21, colorMode: 'gray', format: 'pnm' });
    const tif = await writePageImage(at('scan.tif'), { seed: 22, format: 'tiff', dpi: 300 });
    const jpg = await writePageImage(at('scan.jpg'), { seed: 23, format: 'jpeg' });
    const a = await processPage(pnm, { profile: color, outputBase: at('pnm') });
    expect([a.colorMode, a.widthPx, a.heightPx]).toEqual(['gray', 1654, 2339]); // a grey scan never turns colour
    const t = await processPage(tif, { profile: color, outputBase: at('tif') });
    expect([t.dpi, t.widthPx]).toEqual([200, Math.round((2480 * 200) / 300)]);
    expect(Math.abs(t.heightPx - 2339)).toBeLessThanOrEqual(1);
    const j = await processPage(jpg, { profile: color, outputBase: at('jpg') });
    expect(j.blank).toBe(false);
    await expect(processPage({ ...jpg, filePath: at('missing.jpg') }, { profile: color, outputBase: at('x') })).rejects.toThrow();
  });
});
