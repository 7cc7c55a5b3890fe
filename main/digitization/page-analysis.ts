// Measurements on a small grey copy of the page (about 100 dpi, made by libvips): ink coverage for blank
// detection, skew by projection profiles, and the inked bounding box for crop-to-content. Only counting and
// projecting happens here; every pixel operation on the real image is done by sharp.

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface PageAnalysis {
  /** Typical paper brightness (median grey). */
  paperLevel: number;
  /** Ink coverage, percent of the area inside the ignored border margin. */
  inkPercent: number;
  /** Clockwise skew of the content in degrees (0 when not measurable). */
  skewAngle: number;
  /** Inked area in analysis pixels (after deskew), or null when there is no ink. */
  inkBox: { left: number; top: number; right: number; bottom: number } | null;
}

/** Border ignored by blank detection and skew: scanner-bed shadows and paper edges live there. */
export const BORDER_MARGIN = 0.04;
/** A pixel is ink when it is this much darker than the paper: noise, paper tone and bleed-through are not. */
const INK_CONTRAST = 60;
const MAX_SKEW = 5;
/** Skews smaller than this are left alone: rotating costs time and softens the text for nothing. */
export const MIN_CORRECTED_SKEW = 0.15;
/** Ink points used for the skew search at most (a dense page is sampled evenly). */
const MAX_POINTS = 25_000;
/** Points the coarse 0.5° steps of the skew search look at. */
const COARSE_POINTS = 6_000;

// Kept between pages (one page is analysed at a time: analysePage is synchronous): a page's ink offsets (up
// to 4 MB), its skew points and their coarse sample were each a new array, and the garbage collector ran a
// scavenge about once a page for them.
let inkScratch = new Uint32Array(0);
const pointsX = new Float32Array(MAX_POINTS + 1);
const pointsY = new Float32Array(MAX_POINTS + 1);
// n / floor(n / COARSE_POINTS) points at most: under 1.5 × COARSE_POINTS.
const coarseX = new Float32Array(2 * COARSE_POINTS);
const coarseY = new Float32Array(2 * COARSE_POINTS);

function medianLevel(img: GreyImage): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < img.data.length; i += 7) hist[img.data[i]]++;
  const half = Math.ceil(img.data.length / 7) / 2;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= half) return v;
  }
  return 255;
}

/**
 * Sum of squared bin counts of the points projected across lines tilted by `deg`: text lines lined up
 * with the projection give tall narrow peaks, which maximises the sum.
 */
function profileScore(xs: Float32Array, ys: Float32Array, n: number, deg: number, bins: Int32Array, offset: number): number {
  const t = (deg * Math.PI) / 180;
  const sin = Math.sin(t);
  const cos = Math.cos(t);
  bins.fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.round(ys[i] * cos - xs[i] * sin) + offset;
    if (b >= 0 && b < bins.length) bins[b]++;
  }
  let score = 0;
  for (let i = 0; i < bins.length; i++) score += bins[i] * bins[i];
  return score;
}

function estimateSkew(xs: Float32Array, ys: Float32Array, n: number, height: number, width: number): number {
  if (n < 200) return 0;
  const offset = Math.ceil((height + width) / 2) + 2;
  const bins = new Int32Array(offset * 2 + 1);
  const score = (deg: number) => profileScore(xs, ys, n, deg, bins, offset);
  const flat = score(0);
  // Coarse to fine: the 0.5° steps only pick the neighbourhood, so they look at an even sample of about
  // COARSE_POINTS points; the 0.1° and 0.04° steps score every point.
  const every = Math.max(1, Math.floor(n / COARSE_POINTS));
  const cn = Math.floor(n / every);
  const cx = every === 1 ? xs : coarseX;
  const cy = every === 1 ? ys : coarseY;
  if (every > 1) for (let i = 0; i < cn; i++) { cx[i] = xs[i * every]; cy[i] = ys[i * every]; }
  let best = 0;
  let coarseBest = profileScore(cx, cy, cn, 0, bins, offset);
  for (let deg = -MAX_SKEW; deg <= MAX_SKEW + 1e-9; deg += 0.5) {
    const s = profileScore(cx, cy, cn, deg, bins, offset);
    if (s > coarseBest) { coarseBest = s; best = deg; }
  }
  const coarse = best;
  let bestScore = best === 0 ? flat : score(best);
  for (let deg = coarse - 0.4; deg <= coarse + 0.4 + 1e-9; deg += 0.1) {
    const s = score(deg);
    if (s > bestScore) { bestScore = s; best = deg; }
  }
  const mid = best;
  for (let deg = mid - 0.08; deg <= mid + 0.08 + 1e-9; deg += 0.04) {
    const s = score(deg);
    if (s > bestScore) { bestScore = s; best = deg; }
  }
  // Pictures and sparse pages have no line structure: a barely better score is no evidence of skew.
  if (bestScore < flat * 1.03) return 0;
  return Math.round(best * 100) / 100;
}

export function analysePage(img: GreyImage, opts: { skew: boolean }): PageAnalysis {
  const { data, width, height } = img;
  const paperLevel = medianLevel(img);
  const inkBelow = Math.max(paperLevel - INK_CONTRAST, 20);
  const mx = Math.round(width * BORDER_MARGIN);
  const my = Math.round(height * BORDER_MARGIN);
  const cx = width / 2;
  const cy = height / 2;

  // One pass over the inner area keeps the ink pixels' offsets; the skew points are every stride-th of them
  // in scan order (the same points a second pass would pick, without reading the page twice).
  const inner = Math.max(0, (width - 2 * mx) * (height - 2 * my));
  if (inkScratch.length < inner) inkScratch = new Uint32Array(inner);
  const inkAt = inkScratch;
  let ink = 0;
  for (let y = my; y < height - my; y++) {
    const row = y * width;
    for (let x = row + mx, end = row + width - mx; x < end; x++) if (data[x] < inkBelow) inkAt[ink++] = x;
  }
  const area = inner;
  const inkPercent = area > 0 ? (ink / area) * 100 : 0;

  const stride = Math.max(1, Math.ceil(ink / MAX_POINTS));
  const xs = pointsX;
  const ys = pointsY;
  let n = 0;
  for (let i = 0; i < ink && n < xs.length; i += stride) {
    const at = inkAt[i];
    const y = Math.floor(at / width);
    xs[n] = at - y * width - cx;
    ys[n] = y - cy;
    n++;
  }
  const skewAngle = opts.skew ? estimateSkew(xs, ys, n, height, width) : 0;
  return { paperLevel, inkPercent, skewAngle, inkBox: inkBoxOf(xs, ys, n, skewAngle, width, height) };
}

/**
 * Bounding box of the ink after the deskew turn, ignoring the sparsest 0.2% at each side (dust). Counted in
 * whole analysis pixels (a box at most one pixel wider than the exact quantiles: crop margins are millimetres).
 */
function inkBoxOf(xs: Float32Array, ys: Float32Array, n: number, skew: number, width: number, height: number): PageAnalysis['inkBox'] {
  if (n < 20) return null;
  const t = (-skew * Math.PI) / 180;
  const sin = Math.sin(t);
  const cos = Math.cos(t);
  // A turned point can leave the page by up to the other side's length × sin(5°): the bins cover that much.
  const padX = Math.ceil(height * Math.abs(sin)) + 1;
  const padY = Math.ceil(width * Math.abs(sin)) + 1;
  const binsX = new Int32Array(width + 2 * padX);
  const binsY = new Int32Array(height + 2 * padY);
  for (let i = 0; i < n; i++) {
    const rx = xs[i] * cos - ys[i] * sin + width / 2;
    const ry = xs[i] * sin + ys[i] * cos + height / 2;
    binsX[Math.min(binsX.length - 1, Math.max(0, Math.floor(rx) + padX))]++;
    binsY[Math.min(binsY.length - 1, Math.max(0, Math.floor(ry) + padY))]++;
  }
  const cut = Math.floor(n * 0.002);
  const [left, right] = quantileBins(binsX, cut);
  const [top, bottom] = quantileBins(binsY, cut);
  return { left: left - padX, right: right + 1 - padX, top: top - padY, bottom: bottom + 1 - padY };
}

/** The bins holding the (cut+1)-th point from each end. */
function quantileBins(bins: Int32Array, cut: number): [number, number] {
  let lo = 0;
  for (let acc = 0; lo < bins.length - 1; lo++) if ((acc += bins[lo]) > cut) break;
  let hi = bins.length - 1;
  for (let acc = 0; hi > 0; hi--) if ((acc += bins[hi]) > cut) break;
  return [lo, hi];
}
