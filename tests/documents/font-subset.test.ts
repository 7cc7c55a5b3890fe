// The prepared subsetter and per-character layout (main/documents/font-subset.ts, fast-face.ts) against
// fontkit's own: the same font program byte for byte, the same glyphs for every text the forms print.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { fastFace } from '../../main/documents/fast-face';
import { PreparedTrueType } from '../../main/documents/font-subset';

const FONTS = join(__dirname, '..', '..', 'assets', 'fonts');
const FEATURES = Object.fromEntries(['ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'liga', 'clig', 'calt', 'rclt', 'kern', 'dlig'].map((t) => [t, false]));
const TEMPLATES = readFileSync(join(__dirname, '..', '..', 'assets', 'templates', 'forms.json'), 'utf8');

const TEXTS = [
  'Nguyễn Thị Hoà Bình – ĐĂNG KÝ KHAI SINH … “Trích lục” (bản sao) 1.004873 / 000.00.13.H42-261128-0001',
  'aàảãáạăằẳẵắặâầẩẫấậđeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ ffi fl Ω Жж №',
  ...JSON.parse(TEMPLATES).templates.flatMap((t: { title: string; legalBasis: string }) => [t.title, t.legalBasis]),
];

function faces(file: string) {
  const bytes = new Uint8Array(readFileSync(join(FONTS, file)));
  return { font: fontkit.create(bytes), prepared: new PreparedTrueType(bytes) };
}

async function fontkitSubset(font: fontkit.Font, text: string): Promise<{ bytes: Buffer; order: number[] }> {
  const subset = font.createSubset() as unknown as { includeGlyph(g: unknown): number; encodeStream(): NodeJS.EventEmitter };
  const order = [0];
  for (const g of font.layout(text, FEATURES).glyphs) order[subset.includeGlyph(g)] = g.id;
  const parts: Buffer[] = [];
  await new Promise((resolve) => subset.encodeStream().on('data', (b: Buffer) => parts.push(Buffer.from(b))).on('end', resolve));
  return { bytes: Buffer.concat(parts), order };
}

describe('prepared TrueType subset', () => {
  for (const file of ['Tinos-Regular.ttf', 'Tinos-Bold.ttf', 'Tinos-Italic.ttf']) {
    it(`writes the same font program as fontkit for ${file}`, async () => {
      const { font, prepared } = faces(file);
      for (const text of [...TEXTS, TEXTS.join(' '), 'A']) {
        const ours = await fontkitSubset(font, text);
        // Compound glyphs (most Vietnamese letters) pull in their components; the ids are rewritten the same way.
        expect(Buffer.from(prepared.encode(ours.order)).equals(ours.bytes), text.slice(0, 40)).toBe(true);
      }
    });
  }

  it('lays text out glyph for glyph as fontkit does with the features off', () => {
    const { font, prepared } = faces('Tinos-Regular.ttf');
    const face = fastFace(fontkit.create(readFileSync(join(FONTS, 'Tinos-Regular.ttf'))), prepared, FEATURES);
    const odd = ['Nguye\u0302\u0303n (not NFC)', 'Hebrew שלום', 'emoji 😀 and a\ufe0f selector', 'tab\tand\nnewline'];
    for (const text of [...TEXTS, ...odd]) {
      expect(face.layout(text, FEATURES).glyphs.map((g) => g.id), text).toEqual(font.layout(text, FEATURES).glyphs.map((g) => g.id));
    }
  });
});
