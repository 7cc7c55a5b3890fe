// The deskew turn by three shears (Paeth): a small rotation is a horizontal shear, a vertical one and the
// first again, each moving whole rows or columns by a fraction of a pixel with a linear blend of two
// neighbours. Each pass streams 16-byte SIMD blends (wasm/shear.wat): 15–18 ms of CPU for a colour A4 page
// at 200 dpi with the copies in and out, where libvips' general affine rotate took 50–60 ms. On the scan
// bench's 100 PNM pages (a third of them turned) the pipeline went from 44–46 to 40 ms a page. The result
// agrees with libvips' but for sub-pixel placement (tests/digitization/shear-rotate.test.ts); only small
// angles come here (the skew search stops at 5°). The page keeps its frame: what turns out of it is cut,
// what turns in is white, as before.
//
// The module's memory holds one page's buffers (~28 MB for A4 at 200 dpi). It is kept while pages come and
// let go after a quiet minute; a WebAssembly memory never shrinks, so letting go is dropping the instance.
import { SHEAR_WASM_BASE64 } from './wasm/shear-wasm';

interface ShearExports {
  memory: WebAssembly.Memory;
  shearRows(dst: number, dstStride: number, src: number, srcStride: number, rows: number, n: number, ch: number, tab: number): void;
  shearCols(dst: number, src: number, stride: number, rows: number, runs: number, nRuns: number, w: number): void;
}

const PAGE = 65_536;
const IDLE_MS = 60_000;
/** Largest turn taken here; the pipeline never asks more (page-analysis.ts MAX_SKEW). */
export const MAX_SHEAR_TURN_DEG = 10;

let compiled: WebAssembly.Module | null | undefined;
let instance: ShearExports | null = null;
let busy = false;
let idle: ReturnType<typeof setTimeout> | null = null;

/**
 * Whether this PC runs the module: WebAssembly SIMD needs SSE4.1 on x86 (not in every old counter PC's CPU,
 * e.g. AMD's Phenom II). Where it does not, the pipeline turns pages with libvips as before.
 */
export function shearAvailable(): boolean {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SHEAR_WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled !== null;
}

function exportsFor(bytes: number): ShearExports {
  if (!shearAvailable()) throw new Error('WebAssembly SIMD is not available');
  instance ??= new WebAssembly.Instance(compiled!, {}).exports as unknown as ShearExports;
  const have = instance.memory.buffer.byteLength;
  if (have < bytes) instance.memory.grow(Math.ceil((bytes - have) / PAGE));
  return instance;
}

/** A fractional shift as a whole part and the weight (0–255, of 256) on the pixel one step before. */
export function split(d: number): [number, number] {
  let whole = Math.floor(d);
  let weight = Math.round((d - whole) * 256);
  if (weight === 256) { whole += 1; weight = 0; }
  return [whole, weight];
}

/**
 * `src` (interleaved 8-bit, `ch` channels, w × h) turned clockwise by `deg` about its centre, in a new
 * buffer of the same size; corners brought in are white. Synchronous: one page at a time uses the module.
 */
export function shearRotate(src: Uint8Array, w: number, h: number, ch: number, deg: number): Buffer {
  if (!(Math.abs(deg) <= MAX_SHEAR_TURN_DEG)) throw new RangeError(`turn of ${deg}° is outside ±${MAX_SHEAR_TURN_DEG}°`);
  if (src.length < w * h * ch) throw new RangeError('pixel buffer shorter than its size');
  if (busy) throw new Error('shearRotate is not reentrant');
  busy = true;
  try {
    return rotate(src, w, h, ch, deg);
  } finally {
    busy = false;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => { instance = null; idle = null; }, IDLE_MS);
    idle.unref?.();
  }
}

/**
 * The shears of a turn by `deg` (a = −tan(φ/2) horizontal, b = sin φ vertical) and the margins around the
 * page they need: the horizontal passes move a row by up to |a|·h/2, the vertical one a column by |b|·W1/2.
 */
export function shearGeometry(w: number, h: number, deg: number): { a: number; b: number; px: number; W1: number; py: number; H2: number } {
  const phi = (deg * Math.PI) / 180;
  const a = -Math.tan(phi / 2);
  const b = Math.sin(phi);
  const px = Math.ceil((Math.abs(a) * h) / 2) + 3;
  const W1 = w + 2 * px;
  const py = Math.ceil((Math.abs(b) * W1) / 2) + 3;
  return { a, b, px, W1, py, H2: h + 2 * py };
}

function rotate(src: Uint8Array, w: number, h: number, ch: number, deg: number): Buffer {
  const { a, b, px, W1, py, H2 } = shearGeometry(w, h, deg);
  const m = 2 * px; // the source's white margin: pass 1 reads up to 2·px − 3 columns to either side
  const s0 = (w + 2 * m) * ch;
  const s1 = W1 * ch;

  // Memory: row table | per-byte weights | run table | source with margins | pass 1 (W1 × H2). Pass 2 (W1 × h) is written
  // over the source, which pass 1 has read, and the result (w × h) over pass 1's rows, which pass 2 has read:
  // ~28 MB for a colour A4 page at 200 dpi.
  const tab = 0;
  const weights = tab + 8 * Math.max(h, 1);
  const runTableBytes = 12 * (W1 + 1);
  const S0 = align(weights + s1 + 16 + runTableBytes + 16);
  const I1 = align(S0 + s0 * h);
  const I2 = S0;
  const OUT = I1;
  const wasm = exportsFor(I1 + s1 * H2 + 16);
  const mem = new Uint8Array(wasm.memory.buffer);
  const table = new Int32Array(wasm.memory.buffer, tab, 2 * Math.max(h, 1));

  // The source inside a white frame, and white rows above and below pass 1's, so that no pass reads outside
  // what it was given (pass 1 writes every byte of its h rows).
  for (let y = 0; y < h; y++) {
    const row = S0 + y * s0;
    mem.fill(255, row, row + m * ch);
    mem.set(src.subarray(y * w * ch, (y + 1) * w * ch), row + m * ch);
    mem.fill(255, row + (m + w) * ch, row + s0);
  }
  mem.fill(255, I1, I1 + py * s1);
  mem.fill(255, I1 + (py + h) * s1, I1 + H2 * s1);

  // Pass 1, horizontal: I1 row py + y, column x ← source column x − d, d = px + a·(y − h/2).
  for (let y = 0; y < h; y++) {
    const [di, wt] = split(px + a * (y - h / 2));
    table[2 * y] = (m - di) * ch;
    table[2 * y + 1] = wt;
  }
  wasm.shearRows(I1 + py * s1, s1, S0, s0, h, s1, ch, tab);

  // Pass 2, vertical: I2 row j, column x ← I1 row py + j − e(x), e = b·(x − W1/2). Columns that share the
  // whole part of e form runs (a table the module walks in every row, so the rows are read in order).
  const runs: number[] = [];
  let start = 0;
  let runShift = split(b * (0 - W1 / 2))[0];
  for (let x = 0; x <= W1; x++) {
    const [ei, wt] = x < W1 ? split(b * (x - W1 / 2)) : [Number.NaN, 0];
    if (x < W1) mem.fill(wt, weights + x * ch, weights + (x + 1) * ch);
    if (x === W1 || ei !== runShift) {
      // A run may write on past its end in whole 16-byte blocks: the runs after it, done later, write those
      // bytes again. Never past the row's end, though: there the next row starts.
      runs.push(start * ch, Math.min(Math.ceil(((x - start) * ch) / 16) * 16, s1 - start * ch), (py - runShift) * s1);
      start = x;
      runShift = ei;
    }
  }
  const runTable = align(weights + s1 + 16);
  const wasmRuns = new Int32Array(wasm.memory.buffer, runTable, runs.length);
  wasmRuns.set(runs);
  wasm.shearCols(I2, I1, s1, h, runTable, runs.length / 3, weights);

  // Pass 3, horizontal again, into the page's own frame: out row y, column x ← I2 row y, column x − d,
  // d = −px + a·(y − h/2).
  for (let y = 0; y < h; y++) {
    const [di, wt] = split(-px + a * (y - h / 2));
    table[2 * y] = -di * ch;
    table[2 * y + 1] = wt;
  }
  wasm.shearRows(OUT, w * ch, I2, s1, h, w * ch, ch, tab);
  return Buffer.from(mem.subarray(OUT, OUT + w * h * ch));
}

function align(n: number): number {
  return (n + 15) & ~15;
}
