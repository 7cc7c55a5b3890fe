// The start-up clean-up of the file store (issue 8, item 14). A PDF is written before the row that records it
// commits; a crash in between (SIGKILL, power cut) leaves a file with a citizen's data that nothing refers to
// and nobody will ever delete, and a crash in the middle of a write leaves a temp file. At start the files
// written since the last clean-up (the store's journal), and once the whole store, are looked at: a file that
// no row names and that is older than a safe age is removed, and so is an old temp file. A file named by a
// row — a document, a digitized file, an upload waiting to go — is never touched.
import type { Database } from '../persistence/database';
import { prepared } from '../persistence/prepared';
import { FileStore } from '../storage/file-store';
import { uploadNamesFile } from '../sync/outbox';

/**
 * Younger than this a file may belong to a write still under way (this launch's own, started before the
 * clean-up ran); it is looked at again at the next start.
 */
export const STRAY_MIN_AGE_MS = 60 * 60_000;

export interface SweepResult {
  removed: string[];
  /** Strays and temp files too young to remove now; looked at again next time. */
  kept: string[];
}

export async function sweepStrayFiles(deps: { db: Database; files: FileStore; now: Date; log?: (line: string) => void; minAgeMs?: number }): Promise<SweepResult> {
  const { db, files, log = () => undefined } = deps;
  const oldest = deps.now.getTime() - (deps.minAgeMs ?? STRAY_MIN_AGE_MS);
  const journal = files.takeJournal();
  const candidates = new Set(journal.paths);
  const firstWalk = !files.walked;
  if (firstWalk) for await (const p of files.walk()) candidates.add(p);

  const named = (p: string) => db.read(() =>
    prepared(db.raw, `SELECT 1 FROM document WHERE path = ? UNION ALL SELECT 1 FROM digitized_file WHERE path = ? LIMIT 1`).get(p, p) !== undefined
    || uploadNamesFile(db.raw, p));
  const result: SweepResult = { removed: [], kept: [] };
  const keep = new Set<string>();
  const consider = async (p: string, why: string, owner: string) => {
    const mtime = files.mtimeMs(p);
    if (mtime === null) return;
    if (mtime > oldest) {
      result.kept.push(p);
      keep.add(owner);
      return;
    }
    files.remove(p);
    result.removed.push(p);
    log(`[storage] removed ${p}: ${why}, written ${new Date(mtime).toISOString()}`);
  };

  for (const p of candidates) {
    if (FileStore.isTemp(p)) {
      await consider(p, 'temp file of a write interrupted by a crash', p);
      continue;
    }
    if (files.mtimeMs(p) !== null && !(await named(p))) await consider(p, 'written by a save that never completed (no record names it)', p);
    for (const t of files.tempsOf(p)) await consider(t, 'temp file of a write interrupted by a crash', p);
  }
  journal.giveBack([...keep].filter((p) => !FileStore.isTemp(p)));
  if (firstWalk) files.markWalked();
  if (result.removed.length || result.kept.length) {
    log(`[storage] clean-up: ${result.removed.length} stray file(s) removed, ${result.kept.length} too recent to judge, looked at again next start`);
  }
  return result;
}
