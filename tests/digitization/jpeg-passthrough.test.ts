// A scanner's JPEG (eSCL sends JPEG) that is already what the profile would store goes in as it is: no
// second generation of loss and no encoding. Anything the pipeline must change — a skew, a turn, a crop,
// a finer quality than the profile's, colour on a grey profile — is re-encoded as before.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyBoxShrink } from '../../main/digitization/analysis-image';
import { readJpegHeader } from '../../main/digitization/jpeg-header';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ScannedPage } from '../../main/digitization/types';
import { type PageImageSpec, writePageImage } from '../support/page-images';
import { tempDir } from './helpers';

const color = BUILT_IN_PROFILES[0];
const gray = { ...BUILT_IN_PROFILES[1], dpi: 200 };
const tmp = tempDir('jpegpass');
const at = (name: string) => join(tmp.dir, name);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const scans: Record<string, ScannedPage> = {};

/** The page as an eSCL scanner sends it: a JPEG with the standard (Annex K) tables at `quality`. */
async function esclJpeg(name: string, spec: PageImageSpec, quality: number): Promise<ScannedPage> {
  const png = await writePageImage(at(`${name}.png`), spec);
  const file = at(`${name}.jpg`);
  await sharp(png.filePath).jpeg({ quality, quantisationTable: 0 }).toFile(file);
  return { ...png, filePath: file, format: 'jpeg' };
}

beforeAll(async () => {
  const [q70, q90, skewed, blank] = await Promise.all([
    esclJpeg('q70', { seed: 31, stamp: true }, 70),
    esclJpeg('q90', { seed: 32 }, 90),
    esclJpeg('skewed', { seed: 33, rotateDeg: 2 }, 70),
    esclJpeg('blank', { kind: 'blank', seed: 34, side: 'back' }, 70),
  ]);
  Object.assign(scans, { q70, q90, skewed, blank });
}, 60_000);
afterAll(() => tmp.cleanup());

describe('a scanner JPEG passes through', () => {
  it('reads the quality a JPEG was made with from its luminance table', async () => {
    for (const q of [50, 70, 75, 90]) {
      const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c0a080' } }).jpeg({ quality: q, quantisationTable: 0 }).toBuffer();
      const header = readJpegHeader(jpeg);
      expect(header?.quality).toBe(q);
      expect(header?.components).toEqual([{ h: 2, v: 2 }, { h: 1, v: 1 }, { h: 1, v: 1 }]);
    }
    expect(readJpegHeader(Buffer.from('not a jpeg'))).toBeNull();
  });

  it('is stored byte for byte when it needs no change and is no finer than the profile, and still measured', async () => {
    const out = await processPage(scans.q70, { profile: color, outputBase: at('out-q70') });
    const stored = readFileSync(out.processedPath);
    expect(sha(stored)).toBe(sha(readFileSync(scans.q70.filePath)));
    expect(out.sha256).toBe(sha(stored));
    expect([out.encoding, out.widthPx, out.heightPx, out.dpi, out.blank]).toEqual(['jpeg', 1654, 2339, 200, false]);
    expect(out.blankScore).toBeGreaterThan(2);

    // A blank back still found blank.
    const back = await processPage(scans.blank, { profile: color, outputBase: at('out-blank') });
    expect(back.blank).toBe(true);
  });

  it('is re-encoded when it is finer than the profile, skewed, turned, or colour on a grey profile', async () => {
    const fine = await processPage(scans.q90, { profile: color, outputBase: at('out-q90') });
    expect(fine.sha256).not.toBe(sha(readFileSync(scans.q90.filePath)));
    expect(fine.bytes).toBeLessThan(readFileSync(scans.q90.filePath).length);
    expect(readJpegHeader(readFileSync(fine.processedPath))?.quality).toBeLessThanOrEqual(color.jpegQuality);

    const skewed = await processPage(scans.skewed, { profile: color, outputBase: at('out-skewed') });
    expect(Math.abs(skewed.skewAngle - 2)).toBeLessThanOrEqual(0.3);
    expect(skewed.sha256).not.toBe(sha(readFileSync(scans.skewed.filePath)));

    const turned = await processPage(scans.q70, { profile: color, outputBase: at('out-turned'), rotation: 90 });
    expect([turned.widthPx, turned.heightPx]).toEqual([2339, 1654]);

    const grey = await processPage(scans.q70, { profile: gray, outputBase: at('out-grey') });
    expect(grey.colorMode).toBe('gray');
    expect(readJpegHeader(readFileSync(grey.processedPath))?.components).toHaveLength(1);
  });
});

describe('the analysis copy', () => {
  it('averages k × k blocks of colour or grey pixels into grey', () => {
    // 4 × 2 colour pixels: left block white, right block black except one mid-grey pixel.
    const px = (r: number, g: number, b: number) => [r, g, b];
    const rgb = Uint8Array.from([
      ...px(255, 255, 255), ...px(255, 255, 255), ...px(0, 0, 0), ...px(128, 128, 128),
      ...px(255, 255, 255), ...px(255, 255, 255), ...px(0, 0, 0), ...px(0, 0, 0),
    ]);
    expect([...greyBoxShrink(rgb, 4, 2, 3, 2).data]).toEqual([255, 32]);
    const grey = Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const one = greyBoxShrink(grey, 3, 3, 1, 3);
    expect([one.width, one.height, ...one.data]).toEqual([1, 1, 50]);
    expect([...greyBoxShrink(grey, 3, 3, 1, 2).data]).toEqual([30]); // (10 + 20 + 40 + 50) / 4
  });

  it('a colour page is measured on its green: red stamps and blue and black pens are all dark there', () => {
    const px = (r: number, g: number, b: number) => [r, g, b];
    const paper = px(245, 243, 236);
    const red = px(200, 40, 45);
    const blue = px(35, 55, 150);
    const black = px(20, 20, 25);
    // One 2 × 2 block of each, side by side (the fast 200 dpi path) and as 3 × 3 blocks (the general path).
    const row = (a: number[], b: number[], c: number[], d: number[], k: number) => [...Array(k).fill(a), ...Array(k).fill(b), ...Array(k).fill(c), ...Array(k).fill(d)].flat();
    for (const k of [2, 3]) {
      const img = Uint8Array.from(Array.from({ length: k }, () => row(paper, red, blue, black, k)).flat());
      const small = greyBoxShrink(img, 4 * k, k, 3, k);
      expect([...small.data], `k = ${k}`).toEqual([243, 40, 55, 20]);
    }
  });
});
