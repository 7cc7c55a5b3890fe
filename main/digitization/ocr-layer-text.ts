// The text of Tesseract's text-only PDF, page by page, so that a run need not also render the plain text
// (Tesseract's text renderer walks the results a second time: ~2 % of a page's CPU). Tesseract writes each
// word as one hex string of UTF-16BE code units (its GlyphLessFont maps code = Unicode), its own trailing
// space included, each text line on a line of the content stream, each block in its own BT … ET.
import { decodePDFRawStream, PDFArray, type PDFDocument, type PDFPage, PDFRawStream } from 'pdf-lib';

function contentBytes(page: PDFPage): Uint8Array[] {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.filter((s): s is PDFRawStream => s instanceof PDFRawStream).map((s) => decodePDFRawStream(s).decode());
}

/** The words of one content stream, a line per text line and a blank line between blocks. */
export function textOfContent(content: string): string {
  const blocks: string[] = [];
  for (const block of content.split(/\bET\b/)) {
    const lines: string[] = [];
    for (const line of block.split('\n')) {
      const words = [...line.matchAll(/<([0-9A-Fa-f]+)>/g)].filter((m) => m[1].length % 4 === 0).map((m) => Buffer.from(m[1], 'hex').swap16().toString('utf16le'));
      if (words.length) lines.push(words.join('').trimEnd());
    }
    if (lines.length) blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** Text per page of a Tesseract text-only PDF. */
export function layerTexts(layer: PDFDocument): string[] {
  return layer.getPages().map((page) => textOfContent(contentBytes(page).map((b) => Buffer.from(b).toString('latin1')).join('\n')));
}
