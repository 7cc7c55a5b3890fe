import type { Database as Raw, Statement } from 'better-sqlite3';
import type { Database } from '../../persistence/database';
import { prepared } from '../../persistence/prepared';
import { expandCreate } from './expand';
import { isOutboxKind, portalItem, type OutboxKind, type OutboxPayloads } from './payloads';

export type OutboxState = 'pending' | 'in_flight' | 'done' | 'needs_attention' | 'resolved';
/** Why an item failed: the portal's kinds (see sync/portal/errors.ts), a local problem, or an internal error. */
export type ErrorKind = 'network' | 'transient' | 'server' | 'auth' | 'rejected' | 'local' | 'internal';

export interface OutboxItem {
  seq: number; operationId: string; dossierId: string | null; kind: string; payloadJson: string; createdAt: string;
  state: OutboxState; attempts: number; nextAttemptAt: string | null; lastError: string | null; errorKind: ErrorKind | null;
  /** When the item last changed before this claim: its previous failure, if it failed. */
  updatedAt: string | null;
  /** How many times in a row it failed the same way (same kind and message). */
  failureStreak: number;
}

/**
 * The item's payload, typed by its kind through the same map the writers enqueue with. A row whose kind or
 * payload cannot be read is a local problem of that item (thrown, so the drainer parks it), never the queue's.
 */
export function payloadOf<K extends OutboxKind>(item: Pick<OutboxItem, 'kind' | 'payloadJson'>, kind: K): OutboxPayloads[K] {
  if (!isOutboxKind(item.kind) || item.kind !== kind) throw new TypeError(`outbox item of kind ${item.kind} read as ${kind}`);
  return JSON.parse(item.payloadJson) as OutboxPayloads[K];
}

const COLUMNS = `seq, operation_id AS operationId, dossier_id AS dossierId, kind, payload_json AS payloadJson,
  created_at AS createdAt, state, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, error_kind AS errorKind,
  updated_at AS updatedAt, failure_streak AS failureStreak`;

/**
 * The outbox as the drainer sees it. Every statement runs through the database's write/read queue:
 * the connection is shared with the rest of the core, and a statement slipped between the awaits of
 * someone else's transaction would join (or see) that transaction.
 */
export class OutboxStore {
  private batch: { fn: (raw: Raw) => void; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;
  /** Creates expanded by the last claim: their new items are claimable at once. */
  expandedInLastClaim = 0;

  constructor(readonly db: Database) {}

  stmt(sql: string): Statement {
    return prepared(this.db.raw, sql);
  }

  read<T>(fn: (raw: Raw) => T): Promise<T> {
    return this.db.read(() => fn(this.db.raw));
  }

  /**
   * Group commit: writes that arrive while the previous transaction commits share the next one (one fsync
   * for many items). Each write runs in its own savepoint, so one failing write does not undo the others.
   */
  write(fn: (raw: Raw) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ fn, resolve, reject });
      if (!this.flushScheduled) { this.flushScheduled = true; setImmediate(() => this.flush()); }
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    const outcomes: (unknown | undefined)[] = [];
    this.db.write(async () => {
      const raw = this.db.raw;
      for (const b of batch) {
        try {
          raw.exec('SAVEPOINT sync_item');
          b.fn(raw);
          raw.exec('RELEASE sync_item');
          outcomes.push(undefined);
        } catch (e) {
          raw.exec('ROLLBACK TO sync_item; RELEASE sync_item');
          outcomes.push(e ?? new Error('write failed'));
        }
      }
    }).then(
      () => batch.forEach((b, i) => (outcomes[i] === undefined ? b.resolve() : b.reject(outcomes[i]))),
      (e) => batch.forEach((b) => b.reject(e)),
    ).finally(() => {
      // Whatever queued up during this commit goes in the next one.
      if (this.batch.length) setImmediate(() => this.flush()); else this.flushScheduled = false;
    });
  }

  /** After a restart nothing is in flight: those items go back to pending (attempts > 0 → look up first). */
  recover(): Promise<void> {
    // The portal's items only: a notice in flight belongs to the notice drainer, which may be sending it now.
    return this.write((raw) => { raw.prepare(`UPDATE outbox SET state = 'pending' WHERE state = 'in_flight' AND ${portalItem()}`).run(); });
  }

  /**
   * Claims the next item of up to `limit` dossiers: the first open item of each dossier in the order files,
   * create, the rest (then seq), when it is due, its dossier is not already being worked on, and nothing
   * earlier of its dossier is parked. Claimed items are marked in flight with one more attempt, before sending.
   */
  async claim(limit: number, busyLanes: string[], now: Date): Promise<OutboxItem[]> {
    let items: OutboxItem[] = [];
    const at = now.toISOString();
    await this.write((raw) => {
      items = this.stmt(`SELECT ${COLUMNS} FROM outbox o
        WHERE o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) AND ${portalItem('o.')}
          AND (o.dossier_id IS NULL OR (
            o.dossier_id NOT IN (SELECT value FROM json_each(?))
            AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_id = o.dossier_id
              AND p.state IN ('pending','in_flight','needs_attention') AND (p.phase < o.phase OR (p.phase = o.phase AND p.seq < o.seq)))))
        ORDER BY o.seq LIMIT ?`).all(at, JSON.stringify(busyLanes), limit) as OutboxItem[];
      // One item per dossier per claim: the next one of the same dossier waits for this one to finish.
      const seen = new Set<string>();
      items = items.filter((i) => { const lane = laneOf(i); if (seen.has(lane)) return false; seen.add(lane); return true; }).slice(0, limit);
      // A create met for the first time gets its file and progress items; its files then go first.
      const before = items.length;
      items = items.filter((i) => !(i.kind === 'dossier.create' && i.dossierId && expandCreate(raw, i.seq, i.dossierId, now) > 0));
      this.expandedInLastClaim = before - items.length;
      const mark = this.stmt(`UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE seq = ?`);
      for (const i of items) { mark.run(at, i.seq); i.attempts += 1; i.state = 'in_flight'; }
    });
    return items;
  }

  /** When the next retry is due (to sleep until then), or null when nothing waits. */
  nextDue(): Promise<string | null> {
    return this.read(() => (this.stmt(`SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND ${portalItem()}`).get() as { at: string | null }).at);
  }

  done(raw: Raw, seq: number, at: Date): void {
    this.stmtOn(raw, `UPDATE outbox SET state = 'done', done_at = ?, updated_at = ?, last_error = NULL, error_kind = NULL, next_attempt_at = NULL,
      failure_streak = 0 WHERE seq = ?`)
      .run(at.toISOString(), at.toISOString(), seq);
  }

  /** `streak`: how many times in a row the item has now failed this same way (0 when it does not count). */
  retry(raw: Raw, seq: number, kind: ErrorKind, message: string, next: Date, at: Date, streak = 0): void {
    this.stmtOn(raw, `UPDATE outbox SET state = 'pending', last_error = ?, error_kind = ?, next_attempt_at = ?, updated_at = ?, failure_streak = ?
      WHERE seq = ? AND state = 'in_flight'`)
      .run(message, kind, next.toISOString(), at.toISOString(), streak, seq);
  }

  park(raw: Raw, seq: number, kind: ErrorKind, message: string, at: Date, streak = 0): void {
    this.stmtOn(raw, `UPDATE outbox SET state = 'needs_attention', last_error = ?, error_kind = ?, next_attempt_at = NULL, updated_at = ?, failure_streak = ?
      WHERE seq = ?`)
      .run(message, kind, at.toISOString(), streak, seq);
  }

  /** The line is back: everything that waited because of the network goes now, not at its own backoff. */
  resumeAfterOutage(): Promise<void> {
    return this.write((raw) => {
      this.stmtOn(raw, `UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND error_kind IN ('network','transient','server','auth')
        AND ${portalItem()}`).run();
    });
  }

  private stmtOn(_raw: Raw, sql: string): Statement { return this.stmt(sql); }
}

export const laneOf = (i: Pick<OutboxItem, 'dossierId' | 'operationId'>) => i.dossierId ?? `op:${i.operationId}`;
