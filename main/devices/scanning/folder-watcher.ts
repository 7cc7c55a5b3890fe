// Scan-to-folder: network scanners that save to a shared folder. The folder is polled (change notifications
// are unreliable on SMB shares), a file is taken once it is complete (same size and mtime for stableMs, and
// openable for writing — Windows locks a file still being written), imported, then moved to "da-nhap" (or to
// "khong-nhap-duoc" when it cannot be read). A file is never imported twice: name+size+mtime is remembered.
import { mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import type { FilesDriver } from './files-driver';
import { ScanError, type ScannedPage } from './scanner';

export const PROCESSED_DIR = 'da-nhap';
export const FAILED_DIR = 'khong-nhap-duoc';

export interface WatchedImport {
  /** The file as found in the watched folder. */
  file: string;
  /** Where it was moved afterwards (undefined if the move failed). */
  movedTo?: string;
  pages: ScannedPage[];
  error?: ScanError;
}

export interface FolderWatcherOptions {
  dir: string;
  /** Job folder the imported pages are written to. */
  workDir: string;
  importer: FilesDriver;
  onImport: (result: WatchedImport) => void;
  stableMs?: number;
  pollMs?: number;
  dpi?: number;
}

/** Temporary names scanners and Office use while writing: ~$x, x.tmp, x.part, .x, x.crdownload. */
export function isTempName(name: string): boolean {
  return /^~\$|^\.|\.(tmp|temp|part|partial|crdownload|download|lock)$/i.test(name) || name.endsWith('~');
}

interface Seen {
  size: number;
  mtimeMs: number;
  since: number;
}

export class FolderWatcher {
  private timer?: NodeJS.Timeout;
  private readonly pending = new Map<string, Seen>();
  private readonly imported = new Set<string>();
  private busy?: Promise<void>;
  private stopped = true;

  constructor(private readonly opts: FolderWatcherOptions) {}

  async start(): Promise<void> {
    await mkdir(join(this.opts.dir, PROCESSED_DIR), { recursive: true });
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling; resolves after the import in progress (if any) is finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
  }

  /** One pass over the folder (also used by tests to avoid waiting for the timer). */
  async poll(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.scanOnce().finally(() => (this.busy = undefined));
    return this.busy;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll()
        .catch(() => undefined)
        .finally(() => this.schedule(this.opts.pollMs ?? 500));
    }, ms);
  }

  private async scanOnce(): Promise<void> {
    const now = Date.now();
    const stableMs = this.opts.stableMs ?? 1000;
    const entries = await readdir(this.opts.dir, { withFileTypes: true }).catch(() => []);
    const present = new Set<string>();
    for (const e of entries) {
      if (!e.isFile() || isTempName(e.name)) continue;
      const file = join(this.opts.dir, e.name);
      present.add(file);
      const st = await stat(file).catch(() => undefined);
      if (!st) continue;
      const key = `${e.name}|${st.size}|${st.mtimeMs}`;
      if (this.imported.has(key)) continue;
      const prev = this.pending.get(file);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.pending.set(file, { size: st.size, mtimeMs: st.mtimeMs, since: now });
        continue;
      }
      if (now - prev.since < stableMs || st.size === 0) continue;
      if (!(await writable(file))) continue;
      this.pending.delete(file);
      this.imported.add(key);
      await this.importOne(file);
      if (this.stopped) return;
    }
    for (const f of this.pending.keys()) if (!present.has(f)) this.pending.delete(f);
  }

  private async importOne(file: string): Promise<void> {
    const job = this.opts.importer.importFiles([file], this.opts.workDir, { dpi: this.opts.dpi });
    const pages: ScannedPage[] = [];
    let error: ScanError | undefined;
    try {
      for await (const p of job.pages) pages.push(p);
    } catch (err) {
      error = err instanceof ScanError ? err : undefined;
      if (!error) throw err;
    }
    const movedTo = await moveAside(file, join(this.opts.dir, error ? FAILED_DIR : PROCESSED_DIR));
    this.opts.onImport({ file, movedTo, pages, error });
  }
}

/** A file still held open for writing by the scanner (Windows share) cannot be opened read-write. */
async function writable(file: string): Promise<boolean> {
  try {
    const fh = await open(file, 'r+');
    await fh.close();
    return true;
  } catch {
    return false;
  }
}

/** Moves into `dir`, adding " (2)", " (3)"… when the name is taken (the same scan name reused next day). */
async function moveAside(file: string, dir: string): Promise<string | undefined> {
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  const ext = extname(file);
  const stem = basename(file, ext);
  for (let i = 1; i < 1000; i++) {
    const target = join(dir, i === 1 ? `${stem}${ext}` : `${stem} (${i})${ext}`);
    if (await stat(target).then(() => true, () => false)) continue;
    try {
      await rename(file, target);
      return target;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
