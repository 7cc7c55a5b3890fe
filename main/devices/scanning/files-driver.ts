// Import from disk: PDF, JPEG, PNG, TIFF (multi-page), PNM, recognised by content, not by extension.
// A PDF is handed over a page at a time as one-page PDFs (pdf-lib, format 'pdf'), in the file's order. The
// pipeline takes a scanned page's own image (no rendering, no poppler), renders any other page with
// pdftoppm where it is installed, and keeps it as a vector page where it is not (Windows counter PCs).
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sharp } from '../../base/lazy-module';
import { sniffFormat } from './image-info';
import { PageChannel } from './job';
import { onePagePdfs, pointsToPixels } from './pdf-pages';
import {
  papersThatFit,
  scanError,
  ScanError,
  type ColorMode,
  type PageFormat,
  type ScanJob,
  type ScannedPage,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
} from './scanner';
import { copyAtomic, nextPageNumber, pageName, removeLeftovers, writeAtomic } from './workdir';

export const FILES_DEVICE_ID = 'files';

export interface ImportOptions {
  /** Used when a file says nothing about its resolution (and to size PDF pages in pixels). */
  dpi?: number;
  signal?: AbortSignal;
}

type PageOut = Omit<ScannedPage, 'index'>;

async function head(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await fh.read(buf, 0, 1024, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function colorOf(channels: number | undefined, bits: number | undefined): ColorMode {
  if ((channels ?? 3) >= 3) return 'color';
  return bits === 1 ? 'bw' : 'gray';
}

export class FilesDriver implements ScannerDriver {
  readonly kind = 'files' as const;

  async listDevices(): Promise<ScannerDevice[]> {
    return [{ id: FILES_DEVICE_ID, driver: 'files', name: 'Nhập từ tệp (PDF, JPEG, PNG, TIFF)' }];
  }

  async capabilities(): Promise<ScannerCapabilities> {
    return { sources: ['flatbed'], resolutions: [150, 200, 300, 400, 600], colorModes: ['color', 'gray', 'bw'], paperSizes: papersThatFit() };
  }

  /** The files come with the request (ScanRequest.files); the other settings only give the default dpi. */
  startScan(_deviceId: string, req: ScanRequest, workDir: string): ScanJob {
    return this.importFiles(req.files ?? [], workDir, { dpi: req.resolution, signal: req.signal });
  }

  /**
   * Imports the files in order, each page handed over as soon as it is written. A damaged or unsupported
   * file does not stop the others; the job then ends with BAD_OUTPUT naming the files that failed.
   */
  importFiles(files: readonly string[], workDir: string, opts: ImportOptions = {}): ScanJob {
    const job = new PageChannel(undefined, opts.signal);
    void (async () => {
      const failed: { file: string; why: string }[] = [];
      let n = await nextPageNumber(workDir);
      for (const file of files) {
        if (job.isCancelled) break;
        try {
          for await (const page of this.pagesOf(file, workDir, () => n++, opts.dpi ?? 200)) job.push(page);
        } catch (err) {
          failed.push({ file, why: String((err as Error).message ?? err) });
        }
      }
      await removeLeftovers(workDir);
      if (job.isCancelled) return job.fail(scanError('CANCELLED', job.count));
      if (failed.length > 0) {
        const names = failed.map((f) => basename(f.file)).join('", "');
        return job.fail(scanError('BAD_OUTPUT', job.count, failed.map((f) => `${f.file}: ${f.why}`).join('\n'), names));
      }
      job.end();
    })().catch((err: unknown) => job.fail(err instanceof ScanError ? err : scanError('FAILED', job.count, String(err))));
    return job;
  }

  private async *pagesOf(file: string, workDir: string, next: () => number, dpi: number): AsyncGenerator<PageOut> {
    const st = await stat(file);
    if (!st.isFile() || st.size === 0) throw new Error('empty or not a file');
    const format = sniffFormat(await head(file));
    if (!format) throw new Error('not a PDF, JPEG, PNG, TIFF or PNM file');
    if (format === 'pdf') return yield* this.pdfPages(file, workDir, next, dpi);
    if (format === 'pnm') {
      // libvips in sharp cannot read PNM; the header check is all we can do without a decoder.
      const text = (await head(file)).toString('latin1').replace(/#[^\n]*\n/g, ' ');
      const m = /^P([1-6])\s+(\d+)\s+(\d+)/.exec(text);
      if (!m) throw new Error('bad PNM header');
      const out = join(workDir, pageName(next(), 'pnm'));
      await copyAtomic(file, out);
      const mode: ColorMode = m[1] === '1' || m[1] === '4' ? 'bw' : m[1] === '2' || m[1] === '5' ? 'gray' : 'color';
      return yield { filePath: out, format: 'pnm', widthPx: Number(m[2]), heightPx: Number(m[3]), dpi, colorMode: mode, sourceFile: file };
    }
    const meta = await sharp(file).metadata();
    const pages = format === 'tiff' ? (meta.pages ?? 1) : 1;
    for (let page = 0; page < pages; page++) {
      // Decode the whole page once: a truncated or damaged file fails here, not later in the pipeline.
      const img = sharp(file, { page, failOn: 'truncated' });
      const m = pages > 1 ? await img.metadata() : meta;
      const keep = format === 'jpeg' || format === 'png';
      const ext: string = keep ? (format === 'jpeg' ? 'jpg' : 'png') : 'png';
      const out = join(workDir, pageName(next(), ext));
      let width = m.width ?? 0;
      let height = m.height ?? 0;
      if (keep) {
        const { info } = await img.raw().toBuffer({ resolveWithObject: true });
        width = info.width;
        height = info.height;
        await copyAtomic(file, out);
      } else {
        // TIFF pages become lossless PNGs: the pipeline reads one image per file.
        const buf = await img.png().toBuffer({ resolveWithObject: true });
        width = buf.info.width;
        height = buf.info.height;
        await writeAtomic(out, buf.data);
      }
      const density = m.density && m.density > 10 ? Math.round(m.density) : dpi;
      const outFormat: PageFormat = keep ? format : 'png';
      yield { filePath: out, format: outFormat, widthPx: width, heightPx: height, dpi: density, colorMode: colorOf(m.channels, m.bitsPerSample), sourceFile: file };
    }
  }

  private async *pdfPages(file: string, workDir: string, next: () => number, dpi: number): AsyncGenerator<PageOut> {
    for await (const page of onePagePdfs(await readFile(file))) {
      const out = join(workDir, pageName(next(), 'pdf'));
      await writeAtomic(out, page.bytes);
      yield { filePath: out, format: 'pdf', widthPx: pointsToPixels(page.widthPt, dpi), heightPx: pointsToPixels(page.heightPt, dpi), dpi, colorMode: 'color', sourceFile: file };
    }
  }
}
