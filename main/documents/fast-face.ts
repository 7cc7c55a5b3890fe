// What makes a slip cheap once the font is parsed (issue 12, target 3). pdf-lib asks the font for a layout
// of every piece of text it draws and for a subset of the glyphs drawn; fontkit answers both through its
// shaping engine and its table encoders. With our features all off and NFC text, a layout is the cmap's
// glyph for each character, so the face here answers from a per-character cache; its subset is copied from
// the font's own bytes (font-subset.ts). Streams pdf-lib deflates in JavaScript (pako) are deflated by
// node:zlib instead: the same Flate format, several times faster.
import { deflateSync } from 'node:zlib';
import type * as fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFContentStream, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFPage } from 'pdf-lib';
import type { PreparedTrueType } from './font-subset';
import { speedUpPdfLibSave } from '../base/pdf-lib-save';

type Font = fontkit.Font;
type Glyph = fontkit.Glyph;

/**
 * Text is laid out per character only when every character is one a shaper maps to its cmap glyph with every
 * feature off: Latin (with Vietnamese), Greek, Cyrillic, left-to-right punctuation, currency and letterlike
 * signs. Combining marks (text that did not compose under NFC), joiners and bidi controls, right-to-left and
 * complex scripts, variation selectors and surrogates go through fontkit's own layout.
 */
const PLAIN: [number, number][] = [
  [0x0000, 0x02ff], [0x0370, 0x0482], [0x048a, 0x058f], [0x1e00, 0x1eff], [0x2010, 0x2027], [0x2030, 0x205f], [0x20a0, 0x20cf], [0x2100, 0x214f],
];
const needsShaper = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0300) continue;
    if (!PLAIN.some(([from, to]) => c >= from && c <= to)) return true;
  }
  return false;
};

/** The subset object pdf-lib's CustomFontSubsetEmbedder drives: includeGlyph while drawing, encodeStream at save. */
class PreparedSubset {
  private readonly glyphs: number[] = [0];
  private readonly mapping = new Map<number, number>([[0, 0]]);

  constructor(private readonly face: PreparedTrueType) {}

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let index = this.mapping.get(id);
    if (index === undefined) {
      index = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, index);
    }
    return index;
  }

  /** A one-chunk stream in the shape pdf-lib reads (on data, end, error), delivered after its listeners attach. */
  encodeStream(): { on: (event: string, listener: (arg?: unknown) => void) => unknown } {
    const listeners = new Map<string, (arg?: unknown) => void>();
    const stream = {
      on: (event: string, listener: (arg?: unknown) => void) => {
        listeners.set(event, listener);
        return stream;
      },
    };
    queueMicrotask(() => {
      try {
        listeners.get('data')?.(this.face.encode(this.glyphs));
        listeners.get('end')?.();
      } catch (e) {
        listeners.get('error')?.(e);
      }
    });
    return stream;
  }
}

/**
 * The parsed font as pdf-lib is to see it: layout() answered per character when `features` (the library's
 * own, all off) are asked for and the text needs no shaper, createSubset() answered from the prepared bytes.
 * Everything else (metrics, cmap, glyph objects) is the parsed font's own.
 */
export function fastFace(font: Font, prepared: PreparedTrueType, features: Record<string, boolean>): Font {
  const byChar = new Map<number, Glyph>();
  const face = Object.create(font) as Font;
  const glyphsOf = (text: string): Glyph[] => {
    const glyphs: Glyph[] = new Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let g = byChar.get(code);
      if (!g) {
        g = font.glyphForCodePoint(code);
        byChar.set(code, g);
      }
      glyphs[i] = g;
    }
    return glyphs;
  };
  Object.assign(face, {
    layout: (text: string, asked?: Record<string, boolean> | string[]) =>
      asked === features && !needsShaper(text) ? { glyphs: glyphsOf(text) } : font.layout(text, asked),
    createSubset: () => new PreparedSubset(prepared),
  });
  return face;
}

/** Streams pdf-lib builds through context.flateStream (font programs, ToUnicode maps, images) get zlib. */
export function useNativeDeflate(doc: PDFDocument): void {
  speedUpPdfLibSave(); // and the object streams pdf-lib deflates while saving, and its stream copy
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Replaces every page's content stream (pdf-lib deflates them with pako while saving) by the same operators
 * deflated once with zlib. Call right before save(); the page's drawing is finished by then.
 */
export function deflateContentStreams(doc: PDFDocument): void {
  for (const page of doc.getPages()) deflatePageContent(doc, page);
}

/**
 * The same for one page whose drawing may not be finished: its operators (strings, until now alive till the
 * save) become deflated bytes at once, and anything drawn on it later goes into a new content stream after
 * them. A long document (a register book of thousands of pages) then never holds every page's operators.
 */
export function sealPageContent(doc: PDFDocument, page: PDFPage): void {
  deflatePageContent(doc, page);
  // pdf-lib keeps the page's current stream to push into; without it the next drawing starts a new one.
  const cached = page as unknown as { contentStream?: unknown; contentStreamRef?: unknown };
  cached.contentStream = undefined;
  cached.contentStreamRef = undefined;
}

function deflatePageContent(doc: PDFDocument, page: PDFPage): void {
  const context = doc.context;
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))];
  for (const ref of refs) {
    if (!(ref instanceof PDFRef)) continue;
    const stream = context.lookup(ref);
    if (!(stream instanceof PDFContentStream)) continue;
    // The dictionary already says /Filter /FlateDecode (PDFContentStream is created encoding).
    context.assign(ref, PDFRawStream.of(stream.dict, deflateSync(stream.getUnencodedContents())));
  }
}
