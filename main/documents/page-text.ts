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

/**
 * Black strokes (table cells' frames, rules under a heading) as one operator: pdf-lib's drawRectangle and
 * drawLine write about fifteen operators of number objects each (state, colour, width, dash, three matrices,
 * the path) — most of a slip's operator objects. The same lines on paper: `x y w h re` is the closed
 * rectangle path drawRectangle builds from its matrix, and `m`/`l` the line drawLine strokes.
 */
export function strokeBlack(page: PDFPage, width: number, paths: { rects?: readonly (readonly [number, number, number, number])[]; lines?: readonly (readonly [number, number, number, number])[] }): void {
  let op = `q\n0 0 0 RG\n${num(width)} w\n[] 0 d`;
  for (const [x, y, w, h] of paths.rects ?? []) op += `\n${num(x)} ${num(y)} ${num(w)} ${num(h)} re`;
  for (const [x1, y1, x2, y2] of paths.lines ?? []) op += `\n${num(x1)} ${num(y1)} m\n${num(x2)} ${num(y2)} l`;
  page.pushOperators(PDFOperator.of(`${op}\nS\nQ` as PDFOperatorNames));
}

