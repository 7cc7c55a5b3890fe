// Computes the characters the form font can draw, from Tinos' own cmap (every face the forms use), as the
// range table committed in shared/text/drawable-ranges.ts. Run `UPDATE_DRAWABLE=1 npx vitest run
// tests/unit/text/drawable.test.ts` after changing the fonts to rewrite that file.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';

export const FONT_DIR = path.resolve(__dirname, '../../../assets/fonts');
export const FACES = ['Tinos-Regular.ttf', 'Tinos-Bold.ttf', 'Tinos-Italic.ttf'];

// In the cmap but not drawable as text by pdf-lib: controls and format characters (invisible), private use,
// unassigned, line/paragraph separators, combining marks (pdf-lib places glyphs without mark positioning,
// and NFC leaves a mark alone only on a letter it does not belong to), and right-to-left scripts (pdf-lib
// lays text out left to right, so they would print reversed).
const NOT_TEXT = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{M}\p{Zl}\p{Zp}\p{Script=Hebrew}\p{Script=Arabic}]/u;

export function drawableRangesFromFonts(): [number, number][] {
  const sets = FACES.map((f) => new Set<number>((fontkit.create(fs.readFileSync(path.join(FONT_DIR, f))) as unknown as { characterSet: number[] }).characterSet));
  const common = [...sets[0]].filter((cp) => sets.every((s) => s.has(cp)) && !NOT_TEXT.test(String.fromCodePoint(cp))).sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const cp of common) {
    const last = ranges.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;

export function rangesSource(ranges: [number, number][]): string {
  const rows: string[] = [];
  for (let i = 0; i < ranges.length; i += 6) rows.push(`  ${ranges.slice(i, i + 6).map(([a, b]) => `[${hex(a)}, ${hex(b)}]`).join(', ')},`);
  return `// GENERATED from the cmap of assets/fonts/${FACES.join(', ')} by tests/unit/text/tinos-cmap.ts — do not edit.
// The characters every face of the form font can draw (controls, format characters, combining marks and
// right-to-left scripts left out), as inclusive code point ranges sorted ascending. The text policy refuses
// any other character, because on a printed form it would be an empty box.
export const DRAWABLE_RANGES: readonly (readonly [number, number])[] = [
${rows.join('\n')}
];
`;
}
