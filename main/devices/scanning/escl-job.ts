// One eSCL scan job after POST ScanJobs: GET <job>/NextDocument until the device says the job is over, each
// answer written into the job folder and handed over as its pages. How the job ended is asked of the
// device (ScannerStatus) whenever NextDocument stops giving pages, because a 404 can mean "done" as well as
// "the feeder jammed and I aborted". A job that ends in any other way than complete is deleted on the
// device (DELETE <job>), so a scanner is never left busy with a job nobody reads.
import type { AxiosInstance, AxiosResponse } from 'axios';
import { axios } from '../../base/lazy-module';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { delay } from './child';
import { esclJobEnd, esclStatusError, findEsclJob, type EsclStatus } from './escl-parse';
import { inspectPageImage, sniffFormat } from './image-info';
import type { PageChannel } from './job';
import { onePagePdfs, pointsToPixels } from './pdf-pages';
import { scanError, ScanError, type PageFormat, type ScanErrorCode, type ScanRequest } from './scanner';
import { nextPageNumber, pageName, removeLeftovers, writeAtomic } from './workdir';

export interface EsclJobRun {
  http: AxiosInstance;
  /** Device base URL (…/eSCL) and the job's URL (from the Location header). */
  base: string;
  jobUrl: string;
  req: ScanRequest;
  workDir: string;
  /** The scan region asked for, in 300ths of an inch. */
  region: { width: number; height: number };
  timeoutMs: number;
  retryDelayMs: number;
  status(): Promise<EsclStatus>;
}

const NETWORK_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** Maps a failed HTTP exchange (no answer at all) to DISCONNECTED or TIMEOUT. */
export function networkCode(err: unknown): ScanErrorCode | undefined {
  if (!axios.isAxiosError(err) || err.response) return undefined;
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return 'TIMEOUT';
  if (err.code && NETWORK_DOWN.has(err.code)) return 'DISCONNECTED';
  if (/socket hang up|aborted/i.test(err.message)) return 'DISCONNECTED';
  return err.code === 'ERR_CANCELED' ? 'CANCELLED' : 'DISCONNECTED';
}

/**
 * The resolution a page is really at. The image's own statement wins over the request (a device may send
 * 600 dpi when asked for 300), except when its pixels are exactly the requested area at the requested
 * resolution: then the statement is a wrong label (some devices write 96 dpi into every JPEG).
 */
export function pageDpi(image: { width: number; height: number; dpi?: number }, requested: { dpi: number; widthPx: number; heightPx: number }): number {
  const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(3, b * 0.015);
  if (!image.dpi || image.dpi === requested.dpi) return requested.dpi;
  if (near(image.width, requested.widthPx) && near(image.height, requested.heightPx)) return requested.dpi;
  return image.dpi;
}

/** Runs the job to its end; every way out settles `job` (pages, end or a ScanError). */
export async function runEsclJob(job: PageChannel, run: EsclJobRun): Promise<void> {
  const { http, jobUrl, req, workDir } = run;
  const host = new URL(run.base).host;
  const inflight = new AbortController();
  let stopped = false;
  const deleteJob = () => http.delete(jobUrl, { timeout: 5000, validateStatus: () => true }).then(() => undefined, () => undefined);
  job.onCancel = async () => {
    stopped = true;
    inflight.abort();
    await deleteJob();
  };
  /** Any end but a complete job: the device's job is deleted first, so the next scan is not refused as busy. */
  const abort = async (err: ScanError) => {
    if (!stopped) await deleteJob();
    job.fail(stopped ? scanError('CANCELLED', job.count, err.detail) : err);
  };
  const requested = {
    dpi: req.resolution,
    widthPx: Math.round((run.region.width * req.resolution) / 300),
    heightPx: Math.round((run.region.height * req.resolution) / 300),
  };

  let deadline = Date.now() + run.timeoutMs;
  let n = await nextPageNumber(workDir);
  const push = async (file: string, format: PageFormat, widthPx: number, heightPx: number, dpi: number) => {
    const side = req.source === 'duplex' ? (job.count % 2 === 0 ? 'front' : 'back') : undefined;
    if (!job.push({ filePath: file, format, widthPx, heightPx, dpi, colorMode: req.colorMode, side })) await unlink(file).catch(() => undefined);
    n++;
  };

  /** One NextDocument answer: an image, or a PDF of one or more pages (PDF-only devices may send the whole batch). */
  const takeDocument = async (r: AxiosResponse<ArrayBuffer>): Promise<ScanError | undefined> => {
    const body = Buffer.from(r.data);
    const sniffed = sniffFormat(body.subarray(0, 1024));
    const rejected = (detail: string) => scanError('BAD_OUTPUT', job.count, `NextDocument: ${r.headers['content-type']} ${detail}`);
    if (!sniffed || sniffed === 'pnm') return rejected(body.subarray(0, 16).toString('hex'));
    if (sniffed === 'pdf') {
      try {
        for await (const page of onePagePdfs(body)) {
          const file = join(workDir, pageName(n, 'pdf'));
          await writeAtomic(file, page.bytes);
          await push(file, 'pdf', pointsToPixels(page.widthPt, req.resolution), pointsToPixels(page.heightPt, req.resolution), req.resolution);
        }
      } catch (err) {
        return rejected(`PDF: ${String(err)}`);
      }
      return undefined;
    }
    const file = join(workDir, pageName(n, { jpeg: 'jpg', png: 'png', tiff: 'tif' }[sniffed]));
    await writeAtomic(file, body);
    try {
      const info = await inspectPageImage(file);
      await push(file, sniffed, info.width, info.height, pageDpi(info, requested));
    } catch (err) {
      await unlink(file).catch(() => undefined);
      return rejected(`${file}: ${String(err)}`);
    }
    return undefined;
  };

  try {
    for (;;) {
      if (stopped) return job.fail(scanError('CANCELLED', job.count));
      const left = deadline - Date.now();
      if (left <= 0) return await abort(scanError('TIMEOUT', job.count, `no page from ${jobUrl} for ${run.timeoutMs} ms`));
      let r: AxiosResponse<ArrayBuffer>;
      try {
        r = await http.get<ArrayBuffer>(`${jobUrl}/NextDocument`, { responseType: 'arraybuffer', timeout: left, validateStatus: () => true, signal: inflight.signal });
      } catch (err) {
        if (stopped) return job.fail(scanError('CANCELLED', job.count));
        const code = networkCode(err) ?? 'FAILED';
        return await abort(scanError(code, job.count, `NextDocument: ${(err as Error).message}`, host));
      }
      if (r.status === 200) {
        const bad = await takeDocument(r);
        if (bad) return await abort(bad);
        deadline = Date.now() + run.timeoutMs;
        // A flatbed job is one page; asking again is what real clients do and the device says 404.
        continue;
      }
      const status = await run.status().catch(() => undefined);
      if (r.status === 404) {
        // No more documents: complete, or given up by the device (a jam answered with 404)?
        const end = status ? esclJobEnd(status, jobUrl, req.source) : ({ kind: 'completed' } as const);
        if (end.kind === 'aborted') return await abort(scanError(end.code, job.count, `NextDocument: 404, ${end.detail}`));
        if (job.count > 0) return job.end();
        const code = (status && esclStatusError(status, req.source)) || (req.source === 'flatbed' ? 'FAILED' : 'FEEDER_EMPTY');
        return await abort(scanError(code, 0, `NextDocument: 404 before any page${status ? ` (status ${status.state}, ADF ${status.adfState ?? '-'})` : ''}`));
      }
      if (r.status === 503) {
        // Not ready yet (still scanning or warming up), unless the status names a fault or ended our job.
        const code = status && esclStatusError(status, req.source);
        if (code) return await abort(scanError(code, job.count, `NextDocument: HTTP 503, ADF ${status.adfState}`));
        const ours = status && findEsclJob(status, jobUrl);
        if (ours && /^(Aborted|Canceled|Cancelled)$/i.test(ours.state ?? '')) {
          const end = esclJobEnd(status, jobUrl, req.source);
          return await abort(scanError(end.kind === 'aborted' ? end.code : 'STOPPED_AT_DEVICE', job.count, `NextDocument: HTTP 503, job ${ours.state}`));
        }
        await delay(run.retryDelayMs, inflight.signal);
        continue;
      }
      // 409 is a busy device unless the status names a fault (jam, open hatch, empty feeder).
      const code = (status && esclStatusError(status, req.source)) || (r.status === 409 ? 'BUSY' : 'FAILED');
      const more = status ? ` (status ${status.state}, ADF ${status.adfState ?? '-'})` : '';
      return await abort(scanError(code, job.count, `NextDocument: HTTP ${r.status}${more}`, host));
    }
  } catch (err) {
    return await abort(err instanceof ScanError ? err : scanError('FAILED', job.count, String(err)));
  } finally {
    await removeLeftovers(workDir);
  }
}
