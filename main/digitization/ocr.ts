// Vietnamese OCR with the Tesseract command-line program and its installed 'vie' data (Debian
// tesseract-ocr-vie; on Windows the UB Mannheim build with Vietnamese ticked, path set in the settings):
// offline, nothing is ever downloaded. Per page one run makes both a text-only PDF (invisible glyphs at the
// words' positions) and the plain text. The text-only page is laid over our page as a form XObject, so the
// image bytes stay as they were and readers (pdftotext, viewers' search) find the words.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sharp } from '../base/lazy-module';

export interface OcrOptions {
  /** Tesseract executable (default `tesseract` on the PATH). */
  tesseractPath?: string;
  /** Tesseract language(s), e.g. 'vie' or 'vie+eng'. */
  language?: string;
  /** Time allowed for one page before the child is killed. */
  pageTimeoutMs?: number;
  /**
   * Tesseract's page segmentation mode: 3 (automatic layout, the default) reads pages of several columns or
   * scattered text; 6 (one block of text) took about 10 % less CPU on the benchmark's one-column forms
   * (ocr-bench.ts: 1.44 against 1.54 s a page) but its worst page had 1.1 % character error against 0.9 %.
   */
  pageSegMode?: number;
  /** false: Tesseract runs at normal priority (it runs at the lowest by default, behind the counter's work). */
  lowPriority?: boolean;
  signal?: AbortSignal;
}

export interface OcrPageImage {
  path: string;
  dpi: number;
}

export class OcrError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = 'OcrError';
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Runs Tesseract and settles only once the child has exited, also on time-out or cancel (SIGKILL), so the
 * queue never has two OCR processes alive at once. The image comes on stdin and the outputs are relative
 * names in `cwd`: Tesseract on Windows opens paths with the ANSI code page, so a path with "ễ" in it (the
 * temp folder of a user named Nguyễn) cannot be opened (tesseract-ocr/tesseract#3709). Every argument is
 * ASCII; the folder itself is handed over as the working directory, which Windows keeps in UTF-16.
 */
function runTesseract(args: string[], image: string | Buffer, cwd: string, opts: OcrOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new OcrError('Đã hủy nhận dạng chữ.'));
    const child = spawn(opts.tesseractPath ?? 'tesseract', args, {
      cwd,
      stdio: ['pipe', 'ignore', 'pipe'],
      // One thread: OCR runs in the background while the clerk keeps working and scanning.
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      windowsHide: true,
    });
    let stderr = '';
    let ended: 'timeout' | 'abort' | null = null;
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 8000) stderr += d; });
    // A child that exits before reading all of stdin closes the pipe (EPIPE): its exit code tells what happened.
    child.stdin.on('error', () => undefined);
    // Behind everything the clerk does: OCR is background work (the lowest priority; on Windows 'low').
    if (opts.lowPriority !== false && child.pid) {
      try { setPriority(child.pid, constants.priority.PRIORITY_LOW); } catch { /* not allowed here: it still runs */ }
    }
    if (typeof image !== 'string') child.stdin.end(image);
    else createReadStream(image).on('error', (e) => { stderr += `\n${e.message}`; child.stdin.destroy(); }).pipe(child.stdin);
    const stop = (why: 'timeout' | 'abort') => { ended ??= why; child.kill('SIGKILL'); };
    const timer = setTimeout(() => stop('timeout'), opts.pageTimeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onAbort = () => stop('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let spawnError: NodeJS.ErrnoException | null = null;
    child.on('error', (e: NodeJS.ErrnoException) => { spawnError = e; });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (spawnError?.code === 'ENOENT') return reject(new OcrError('Chưa cài Tesseract OCR (không tìm thấy chương trình tesseract).'));
      if (spawnError) return reject(new OcrError('Không chạy được Tesseract.', spawnError.message));
      if (ended === 'abort') return reject(new OcrError('Đã hủy nhận dạng chữ.'));
      if (ended === 'timeout') return reject(new OcrError('Nhận dạng chữ quá thời gian cho phép, đã dừng.', stderr));
      if (code !== 0) return reject(new OcrError('Tesseract báo lỗi khi nhận dạng chữ.', stderr.trim().slice(0, 2000)));
      resolve();
    });
  });
}

export interface PageOcr {
  text: string;
  /** One-page PDF of invisible text, page size = image size at its dpi. */
  layerPdf: Uint8Array;
}

/**
 * The page as Tesseract reads it with least work: grey, uncompressed (binary PGM); it works on grey anyway
 * (Tesseract's own CPU ~0.07 s a page less than from the colour JPEG, about what making the PGM costs here,
 * in the app's process rather than the OCR's). A bi-level PNG goes as it is, and an image sharp cannot
 * read goes as it is too, so Tesseract's own error is reported.
 */
async function ocrInput(path: string): Promise<string | Buffer> {
  if (path.toLowerCase().endsWith('.png')) return path;
  try {
    const { data, info } = await sharp(path).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) return path;
    return Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), data]);
  } catch {
    return path;
  }
}

/** OCRs one page image in a private temporary folder (removed afterwards, also on failure). */
export async function ocrPage(image: OcrPageImage, opts: OcrOptions = {}): Promise<PageOcr> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-ocr-'));
  try {
    await runTesseract(
      [
        'stdin', 'page', '-l', opts.language ?? 'vie', '--dpi', String(Math.round(image.dpi)), '--psm', String(opts.pageSegMode ?? 3),
        // White-on-black text is rare on dossier papers; looking for it costs time on every line.
        '-c', 'tessedit_do_invert=0', '-c', 'textonly_pdf=1', 'pdf', 'txt',
      ],
      await ocrInput(image.path), dir, opts,
    );
    const [layerPdf, text] = await Promise.all([readFile(join(dir, 'page.pdf')), readFile(join(dir, 'page.txt'), 'utf8')]);
    return { layerPdf: new Uint8Array(layerPdf), text: text.normalize('NFC') };
  } catch (e) {
    if (e instanceof OcrError) throw e;
    throw new OcrError('Không đọc được kết quả nhận dạng chữ.', (e as Error).message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
 * Adds an invisible text layer to each page of `pdfBytes` from the matching page image. Pages are done one
 * after another (one Tesseract at a time). A page Tesseract cannot read keeps no layer and is reported; the
 * others still get theirs. Cancelling (opts.signal) throws and leaves the input untouched.
 */
export async function addTextLayer(
  pdfBytes: Uint8Array,
  images: readonly OcrPageImage[],
  opts: OcrOptions & { onPage?: (done: number, total: number) => void } = {},
): Promise<OcrDocumentResult> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const pages = doc.getPages();
  if (pages.length !== images.length) throw new OcrError(`Số trang PDF (${pages.length}) khác số ảnh trang (${images.length}).`);
  const pageTexts: string[] = [];
  const errors: OcrDocumentResult['errors'] = [];
  for (const [i, image] of images.entries()) {
    // A kept PDF page (a text PDF stored as it is) is its own text; Tesseract reads no PDF.
    if (image.path.toLowerCase().endsWith('.pdf')) {
      pageTexts.push('');
      opts.onPage?.(i + 1, images.length);
      continue;
    }
    try {
      const { text, layerPdf } = await ocrPage(image, opts);
      const [layer] = await doc.embedPdf(layerPdf, [0]);
      const page = pages[i];
      page.drawPage(layer, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
      pageTexts.push(text);
    } catch (e) {
      if (opts.signal?.aborted) throw new OcrError('Đã hủy nhận dạng chữ.');
      const err = e instanceof OcrError ? e : new OcrError('Không thêm được lớp chữ vào trang.', (e as Error).message);
      errors.push({ page: i + 1, message: err.message, ...(err.detail ? { detail: err.detail } : {}) });
      pageTexts.push('');
    }
    opts.onPage?.(i + 1, images.length);
  }
  if (errors.length === images.length) {
    return { status: 'failed', pdfBytes, sha256: createHash('sha256').update(pdfBytes).digest('hex'), pageTexts, errors };
  }
  doc.setModificationDate(new Date());
  const out = await doc.save({ useObjectStreams: true });
  return { status: errors.length ? 'partial' : 'done', pdfBytes: out, sha256: createHash('sha256').update(out).digest('hex'), pageTexts, errors };
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
