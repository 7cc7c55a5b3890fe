// A one-page PDF that is not a single scanned image (a text PDF a citizen brings, mixed content) rendered to a
// TIFF with poppler's pdftoppm, so it goes through the same page pipeline as a scan (blank detection, deskew,
// one encoding). A scanner's page (one image) never comes here: pdf-image-extract.ts takes its image as it is.
// Where pdftoppm is missing (Windows counter PCs: poppler is not shipped) RasterUnavailable tells the caller
// to keep the page as a vector page instead of refusing it.
// It runs inside the job's page slot (at most one page per core, see pipeline.ts), with its own time limit
// that starts when this page starts: a large page can take long on a busy PC, and a limit shared by a whole
// batch would fail every page of it under load.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';

export interface RasterOptions {
  /** The pdftoppm program (default: `pdftoppm` on the PATH; Debian poppler-utils, not bundled on Windows). */
  pdftoppmPath?: string;
  /** Longest time for one page, from its own start (default 180 s). */
  pageTimeoutMs?: number;
}

export const DEFAULT_RASTER_TIMEOUT_MS = 180_000;

/** A page problem with a Vietnamese message for the clerk; `detail` keeps the tool's words for the log. */
export class PageProblem extends Error {
  override name = 'PageProblem';
  constructor(message: string, readonly detail?: string) {
    super(message);
  }
}

/** pdftoppm is not installed (or not where the settings say): the page is kept as a vector page. */
export class RasterUnavailable extends PageProblem {
  override name = 'RasterUnavailable';
}

/**
 * Renders page 1 of `pdf` at `dpi` into `<outBase>.tif` and returns that path. Grey pages are rendered in
 * grey (a third of the work). The rendering is written as an uncompressed TIFF, read once and removed:
 * poppler's PNG writer spent 8 s of CPU on a noisy A4 page at 200 dpi that it rendered in 0.1 s.
 * The child is killed when the page's own time runs out.
 */
export async function rasterizePdfPage(pdf: string, outBase: string, dpi: number, gray: boolean, opts: RasterOptions = {}): Promise<string> {
  const args = ['-r', String(Math.round(dpi)), '-tiff', '-singlefile', ...(gray ? ['-gray'] : []), pdf, outBase];
  const limit = opts.pageTimeoutMs ?? DEFAULT_RASTER_TIMEOUT_MS;
  const name = basename(pdf);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(opts.pdftoppmPath ?? 'pdftoppm', args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 4000) stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, limit);
    child.on('error', (e: NodeJS.ErrnoException) => { spawnError = e; });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (spawnError?.code === 'ENOENT') {
        return reject(new RasterUnavailable('Máy này chưa có công cụ chuyển trang PDF thành ảnh (poppler pdftoppm).', spawnError.message));
      }
      if (spawnError) return reject(new PageProblem('Không chạy được công cụ chuyển trang PDF thành ảnh nên trang PDF không được lưu. Hãy báo cán bộ kỹ thuật.', spawnError.message));
      if (timedOut) {
        return reject(new PageProblem(`Chuyển trang PDF thành ảnh quá ${Math.round(limit / 1000)} giây nên đã dừng; trang này không được lưu. Hãy quét lại trang này ở chế độ ảnh JPEG, hoặc nhập lại khi máy bớt bận.`, `${name}: pdftoppm killed after ${limit} ms`));
      }
      if (code !== 0) return reject(new PageProblem('Trang PDF bị hỏng hoặc không đọc được nên không được lưu. Hãy quét hoặc nhập lại trang này.', `${name}: pdftoppm exit ${code}: ${stderr.trim()}`));
      resolve();
    });
  }).catch(async (e: unknown) => {
    await rm(`${outBase}.tif`, { force: true });
    throw e;
  });
  return `${outBase}.tif`;
}
