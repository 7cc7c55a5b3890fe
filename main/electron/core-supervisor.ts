// The main process's side of the core: start it, forward requests, restart it after a crash (a few times,
// not forever), and close it on quit — first asking it to close (the core's close() stops scans, OCR and
// the drainer and closes SQLite), then, past a time limit, killing its whole process tree so no tesseract,
// PowerShell or NAPS2 outlives it. Free of Electron: main.ts hands it utilityProcess.fork, tests a Node fork.
import { EventEmitter } from 'node:events';
import type { CoreFailure } from './core-failure';

/** The part of Electron's UtilityProcess (or of a Node ChildProcess, adapted) the supervisor uses. */
export interface CoreProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  readonly stderr?: NodeJS.ReadableStream | null;
}

export interface SupervisorOptions {
  fork: () => CoreProcess;
  /** Kills pid and all its descendants (main/node/process-tree). */
  killTree: (pid: number) => Promise<unknown>;
  /**
   * Kills what a crashed core left running. On Windows an orphan keeps its dead parent's PID as its parent
   * ID, so it can still be found; elsewhere it is re-parented and this finds nothing.
   */
  killOrphans?: (deadPid: number) => Promise<unknown>;
  /** Answers the core's { cipherId, op, data } requests (safeStorage lives in the main process). */
  cipher?: (request: { cipherId: number; op?: unknown; data?: unknown }) => unknown;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Longer than the core's own close limit (core-host CORE_CLOSE_LIMIT_MS) plus listing its children. */
  shutdownLimitMs?: number;
  /** At most `max` crash restarts within `windowMs`; one more is a crash loop shown to the user. */
  restarts?: { max: number; windowMs: number };
  now?: () => number;
}

export class CoreStartError extends Error {
  constructor(readonly failure: CoreFailure) {
    super(failure.fatal?.message ?? (failure.kind === 'timeout' ? 'core did not become ready' : `core exited with ${failure.exitCode}`));
  }
}

type Answer = (response: unknown) => void;
const STOPPED = { ok: false, error: { code: 'INTERNAL', message: 'Tiến trình lõi đã dừng; ứng dụng đang khởi động lại lõi, hãy thử lại.' } };
const NOT_READY = { ok: false, error: { code: 'INTERNAL', message: 'Lõi ứng dụng chưa sẵn sàng, hãy thử lại sau giây lát.' } };
const TAIL_BYTES = 8192;

/**
 * Events: 'failed' (CoreFailure) when the core stopped after it had been ready and may not be restarted
 * any more; 'restarted' after a successful restart.
 */
export class CoreSupervisor extends EventEmitter {
  private proc: CoreProcess | null = null;
  private ready = false;
  private stopping = false;
  private nextId = 1;
  private readonly pending = new Map<number, Answer>();
  private readonly crashes: number[] = [];
  private stderrTail = '';

  constructor(private readonly o: SupervisorOptions) {
    super();
  }

  get running(): boolean { return this.ready && this.proc !== null; }
  get pid(): number | undefined { return this.proc?.pid; }

  /** Starts the core; resolves once it says ready, rejects with a CoreStartError (exit, fatal, time-out). */
  start(): Promise<void> {
    if (this.proc) return Promise.reject(new Error('core already started'));
    this.stopping = false;
    this.stderrTail = '';
    const proc = this.o.fork();
    this.proc = proc;
    return new Promise((resolve, reject) => {
      let fatal: CoreFailure['fatal'];
      let settled = false;
      const timeoutMs = this.o.readyTimeoutMs ?? 90_000;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.log(`core: not ready after ${timeoutMs} ms, killing it`);
        void this.o.killTree(proc.pid ?? -1);
        reject(new CoreStartError({ kind: 'timeout', timeoutMs, stderrTail: this.stderrTail }));
      }, timeoutMs);
      proc.on('message', (raw) => {
        const msg = raw as { ready?: boolean; fatal?: CoreFailure['fatal']; cipherId?: number; id?: number; response?: unknown };
        if (!msg || typeof msg !== 'object') return;
        if (msg.ready && !settled) {
          settled = true;
          clearTimeout(timer);
          this.ready = true;
          return resolve();
        }
        if (msg.fatal) fatal = msg.fatal;
        if (typeof msg.cipherId === 'number' && this.o.cipher) proc.postMessage(this.o.cipher(msg as { cipherId: number }));
        if (typeof msg.id === 'number') {
          this.pending.get(msg.id)?.(msg.response);
          this.pending.delete(msg.id);
        }
      });
      const stderrDone = this.captureStderr(proc);
      const pid = proc.pid;
      proc.on('exit', async (code) => {
        clearTimeout(timer);
        if (!this.stopping && pid !== undefined) void this.o.killOrphans?.(pid).catch(() => undefined);
        if (this.proc === proc) this.proc = null;
        const wasReady = this.ready;
        this.ready = false;
        for (const answer of this.pending.values()) answer(STOPPED);
        this.pending.clear();
        this.log(`core: exited with ${code}${this.stopping ? ' (closing)' : ''}`);
        await stderrDone; // a module that fails to load says why only on stderr, which may trail the exit
        if (!settled) {
          settled = true;
          return reject(new CoreStartError({ kind: 'exit', exitCode: code, fatal, stderrTail: this.stderrTail }));
        }
        if (wasReady && !this.stopping) this.afterCrash({ kind: 'exit', exitCode: code, fatal, stderrTail: this.stderrTail });
      });
    });
  }

  invoke(method: string, input: unknown, session: string | undefined): Promise<unknown> {
    const proc = this.proc;
    if (!proc || !this.ready || this.stopping) return Promise.resolve(NOT_READY);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      proc.postMessage({ id, method, input, session });
    });
  }

  /**
   * Asks the core to close and waits for it to exit; past the limit kills its process tree. Resolves with
   * how it ended. Never restarts it.
   */
  async shutdown(): Promise<'closed' | 'killed' | 'not-running'> {
    const proc = this.proc;
    this.stopping = true;
    if (!proc) return 'not-running';
    const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
    proc.postMessage({ shutdown: true });
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), this.o.shutdownLimitMs ?? 12_000); }),
    ]);
    clearTimeout(timer);
    if (inTime) return 'closed';
    this.log('core: did not close in time, killing its process tree');
    if (proc.pid !== undefined) await this.o.killTree(proc.pid).catch(() => undefined);
    proc.kill();
    await exited;
    return 'killed';
  }

  private afterCrash(failure: CoreFailure): void {
    const now = (this.o.now ?? Date.now)();
    const { max, windowMs } = this.o.restarts ?? { max: 3, windowMs: 60_000 };
    this.crashes.push(now);
    while (this.crashes.length && this.crashes[0]! < now - windowMs) this.crashes.shift();
    if (this.crashes.length > max) {
      this.emit('failed', { ...failure, kind: 'crash-loop' } satisfies CoreFailure);
      return;
    }
    // The data is in SQLite: a restarted core carries on where the crashed one stopped.
    this.start().then(() => this.emit('restarted'), (e: CoreStartError) => this.emit('failed', e.failure));
  }

  /** Logs the core's stderr line by line and keeps its tail; resolves at its end (capped: a stream may never end). */
  private captureStderr(proc: CoreProcess): Promise<void> {
    const stream = proc.stderr;
    if (!stream) return Promise.resolve();
    stream.setEncoding?.('utf8');
    let partial = '';
    stream.on('data', (chunk: string | Buffer) => {
      const text = String(chunk);
      this.stderrTail = (this.stderrTail + text).slice(-TAIL_BYTES);
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) this.log(`core: ${line}`);
    });
    const ended = new Promise<void>((resolve) => { stream.on('end', resolve); stream.on('close', resolve); stream.on('error', () => resolve()); });
    return new Promise((resolve) => proc.on('exit', () => {
      const cap = setTimeout(resolve, 1000);
      void ended.then(() => { clearTimeout(cap); if (partial) this.log(`core: ${partial}`); resolve(); });
    }));
  }

  private log(line: string): void {
    this.o.log?.(line);
  }
}
