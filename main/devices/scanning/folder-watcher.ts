// Scan-to-folder: network scanners that save to a shared folder. The folder is polled (change notifications
// are unreliable on SMB shares), a file is taken once it is complete (same size and mtime for stableMs, and
// openable for writing — Windows locks a file still being written), imported, then moved to "da-nhap" (or to
// "khong-nhap-duoc" when it cannot be read). A file is never imported twice: name+size+mtime is remembered.
// Order: the files already in the folder at the first pass by name (the scanner numbers them), later files
// by modification time, then name (the order they were written).
// Several counters may watch one share: a file is first claimed by renaming it into "dang-nhap/<this PC>"
// (a rename is atomic on the share, so one counter wins and the others skip it), then imported from there.
// A file left in this PC's claim folder by a crash is imported at the next start.
import { hostname } from 'node:os';
import { mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import type { FilesDriver } from './files-driver';
import { ScanError, type ScannedPage } from './scanner';

export const PROCESSED_DIR = 'da-nhap';
export const FAILED_DIR = 'khong-nhap-duoc';
export const CLAIM_DIR = 'dang-nhap';

/** This PC's claim folder name: the host name, reduced to characters every file system accepts. */
export function defaultClaimName(): string {
  return hostname().replace(/[^A-Za-z0-9._-]/g, '_') || 'may-tinh';
}

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
  /** Called when a new or still-changing file is noticed (before it is stable): activity in the folder. */
  onSeen?: (file: string) => void;
  /** Called once when the folder stops being readable (share gone), and with undefined when it is back. */
  onFolderError?: (err: Error | undefined) => void;
  /**
   * The name|size|mtime keys already imported. Pass the same set to successive watchers of one folder so a
   * file that could not be moved away is not imported again by the next job.
   */
  imported?: Set<string>;
  /** Name of this PC's claim folder under "dang-nhap" (the host name by default). */
  claimAs?: string;
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
  private readonly imported: Set<string>;
  private readonly claimDir: string;
  private readonly initial = new Set<string>();
  private passes = 0;
  private failing = false;
  private busy?: Promise<void>;
  private stopped = true;

  constructor(private readonly opts: FolderWatcherOptions) {
    this.imported = opts.imported ?? new Set();
    this.claimDir = join(opts.dir, CLAIM_DIR, opts.claimAs ?? defaultClaimName());
  }

  /** Fails when the folder does not exist (it is never created: a missing share must not become a local folder). */
  async start(): Promise<void> {
    const st = await stat(this.opts.dir);
    if (!st.isDirectory()) throw new Error(`${this.opts.dir} is not a folder`);
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
    const first = this.passes++ === 0;
    let entries;
    try {
      entries = await readdir(this.opts.dir, { withFileTypes: true });
      if (this.failing) {
        this.failing = false;
        this.opts.onFolderError?.(undefined);
      }
    } catch (err) {
      if (!this.failing) {
        this.failing = true;
        this.opts.onFolderError?.(err as Error);
      }
      return;
    }
    if (first) await this.resumeClaimed();
    const present = new Set<string>();
    const ready: { file: string; name: string; key: string; mtimeMs: number }[] = [];
    for (const e of entries) {
      if (!e.isFile() || isTempName(e.name)) continue;
      const file = join(this.opts.dir, e.name);
      present.add(file);
      if (first) this.initial.add(file);
      const st = await stat(file).catch(() => undefined);
      if (!st) continue;
      const key = `${e.name}|${st.size}|${st.mtimeMs}`;
      if (this.imported.has(key)) continue;
      const prev = this.pending.get(file);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.pending.set(file, { size: st.size, mtimeMs: st.mtimeMs, since: now });
        this.opts.onSeen?.(file);
        continue;
      }
      if (now - prev.since < stableMs || st.size === 0) continue;
      ready.push({ file, name: e.name, key, mtimeMs: st.mtimeMs });
    }
    for (const f of this.pending.keys()) if (!present.has(f)) this.pending.delete(f);
    ready.sort((a, b) => {
      const ia = this.initial.has(a.file);
      const ib = this.initial.has(b.file);
      if (ia !== ib) return ia ? -1 : 1;
      if (!ia && a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    for (const r of ready) {
      if (this.stopped) return;
      // Still complete and not locked by the writer (checked last, just before the import).
      if (!(await writable(r.file))) continue;
      this.pending.delete(r.file);
      this.imported.add(r.key);
      const claimed = await this.claim(r.file);
      if (claimed === null) continue; // another counter took it first
      await this.importOne(claimed, r.file);
    }
  }

  /**
   * Renames the file into this PC's claim folder. null: it is gone (another counter claimed it); the file
   * itself when it cannot be renamed for another reason (a share without delete rights): imported in place.
   */
  private async claim(file: string): Promise<string | null> {
    try {
      await mkdir(this.claimDir, { recursive: true });
      const target = join(this.claimDir, basename(file));
      if (await stat(target).then(() => true, () => false)) return file;
      await rename(file, target);
      return target;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT' && !(await stat(file).then(() => true, () => false)) ? null : file;
    }
  }

  /** Files this PC claimed but did not finish (the app stopped mid-import) come first, by name. */
  private async resumeClaimed(): Promise<void> {
    const names = (await readdir(this.claimDir, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile() && !isTempName(e.name)).map((e) => e.name).sort();
    for (const name of names) {
      if (this.stopped) return;
      const file = join(this.claimDir, name);
      const st = await stat(file).catch(() => undefined);
      // The claim keeps name, size and mtime: a file imported earlier that could not be moved on stays out.
      const key = st && `${name}|${st.size}|${st.mtimeMs}`;
      if (!key || this.imported.has(key)) continue;
      this.imported.add(key);
      await this.importOne(file, join(this.opts.dir, name));
    }
  }

  /** Imports `file` and moves it aside; `shownAs` is where the clerk's scanner put it. */
  private async importOne(file: string, shownAs = file): Promise<void> {
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
    this.opts.onImport({ file: shownAs, movedTo, pages, error });
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
