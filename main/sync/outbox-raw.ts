import crypto from 'node:crypto';
import type { Database as Raw, Statement } from 'better-sqlite3';

const cache = new WeakMap<Raw, Map<string, Statement>>();
/** Prepared once per connection and SQL text: the drainer runs the same few statements thousands of times. */
export function prepared(raw: Raw, sql: string): Statement {
  let m = cache.get(raw);
  if (!m) { m = new Map(); cache.set(raw, m); }
  let s = m.get(sql);
  if (!s) { s = raw.prepare(sql); m.set(sql, s); }
  return s;
}

/** enqueueOutbox (services/audit.ts) for code already inside a raw-statement write of the sync queue. */
export function enqueueOutboxRaw(raw: Raw, at: Date, dossierId: string | null, kind: string, payload: unknown): void {
  prepared(raw, `INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)`)
    .run(crypto.randomUUID(), dossierId, kind, JSON.stringify(payload), at.toISOString());
}
