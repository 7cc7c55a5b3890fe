// Tinos (SIL OFL 1.1, Times New Roman metrics) read and parsed once per FontLibrary. pdf-lib would
// re-parse the font for every document (~60 ms a face); handing it a fontkit whose create() returns the
// already parsed font for our own byte arrays leaves only subsetting and serialising per document, and
// those are the prepared face's (font-subset.ts, fast-face.ts): glyphs looked up once per character, the
// subset copied from the font's bytes, the font stream deflated by zlib.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { fastFace, useNativeDeflate } from './fast-face';
import { PreparedTrueType } from './font-subset';
import type { FontStyle } from './rich-text';

const FILES: Record<FontStyle, string> = {
  regular: 'Tinos-Regular.ttf',
  bold: 'Tinos-Bold.ttf',
  italic: 'Tinos-Italic.ttf',
};

/**
 * OpenType features switched off for both measuring and drawing (they must agree). Text is NFC, so every
 * Vietnamese letter is one precomposed glyph and needs no mark positioning; pdf-lib ignores GPOS offsets
 * anyway; and Word prints Times without ligatures. Shaping without them is about twice as fast.
 */
const FEATURES = Object.fromEntries(
  ['ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'liga', 'clig', 'calt', 'rclt', 'kern', 'dlig'].map((tag) => [tag, false]),
);

export type EmbeddedFonts = Record<FontStyle, PDFFont>;

type ParsedFont = fontkit.Font;

/** Width of `text` in points; the same advance widths pdf-lib uses when it draws the text. */
export type TextMeasure = (text: string, style: FontStyle, size: number) => number;

const WIDTH_CACHE_LIMIT = 50_000;

export class FontLibrary {
  /** The faces pdf-lib is handed: the parsed font with per-character glyph look-up and fast subsets. */
  private readonly parsed = new Map<Uint8Array, ParsedFont>();
  /** Widths per em by style and text: wrapping measures the same words on every form. */
  private readonly widths = new Map<string, number>();
  private readonly cachingFontkit = {
    create: (bytes: Uint8Array, postscriptName?: string): ParsedFont =>
      this.parsed.get(bytes) ?? fontkit.create(bytes, postscriptName),
  };

  private constructor(private readonly bytes: Record<FontStyle, Uint8Array>) {
    for (const style of Object.keys(bytes) as FontStyle[]) {
      const font = fastFace(fontkit.create(bytes[style]), new PreparedTrueType(bytes[style]), FEATURES);
      // Lay out every Vietnamese letter once so cmap and glyph metrics are warm before the first form.
      for (const g of font.layout(WARM_UP_TEXT, FEATURES).glyphs) void g.advanceWidth;
      this.parsed.set(bytes[style], font);
    }
  }

  static load(fontDir: string): FontLibrary {
    const read = (name: string) => new Uint8Array(readFileSync(join(fontDir, name)));
    return new FontLibrary({ regular: read(FILES.regular), bold: read(FILES.bold), italic: read(FILES.italic) });
  }

  readonly measure: TextMeasure = (text, style, size) => {
    const key = `${style}\u0000${text}`;
    let em = this.widths.get(key);
    if (em === undefined) {
      const font = this.parsed.get(this.bytes[style]) as ParsedFont;
      em = font.layout(text, FEATURES).glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) / font.unitsPerEm;
      if (this.widths.size >= WIDTH_CACHE_LIMIT) this.widths.clear();
      this.widths.set(key, em);
    }
    return em * size;
  };

  /**
   * Embeds the three faces, subsetted to the glyphs the document draws. pdf-lib names a subset
   * "Tinos-1234"; the PDF standard (ISO 32000 §9.6.4) wants a six-capital tag, "ABCDEF+Tinos", so that
   * readers know it is a subset and do not confuse it with another document's subset of the same font.
   */
  async embedInto(doc: PDFDocument): Promise<EmbeddedFonts> {
    doc.registerFontkit(this.cachingFontkit);
    useNativeDeflate(doc);
    const embed = (style: FontStyle) => {
      const font = this.parsed.get(this.bytes[style]) as ParsedFont;
      const customName = `${subsetTag()}+${font.postscriptName}`;
      return doc.embedFont(this.bytes[style], { subset: true, features: FEATURES, customName });
    };
    const [regular, bold, italic] = await Promise.all([embed('regular'), embed('bold'), embed('italic')]);
    return { regular, bold, italic };
  }
}

function subsetTag(): string {
  return Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
}

const WARM_UP_TEXT =
  'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ' +
  'AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ' +
  '0123456789 .,;:!?()/-–…@_"\'%';
