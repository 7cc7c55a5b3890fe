// The deskew turn in WebAssembly (main/digitization/shear-rotate.ts): the shipped module is the .wat in the
// repository, every byte equals a plain per-pixel reading of the same three shears (so the SIMD blocks, their
// tails, the runs' overhang and the buffers' layout are right for odd sizes, grey and colour, both ways), and a
// real page comes out turned the way libvips turns it, with its text lines level.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { shearGeometry, shearRotate, split } from '../../main/digitization/shear-rotate';
import { SHEAR_WASM_BASE64 } from '../../main/digitization/wasm/shear-wasm';
import { analysePage } from '../../main/digitization/page-analysis';
import { greyBoxShrink } from '../../main/digitization/analysis-image';
import { writePageImage } from '../support/page-images';
import { tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');

const blend = (p: number, q: number, w: number) => ((256 - w) * p + w * q + 128) >> 8;

/**
 * The three shears read pixel by pixel, white outside each image, with the module's geometry and rounding of a
 * shift: what its SIMD passes over its buffers must compute.
 */
function reference(src: Uint8Array, w: number, h: number, ch: number, deg: number): Uint8Array {
  const { a, b, px, W1, py, H2 } = shearGeometry(w, h, deg);
  const S = (x: number, y: number, c: number) => (x < 0 || x >= w ? 255 : src[(y * w + x) * ch + c]);
  const i1 = new Uint8Array(W1 * H2 * ch).fill(255);
  for (let y = 0; y < h; y++) {
    const [di, wt] = split(px + a * (y - h / 2));
    for (let x = 0; x < W1; x++) for (let c = 0; c < ch; c++) i1[((y + py) * W1 + x) * ch + c] = blend(S(x - di, y, c), S(x - di - 1, y, c), wt);
  }
  const I1 = (x: number, y: number, c: number) => (y < 0 || y >= H2 ? 255 : i1[(y * W1 + x) * ch + c]);
  const i2 = new Uint8Array(W1 * h * ch);
  for (let x = 0; x < W1; x++) {
    const [ei, wt] = split(b * (x - W1 / 2));
    for (let j = 0; j < h; j++) for (let c = 0; c < ch; c++) i2[(j * W1 + x) * ch + c] = blend(I1(x, py + j - ei, c), I1(x, py + j - ei - 1, c), wt);
  }
  const I2 = (x: number, y: number, c: number) => (x < 0 || x >= W1 ? 255 : i2[(y * W1 + x) * ch + c]);
  const out = new Uint8Array(w * h * ch);
  for (let y = 0; y < h; y++) {
    const [di, wt] = split(-px + a * (y - h / 2));
    for (let x = 0; x < w; x++) for (let c = 0; c < ch; c++) out[(y * w + x) * ch + c] = blend(I2(x - di, y, c), I2(x - di - 1, y, c), wt);
  }
  return out;
}

function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; out[i] = s >>> 24; }
  return out;
}

describe('the deskew turn by three shears', () => {
  it('ships the module compiled from shear.wat (npm run build:wasm after editing it)', async () => {
    const { compileShearWat } = await import(join(ROOT, 'scripts', 'build-wasm.mjs')) as { compileShearWat(): Promise<string> };
    expect(await compileShearWat()).toBe(SHEAR_WASM_BASE64);
  });

  it('computes every byte as the three shears read pixel by pixel: odd sizes, grey and colour, both ways, up to 10°', () => {
    const cases: [number, number, number, number][] = [
      [97, 61, 3, 2.2], [97, 61, 3, -2.2], [40, 130, 1, 0.3], [161, 47, 3, -5], [33, 33, 1, 10], [250, 9, 3, 0.16], [5, 300, 3, -7.5],
    ];
    // And forty drawn at random (fixed seed): short runs near a row's end are where a block can overrun.
    const pick = noise(160, 99);
    for (let i = 0; i < 160; i += 4) cases.push([3 + pick[i], 3 + (pick[i + 1] >> 1), pick[i + 2] & 1 ? 3 : 1, ((pick[i + 3] - 127.5) / 127.5) * 10]);
    for (const [w, h, ch, deg] of cases) {
      const src = noise(w * h * ch, w * 31 + h);
      const got = shearRotate(src, w, h, ch, deg);
      expect(got.length).toBe(w * h * ch);
      const want = reference(src, w, h, ch, deg);
      let firstDiff = -1;
      for (let i = 0; i < want.length && firstDiff < 0; i++) if (got[i] !== want[i]) firstDiff = i;
      expect({ w, h, ch, deg, firstDiff }).toEqual({ w, h, ch, deg, firstDiff: -1 });
    }
  });

  it('refuses what it is not for, and leaves its input as it was', () => {
    const src = noise(30 * 20 * 3, 7);
    const copy = Uint8Array.from(src);
    expect(() => shearRotate(src, 30, 20, 3, 11)).toThrow(RangeError);
    expect(() => shearRotate(src, 30, 21, 3, 1)).toThrow(RangeError);
    shearRotate(src, 30, 20, 3, 3);
    expect(Buffer.from(src).equals(Buffer.from(copy))).toBe(true);
  });

  it('turns a skewed page as libvips does, and its text lines come out level', async () => {
    const tmp = tempDir('shear');
    try {
      const page = await writePageImage(join(tmp.dir, 'p.png'), { seed: 12, rotateDeg: 2.4 });
      const { data, info } = await sharp(page.filePath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const { width: w, height: h } = info;
      const small = (px: Uint8Array) => analysePage(greyBoxShrink(px, w, h, 3, 2), { skew: true });
      const found = small(data).skewAngle;
      expect(Math.abs(Math.abs(found) - 2.4)).toBeLessThan(0.2);
      const ours = shearRotate(data, w, h, 3, -found);
      expect(Math.abs(small(ours).skewAngle)).toBeLessThan(0.1);
      // The same turn by libvips (its canvas cut back to the page's frame): the two agree but for sub-pixel
      // placement, far above what a turn the other way or a shifted page would give.
      const t = (found * Math.PI) / 180;
      const cw = Math.round(w * Math.abs(Math.cos(t)) + h * Math.abs(Math.sin(t)));
      const chh = Math.round(w * Math.abs(Math.sin(t)) + h * Math.abs(Math.cos(t)));
      const vips = await sharp(data, { raw: { width: w, height: h, channels: 3 } }).rotate(-found, { background: '#fff' })
        .extract({ left: Math.floor((cw - w) / 2), top: Math.floor((chh - h) / 2), width: w, height: h }).raw().toBuffer();
      let se = 0;
      for (let i = 0; i < vips.length; i++) se += (vips[i] - ours[i]) ** 2;
      expect(10 * Math.log10((255 * 255) / (se / vips.length))).toBeGreaterThan(24);
      // White where the turn brought in what was outside the page.
      expect([...ours.subarray(0, 3)]).toEqual([255, 255, 255]);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});
