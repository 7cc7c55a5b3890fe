// A PDF as one-page PDFs (pdf-lib copyPages): imported PDFs, and eSCL devices that only send PDF, which may
// send a whole feeder batch as one multi-page document. Each page keeps its content as it was (text layer,
// images) and its size in points, turned by its /Rotate so width and height are as the page is read.
import { PDFDocument } from 'pdf-lib';

export interface OnePagePdf {
  bytes: Uint8Array;
  /** Page size as displayed (after /Rotate), in points (1/72 inch). */
  widthPt: number;
  heightPt: number;
}

/** Throws when the bytes are not a readable, unencrypted PDF with at least one page. */
export async function* onePagePdfs(bytes: Uint8Array): AsyncGenerator<OnePagePdf> {
  // Encrypted PDFs are refused (pdf-lib throws): they could not be stamped or signed later either.
  const src = await PDFDocument.load(bytes, { updateMetadata: false });
  const count = src.getPageCount();
  if (count === 0) throw new Error('PDF without pages');
  for (let i = 0; i < count; i++) {
    const one = await PDFDocument.create();
    const [copied] = await one.copyPages(src, [i]);
    one.addPage(copied!);
    const { width, height } = copied!.getSize();
    const turned = ((copied!.getRotation().angle % 180) + 180) % 180 === 90;
    yield { bytes: await one.save(), widthPt: turned ? height : width, heightPt: turned ? width : height };
  }
}

/** Pixels of a page at `dpi`. */
export function pointsToPixels(pt: number, dpi: number): number {
  return Math.max(1, Math.round((pt / 72) * dpi));
}
