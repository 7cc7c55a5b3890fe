// The ScanJob every driver returns: a push queue of pages (pushed the moment each file is complete), progress
// listeners and a cancel hook. Drivers only push/fail/end; the ordering and error rules live here once.
import { scanError, type ScanError, type ScanJob, type ScannedPage, type ScanProgress } from './scanner';

type Waiter = { resolve: (r: IteratorResult<ScannedPage>) => void; reject: (e: unknown) => void };

export class PageChannel implements ScanJob {
  private readonly queue: ScannedPage[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly listeners: ((p: ScanProgress) => void)[] = [];
  private closed = false;
  private failure?: ScanError;
  private iterated = false;
  private pushed = 0;
  private delivered = 0;
  private cancelRequested = false;
  private started = false;
  private cancelling?: Promise<void>;
  /** Set by the driver: stops the device/helper. Must resolve once it has stopped. */
  onCancel: () => Promise<void> = async () => undefined;

  constructor(
    private readonly expected?: number,
    signal?: AbortSignal,
  ) {
    if (signal) {
      if (signal.aborted) queueMicrotask(() => void this.cancel());
      else signal.addEventListener('abort', () => void this.cancel(), { once: true });
    }
    queueMicrotask(() => this.emit('starting'));
  }

  get isCancelled(): boolean {
    return this.cancelRequested;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Pages pushed so far (the next page's index). */
  get count(): number {
    return this.pushed;
  }

  /** Hands over one complete page. Ignored once the job is closed or cancelled (the driver deletes the file). */
  push(page: Omit<ScannedPage, 'index'>): boolean {
    if (this.closed || this.cancelRequested) return false;
    const full: ScannedPage = { ...page, index: this.pushed++ };
    this.emit('scanning');
    const w = this.waiters.shift();
    if (w) {
      this.delivered++;
      w.resolve({ value: full, done: false });
    } else this.queue.push(full);
    return true;
  }

  /** Ends the job normally (queued pages are still delivered). */
  end(): void {
    if (this.closed) return;
    if (this.cancelRequested) return this.fail(scanError('CANCELLED', this.pushed));
    this.closed = true;
    this.emit('finishing');
    this.flush();
  }

  /** Ends the job with an error after the queued pages; pagesDelivered is set to the pages handed over. */
  fail(err: ScanError): void {
    if (this.closed) return;
    this.closed = true;
    // Whatever the helper says while being stopped, the clerk asked for a cancel.
    this.failure = this.cancelRequested && err.code !== 'CANCELLED' ? scanError('CANCELLED', this.pushed, err.detail) : err;
    this.emit('finishing');
    this.flush();
  }

  progress(listener: (p: ScanProgress) => void): void {
    this.listeners.push(listener);
  }

  cancel(): Promise<void> {
    if (this.cancelling) return this.cancelling;
    this.cancelRequested = true;
    this.cancelling = (async () => {
      if (!this.closed) {
        try {
          await this.onCancel();
        } finally {
          this.fail(scanError('CANCELLED', this.pushed));
        }
      }
    })();
    return this.cancelling;
  }

  get pages(): AsyncIterable<ScannedPage> {
    return {
      [Symbol.asyncIterator]: () => {
        if (this.iterated) throw new Error('ScanJob.pages can be iterated only once');
        this.iterated = true;
        return {
          next: () => this.next(),
          // A consumer that stops early (break) cancels the scan so the helper does not keep feeding paper.
          return: async () => {
            if (!this.closed) await this.cancel().catch(() => undefined);
            return { value: undefined, done: true };
          },
        };
      },
    };
  }

  private next(): Promise<IteratorResult<ScannedPage>> {
    const page = this.queue.shift();
    if (page) {
      this.delivered++;
      return Promise.resolve({ value: page, done: false });
    }
    if (this.closed) return this.finalResult();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private finalResult(): Promise<IteratorResult<ScannedPage>> {
    if (!this.failure) return Promise.resolve({ value: undefined, done: true });
    // Queued pages are always handed over before the error, so this equals the count the driver used.
    this.failure.pagesDelivered = this.delivered;
    return Promise.reject(this.failure);
  }

  private flush(): void {
    while (this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      this.finalResult().then(w.resolve, w.reject);
    }
  }

  private emit(phase: ScanProgress['phase']): void {
    // 'starting' always comes first, even when pages arrive before the deferred start notice.
    if (phase === 'starting') {
      if (this.started) return;
    } else if (!this.started) this.emit('starting');
    this.started = true;
    const p: ScanProgress = { pagesDone: this.pushed, pagesExpected: this.expected, phase };
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // A broken listener must not stop the scan.
      }
    }
  }
}
