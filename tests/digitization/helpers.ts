// Shared helpers of the digitization tests: temp folders, poppler read-back, character error rate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `mcd-${prefix}-`));
  return { dir, cleanup: () => { if (!process.env.MCD_KEEP_SCANS) rmSync(dir, { recursive: true, force: true }); } };
}

export const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

export function pdfPageCount(pdf: string): number {
  const m = /^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]));
  if (!m) throw new Error('pdfinfo gave no page count');
  return Number(m[1]);
}

export interface ImageRow { page: number; type: string; width: number; height: number; color: string; bpc: number; enc: string; xppi: number; yppi: number }

/** `pdfimages -list`, parsed. */
export function pdfImages(pdf: string): ImageRow[] {
  return run('pdfimages', ['-list', pdf])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const c = l.trim().split(/\s+/);
      return { page: Number(c[0]), type: c[2], width: Number(c[3]), height: Number(c[4]), color: c[5], bpc: Number(c[7]), enc: c[8], xppi: Number(c[12]), yppi: Number(c[13]) };
    });
}

export const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Character error rate of `actual` against `expected`, both NFC with whitespace collapsed. */
export function characterErrorRate(expected: string, actual: string): number {
  const e = squash(expected);
  return editDistance(e, squash(actual)) / [...e].length;
}
