import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';
import type { OutboxEntry } from './payloads';

/**
 * A field of an item's payload in SQL. Guarded: json_extract fails the whole statement on one malformed
 * payload, and one damaged row must never stop the queue (it fails on its own when the drainer reads it).
 */
export const payloadField = (field: string, table = '') =>
  `CASE WHEN json_valid(${table}payload_json) THEN json_extract(${table}payload_json, '$.${field}') END`;

/**
 * The one INSERT of an outbox item: its kind and typed payload, and a client-made operation id that the
 * portal sees as an idempotency key. Runs on the caller's transaction.
 */
export function insertItem(raw: Raw, at: Date, dossierId: string | null, entry: OutboxEntry, operationId: string = crypto.randomUUID()): void {
  prepared(raw, `INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)`)
    .run(operationId, dossierId, entry.kind, JSON.stringify(entry.payload), at.toISOString());
}
