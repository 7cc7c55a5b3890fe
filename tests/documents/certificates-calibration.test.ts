// The calibration page (issue 11 #3): its cross marks print at their stated positions, read from the page's
// pixels (pdftoppm at 254 dpi = 10 px per mm, black arms found among the grey grid), with and without the
// printer's offset added; the grid is ruled every millimetre; and the offset computed from measured marks
// brings them back (expected − measured).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_MARKS, calibrationOffset, offsetFromMeasurements, type CalibrationOffset } from '../../shared/certificates/template';
import { BlankRenderer } from '../../main/documents/blank-print/blank-renderer';
import { rawText } from './pdf-checks';

const PX_PER_MM = 10;
let renderer: BlankRenderer;
let dir: string;

beforeAll(() => {
  renderer = BlankRenderer.create();
  dir = mkdtempSync(join(tmpdir(), 'motcua-calibration-'));
});

interface Gray { width: number; height: number; at: (x: number, y: number) => number }

/** The page as 8-bit grey pixels (PGM from pdftoppm). */
function raster(pdf: string): Gray {
  const prefix = join(dir, `page-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', String(PX_PER_MM * 25.4), '-gray', '-singlefile', pdf, prefix]);
  const buf = readFileSync(`${prefix}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = buf.subarray(header[0].length);
  return { width, height, at: (x, y) => data[y * width + x]! };
}

/** Centre (mm) of the dark pixels along a line across an arm: rows at column x, or columns at row y. */
function darkCentre(g: Gray, fixed: number, from: number, to: number, across: 'rows' | 'columns'): number | null {
  const hits: number[] = [];
  for (let p = Math.round(from * PX_PER_MM); p <= Math.round(to * PX_PER_MM); p++) {
    const v = across === 'rows' ? g.at(Math.round(fixed * PX_PER_MM), p) : g.at(p, Math.round(fixed * PX_PER_MM));
    if (v < 90) hits.push(p);
  }
  return hits.length ? (hits.reduce((s, p) => s + p, 0) / hits.length + 0.5) / PX_PER_MM : null;
}

async function pageFile(offset?: CalibrationOffset): Promise<string> {
  const file = join(dir, `cal-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await renderer.calibrationPage({ printer: 'Máy in hộ tịch', offset }));
  return file;
}

describe('calibration page', () => {
  for (const offset of [undefined, { x: 1.5, y: -2.0 }] as const) {
    it(`every cross mark's centre at its stated position${offset ? ' + the offset (1.5 mm, −2 mm)' : ''}, within 0.2 mm`, async () => {
      const file = await pageFile(offset);
      const g = raster(file);
      expect(Math.abs(g.width - 2100)).toBeLessThanOrEqual(1);
      expect(Math.abs(g.height - 2970)).toBeLessThanOrEqual(1);
      const dx = offset?.x ?? 0;
      const dy = offset?.y ?? 0;
      for (const m of CALIBRATION_MARKS) {
        const [x, y] = [m.x + dx, m.y + dy];
        // The horizontal arm, crossed 4 mm right of the centre (outside the ring, inside the arm).
        const armY = darkCentre(g, x + 4.5, y - 2, y + 2, 'rows');
        // The vertical arm, crossed 4 mm below the centre.
        const armX = darkCentre(g, y + 4.5, x - 2, x + 2, 'columns');
        expect(armY, `mark ${m.label} horizontal arm`).not.toBeNull();
        expect(armX, `mark ${m.label} vertical arm`).not.toBeNull();
        expect(Math.abs(armY! - y), `mark ${m.label} y ${armY}`).toBeLessThanOrEqual(0.2);
        expect(Math.abs(armX! - x), `mark ${m.label} x ${armX}`).toBeLessThanOrEqual(0.2);
      }
      const text = rawText(file);
      for (const m of CALIBRATION_MARKS) expect(text).toContain(`${m.label} (${m.x}; ${m.y})`);
      expect(text).toContain('TRANG CĂN CHỈNH MÁY IN: Máy in hộ tịch');
      expect(text).toContain(offset ? 'ngang +1,5 mm, dọc -2 mm' : 'In không cộng độ lệch');
    });
  }

  it('the grid is ruled every millimetre in grey: light lines, never as dark as the marks', async () => {
    const g = raster(await pageFile());
    // Along a row at y = 100.5 mm, between x = 120 and 140 mm (no text, no mark): a grey line every 10 px.
    const row = Math.round(100.5 * PX_PER_MM);
    const lines: number[] = [];
    for (let x = 1195; x < 1395; x++) {
      const v = g.at(x, row);
      expect(v, `pixel ${x}`).toBeGreaterThan(90);
      if (v < 235 && (lines.length === 0 || x - lines[lines.length - 1]! > 3)) lines.push(x);
    }
    expect(lines.length, lines.join(" ")).toBe(20);
    // 10 px apart, ±1 px where a thicker 5 mm or 10 mm line is anti-aliased one pixel earlier.
    for (let i = 1; i < lines.length; i++) expect(Math.abs(lines[i]! - lines[i - 1]! - 10)).toBeLessThanOrEqual(1);
  });

  it('the offset is what brings measured marks back to their place, mean of the marks, to 0.1 mm', () => {
    expect(offsetFromMeasurements([{ label: 'A', x: 21.5, y: 18 }, { label: 'E', x: 191.5, y: 275 }])).toEqual({ x: -1.5, y: 2 });
    expect(offsetFromMeasurements([{ label: 'C', x: 104.06, y: 148.04 }])).toEqual({ x: 0.9, y: 0 });
    expect(offsetFromMeasurements([])).toEqual({ x: 0, y: 0 });
    expect(calibrationOffset.safeParse({ x: 16, y: 0 }).error?.issues[0]?.message).toMatch(/±15 mm/);
  });
});
