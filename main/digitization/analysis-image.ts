// The small grey copy that blank detection and skew are measured on, made straight from the decoded pixels
// by a k×k box average (k = dpi / 100, rounded): one pass over bytes already in memory. libvips' b-w
// conversion plus a linear resize took 12.8 ms CPU a colour A4 page at 200 dpi, a (R + 2G + B) / 4 average
// here 7.0 ms, and the green channel alone 3.7 ms. Green is what the analysis needs: the inks of a dossier
// (black, blue and red pens, red stamps) are all dark in it, and ink is told from paper relative to the
// page's own paper level, so the exact weights do not matter (scan-bench: the same blanks and skews).
import type { GreyImage } from './page-analysis';

export const ANALYSIS_DPI = 100;

/** The box size that brings `dpi` nearest to ANALYSIS_DPI (1 for pages at 150 dpi or less). */
export function analysisFactor(dpi: number): number {
  return Math.max(1, Math.round(dpi / ANALYSIS_DPI));
}

/**
 * Averages k×k blocks of interleaved 8-bit pixels (1 channel grey, or ≥ 3 with R, G, B first: their green)
 * into one grey byte each; a right or bottom remainder narrower than k is left out. `into`, when large
 * enough, holds the result (a caller that measures one page at a time keeps one buffer for all of them).
 */
export function greyBoxShrink(data: Uint8Array, width: number, height: number, channels: number, k: number, into?: Uint8Array): GreyImage {
  const w = Math.max(1, Math.floor(width / k));
  const h = Math.max(1, Math.floor(height / k));
  const out = into && into.length >= w * h ? into.subarray(0, w * h) : new Uint8Array(w * h);
  if (k === 2 && channels >= 3 && height >= 2) return shrink2Rgb(data, width, channels, w, h, out);
  const acc = new Uint32Array(w);
  const colour = channels >= 3;
  const div = k * k;
  const half = div >> 1;
  for (let y = 0; y < h; y++) {
    acc.fill(0);
    for (let dy = 0; dy < k && y * k + dy < height; dy++) {
      const start = (y * k + dy) * width * channels;
      // Separate loops per case: a branch inside the innermost loop made it three times slower.
      if (colour) addRowRgb(data, start, channels, k, w, acc);
      else addRowGrey(data, start, channels, k, w, acc);
    }
    const row = y * w;
    for (let x = 0; x < w; x++) out[row + x] = Math.min(255, Math.floor((acc[x] + half) / div));
  }
  return { data: out, width: w, height: h };
}

/** The common case (a colour page at 200 dpi) in one pass per output pixel: the green of 2 × 2 pixels. */
function shrink2Rgb(d: Uint8Array, width: number, ch: number, w: number, h: number, out: Uint8Array): GreyImage {
  const stride = width * ch;
  for (let y = 0; y < h; y++) {
    let a = 2 * y * stride + 1;
    let b = a + stride;
    let o = y * w;
    for (let x = 0; x < w; x++, o++, a += 2 * ch, b += 2 * ch) out[o] = (d[a] + d[a + ch] + d[b] + d[b + ch] + 2) >> 2;
  }
  return { data: out, width: w, height: h };
}

function addRowRgb(data: Uint8Array, p: number, ch: number, k: number, w: number, acc: Uint32Array): void {
  p += 1; // green
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let dx = 0; dx < k; dx++, p += ch) s += data[p];
    acc[x] += s;
  }
}

function addRowGrey(data: Uint8Array, p: number, ch: number, k: number, w: number, acc: Uint32Array): void {
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let dx = 0; dx < k; dx++, p += ch) s += data[p];
    acc[x] += s;
  }
}
