// The office lines of a form's header ("UBND PHƯỜNG TRƯỜNG VINH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG …")
// sit in a narrow column beside the QR. Greedy wrapping cut names in half ("UBND PHƯỜNG TRƯỜNG / VINH"), so
// these lines are fitted instead: an administrative unit ("PHƯỜNG TRƯỜNG VINH", "THỊ TRẤN …") is kept on one
// line, a line is shrunk a little before it is broken, and a unit's name is broken only when even the
// smallest size cannot hold it.
import type { FontStyle } from './rich-text';
import { wrapRuns, type Line, type Measure } from './text-layout';

/** Unit types that open an administrative unit's name (Luật Tổ chức chính quyền địa phương 2025 and before). */
const UNIT_TYPES = ['THÀNH PHỐ', 'THỊ TRẤN', 'THỊ XÃ', 'ĐẶC KHU', 'TỈNH', 'HUYỆN', 'QUẬN', 'PHƯỜNG', 'XÃ'].map((t) => t.split(' '));

export interface HeaderFitOptions {
  /** The size of the header per Nghị định 30/2020 (12–13 pt). */
  size: number;
  /** A line that fits on one line at or above this size is shrunk rather than broken. */
  oneLineMin: number;
  /** The smallest size a header line is ever set in. */
  min: number;
  maxLines: number;
}

export interface HeaderFit {
  lines: Line[];
  size: number;
}

/** Words of `text` grouped into the pieces a line may break between: a unit with its name is one piece. */
export function headerPieces(text: string): string[] {
  const words = text.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  const upper = words.map((w) => w.toLocaleUpperCase('vi'));
  const unitAt = (i: number) => UNIT_TYPES.find((t) => t.every((w, k) => upper[i + k] === w));
  const pieces: string[] = [];
  let unit: string[] | null = null;
  for (let i = 0; i < words.length; ) {
    const type = unitAt(i);
    // A unit type right after another one's type word is part of the name ("THỊ XÃ", not "THỊ" + "XÃ").
    if (type && !(unit && unit.length < 2)) {
      if (unit) pieces.push(unit.join(' '));
      unit = words.slice(i, i + type.length);
      i += type.length;
      continue;
    }
    if (unit) unit.push(words[i]!);
    else pieces.push(words[i]!);
    i++;
  }
  if (unit) pieces.push(unit.join(' '));
  return pieces;
}

/**
 * Lays out one header line in `width`: on one line at `size` if it fits; else shrunk down to `oneLineMin`;
 * else broken between pieces (fewest lines, then breaks before a unit, then the most even lines), at `size`
 * and then at smaller sizes down to `min`; only then wrapped word by word at `min`.
 */
export function fitHeaderLine(text: string, style: FontStyle, width: number, measureAt: (size: number) => Measure, opts: HeaderFitOptions): HeaderFit {
  const pieces = headerPieces(text);
  if (!pieces.length) return { lines: [], size: opts.size };
  const sizes: number[] = [];
  for (let s = opts.size; s >= opts.min - 1e-9; s -= 0.5) sizes.push(Math.round(s * 10) / 10);
  const lineOf = (words: string, size: number) => wrapRuns([{ text: words, style }], Number.POSITIVE_INFINITY, measureAt(size))[0]!;
  const whole = pieces.join(' ');

  for (const size of sizes.filter((s) => s >= opts.oneLineMin)) {
    if (measureAt(size)(whole, style) <= width) return { lines: [lineOf(whole, size)], size };
  }
  for (const size of sizes) {
    const best = bestBreaks(pieces, (t) => measureAt(size)(t, style), width, opts.maxLines);
    if (best) return { lines: best.map((t) => lineOf(t, size)), size };
  }
  return { lines: wrapRuns([{ text: whole, style }], width, measureAt(opts.min)), size: opts.min };
}

/** The best split of `pieces` into at most `maxLines` lines that each fit, or null when none does. */
function bestBreaks(pieces: string[], widthOf: (t: string) => number, width: number, maxLines: number): string[] | null {
  if (pieces.some((p) => widthOf(p) > width)) return null;
  const isUnit = pieces.map((p) => headerPieces(p).length === 1 && UNIT_TYPES.some((t) => p.toLocaleUpperCase('vi').startsWith(`${t.join(' ')} `)));
  const gaps = pieces.length - 1;
  // Header lines have a handful of pieces; past 12 gaps the exhaustive search is skipped for greedy filling.
  if (gaps > 12) return greedy(pieces, widthOf, width, maxLines);
  let best: { lines: string[]; score: [number, number, number] } | null = null;
  for (let mask = 0; mask < 1 << gaps; mask++) {
    const breaks = bitCount(mask);
    if (breaks + 1 > maxLines) continue;
    const lines: string[] = [];
    let current: string[] = [pieces[0]!];
    let offUnit = 0;
    for (let g = 0; g < gaps; g++) {
      if (mask & (1 << g)) {
        lines.push(current.join(' '));
        current = [];
        if (!isUnit[g + 1]) offUnit++;
      }
      current.push(pieces[g + 1]!);
    }
    lines.push(current.join(' '));
    const widths = lines.map(widthOf);
    if (widths.some((w) => w > width)) continue;
    const score: [number, number, number] = [lines.length, offUnit, Math.max(...widths) - Math.min(...widths)];
    if (!best || less(score, best.score)) best = { lines, score };
  }
  return best?.lines ?? null;
}

function greedy(pieces: string[], widthOf: (t: string) => number, width: number, maxLines: number): string[] | null {
  const lines: string[] = [];
  for (const p of pieces) {
    const last = lines[lines.length - 1];
    if (last !== undefined && widthOf(`${last} ${p}`) <= width) lines[lines.length - 1] = `${last} ${p}`;
    else lines.push(p);
  }
  return lines.length <= maxLines ? lines : null;
}

function bitCount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

function less(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
