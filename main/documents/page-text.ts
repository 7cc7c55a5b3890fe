// Text drawn straight into a page's content stream. pdf-lib's drawText writes ten operators per call
// (q, BT, colour, font, leading, matrix, show, next line, ET, Q), each of number objects, and registers the
// font in the page's resources again on every call (a slip ended with hundreds of /Font entries). Here a
// call is one BT … ET block in one operator: the font set when it changes, a matrix and a show per piece,
// and each face is registered once per page. What a reader sees (glyphs, places, fonts) is unchanged.
import { PDFOperator, type PDFFont, type PDFOperatorNames, type PDFPage } from 'pdf-lib';
import type { EmbeddedFonts } from './font-library';
import type { FontStyle } from './rich-text';

export interface PlacedText {
  text: string;
  style: FontStyle;
  /** Baseline start, in points from the page's lower left corner. */
  x: number;
  y: number;
  size: number;
}

/** Shortest form of a coordinate in thousandths of a point (far below any printer's dot). */
const num = (v: number): string => String(Math.round(v * 1000) / 1000);

export class PageTextWriter {
  private readonly keys = new WeakMap<PDFPage, Map<PDFFont, string>>();

  constructor(private readonly fonts: EmbeddedFonts) {}

  private keyOf(page: PDFPage, font: PDFFont): string {
    let onPage = this.keys.get(page);
    if (!onPage) this.keys.set(page, (onPage = new Map()));
    let key = onPage.get(font);
    if (!key) {
      key = page.node.newFontDictionary(font.name, font.ref).toString();
      onPage.set(font, key);
    }
    return key;
  }

  /** Draws the pieces in black, in order, as one text object. */
  draw(page: PDFPage, pieces: PlacedText[]): void {
    if (!pieces.length) return;
    let op = 'BT\n0 0 0 rg';
    let fontAndSize = '';
    for (const p of pieces) {
      const font = this.fonts[p.style];
      const tf = `${this.keyOf(page, font)} ${num(p.size)} Tf`;
      if (tf !== fontAndSize) op += `\n${(fontAndSize = tf)}`;
      op += `\n1 0 0 1 ${num(p.x)} ${num(p.y)} Tm\n${font.encodeText(p.text).toString()} Tj`;
    }
    // PDFContentStream writes an operator's name as it is; one operator holds the whole block.
    page.pushOperators(PDFOperator.of(`${op}\nET` as PDFOperatorNames));
  }
}
