// Drains a scan job in a test: every page delivered, and the ScanError that ended it (if any).
import { ScanError, type ScanJob, type ScannedPage } from '../../main/devices/scanning/scanner';

export async function collect(job: ScanJob, onPage?: (p: ScannedPage) => void | Promise<void>) {
  const pages: ScannedPage[] = [];
  try {
    for await (const p of job.pages) {
      pages.push(p);
      await onPage?.(p);
    }
    return { pages, error: undefined as ScanError | undefined };
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    return { pages, error: err };
  }
}
