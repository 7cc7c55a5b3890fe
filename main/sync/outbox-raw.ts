import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';

/** enqueueOutbox (services/audit.ts) for code already inside a raw-statement write of the sync queue. */
export function enqueueOutboxRaw(raw: Raw, at: Date, dossierId: string | null, kind: string, payload: unknown): void {
  raw.prepare(`INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)`)
    .run(crypto.randomUUID(), dossierId, kind, JSON.stringify(payload), at.toISOString());
}
