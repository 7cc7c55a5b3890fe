// Scan-to-folder as a scanner device: a network scanner saves its PDFs/JPEGs into a shared folder (SMB) and
// the clerk presses "Quét" on this device to take them. One device per configured folder. A job watches
// the folder (FolderWatcher: polling, stability check, files moved to "da-nhap" / "khong-nhap-duoc") and
// hands over every page of every file in arrival order, files already there first (by name), until the
// clerk presses "Dừng" (cancel() — the normal end of a folder job, not an error), the request's signal is
// aborted, or no new file has come for idleMs. A file that cannot be imported does not end the job: it is
// recorded in `warnings` (see FolderScanJob) and the job goes on.
import { unlink } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FilesDriver } from './files-driver';
import { FAILED_DIR, FolderWatcher, PROCESSED_DIR, type WatchedImport } from './folder-watcher';
import { PageChannel } from './job';
import {
  COMMON_DPI,
  papersThatFit,
  ScanError,
  type ScanErrorCode,
  type ScanJob,
  type ScannedPage,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanProgress,
  type ScanRequest,
} from './scanner';
import { removeLeftovers } from './workdir';

export const FOLDER_DEVICE_PREFIX = 'folder:';

export interface WatchFolder {
  path: string;
  /** Shown to the clerk ("Thư mục quét: <name>"); the folder's own name by default. */
  name?: string;
}

export interface FolderDriverOptions {
  /** A job ends by itself when no new file has appeared for this long (default 10 minutes). */
  idleMs?: number;
  /** A file is taken once its size and mtime have not changed for this long (default 1 s). */
  stableMs?: number;
  /** Folder polling interval (default 500 ms). */
  pollMs?: number;
  /**
   * Per folder, the files already imported: the app keeps one map for its lifetime and hands it to every
   * driver it builds, so a settings save (which rebuilds the drivers) does not make a file that could not be
   * moved away be taken again. Each driver has its own by default.
   */
  imported?: Map<string, Set<string>>;
  /** This PC's claim folder under "dang-nhap" when several counters watch one share (the host name by default). */
  claimAs?: string;
}

/** Something the clerk should know about during a folder job; the job itself goes on. */
export interface FolderScanWarning {
  /**
   * 'bad-file': damaged or not a PDF/image — moved to "khong-nhap-duoc", none of its pages kept;
   * 'not-moved': imported, but it could not be moved to "da-nhap" (no write permission?);
   * 'folder-unreachable': the folder cannot be read any more (share disconnected); a later warning with
   * the same kind and `resolved: true` says it is back.
   */
  kind: 'bad-file' | 'not-moved' | 'folder-unreachable';
  /** Vietnamese sentence for the clerk. */
  message: string;
  /** The file as found in the watched folder. */
  file?: string;
  /** Where the file is now (khong-nhap-duoc / da-nhap), when it was moved. */
  movedTo?: string;
  /** Raw error text for support. */
  detail?: string;
  code?: ScanErrorCode;
  resolved?: boolean;
  at: string;
}

/** How a folder job ended: all of these are a normal end of `pages` except 'failed'. */
export type FolderJobEnd = 'cancelled' | 'aborted' | 'idle' | 'stopped' | 'failed';

export interface FolderScanJob extends ScanJob {
  readonly deviceId: string;
  readonly folder: string;
  /** Every warning so far, oldest first. */
  readonly warnings: readonly FolderScanWarning[];
  /** Called for each new warning (while the job runs). */
  onWarning(listener: (w: FolderScanWarning) => void): void;
  /** Files imported so far with the number of pages each gave. */
  readonly files: readonly { file: string; movedTo?: string; pages: number }[];
  /** Set once the job has ended. */
  readonly endedBy: FolderJobEnd | undefined;
}

export function isFolderScanJob(job: ScanJob): job is FolderScanJob {
  return job instanceof FolderJob;
}

export function folderDeviceId(path: string): string {
  return `${FOLDER_DEVICE_PREFIX}${resolve(path)}`;
}

const displayName = (f: WatchFolder) => f.name?.trim() || basename(resolve(f.path)) || resolve(f.path);

export class FolderDriver implements ScannerDriver {
  readonly kind = 'folder' as const;
  private readonly folders: { id: string; dir: string; name: string }[];
  /** Per folder, the files imported by earlier jobs (a file that could not be moved is not taken twice). */
  private readonly imported: Map<string, Set<string>>;

  constructor(
    folders: readonly WatchFolder[],
    private readonly files: FilesDriver = new FilesDriver(),
    private readonly opts: FolderDriverOptions = {},
  ) {
    this.imported = opts.imported ?? new Map();
    const seen = new Set<string>();
    this.folders = [];
    for (const f of folders) {
      const id = folderDeviceId(f.path);
      if (seen.has(id)) continue;
      seen.add(id);
      this.folders.push({ id, dir: resolve(f.path), name: displayName(f) });
    }
  }

  /** Every configured folder, reachable or not: the clerk sees it, and starting a scan says what is wrong. */
  async listDevices(): Promise<ScannerDevice[]> {
    return this.folders.map((f) => ({ id: f.id, driver: 'folder' as const, name: `Thư mục quét: ${f.name}` }));
  }

  /**
   * The paper is in the network scanner's feeder and its own panel sets resolution, colour and size; the
   * files come as they were saved. So: source 'feeder', and every resolution, colour mode and paper size is
   * accepted — the request's resolution is only used for files that do not state theirs.
   */
  async capabilities(deviceId: string): Promise<ScannerCapabilities> {
    this.folderOf(deviceId);
    return { sources: ['feeder'], resolutions: [...COMMON_DPI], colorModes: ['color', 'gray', 'bw'], paperSizes: papersThatFit() };
  }

  startScan(deviceId: string, req: ScanRequest, workDir: string): FolderScanJob {
    const folder = this.folderOf(deviceId);
    let imported = this.imported.get(folder.id);
    if (!imported) this.imported.set(folder.id, (imported = new Set()));
    return new FolderJob(folder.id, folder.dir, workDir, req, this.files, { ...this.opts, imported });
  }

  private folderOf(deviceId: string) {
    const id = deviceId.startsWith(FOLDER_DEVICE_PREFIX) ? folderDeviceId(deviceId.slice(FOLDER_DEVICE_PREFIX.length)) : deviceId;
    const f = this.folders.find((x) => x.id === id);
    if (!f) {
      throw new ScanError('UNSUPPORTED', `Thư mục quét "${deviceId.slice(FOLDER_DEVICE_PREFIX.length) || deviceId}" không có trong cấu hình của máy tính này. Hãy chọn lại máy quét.`, `unknown folder device ${deviceId}`);
    }
    return f;
  }
}

class FolderJob implements FolderScanJob {
  readonly warnings: FolderScanWarning[] = [];
  readonly files: { file: string; movedTo?: string; pages: number }[] = [];
  endedBy: FolderJobEnd | undefined;
  private readonly channel = new PageChannel();
  private readonly listeners: ((p: ScanProgress) => void)[] = [];
  private readonly warningListeners: ((w: FolderScanWarning) => void)[] = [];
  private watcher?: FolderWatcher;
  private idleTimer?: NodeJS.Timeout;
  private finishing?: Promise<void>;
  private readonly started: Promise<void>;
  private readonly onAbort = () => void this.finish('aborted');

  constructor(
    readonly deviceId: string,
    readonly folder: string,
    private readonly workDir: string,
    private readonly req: ScanRequest,
    private readonly importer: FilesDriver,
    private readonly opts: Omit<FolderDriverOptions, 'imported'> & { imported: Set<string> },
  ) {
    // A consumer that breaks out of the loop stops the watcher too.
    this.channel.onCancel = () => this.finish('stopped');
    queueMicrotask(() => this.emit('starting'));
    this.started = this.start();
    if (req.signal) {
      if (req.signal.aborted) queueMicrotask(this.onAbort);
      else req.signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  get pages(): AsyncIterable<ScannedPage> {
    return this.channel.pages;
  }

  progress(listener: (p: ScanProgress) => void): void {
    this.listeners.push(listener);
  }

  onWarning(listener: (w: FolderScanWarning) => void): void {
    this.warningListeners.push(listener);
  }

  /** "Dừng": stops watching; the pages so far are kept and `pages` ends normally. */
  cancel(): Promise<void> {
    return this.finish('cancelled');
  }

  private async start(): Promise<void> {
    const watcher = new FolderWatcher({
      dir: this.folder,
      workDir: this.workDir,
      importer: this.importer,
      dpi: this.req.resolution,
      stableMs: this.opts.stableMs,
      pollMs: this.opts.pollMs,
      imported: this.opts.imported,
      ...(this.opts.claimAs ? { claimAs: this.opts.claimAs } : {}),
      onImport: (r) => void this.onImported(r),
      onSeen: () => this.armIdle(),
      onFolderError: (err) => this.folderError(err),
    });
    try {
      await watcher.start();
    } catch (err) {
      await watcher.stop();
      const e = err as NodeJS.ErrnoException;
      this.endedBy ??= 'failed';
      this.channel.fail(
        new ScanError(
          'DISCONNECTED',
          `Không mở được thư mục quét "${this.folder}" — kiểm tra kết nối mạng tới thư mục chia sẻ, thư mục còn tồn tại và máy tính này có quyền đọc, ghi vào đó.`,
          `${e.code ?? ''} ${e.message}`.trim(),
        ),
      );
      return;
    }
    this.watcher = watcher;
    if (this.finishing) {
      // Cancelled while opening the folder: finish() is waiting for `started` and stops the watcher.
      return;
    }
    this.emit('scanning');
    this.armIdle();
  }

  private finish(how: FolderJobEnd): Promise<void> {
    if (this.finishing) return this.finishing;
    this.finishing = (async () => {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      this.req.signal?.removeEventListener('abort', this.onAbort);
      await this.started;
      // The import in progress (if any) completes and its pages are still handed over.
      await this.watcher?.stop();
      await removeLeftovers(this.workDir);
      if (this.channel.isClosed) return; // failed to start
      this.endedBy = how;
      this.emit('finishing');
      this.channel.end();
    })();
    return this.finishing;
  }

  private armIdle(): void {
    if (this.finishing) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.finish('idle'), this.opts.idleMs ?? 10 * 60_000);
  }

  private async onImported(r: WatchedImport): Promise<void> {
    this.armIdle();
    const name = basename(r.file);
    if (r.error) {
      this.warn({
        kind: 'bad-file',
        file: r.file,
        movedTo: r.movedTo,
        code: r.error.code,
        detail: r.error.detail,
        message: `Tệp "${name}" bị hỏng hoặc không phải ảnh/PDF được hỗ trợ nên không nhập được${r.movedTo ? `; tệp đã được chuyển sang thư mục "${FAILED_DIR}"` : ''}. Các tệp khác vẫn được nhập.`,
      });
      // All or nothing per file: a damaged multi-page file gives no pages (the clerk fixes it and saves it
      // again), so a later retry does not duplicate the pages that did import.
      await Promise.all(r.pages.map((p) => unlink(p.filePath).catch(() => undefined)));
      return;
    }
    let kept = 0;
    for (const p of r.pages) {
      const { index: _index, ...page } = p;
      if (this.channel.push(page)) kept++;
      else await unlink(p.filePath).catch(() => undefined);
    }
    this.files.push({ file: r.file, movedTo: r.movedTo, pages: kept });
    if (!r.movedTo) {
      this.warn({
        kind: 'not-moved',
        file: r.file,
        message: `Đã nhập tệp "${name}" nhưng không chuyển được nó sang thư mục "${PROCESSED_DIR}" (máy tính này không có quyền ghi?). Tệp vẫn nằm trong thư mục quét; hãy chuyển hoặc xóa nó để lần quét sau không nhập lại.`,
      });
    }
    if (kept > 0) this.emit('scanning');
  }

  private folderError(err: Error | undefined): void {
    if (err) {
      this.warn({
        kind: 'folder-unreachable',
        code: 'DISCONNECTED',
        detail: err.message,
        message: `Mất kết nối tới thư mục quét "${this.folder}" — kiểm tra kết nối mạng tới thư mục chia sẻ. Các trang đã nhập vẫn được giữ; việc theo dõi tiếp tục khi thư mục mở lại được.`,
      });
    } else {
      this.warn({ kind: 'folder-unreachable', resolved: true, message: `Đã kết nối lại thư mục quét "${this.folder}".` });
    }
  }

  private warn(w: Omit<FolderScanWarning, 'at'>): void {
    const full: FolderScanWarning = { ...w, at: new Date().toISOString() };
    this.warnings.push(full);
    for (const l of this.warningListeners) {
      try {
        l(full);
      } catch {
        // A broken listener must not stop the job.
      }
    }
  }

  private emit(phase: ScanProgress['phase']): void {
    const p: ScanProgress = { pagesDone: this.channel.count, phase };
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // A broken listener must not stop the job.
      }
    }
  }
}
