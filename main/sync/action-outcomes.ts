// What became of what a person sent on its way ("Thử lại ngay", "Gửi lại"): the core looks at the line afresh
// and watches the drainer's go at the items for a short while, then says what it saw — never an assumed
// success (issue 9 #12).
import type { Database as Raw } from 'better-sqlite3';
import type { ConnectionMonitor } from './connection-check';
import type { Drainer } from './drainer';
import { describeItem } from './item-details';
import { batchReport, itemPhrase, itemReport, KIND_LABEL, type ActionReport, type LineState } from './messages';
import { itemsBySeq, outboxCounts, type ItemSnapshot, type OutboxStore } from './outbox';

/** What the sync service lends the watch: the queue, the drainer, the monitor, the line as it derives it. */
export interface OutcomeHost {
  readonly store: OutboxStore;
  readonly drainer: Drainer | null;
  readonly connectionMonitor: ConnectionMonitor | null;
  readonly timeoutMs: number;
  lineState(): LineState;
}

const POLL_MS = 100;
const MIN_WAIT_MS = 3_000;
const MAX_WAIT_MS = 12_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an action waits for the drainer's go at its items before answering "đang gửi". */
const waitMs = (host: OutcomeHost) => Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, host.timeoutMs + 2_000));
const stuck = (host: OutcomeHost) => ['offline', 'misconfigured'].includes(host.lineState().connectivity);

/** An item in a sentence: its kind, what it carries, its dossier. */
export function phraseOf(raw: Raw, item: ItemSnapshot): string {
  const number = item.dossierId ? (raw.prepare(`SELECT number FROM dossier WHERE id = ?`).get(item.dossierId) as { number: string } | undefined)?.number ?? null : null;
  return itemPhrase(KIND_LABEL[item.kind] ?? item.kind, describeItem(raw, item), number);
}

/**
 * One item: a fresh look at the line first (no line, or a wrong address: said at once), else the drainer's go
 * at it — sent, refused, failed once more — or where it stands when the wait ends.
 */
export async function itemOutcome(host: OutcomeHost, seq: number, attemptsBefore: number, what: string, resend: boolean): Promise<ActionReport> {
  await host.connectionMonitor?.check(true);
  const read = async () => (await host.store.read((raw) => itemsBySeq(raw, [seq])))[0] ?? null;
  let item = await read();
  const deadline = Date.now() + waitMs(host);
  while (!stuck(host) && Date.now() < deadline) {
    const settled = !item || (item.state !== 'pending' && item.state !== 'in_flight') || (item.state === 'pending' && item.attempts > attemptsBefore);
    if (settled) break;
    await pause(POLL_MS);
    item = await read();
  }
  return itemReport(item, attemptsBefore, what, host.lineState(), resend);
}

/** Every waiting item: until all went (or were refused), the line is found down, or the wait ends. */
export async function batchOutcome(host: OutcomeHost, drainer: Drainer, rescheduled: number, waitingBefore: number,
  before: Drainer['stats']): Promise<ActionReport> {
  await host.connectionMonitor?.check(true);
  let waiting = waitingBefore;
  const deadline = Date.now() + waitMs(host);
  while (waiting > 0 && !stuck(host) && Date.now() < deadline) {
    await pause(POLL_MS);
    waiting = (await host.store.read(outboxCounts)).waiting;
  }
  return batchReport({
    rescheduled, waiting, sent: drainer.stats.sent - before.sent, failed: drainer.stats.retried - before.retried, parked: drainer.stats.parked - before.parked,
    lastProblem: drainer.lastProblem,
  }, host.lineState());
}
