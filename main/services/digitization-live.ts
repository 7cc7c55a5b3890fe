// What the digitization services share about a scan job in memory: its row, its pipeline folder, the scan
// in progress (for polling), and the view the counter's screen gets of it.
import type { ScanJobView } from '../../shared/contract/api-scanning';
import { AppError } from '../base/errors';
import { ScanError, type ScanJob as DriverJob } from '../devices/scanning';
import { ScanJobError, type ScanJob, type ScanProfile } from '../digitization';
import type { Database } from '../persistence/database';
import type { ScanJobRow } from '../persistence/entities-digitization';
import { currentFiles, fileOf, reuseOrigins, sourceKeyOf, targetLabel, type JobComponentRef } from './digitization-records';

export interface ScanState {
  running: boolean; deviceId: string | null; pagesDone: number; pagesExpected: number | null; phase: string; startedAt: string | null;
  driverJob?: DriverJob; abort?: AbortController; done?: Promise<void>;
}

export interface LiveJob {
  row: ScanJobRow; job: ScanJob; components: JobComponentRef[]; dossierNumber: string;
  scan: ScanState; error: string | null;
  /** The current scan's non-fatal problems (folder jobs), shown until the next scan starts. */
  warnings: string[];
}

/** Where a scan's or an import's pages go, and with which profile. */
export interface ScanTarget { component?: string; insertAt?: number; replacePageId?: string; profileId?: string }

export const idleScan = (): ScanState => ({ running: false, deviceId: null, pagesDone: 0, pagesExpected: null, phase: 'idle', startedAt: null });
export const conflict = (m: string) => new AppError('CONFLICT', m);

/** A driver's ScanError and the pipeline's ScanJobError already say in Vietnamese what to do. */
export function scanProblem(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ScanError) return conflict(e.message);
  if (e instanceof ScanJobError) return conflict(e.message);
  // Anything else is an exception's English: the clerk gets what to do, the log gets the words.
  return conflict('Quét không thành công do lỗi không lường trước. Hãy thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.');
}

/** A target as the job's manifest keeps it (results named "Kết quả: …"). */
export function jobComponentOf(c: JobComponentRef) {
  return { code: c.jobCode, name: targetLabel(c) };
}

export function profileInfo(p: ScanProfile) {
  return { id: p.id, name: p.name, colorMode: p.colorMode, dpi: p.dpi, jpegQuality: p.jpegQuality, bilevel: p.bilevel };
}

/** The job as the counter's screen shows it: scan progress, components with their saved file, pages. */
export async function jobView(db: Database, l: LiveJob): Promise<ScanJobView> {
  const job = l.job;
  const [current, origins] = await db.read(async (em) => {
    const files = await currentFiles(em, l.row.dossierId);
    return [files, await reuseOrigins(em, files)] as const;
  });
  const counts = job.pageCounts();
  const known = new Set(job.components.map((c) => c.code));
  return {
    id: l.row.id, dossierId: l.row.dossierId, dossierNumber: l.dossierNumber,
    profile: profileInfo(job.profile),
    state: l.scan.running ? 'scanning' : 'open',
    scan: { running: l.scan.running, deviceId: l.scan.deviceId, pagesDone: l.scan.pagesDone, pagesExpected: l.scan.pagesExpected, phase: l.scan.phase, startedAt: l.scan.startedAt },
    error: l.error,
    warnings: [...l.warnings],
    components: l.components.map((c) => {
      const count = counts.find((x) => x.code === c.jobCode);
      const pages = job.componentPages(c.jobCode);
      const file = fileOf(current, c);
      return {
        code: c.jobCode, name: targetLabel(c), position: c.position, kind: c.kind, expected: count?.expected ?? null, scanned: count?.scanned ?? 0, label: count?.label ?? '',
        digitized: file ? {
          fileId: file.id, pageCount: file.pageCount, scannedAt: file.scannedAt, ocrState: file.ocrState, ocrError: file.ocrError,
          state: file.state, reusedFrom: origins.get(file.id) ?? null,
        } : null,
        unsaved: pages.length > 0 && file?.sourceKey !== sourceKeyOf(job.jobId, pages),
      };
    }),
    pages: job.pages().map((p) => ({
      id: p.id, component: p.component && known.has(p.component) ? p.component : null, blank: p.blank, rotation: p.rotation,
      widthPx: p.widthPx, heightPx: p.heightPx, dpi: p.dpi, colorMode: p.colorMode, profileId: job.profileIdOf(p), keptPdf: p.encoding === 'pdf',
    })),
    updatedAt: job.snapshot().updatedAt,
  };
}
