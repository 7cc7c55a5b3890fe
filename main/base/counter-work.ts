// What the counter is doing right now inside the core (requests being answered, scanned pages being
// processed), so that background work done in the core's own process waits for a quiet moment instead of
// competing with it. OCR's Tesseract runs at the OS's lowest priority, but its page preparation (a JPEG decoded
// to grey, ~35 ms of a core a page) and the merge of its text layers into the PDF run here, on the libuv and
// libvips threads the counter's work uses too: those threads cannot be given a lower priority per task, so
// the background waits for them instead (cooperative, on every platform).

export interface QuietOptions {
  signal?: AbortSignal;
  /** Longest wait: a counter that never pauses (or a request that never ends) does not starve the background. */
  maxWaitMs?: number;
}

const DEFAULT_QUIET_MS = 150;
const DEFAULT_MAX_WAIT_MS = 60_000;

export class CounterWork {
  private active = 0;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private readonly waiters = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `quietMs`: how long nothing must have run before the background goes on (a click is often followed by another request). */
  constructor(private readonly quietMs = DEFAULT_QUIET_MS, private readonly now: () => number = () => performance.now()) {}

  /** Marks counter work as started; the returned function ends it (once, however often it is called). */
  begin(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      this.lastEnd = this.now();
      this.schedule();
    };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const end = this.begin();
    try {
      return await work();
    } finally {
      end();
    }
  }

  get quiet(): boolean {
    return this.active === 0 && this.now() - this.lastEnd >= this.quietMs;
  }

  /** Resolves once nothing has run for `quietMs` — or when `signal` aborts, or after `maxWaitMs`. */
  whenQuiet(opts: QuietOptions = {}): Promise<void> {
    if (this.quiet || opts.signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(cap);
        opts.signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const cap = setTimeout(done, opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
      opts.signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
      this.schedule();
    });
  }

  /** One timer for all waiters, set for the moment the quiet period would end; nothing while work runs. */
  private schedule(): void {
    if (this.waiters.size === 0 || this.active > 0 || this.timer) return;
    const wait = Math.max(0, this.lastEnd + this.quietMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.quiet) return this.schedule();
      for (const wake of [...this.waiters]) wake();
    }, Math.ceil(wait));
  }
}

/** The core's one instance: the shells' requests and the scan pipeline mark work; OCR waits on it. */
export const counterWork = new CounterWork();
