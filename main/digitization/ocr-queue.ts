// Background OCR, one job at a time by default (OCR takes about a second of a core per page; the counter PC
// must stay responsive and keep scanning; an office with a spare core may allow more). Jobs are
// cancellable: a queued job is dropped, a running one is aborted, which kills its Tesseract child.
import { OcrError } from './ocr';

export class OcrCancelledError extends OcrError {
  constructor() {
    super('Đã hủy nhận dạng chữ.');
    this.name = 'OcrCancelledError';
  }
}

interface Entry {
  id: string;
  task: (signal: AbortSignal) => Promise<unknown>;
  controller: AbortController;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class OcrQueue {
  private readonly waiting: Entry[] = [];
  private readonly running: Entry[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Jobs run at once (1 unless the settings allow more). */
  readonly concurrency: number;

  constructor(concurrency = 1) {
    this.concurrency = Math.max(1, Math.floor(concurrency) || 1);
  }

  /** Queues a job; its promise settles with the task's result, or rejects with OcrCancelledError. */
  enqueue<T>(id: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ id, task, controller: new AbortController(), resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Cancels the job(s) with this id, queued or running. Returns whether one was found. */
  cancel(id: string): boolean {
    let found = false;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].id === id) {
        const [entry] = this.waiting.splice(i, 1);
        entry.reject(new OcrCancelledError());
        found = true;
      }
    }
    for (const entry of this.running) {
      if (entry.id === id) {
        entry.controller.abort();
        found = true;
      }
    }
    return found;
  }

  cancelAll(): void {
    for (const entry of this.waiting.splice(0)) entry.reject(new OcrCancelledError());
    for (const entry of this.running) entry.controller.abort();
  }

  get size(): number {
    return this.waiting.length + this.running.length;
  }

  get currentId(): string | null {
    return this.running[0]?.id ?? null;
  }

  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.length < this.concurrency && this.waiting.length) this.start(this.waiting.shift()!);
    if (this.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private start(next: Entry): void {
    this.running.push(next);
    // Started on a later tick so enqueue() never runs OCR synchronously inside the caller.
    setImmediate(() => {
      next
        .task(next.controller.signal)
        .then(
          (v) => (next.controller.signal.aborted ? next.reject(new OcrCancelledError()) : next.resolve(v)),
          (e) => next.reject(next.controller.signal.aborted ? new OcrCancelledError() : e),
        )
        .finally(() => {
          this.running.splice(this.running.indexOf(next), 1);
          this.pump();
        });
    });
  }
}
