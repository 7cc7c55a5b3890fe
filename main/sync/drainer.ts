import type { Clock } from '../base/context';
import { backoffMs } from './backoff';
import type { PortalConfig } from './config';
import { processItem, type ProcessContext } from './item-processors';
import { describeError, needsPerson, parkedAfterRepeats } from './messages';
import { laneOf, type OutboxItem, type OutboxStore } from './outbox';
import type { PortalClient } from './portal/client';
import { PortalError } from './portal/errors';

export interface DrainerOptions {
  /** Dossiers worked on at the same time (items of one dossier always go one after the other). */
  concurrency: number;
  /** Per-item retry backoff (5xx, time-outs, unexpected errors). */
  retryBaseMs: number; retryMaxMs: number;
  /** While the provincial system is unreachable: one probe, with this backoff, then everything resumes. */
  probeBaseMs: number; probeMaxMs: number;
  /** Consecutive 5xx / auth failures after which the drainer pauses as a whole instead of item by item. */
  pauseAfterFailures: number;
  /** How often the outbox is looked at when nothing signalled new work. */
  pollMs: number;
  /**
   * An item that fails this many times in a row the same way, for a reason of its own (a local error, or the
   * portal failing it while other items get through), is parked for a person instead of retried in the dark.
   */
  parkAfterSameFailures?: number;
}
export const DEFAULT_DRAINER_OPTIONS: DrainerOptions = {
  concurrency: 6, retryBaseMs: 5_000, retryMaxMs: 15 * 60_000, probeBaseMs: 3_000, probeMaxMs: 5 * 60_000,
  pauseAfterFailures: 5, pollMs: 2_000, parkAfterSameFailures: 5,
};

export type Connectivity = 'online' | 'offline' | 'paused';

const LINE_CHECK_TIMEOUT_MS = 5_000;

/**
 * The background drainer of the outbox: ordered per dossier, parallel across dossiers, exponential backoff
 * with jitter, 4xx parked for a person, network outages handled by probing instead of retrying every item.
 * All state is in SQLite; `start` after a crash resumes where the previous run stopped.
 */
export class Drainer {
  private running = false;
  private loop$: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake: (() => void) | null = null;
  /** A notify that arrived while the loop was not sleeping: the next sleep returns at once. */
  private signalled = false;
  private failures = 0;
  private outageAttempts = 0;
  private pausedUntil = 0;
  connectivity: Connectivity = 'online';
  lastSuccessAt: Date | null = null;
  lastProblem: string | null = null;
  readonly progress: ProcessContext['progress'] = new Map();
  /** Whether a line check (after one request got no answer) is under way. */
  private checking = false;
  /** Counters for the status screen, tests and the benchmark (outages: times the drainer went offline). */
  readonly stats = { sent: 0, retried: 0, parked: 0, probes: 0, outages: 0, lineChecks: 0 };

  constructor(
    private readonly store: OutboxStore,
    private readonly client: PortalClient,
    private readonly config: PortalConfig,
    private readonly filesRoot: string,
    private readonly clock: Clock,
    private readonly options: DrainerOptions = DEFAULT_DRAINER_OPTIONS,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    await this.store.recover();
    this.running = true;
    this.loop$ = this.loop().catch((e) => this.log(`[sync] drainer stopped: ${(e as Error).stack ?? e}`));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    this.client.close();
    await this.loop$;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** New work or a person asked to retry now. */
  notify(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w(); else this.signalled = true;
  }

  /** "Thử lại ngay": also ends an outage pause. */
  retryNow(): void {
    this.pausedUntil = 0;
    if (this.connectivity !== 'online') this.outageAttempts = 0;
    this.notify();
  }

  get busy(): number { return this.inFlight.size; }

  private async loop(): Promise<void> {
    while (this.running) {
      if (this.connectivity === 'offline') {
        await this.probe();
        continue;
      }
      const now = Date.now();
      if (this.pausedUntil > now) {
        await this.sleep(this.pausedUntil - now);
        if (this.pausedUntil <= Date.now()) { this.pausedUntil = 0; this.connectivity = 'online'; }
        continue;
      }
      const free = this.options.concurrency - this.inFlight.size;
      let progressed = false;
      if (free >= Math.max(1, Math.floor(this.options.concurrency / 3))) {
        let claimed: OutboxItem[] = [];
        try {
          claimed = await this.store.claim(free, [...this.inFlight.keys()], this.clock.now());
        } catch (e) {
          // The queue itself could not be read this time (the database busy, a damaged row): the drainer stays up.
          this.log(`[sync] claim failed: ${(e as Error).stack ?? e}`);
        }
        for (const item of claimed) this.launch(item);
        progressed = claimed.length > 0 || this.store.expandedInLastClaim > 0;
      }
      if (!progressed || this.inFlight.size >= this.options.concurrency) {
        await this.sleep(this.inFlight.size ? this.options.pollMs : await this.idleDelay());
      }
    }
  }

  private async idleDelay(): Promise<number> {
    const due = await this.store.nextDue();
    if (!due) return this.options.pollMs;
    return Math.max(5, Math.min(this.options.pollMs, Date.parse(due) - this.clock.now().getTime()));
  }

  private launch(item: OutboxItem): void {
    const lane = laneOf(item);
    const task = this.run(item).finally(() => { this.inFlight.delete(lane); this.notify(); });
    this.inFlight.set(lane, task);
  }

  private async run(item: OutboxItem): Promise<void> {
    const ctx: ProcessContext = { store: this.store, client: this.client, config: this.config, filesRoot: this.filesRoot, now: () => this.clock.now(), progress: this.progress };
    try {
      const commit = await processItem(ctx, item);
      await this.store.write((raw) => { commit(raw); this.store.done(raw, item.seq, this.clock.now()); });
      this.stats.sent++;
      this.failures = 0;
      this.lastSuccessAt = this.clock.now();
      this.lastProblem = null;
      if (this.connectivity === 'paused') this.connectivity = 'online';
    } catch (e) {
      await this.fail(item, e);
    }
  }

  private async fail(item: OutboxItem, e: unknown): Promise<void> {
    const { kind, message } = describeError(e);
    const now = this.clock.now();
    if (kind === 'internal') this.log(`[sync] item ${item.seq} (${item.kind}): ${(e as Error).stack ?? e}`);
    if (needsPerson(kind)) {
      await this.store.write((raw) => this.store.park(raw, item.seq, kind, message, now));
      this.stats.parked++;
      this.failures = 0;
      return;
    }
    const streak = this.sameFailureStreak(item, kind, message);
    if (streak >= (this.options.parkAfterSameFailures ?? DEFAULT_DRAINER_OPTIONS.parkAfterSameFailures!)) {
      await this.store.write((raw) => this.store.park(raw, item.seq, kind, parkedAfterRepeats(kind, message, streak), now, streak));
      this.stats.parked++;
      return;
    }
    const next = new Date(now.getTime() + backoffMs(item.attempts, this.options.retryBaseMs, this.options.retryMaxMs));
    await this.store.write((raw) => this.store.retry(raw, item.seq, kind, message, next, now, streak));
    this.stats.retried++;
    this.lastProblem = message;
    if (kind === 'network') {
      // Cannot connect at all: stop claiming, probe with backoff, resume everything when the line is back.
      this.goOffline();
      return;
    }
    // One request without an answer: only this item waits. Whether the line itself is down is asked once.
    if (kind === 'transient') void this.checkLine();
    if (kind === 'server' || kind === 'auth' || kind === 'transient') {
      this.failures++;
      if (this.failures >= this.options.pauseAfterFailures) {
        this.connectivity = 'paused';
        this.pausedUntil = Date.now() + backoffMs(this.failures - this.options.pauseAfterFailures + 1, this.options.probeBaseMs, this.options.probeMaxMs);
      }
    }
  }

  /**
   * How many times in a row the item has now failed this same way, counting only failures that are the
   * item's own: a local (internal) error always; a portal error only when other items got through since the
   * item's previous failure (a portal down for everyone is an outage, not this item's problem). 0: not counted.
   */
  private sameFailureStreak(item: OutboxItem, kind: string, message: string): number {
    const own = kind === 'internal'
      || ((kind === 'server' || kind === 'transient') && this.lastSuccessAt !== null && item.updatedAt !== null && this.lastSuccessAt.getTime() > Date.parse(item.updatedAt));
    if (!own) return 0;
    return item.errorKind === kind && item.lastError === message ? item.failureStreak + 1 : 1;
  }

  private goOffline(): void {
    if (this.connectivity !== 'offline') this.stats.outages++;
    this.connectivity = 'offline';
  }

  /**
   * After a time-out or a dropped connection: a quick look at /health tells a slow answer (the line works:
   * the other lanes go on) from an outage (nothing connects: go offline and probe). One check at a time.
   */
  private async checkLine(): Promise<void> {
    if (this.checking || this.connectivity === 'offline' || !this.running) return;
    this.checking = true;
    this.stats.lineChecks++;
    try {
      await this.client.probe(Math.min(this.config.timeoutMs, LINE_CHECK_TIMEOUT_MS));
    } catch (e) {
      if (this.running && e instanceof PortalError && (e.kind === 'network' || e.kind === 'transient')) this.goOffline();
    } finally {
      this.checking = false;
    }
  }

  private async probe(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
    this.signalled = false; // the in-flight tasks' own wake-ups must not skip the probe's backoff
    this.outageAttempts++;
    await this.sleep(backoffMs(this.outageAttempts, this.options.probeBaseMs, this.options.probeMaxMs));
    if (!this.running || this.connectivity !== 'offline') return;
    this.stats.probes++;
    try {
      await this.client.probe();
    } catch {
      return;
    }
    this.outageAttempts = 0;
    this.connectivity = 'online';
    await this.store.resumeAfterOutage();
  }

  private sleep(ms: number): Promise<void> {
    if (this.signalled) { this.signalled = false; return Promise.resolve(); }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); resolve(); };
    });
  }
}
