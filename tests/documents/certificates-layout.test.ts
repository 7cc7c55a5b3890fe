// Certificate templates on pre-printed blanks (issue 11 #3): every field of every shipped template prints
// where the template says, plus the printer's calibration offset, within 0.5 mm — read back from the PDF
// with poppler's `pdftotext -bbox`, not from the renderer's own layout — and no value ever leaves its box:
// long names and places shrink, then wrap, and what still does not fit is refused with the field's name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFICATE_KINDS, lineHeightOf, type CalibrationOffset, type CertificateTemplate, type TemplateField,
} from '../../shared/certificates/template';
import { certificateKeysOf } from '../../shared/civil-status/certificate-fields';
import { schemaOn } from '../../shared/civil-status/event-schemas';
import { BlankRenderer, staticLeft } from '../../main/documents/blank-print/blank-renderer';
import { BlankFitError } from '../../main/documents/blank-print/fit';
import { loadShippedTemplates } from '../../main/documents/blank-print/templates';
import { FontLibrary } from '../../main/documents/font-library';
import { MM, wordBoxes, type Box } from './pdf-checks';

const ROOT = join(__dirname, '..', '..');
const TOLERANCE = 0.5; // mm
const OFFSETS: CalibrationOffset[] = [{ x: 0, y: 0 }, { x: 1.5, y: -2.0 }, { x: -2.0, y: 1.5 }];

// Tinos' ascent and descent (font units), which poppler uses for a word's box: the baseline lies at
// ascent / (ascent + descent) of the box's height from its top, whatever the size.
const tinos = fontkit.create(readFileSync(join(ROOT, 'assets', 'fonts', 'Tinos-Regular.ttf')));
const ASCENT = tinos.ascent / (tinos.ascent - tinos.descent);
const baselineOf = (w: Box) => (w.yMin + (w.yMax - w.yMin) * ASCENT) / MM;
const sizeOf = (w: Box) => (w.yMax - w.yMin) / ((tinos.ascent - tinos.descent) / tinos.unitsPerEm);

let renderer: BlankRenderer;
let measure: FontLibrary['measure'];
let templates: CertificateTemplate[];
let dir: string;

beforeAll(() => {
  renderer = BlankRenderer.create();
  measure = FontLibrary.load(join(ROOT, 'assets', 'fonts')).measure;
  templates = loadShippedTemplates(join(ROOT, 'assets', 'blanks', 'templates.json'));
  dir = mkdtempSync(join(tmpdir(), 'motcua-certificates-'));
});

async function wordsOf(t: CertificateTemplate, values: Record<string, string>, offset?: CalibrationOffset): Promise<Box[]> {
  const { bytes } = await renderer.render(t, values, { offset });
  const file = join(dir, `${t.id}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const pages = wordBoxes(file);
  expect(pages).toHaveLength(1);
  return pages[0]!;
}

/** A one-word value of its own for field i ("ẤQ7Ư", upper case already): found again among the page's words without doubt. */
const token = (i: number) => `ẤQ${i}Ư`;
const fieldOfToken = (text: string) => /^ẤQ(\d+)Ư$/.exec(text)?.[1];

/** The field's box (mm, offset included): its width, from the first line's ascent to the last line's descent. */
function boxOf(f: TemplateField, offset: CalibrationOffset) {
  const size = (f.size * 25.4) / 72;
  return {
    left: f.x + offset.x, right: f.x + f.width + offset.x,
    top: f.y + offset.y - size * 0.8911, bottom: f.y + offset.y + (f.maxLines - 1) * lineHeightOf(f) + size * 0.2163,
  };
}

function expectInside(w: Box, f: TemplateField, offset: CalibrationOffset) {
  const b = boxOf(f, offset);
  const where = `"${w.text}" of ${f.key}`;
  expect(w.xMin / MM, where).toBeGreaterThanOrEqual(b.left - 0.05);
  expect(w.xMax / MM, where).toBeLessThanOrEqual(b.right + 0.05);
  expect(w.yMin / MM, where).toBeGreaterThanOrEqual(b.top - 0.05);
  expect(w.yMax / MM, where).toBeLessThanOrEqual(b.bottom + 0.05);
}

describe('shipped certificate templates', () => {
  it('one template of each kind, marked unverified, every field inside the sheet', () => {
    expect(templates.map((t) => t.kind).sort()).toEqual([...CERTIFICATE_KINDS].sort());
    for (const t of templates) {
      expect(t.unverified, t.id).toBe(true);
      for (const f of t.fields) {
        const b = boxOf(f, { x: 0, y: 0 });
        expect(b.left, `${t.id} ${f.key}`).toBeGreaterThanOrEqual(5);
        expect(b.right, `${t.id} ${f.key}`).toBeLessThanOrEqual(t.page.width - 5);
        expect(b.top, `${t.id} ${f.key}`).toBeGreaterThanOrEqual(5);
        expect(b.bottom, `${t.id} ${f.key}`).toBeLessThanOrEqual(t.page.height - 5);
      }
    }
  });

  it("prints only keys civil-status's certificateFieldsOf answers for the template's event, and its sample covers every field", () => {
    const EVENT = { birth: 'birth', marriage: 'marriage', 'death-extract': 'death', 'marital-status': 'marital-status', 'birth-extract': 'birth', 'marriage-extract': 'marriage' } as const;
    for (const t of templates) {
      const keys = new Set(certificateKeysOf(schemaOn(EVENT[t.kind], t.validFrom)));
      for (const f of t.fields) {
        expect(keys.has(f.key), `${t.id}: ${f.key} is not a key of certificateFieldsOf`).toBe(true);
        expect(t.sample[f.key], `${t.id}: sample of ${f.key}`).toBeTruthy();
      }
    }
  });

  it('no two field boxes of a template overlap, nor a field box and the printed words of a full page', async () => {
    for (const t of templates) {
      const boxes = t.fields.map((f) => ({ f, b: boxOf(f, { x: 0, y: 0 }) }));
      for (const [i, a] of boxes.entries()) {
        for (const c of boxes.slice(i + 1)) {
          const overlap = a.b.left < c.b.right && c.b.left < a.b.right && a.b.top < c.b.bottom && c.b.top < a.b.bottom;
          expect(overlap, `${t.id}: ${a.f.key} and ${c.f.key} overlap`).toBe(false);
        }
      }
      if (t.mode !== 'full-page') continue;
      const words = await wordsOf(t, {});
      expect(words.length).toBeGreaterThan(20);
      for (const w of words) {
        for (const { f, b } of boxes) {
          const inside = w.xMin / MM < b.right && b.left < w.xMax / MM && w.yMin / MM < b.bottom && b.top < w.yMax / MM;
          expect(inside, `${t.id}: printed word "${w.text}" lies in the box of ${f.key}`).toBe(false);
        }
      }
      // The static words themselves sit where the template puts them.
      for (const s of t.statics) {
        const first = s.text.normalize('NFC').split(' ')[0]!;
        const w = words.find((x) => x.text === first && Math.abs(baselineOf(x) - s.y) <= TOLERANCE);
        expect(w, `${t.id}: "${s.text}"`).toBeDefined();
        expect(Math.abs(w!.xMin / MM - staticLeft(s, measure)), `${t.id}: "${s.text}"`).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });

  for (const offset of OFFSETS) {
    it(`every field at the template's position + the calibration offset (${offset.x} mm, ${offset.y} mm), within ${TOLERANCE} mm`, async () => {
      for (const t of templates) {
        const values = Object.fromEntries(t.fields.map((f, i) => [f.key, token(i)]));
        const words = await wordsOf(t, values, offset);
        const found = new Map(words.flatMap((w) => { const i = fieldOfToken(w.text); return i === undefined ? [] : [[Number(i), w] as const]; }));
        t.fields.forEach((f, i) => {
          const w = found.get(i);
          const where = `${t.id} ${f.key}`;
          expect(w, where).toBeDefined();
          const x = f.align === 'left' ? w!.xMin / MM : f.align === 'right' ? w!.xMax / MM : (w!.xMin + w!.xMax) / 2 / MM;
          const expectedX = f.x + offset.x + (f.align === 'left' ? 0 : f.align === 'right' ? f.width : f.width / 2);
          expect(Math.abs(x - expectedX), `${where} x ${x.toFixed(2)} vs ${expectedX}`).toBeLessThanOrEqual(TOLERANCE);
          expect(Math.abs(baselineOf(w!) - (f.y + offset.y)), `${where} baseline ${baselineOf(w!).toFixed(2)} vs ${f.y + offset.y}`).toBeLessThanOrEqual(TOLERANCE);
          expect(Math.abs(sizeOf(w!) - f.size), `${where} size`).toBeLessThanOrEqual(0.1);
        });
      }
    });
  }

  for (const feed of ['cw', 'ccw'] as const) {
    it(`a landscape blank prints turned onto an upright A4 sheet (${feed}), the offset in the sheet's frame: every field within ${TOLERANCE} mm`, async () => {
      const offset = { x: 1.5, y: -2.0 };
      for (const t of templates.filter((x) => x.page.width > x.page.height).map((x) => ({ ...x, landscapeFeed: feed }))) {
        const values = Object.fromEntries(t.fields.map((f, i) => [f.key, token(i)]));
        const { bytes } = await renderer.render(t, values, { offset, forPrinter: true });
        const file = join(dir, `${t.id}-${feed}.pdf`);
        writeFileSync(file, bytes);
        expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
        const words = wordBoxes(file)[0]!;
        t.fields.forEach((f, i) => {
          const w = words.find((x) => x.text === token(i));
          expect(w, `${t.id} ${f.key}`).toBeDefined();
          const [xMin, xMax, yMin, yMax] = [w!.xMin / MM, w!.xMax / MM, w!.yMin / MM, w!.yMax / MM];
          // Back from the sheet to the template's frame (see sheetMapper): where the word starts and ends along
          // its line, and its baseline (the descent lies on the side the glyphs' feet point to).
          const descent = (xMax - xMin) * (1 - ASCENT);
          const [start, end, baseline] = feed === 'cw'
            ? [yMin - offset.y, yMax - offset.y, t.page.height - (xMin + descent - offset.x)]
            : [t.page.width - (yMax - offset.y), t.page.width - (yMin - offset.y), xMax - descent - offset.x];
          const along = f.align === 'left' ? start : f.align === 'right' ? end : (start + end) / 2;
          const expected = f.x + (f.align === 'left' ? 0 : f.align === 'right' ? f.width : f.width / 2);
          expect(Math.abs(along - expected), `${t.id} ${f.key} along ${along.toFixed(2)} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
          expect(Math.abs(baseline - f.y), `${t.id} ${f.key} baseline ${baseline.toFixed(2)} vs ${f.y}`).toBeLessThanOrEqual(TOLERANCE);
        });
      }
    });
  }

  it('the sample data of every template prints, each word inside the box of its field', async () => {
    for (const t of templates) {
      const offset = { x: 1.5, y: -2.0 };
      const placed = renderer.layout(t, t.sample, offset);
      expect(placed.map((p) => p.key).sort(), t.id).toEqual(t.fields.map((f) => f.key).sort());
      // Each field alone, so every word read back is that field's.
      for (const f of t.fields) {
        const words = await wordsOf({ ...t, mode: 'blank' }, { [f.key]: t.sample[f.key]! }, offset);
        expect(words.map((w) => w.text).join(' '), `${t.id} ${f.key}`).toBe(
          (f.upperCase ? t.sample[f.key]!.toLocaleUpperCase('vi-VN') : t.sample[f.key]!).normalize('NFC').replace(/\s+/g, ' ').trim());
        for (const w of words) expectInside(w, f, offset);
      }
    }
  });
});

/** Field i's words: Vietnamese syllables tagged with the field's number, so each word read back names its field. */
function longValue(i: number, f: TemplateField, factor: number): string {
  const syllables = ['Nguyễn', 'Hoàng', 'Phượng', 'Thuỳ', 'Khánh', 'Quỳnh', 'Trường', 'Nghiêm', 'huyện', 'Đông', 'thành', 'phố'];
  const out: string[] = [];
  const target = f.width * MM * factor;
  const printed = () => (f.upperCase ? out.join(' ').toLocaleUpperCase('vi-VN') : out.join(' '));
  for (let k = 0; measure(printed(), f.font, f.size) < target; k++) out.push(`${syllables[k % syllables.length]}${i}`);
  return out.join(' ');
}

describe('long names and places never overflow their box', () => {
  for (const factor of [1.3, 2.0]) {
    it(`values ${factor}× the width of their box at full size shrink (then wrap where the box has lines), inside the box`, async () => {
      for (const t of templates) {
        const offset = { x: -2.0, y: 1.5 };
        const fits = t.fields.filter((f) => {
          const capacity = (f.size / (f.minSize ?? f.size)) * f.maxLines;
          return factor * 1.15 < capacity; // room for the wrap's ragged right edge
        });
        const values = Object.fromEntries(fits.map((f) => [f.key, longValue(t.fields.indexOf(f), f, factor)]));
        const words = await wordsOf({ ...t, mode: 'blank' }, values, offset);
        const seen = new Set<number>();
        const baselines = new Map<number, Set<string>>();
        for (const w of words) {
          const i = Number(/(\d+)$/.exec(w.text)?.[1]);
          const f = t.fields[i]!;
          seen.add(i);
          expectInside(w, f, offset);
          expect(sizeOf(w), `${t.id} ${f.key} not below its least size`).toBeGreaterThanOrEqual((f.minSize ?? f.size) - 0.1);
          if (sizeOf(w) > f.size - 0.1) baselines.set(i, (baselines.get(i) ?? new Set()).add(baselineOf(w).toFixed(1)));
        }
        // What kept its full size did so by wrapping onto more lines than one.
        for (const [i, lines] of baselines) expect(lines.size, `${t.id} ${t.fields[i]!.key}: full size on one line`).toBeGreaterThan(1);
        expect([...seen].sort((a, b) => a - b), t.id).toEqual(fits.map((f) => t.fields.indexOf(f)));
        if (factor >= 2) expect(fits.length, `${t.id}: some fields wrap`).toBeGreaterThan(0);
      }
    });
  }

  it('a value that cannot fit at the smallest size on every line is refused, naming the field, before any PDF', async () => {
    for (const t of templates) {
      for (const [i, f] of t.fields.entries()) {
        const capacity = (f.size / (f.minSize ?? f.size)) * f.maxLines;
        const value = longValue(i, f, capacity * 1.6);
        let error: unknown;
        try { await renderer.render(t, { [f.key]: value }); } catch (e) { error = e; }
        expect(error, `${t.id} ${f.key}`).toBeInstanceOf(BlankFitError);
        expect((error as BlankFitError).fieldKey).toBe(f.key);
        expect((error as Error).message).toContain(`«${f.label}»`);
        expect((error as Error).message).toMatch(/hãy viết gọn lại/i);
      }
    }
  });

  it('a long real name and a long real place: the birth certificate shrinks the name on its line and wraps the place', async () => {
    const t = templates.find((x) => x.kind === 'birth')!;
    const name = 'Công Tôn Nữ Thị Hoàng Bảo Ngọc Quỳnh Hương Thiên Trang';
    const place = 'Bệnh viện Phụ sản Trung ương, số 43 phố Tràng Thi, phường Hàng Bông, quận Hoàn Kiếm, thành phố Hà Nội';
    const placed = renderer.layout(t, { 'child.fullName': name, 'child.birthPlace': place });
    const nameField = t.fields.find((f) => f.key === 'child.fullName')!;
    const placeField = t.fields.find((f) => f.key === 'child.birthPlace')!;
    const pName = placed.find((p) => p.key === 'child.fullName')!;
    const pPlace = placed.find((p) => p.key === 'child.birthPlace')!;
    expect(pName.lines).toHaveLength(1);
    expect(pName.size).toBeLessThan(nameField.size);
    expect(pPlace.lines).toHaveLength(2);
    const words = await wordsOf({ ...t, mode: 'blank' }, { 'child.fullName': name, 'child.birthPlace': place });
    for (const w of words) expectInside(w, name.toLocaleUpperCase('vi-VN').includes(w.text) ? nameField : placeField, { x: 0, y: 0 });
    expect(words.map((w) => w.text).join(' ')).toBe(`${name.toLocaleUpperCase('vi-VN')} ${place}`);
  });
});
