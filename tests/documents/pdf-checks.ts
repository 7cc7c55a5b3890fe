// Layout checks on rendered PDFs with poppler (pdftotext -bbox / -raw) and zbar, for forms 04–07.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const MM = 72 / 25.4;

export interface Box { page: number; text: string; xMin: number; xMax: number; yMin: number; yMax: number }

/** Words with their boxes (pdftotext -bbox), per page; y grows downwards from the top edge. */
export function wordBoxes(path: string): Box[][] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return html.split('<page ').slice(1).map((pageHtml, i) =>
    [...pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      page: i + 1, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]),
      text: m[5]!.normalize('NFC').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    })),
  );
}

/** Text in the order it was drawn (pdftotext -raw), NFC, per page when `page` is given. */
export function rawText(path: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-raw', ...range, path, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).normalize('NFC');
}

/**
 * Every word lies inside the Nghị định 30/2020 margins of its page (left 30 mm, right 15 mm, top 20 mm,
 * bottom 20 mm, whatever the orientation), except the footer line kept in the bottom margin.
 */
export function expectInsideMargins(path: string, size: [number, number], isFooter: (w: Box) => boolean): void {
  const [width, height] = size;
  for (const words of wordBoxes(path)) {
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) {
      const where = `"${w.text}" on page ${w.page}`;
      expect(w.xMin, where).toBeGreaterThanOrEqual(30 * MM - 0.5);
      expect(w.xMax, where).toBeLessThanOrEqual(width - 15 * MM + 0.5);
      expect(w.yMin, where).toBeGreaterThanOrEqual(20 * MM - 1);
      if (w.yMax > height - 20 * MM + 1) expect(isFooter(w), `${where} below the margin`).toBe(true);
    }
  }
}

/** Footer words: the legal basis and "Trang n/N". */
export const footerOf = (legalBasis: string) => {
  const words = new Set(`${legalBasis} Trang`.split(/\s+/));
  return (w: Box) => words.has(w.text) || /^\d+\/\d+$/.test(w.text);
};

/** Every QR symbol zbar finds on a page rasterised at 150 dpi; [] when there is none. */
export function qrSymbols(path: string, page: number, dir: string): string[] {
  const prefix = join(dir, `qr-${page}-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), path, prefix]);
  const png = readdirSync(dir).map((f) => join(dir, f)).find((f) => f.startsWith(prefix) && f.endsWith('.png'));
  if (!png) throw new Error('pdftoppm wrote no image');
  // zbarimg exits 4 when it finds no symbol.
  const r = spawnSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean);
}

/** Words of one page grouped into lines (same top within 2 pt), left to right. */
export function lines(words: Box[]): { y: number; text: string; words: Box[] }[] {
  const out: { y: number; text: string; words: Box[] }[] = [];
  for (const w of [...words].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
    const line = out.find((l) => Math.abs(l.y - w.yMin) < 2);
    if (line) line.words.push(w);
    else out.push({ y: w.yMin, text: '', words: [w] });
  }
  for (const l of out) l.text = l.words.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ');
  return out;
}

export interface TableRowText { page: number; cells: Record<string, string> }

/**
 * Reads a table back cell by cell: the columns' x ranges come from the template's relative widths over the
 * text width (as the composer lays them out); a row starts at a number in the first column and ends at the
 * next thing printed in that column (the next row, the note under the table) or at the bottom margin. Words of a cell
 * are joined in reading order; a line ending in a hyphen or slash continues without a space.
 */
export function readTable(path: string, columns: { key: string; width: number }[], pageSize: [number, number]): TableRowText[] {
  const [pageWidth, pageHeight] = pageSize;
  const left = 30 * MM;
  const textWidth = pageWidth - 45 * MM;
  const total = columns.reduce((s, c) => s + c.width, 0);
  let x = left;
  const ranges = columns.map((c) => {
    const r = { key: c.key, x0: x, x1: x + (c.width / total) * textWidth };
    x = r.x1;
    return r;
  });
  const first = ranges[0]!;
  const rows: TableRowText[] = [];
  for (const page of wordBoxes(path)) {
    // The footer (legal basis, page number) lies in the bottom margin, under the table.
    const words = page.filter((w) => w.yMin < pageHeight - 20 * MM);
    const markers = words.filter((w) => w.xMin >= first.x0 - 1 && w.xMin < first.x1).sort((a, b) => a.yMin - b.yMin);
    markers.forEach((m, i) => {
      if (!/^\d+$/.test(m.text)) return;
      const top = m.yMin - 1;
      const bottom = (markers[i + 1]?.yMin ?? Number.POSITIVE_INFINITY) - 1;
      const cells: Record<string, string> = {};
      for (const r of ranges) {
        const inCell = words.filter((w) => (w.xMin + w.xMax) / 2 >= r.x0 && (w.xMin + w.xMax) / 2 < r.x1 && w.yMin >= top && w.yMin < bottom);
        let text = '';
        let lastY = Number.NaN;
        for (const w of inCell.sort((a, b) => (Math.abs(a.yMin - b.yMin) < 2 ? a.xMin - b.xMin : a.yMin - b.yMin))) {
          const newLine = Math.abs(w.yMin - lastY) >= 2;
          text += !text ? w.text : newLine && /[-/]$/.test(text) ? w.text : ` ${w.text}`;
          lastY = w.yMin;
        }
        cells[r.key] = text;
      }
      rows.push({ page: m.page, cells });
    });
  }
  return rows;
}
