// One Tesseract run for several pages of a document (issue 12 target 2). Tesseract's start-up (loading 'vie'
// and its universal ambiguity table) is ~0.06 s CPU, about 5 % of a page: a run reads a list of pages, each
// handed over as a grey, uncompressed TIFF (the format Leptonica reads fastest: its PGM reader takes the file
// byte by byte, ~5 % of a page more). Per run: one text-only PDF (invisible glyphs at the words' positions,
// one page per image, in order); the plain text is read back from it (ocr-layer-text.ts).
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants, setPriority, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sharp } from '../base/lazy-module';
import { layerTexts } from './ocr-layer-text';

export interface OcrOptions {
  /** Tesseract executable (default `tesseract` on the PATH). */
  tesseractPath?: string;
  /** Tesseract language(s), e.g. 'vie' or 'vie+eng'. */
  language?: string;
  /** Time allowed for one page before the child is killed (a run of n pages is allowed n times this). */
  pageTimeoutMs?: number;
  /**
   * Tesseract's page segmentation mode: 3 (automatic layout, the default) reads pages of several columns or
   * scattered text; 6 (one block of text) took about 10 % less CPU on the benchmark's one-column forms
   * (ocr-bench.ts) but its worst page had 1.1 % character error against 0.9 %.
   */
  pageSegMode?: number;
  /** false: Tesseract runs at normal priority (it runs at the lowest by default, behind the counter's work). */
  lowPriority?: boolean;
  /**
   * Pages of 200 dpi read by one Tesseract run (8 by default; fewer of a finer resolution). More saves a little
   * start-up; a run that fails is read again page by page, and its page images wait as files in the temporary
   * folder (~4 MB each at 200 dpi).
   */
  pagesPerRun?: number;
  signal?: AbortSignal;
  /**
   * Awaited before each piece of work done in this process (a page's grey copy for Tesseract, the text
   * layers' merge): the core passes its counter's quiet moment (base/counter-work.ts), so OCR's in-process
   * part never runs beside a request or a scanned page.
   */
  whenQuiet?: () => Promise<void>;
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
 * queue never has two OCR processes alive at once. The list of pages comes on stdin and every file is a
 * relative name in `cwd`: Tesseract on Windows opens paths with the ANSI code page, so a path with "ễ" in it
 * (the temp folder of a user named Nguyễn) cannot be opened (tesseract-ocr/tesseract#3709). Every argument is
 * ASCII; the folder itself is handed over as the working directory, which Windows keeps in UTF-16.
 */
function runTesseract(args: string[], input: Buffer, cwd: string, timeoutMs: number, opts: OcrOptions): Promise<void> {
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
    child.stdin.end(input);
    const stop = (why: 'timeout' | 'abort') => { ended ??= why; child.kill('SIGKILL'); };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
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

/**
 * Writes page `k` into `dir` the way Tesseract reads it with least work and returns its (ASCII) name: grey,
 * uncompressed TIFF — Tesseract works on grey anyway, and from a colour JPEG it spends ~0.25 s a page more
 * (every text line is cut out and PNG-encoded in colour). A bi-level PNG is copied as it is (small, cheap to
 * read), and so is an image sharp cannot read, so that Tesseract's own error is reported.
 */
async function writeOcrInput(image: OcrPageImage, dir: string, k: number): Promise<string> {
  const base = `p${String(k + 1).padStart(4, '0')}`;
  if (image.path.toLowerCase().endsWith('.png')) {
    await copyFile(image.path, join(dir, `${base}.png`));
    return `${base}.png`;
  }
  const perMm = image.dpi / 25.4;
  try {
    await sharp(image.path).toColourspace('b-w').tiff({ compression: 'none', xres: perMm, yres: perMm }).toFile(join(dir, `${base}.tif`));
    return `${base}.tif`;
  } catch {
    const name = `${base}${extname(image.path).replace(/[^.\w]/g, '').slice(0, 8)}`;
    await copyFile(image.path, join(dir, name));
    return name;
  }
}

export interface PagesOcr {
  /** Text per page, NFC. */
  texts: string[];
  /** Text-only PDF with one page per image, in order; page size = image size at its dpi. */
  layerPdf: Uint8Array;
  /** The same, loaded. */
  layer: PDFDocument;
}

/**
 * OCRs pages of one resolution in one Tesseract run, in a private temporary folder (removed afterwards, also
 * on failure). Throws OcrError when the run fails: which page was at fault is then not known.
 */
export async function ocrPages(images: readonly OcrPageImage[], opts: OcrOptions = {}): Promise<PagesOcr> {
  if (images.length === 0) throw new OcrError('Không có trang nào để nhận dạng chữ.');
  const dpi = Math.round(images[0].dpi);
  if (images.some((img) => Math.round(img.dpi) !== dpi)) throw new OcrError('Các trang của một lần nhận dạng phải cùng độ phân giải.');
  const dir = await mkdtemp(join(tmpdir(), 'motcua-ocr-'));
  try {
    const names: string[] = [];
    for (const [k, image] of images.entries()) {
      await opts.whenQuiet?.();
      if (opts.signal?.aborted) throw new OcrError('Đã hủy nhận dạng chữ.');
      names.push(await writeOcrInput(image, dir, k));
    }
    await runTesseract(
      [
        // Not an image on stdin, so Tesseract reads it as the list of page files.
        'stdin', 'page', '-l', opts.language ?? 'vie', '--dpi', String(dpi), '--psm', String(opts.pageSegMode ?? 3),
        // White-on-black text is rare on dossier papers; looking for it costs time on doubtful lines.
        '-c', 'tessedit_do_invert=0',
        // ~2 % each, the same characters read (ocr-bench.ts; also on a monospaced page): no search for
        // fixed-pitch rows (the LSTM reads them anyway), paragraphs found from the layout rather than by a
        // second pass over the recognised text (only the blank lines between paragraphs can differ).
        '-c', 'textord_disable_pitch_test=1', '-c', 'paragraph_text_based=0',
        // The PDF only: its words are the text (Tesseract's own text output would walk the results again).
        '-c', 'textonly_pdf=1', 'pdf',
      ],
      Buffer.from(`${names.join('\n')}\n`, 'utf8'), dir, (opts.pageTimeoutMs ?? DEFAULT_TIMEOUT_MS) * images.length, opts,
    );
    await opts.whenQuiet?.();
    if (opts.signal?.aborted) throw new OcrError('Đã hủy nhận dạng chữ.');
    const layerPdf = new Uint8Array(await readFile(join(dir, 'page.pdf')));
    const layer = await PDFDocument.load(layerPdf, { updateMetadata: false });
    const texts = layerTexts(layer);
    if (texts.length !== images.length) throw new OcrError('Không đọc được kết quả nhận dạng chữ.', `${texts.length} pages of text for ${images.length} images`);
    return { texts: texts.map((t) => t.normalize('NFC')), layerPdf, layer };
  } catch (e) {
    if (e instanceof OcrError) throw e;
    throw new OcrError('Không đọc được kết quả nhận dạng chữ.', (e as Error).message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
