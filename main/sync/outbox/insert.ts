import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';
import type { OutboxEntry } from './payloads';

/**
 * The one INSERT of an outbox item: its kind and typed payload, and a client-made operation id that the
 * portal sees as an idempotency key. Runs on the caller's transaction.
 */
export function insertItem(raw: Raw, at: Date, dossierId: string | null, entry: OutboxEntry, operationId: string = crypto.randomUUID()): void {
  prepared(raw, `INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)`)
    .run(operationId, dossierId, entry.kind, JSON.stringify(entry.payload), at.toISOString());
}
