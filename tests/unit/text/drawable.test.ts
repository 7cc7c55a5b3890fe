// The table of drawable characters is the font's own cmap: regenerated from assets/fonts here and compared
// with the committed shared/text/drawable-ranges.ts (UPDATE_DRAWABLE=1 rewrites it after a font change).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRAWABLE_RANGES } from '../../../shared/text/drawable-ranges';
import { isDrawable } from '../../../shared/text/policy';
import { drawableRangesFromFonts, rangesSource } from './tinos-cmap';

const TABLE = path.resolve(__dirname, '../../../shared/text/drawable-ranges.ts');

describe('drawable characters come from the Tinos cmap', () => {
  it('the committed table equals the one computed from the fonts', () => {
    const fromFonts = drawableRangesFromFonts();
    if (process.env.UPDATE_DRAWABLE) fs.writeFileSync(TABLE, rangesSource(fromFonts));
    expect(DRAWABLE_RANGES).toEqual(fromFonts);
    expect(fs.readFileSync(TABLE, 'utf8')).toBe(rangesSource(fromFonts));
  });

  it('isDrawable answers from the table', () => {
    expect(isDrawable('A'.codePointAt(0)!)).toBe(true);
    expect(isDrawable('ự'.codePointAt(0)!)).toBe(true);
    expect(isDrawable('😀'.codePointAt(0)!)).toBe(false);
    expect(isDrawable(0x202e)).toBe(false);
    expect(isDrawable(0x0301)).toBe(false);
    expect(isDrawable(0x05d0)).toBe(false); // Hebrew: in the font, but printed left to right it would read backwards
  });
});
