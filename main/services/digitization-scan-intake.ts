// A scan or an import in progress: the driver's pages go into the job the moment they arrive, the job's
// row says 'scanning' meanwhile, and the end (complete, a jam, a cancel, pages that could not be processed)
// is written to the job for the counter's screen. Changes with how pages arrive, not with saving.
import fs from 'node:fs';
import type { Clock } from '../base/context';
import { isFolderScanJob, ScanError, type ScanJob as DriverJob } from '../devices/scanning';
import { ScanJobError, type RasterOptions, type ScanProfile } from '../digitization';
import type { Database } from '../persistence/database';
import { ScanJobEntity } from '../persistence/entities-digitization';
import { scanProblem, type LiveJob, type ScanTarget } from './digitization-live';
import { toPipelinePage } from './digitization-pages';

export interface ScanIntakeDeps {
  db: Database;
  clock: Clock;
  log?: (line: string) => void;
  /** How PDF pages are rendered (pdftoppm, time limit per page). */
  raster?: RasterOptions;
}

/** Marks the job as scanning and starts taking the driver's pages; `l.scan.done` settles at the end. */
export async function beginScan(
  deps: ScanIntakeDeps, l: LiveJob, deviceId: string, driverJob: DriverJob, abort: AbortController, target: ScanTarget, profile: ScanProfile,
): Promise<void> {
  const now = () => deps.clock.now().toISOString();
  l.error = null;
  l.warnings = [];
  l.scan = { running: true, deviceId, pagesDone: 0, pagesExpected: null, phase: 'starting', startedAt: now(), driverJob, abort };
  if (isFolderScanJob(driverJob)) {
    driverJob.onWarning((w) => {
      l.warnings.push(w.message);
      deps.log?.(`[digitization] folder scan ${l.row.id}: ${w.message} ${w.detail ?? ''}`);
    });
  }
  l.row.state = 'scanning';
  l.row.deviceId = deviceId;
  await deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { state: 'scanning', deviceId, error: null, updatedAt: now() }));
  driverJob.progress((p) => {
    l.scan.phase = p.phase;
    l.scan.pagesExpected = p.pagesExpected ?? null;
  });
  l.scan.done = consume(deps, l, driverJob, target, profile);
}

/** Stops the device and waits for the pages already received to be committed. */
export async function stopScan(l: LiveJob): Promise<void> {
  l.scan.abort?.abort();
  await l.scan.driverJob?.cancel().catch(() => undefined);
  await l.scan.done;
}

/**
 * Each page goes into the job the moment it arrives, so the job keeps the arrival order whatever each
 * page costs (a PDF page is rendered inside the job's page slot); pages are processed at most one per
 * core and committed in that order. A page that cannot be processed is named; every other page is kept.
 */
async function consume(deps: ScanIntakeDeps, l: LiveJob, driverJob: DriverJob, target: ScanTarget, profile: ScanProfile): Promise<void> {
  const commits: Promise<unknown>[] = [];
  const failed: { page: number; message: string }[] = [];
  let n = 0;
  const opts = { ...(target.component ? { component: target.component } : {}), profile, raster: deps.raster };
  try {
    for await (const page of driverJob.pages) {
      const k = n++;
      if (target.replacePageId && k > 0) {
        // A rescan takes one page; the rest of a feeder stack is not wanted.
        fs.rmSync(page.filePath, { force: true });
        void driverJob.cancel();
        continue;
      }
      const input = toPipelinePage(page);
      const added = target.replacePageId
        ? l.job.replacePage(target.replacePageId, input, opts)
        : target.insertAt !== undefined ? l.job.insertPage(target.insertAt + k, input, opts) : l.job.addPage(input, opts);
      commits.push(added.then(
        () => { l.scan.pagesDone++; },
        (e: Error) => {
          failed.push({ page: k + 1, message: e.message });
          deps.log?.(`[digitization] scan ${l.row.id} page ${k + 1}: ${e.message} ${e instanceof ScanJobError ? (e.detail ?? '') : ''}`);
        },
      ).finally(() => fs.rmSync(page.filePath, { force: true })));
    }
  } catch (e) {
    const replacedDone = target.replacePageId && n > 0 && e instanceof ScanError && e.code === 'CANCELLED';
    if (!replacedDone) {
      l.error = scanProblem(e).message;
      deps.log?.(`[digitization] scan ${l.row.id} ended: ${l.error} ${e instanceof ScanError ? (e.detail ?? '') : String(e)}`);
    }
  }
  await Promise.all(commits);
  const processingError = pagesNotKept(failed);
  if (processingError && !l.error) l.error = processingError;
  else if (processingError) l.error = `${l.error} ${processingError}`;
  l.scan.running = false;
  l.scan.phase = 'finished';
  l.row.state = 'open';
  l.row.error = l.error;
  await deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { state: 'open', error: l.error, updatedAt: deps.clock.now().toISOString() }))
    .catch((e: Error) => deps.log?.(`[digitization] scan_job update: ${e.message}`));
}

/** Pages that could not be processed (the others are kept): "Trang 3: …" or "Trang 2, 5 không được lưu: …". */
function pagesNotKept(failed: readonly { page: number; message: string }[]): string | null {
  if (failed.length === 0) return null;
  const sorted = [...failed].sort((a, b) => a.page - b.page);
  if (sorted.length === 1) return `Trang ${sorted[0]!.page}: ${sorted[0]!.message}`;
  return `Trang ${sorted.map((f) => f.page).join(', ')} không được lưu (các trang khác vẫn được giữ). Trang ${sorted[0]!.page}: ${sorted[0]!.message}`;
}
