// Vietnamese OCR with the Tesseract command-line program and its installed 'vie' data (Debian
// tesseract-ocr-vie; on Windows the UB Mannheim build with Vietnamese ticked, path set in the settings):
// offline, nothing is ever downloaded. The pages of a document are read by as few Tesseract runs as can be
// (ocr-tesseract.ts), each making a text-only PDF (invisible glyphs at the words' positions) and the plain
// text. Each text-only page is laid over our page as a form XObject, so the image bytes stay as they were
// and readers (pdftotext, viewers' search) find the words.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { speedUpPdfLibSave } from '../base/pdf-lib-save';
import { OcrError, ocrPages, type OcrOptions, type OcrPageImage } from './ocr-tesseract';

export { OcrError, ocrPages } from './ocr-tesseract';
export type { OcrOptions, OcrPageImage, PagesOcr } from './ocr-tesseract';

export interface PageOcr {
  text: string;
  /** One-page PDF of invisible text, page size = image size at its dpi. */
  layerPdf: Uint8Array;
}

/** OCRs one page image (one Tesseract run). */
export async function ocrPage(image: OcrPageImage, opts: OcrOptions = {}): Promise<PageOcr> {
  const { texts, layerPdf } = await ocrPages([image], opts);
  return { text: texts[0], layerPdf };
}

export type OcrStatus = 'done' | 'partial' | 'failed';

export interface OcrDocumentResult {
  status: OcrStatus;
  /** The PDF with text layers; byte-identical to the input when no page could be read. */
  pdfBytes: Uint8Array;
  sha256: string;
  /** Text per page ('' for failed pages), for the database's full-text search. */
  pageTexts: string[];
  errors: { page: number; message: string; detail?: string }[];
}

/**
 * Adds an invisible text layer to each page of `pdfBytes` from the matching page image. Consecutive pages of
 * one resolution are read by one Tesseract run (up to opts.pagesPerRun at 200 dpi), runs one after another (one
 * Tesseract at a time). A run that fails is read again page by page: a page Tesseract cannot read keeps no
 * layer and is reported; the others still get theirs. Cancelling (opts.signal) throws and leaves the input
 * untouched.
 */
export async function addTextLayer(
  pdfBytes: Uint8Array,
  images: readonly OcrPageImage[],
  opts: OcrOptions & { onPage?: (done: number, total: number) => void } = {},
): Promise<OcrDocumentResult> {
  await opts.whenQuiet?.();
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const pages = doc.getPages();
  if (pages.length !== images.length) throw new OcrError(`Số trang PDF (${pages.length}) khác số ảnh trang (${images.length}).`);
  const pageTexts = images.map(() => '');
  const errors: OcrDocumentResult['errors'] = [];
  const read = async (run: number[]) => {
    const { texts, layer } = await ocrPages(run.map((i) => images[i]), opts);
    await opts.whenQuiet?.();
    const layers = await doc.embedPdf(layer, run.map((_, k) => k));
    for (const [k, i] of run.entries()) {
      pages[i].drawPage(layers[k], { x: 0, y: 0, width: pages[i].getWidth(), height: pages[i].getHeight() });
      pageTexts[i] = texts[k];
    }
  };
  const failed = (e: unknown) => {
    if (opts.signal?.aborted) return new OcrError('Đã hủy nhận dạng chữ.');
    return e instanceof OcrError ? e : new OcrError('Không thêm được lớp chữ vào trang.', (e as Error).message);
  };
  for (const run of ocrRuns(images, opts.pagesPerRun ?? 8)) {
    try {
      await read(run);
    } catch (e) {
      const err = failed(e);
      if (opts.signal?.aborted) throw err;
      if (run.length === 1) errors.push({ page: run[0] + 1, message: err.message, ...(err.detail ? { detail: err.detail } : {}) });
      // Which page made the run fail is not known: each is read on its own.
      else {
        for (const i of run) {
          try {
            await read([i]);
          } catch (e2) {
            const err2 = failed(e2);
            if (opts.signal?.aborted) throw err2;
            errors.push({ page: i + 1, message: err2.message, ...(err2.detail ? { detail: err2.detail } : {}) });
          }
        }
      }
    }
    opts.onPage?.(run[run.length - 1] + 1, images.length);
  }
  if (!images.length || images[images.length - 1].path.toLowerCase().endsWith('.pdf')) opts.onPage?.(images.length, images.length);
  errors.sort((x, y) => x.page - y.page);
  if (errors.length === images.length) {
    return { status: 'failed', pdfBytes, sha256: createHash('sha256').update(pdfBytes).digest('hex'), pageTexts, errors };
  }
  await opts.whenQuiet?.();
  speedUpPdfLibSave();
  doc.setModificationDate(new Date());
  const out = await doc.save({ useObjectStreams: true });
  return { status: errors.length ? 'partial' : 'done', pdfBytes: out, sha256: createHash('sha256').update(out).digest('hex'), pageTexts, errors };
}

/**
 * Indices of the pages to OCR, in runs of consecutive pages of one resolution (Tesseract's --dpi is per run),
 * at most `max` pages of 200 dpi long, fewer of a finer resolution (the run's grey pages wait together in the
 * temporary folder: 4 MB each at 200 dpi, 9 at 300, 35 at 600). A kept PDF page (a text PDF stored as it is)
 * is its own text: Tesseract reads no PDF; one in between does not break a run.
 */
export function ocrRuns(images: readonly OcrPageImage[], max: number): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const [i, image] of images.entries()) {
    if (image.path.toLowerCase().endsWith('.pdf')) continue;
    const last = run.length ? images[run[run.length - 1]] : undefined;
    const cap = Math.max(1, Math.floor(max * Math.min(1, (200 / Math.max(1, image.dpi)) ** 2)));
    if (run.length && (run.length >= cap || Math.round(last!.dpi) !== Math.round(image.dpi))) {
      runs.push(run);
      run = [];
    }
    run.push(i);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Whether Tesseract and the Vietnamese data are installed (for the settings screen and start-up check). */
export async function ocrAvailable(opts: Pick<OcrOptions, 'tesseractPath'> = {}): Promise<{ ok: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(opts.tesseractPath ?? 'tesseract', ['--list-langs'], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
      if (err) return resolve({ ok: false, message: 'Chưa cài Tesseract OCR.' });
      const langs = String(stdout).split(/\r?\n/).map((l) => l.trim());
      resolve(langs.includes('vie') ? { ok: true, message: 'Sẵn sàng nhận dạng chữ tiếng Việt.' } : { ok: false, message: 'Tesseract chưa có dữ liệu tiếng Việt (vie).' });
    });
  });
}
