// What the rest of sync reads from (and a person changes in) the outbox: the status line, the sync screen's
// list, a person's "retry now / resend / resolved", and the drainer's look-backs at items already sent.
// Every function takes the caller's raw handle (inside OutboxStore.read/write, i.e. the database queue).
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';
import { payloadField } from './insert';
import { portalItem, type FileUploadPayload, type ProgressItemPayload } from './payloads';
import type { ErrorKind, OutboxState } from './store';

const OPEN = `('pending','in_flight','needs_attention')`;

// Look-ups among one dossier's open items go through the lane index (dossier_id, phase, seq), a partial index
// over the open states: SQLite uses it only when the query repeats its condition word for word, hence the
// `state IN ${OPEN}` next to the narrower state test. Without it every look-up scans all open items of the
// office (1.7 s for the status line with 20,000 items waiting).
const LANE = `outbox INDEXED BY outbox_lane`;

/**
 * The first parked item of the same dossier that goes before `o` (by phase, then seq): `o` cannot be sent
 * until a person handles it. NULL when nothing blocks `o`.
 */
const BLOCKED_BY = `(SELECT p.seq FROM ${LANE.replace('outbox', 'outbox p')} WHERE p.dossier_id = o.dossier_id AND p.state IN ${OPEN}
    AND p.state = 'needs_attention' AND (p.phase < o.phase OR (p.phase = o.phase AND p.seq < o.seq)) ORDER BY p.phase, p.seq LIMIT 1)`;

export interface OutboxCounts {
  /** Items that will go by themselves (now, at their retry time, or when the line is back). */
  waiting: number;
  /** Items held behind a parked item of their dossier: they go only once a person handles it. */
  blocked: number;
  parked: number;
}

export function outboxCounts(raw: Raw): OutboxCounts {
  // Blocked: the open items of a dossier after its first parked item (few parked items: from them to their lanes).
  const r = prepared(raw, `WITH first_parked AS (
        SELECT dossier_id, phase, min(seq) AS seq FROM outbox p1 WHERE state = 'needs_attention' AND dossier_id IS NOT NULL
          AND phase = (SELECT min(phase) FROM outbox p2 WHERE p2.dossier_id = p1.dossier_id AND p2.state = 'needs_attention')
        GROUP BY dossier_id)
    SELECT (SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight') AND ${portalItem()}) AS open,
      (SELECT count(*) FROM first_parked f JOIN ${LANE.replace('outbox', 'outbox o')} ON o.dossier_id = f.dossier_id AND o.state IN ${OPEN}
        AND o.state != 'needs_attention' AND (o.phase > f.phase OR (o.phase = f.phase AND o.seq > f.seq))) AS blocked,
      (SELECT count(*) FROM outbox WHERE state = 'needs_attention' AND ${portalItem()}) AS parked`).get() as { open: number; blocked: number; parked: number };
  return { waiting: r.open - r.blocked, blocked: r.blocked, parked: r.parked };
}

/** When an item last reached the portal (the status line after a restart, before the drainer sent anything). */
export function lastDeliveredAt(raw: Raw): string | null {
  return (prepared(raw, `SELECT max(done_at) AS at FROM outbox WHERE state = 'done' AND ${portalItem()}`).get() as { at: string | null }).at;
}

export interface OutboxListRow {
  seq: number; kind: string; dossierId: string | null; state: OutboxState; attempts: number; nextAttemptAt: string | null;
  lastError: string | null; errorKind: ErrorKind | null; createdAt: string; dossierNumber: string | null;
  fileSize: number | null; fileOffset: number | null;
  /** The parked item this one waits behind (see BLOCKED_BY), with what it is. */
  blockedBy: { seq: number; kind: string } | null;
  /** For a parked item: the later open items of its dossier, which wait behind it. */
  blocking: number;
}

/** The sync screen's rows, newest first: open items (waiting, blocked, parked), only parked ones, or all. */
export function listItems(raw: Raw, filter: 'open' | 'parked' | 'all', limit: number): OutboxListRow[] {
  const where = filter === 'parked' ? `o.state = 'needs_attention'` : filter === 'open' ? `o.state IN ${OPEN}` : '1';
  const rows = raw.prepare(`SELECT o.seq, o.kind, o.dossier_id, o.state, o.attempts, o.next_attempt_at, o.last_error, o.error_kind,
        o.created_at, d.number, f.size AS file_size, f.upload_offset AS file_offset, b.seq AS blocked_seq, b.kind AS blocked_kind,
        CASE WHEN o.state = 'needs_attention' AND o.dossier_id IS NOT NULL THEN (SELECT count(*) FROM ${LANE.replace('outbox', 'outbox x')}
          WHERE x.dossier_id = o.dossier_id AND x.state IN ${OPEN} AND x.state != 'needs_attention'
          AND (x.phase > o.phase OR (x.phase = o.phase AND x.seq > o.seq))) ELSE 0 END AS blocking
      FROM outbox o LEFT JOIN dossier d ON d.id = o.dossier_id
      LEFT JOIN sync_file f ON o.kind = 'file.upload' AND f.file_key = ${payloadField('fileKey', 'o.')}
      LEFT JOIN outbox b ON o.state IN ('pending','in_flight') AND o.dossier_id IS NOT NULL AND b.seq = ${BLOCKED_BY}
      WHERE ${where} AND ${portalItem('o.')} ORDER BY o.seq DESC LIMIT ?`).all(limit) as {
        seq: number; kind: string; dossier_id: string | null; state: OutboxState; attempts: number; next_attempt_at: string | null;
        last_error: string | null; error_kind: ErrorKind | null; created_at: string; number: string | null; file_size: number | null;
        file_offset: number | null; blocked_seq: number | null; blocked_kind: string | null; blocking: number;
      }[];
  return rows.map((r) => ({
    seq: r.seq, kind: r.kind, dossierId: r.dossier_id, state: r.state, attempts: r.attempts, nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error, errorKind: r.error_kind, createdAt: r.created_at, dossierNumber: r.number,
    fileSize: r.file_size, fileOffset: r.file_offset,
    blockedBy: r.blocked_seq !== null ? { seq: r.blocked_seq, kind: r.blocked_kind ?? '' } : null,
    blocking: r.blocking,
  }));
}

/** "Thử lại ngay": waiting items (one, or all) become due now. Returns how many. */
export function rescheduleNow(raw: Raw, seq?: number): number {
  return seq === undefined
    ? prepared(raw, `UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND ${portalItem()}`).run().changes
    : prepared(raw, `UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND seq = ?`).run(seq).changes;
}

export interface ParkedItem { seq: number; kind: string; dossierId: string | null; lastError: string | null }

export function parkedItem(raw: Raw, seq: number): ParkedItem | null {
  const r = prepared(raw, `SELECT seq, kind, dossier_id, last_error FROM outbox WHERE seq = ? AND state = 'needs_attention'`).get(seq) as
    { seq: number; kind: string; dossier_id: string | null; last_error: string | null } | undefined;
  return r ? { seq: r.seq, kind: r.kind, dossierId: r.dossier_id, lastError: r.last_error } : null;
}

/** A person fixed the cause: the parked item goes again from scratch (rebuilt from current data when sent). */
export function resendParked(raw: Raw, seq: number, at: Date): boolean {
  return prepared(raw, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, error_kind = NULL, failure_streak = 0, updated_at = ?
    WHERE seq = ? AND state = 'needs_attention'`).run(at.toISOString(), seq).changes > 0;
}

/** A person handled the item outside the app: it is closed, and later items of its dossier go on. */
export function resolveParked(raw: Raw, seq: number, note: string, at: Date): boolean {
  return prepared(raw, `UPDATE outbox SET state = 'resolved', next_attempt_at = NULL, last_error = ?, updated_at = ?
    WHERE seq = ? AND state = 'needs_attention'`).run(`Đã xử lý thủ công: ${note}`, at.toISOString(), seq).changes > 0;
}

/** Items of the dossier not yet sent or handled (inbound: is a local change still on its way?). */
export function openItemCount(raw: Raw, dossierId: string): number {
  return (prepared(raw, `SELECT count(*) AS n FROM outbox WHERE dossier_id = ? AND state IN ${OPEN}`).get(dossierId) as { n: number }).n;
}

/** The dossier's progress items already delivered before `seq` (a retry counts what the portal holds already). */
export function deliveredProgressBefore(raw: Raw, dossierId: string, seq: number): ProgressItemPayload[] {
  return (prepared(raw, `SELECT payload_json FROM outbox WHERE dossier_id = ? AND kind = 'dossier.progress' AND state = 'done' AND seq < ?`)
    .all(dossierId, seq) as { payload_json: string }[]).map((r) => JSON.parse(r.payload_json) as ProgressItemPayload);
}

/**
 * The dossier's files that reached the portal, in the order they were queued, with whether a newer scan
 * (or a reuse) replaced them since.
 */
export function uploadedFilesOf(raw: Raw, dossierId: string): { portalFileId: string; file: FileUploadPayload; replaced: boolean }[] {
  return (prepared(raw, `SELECT f.portal_file_id, o.payload_json, df.replaced_by FROM outbox o
      JOIN sync_file f ON f.file_key = ${payloadField('fileKey', 'o.')}
      LEFT JOIN digitized_file df ON df.id = f.file_key
      WHERE o.dossier_id = ? AND o.kind = 'file.upload' AND f.portal_file_id IS NOT NULL ORDER BY o.seq`)
    .all(dossierId) as { portal_file_id: string; payload_json: string; replaced_by: string | null }[])
    .map((r) => ({ portalFileId: r.portal_file_id, file: JSON.parse(r.payload_json) as FileUploadPayload, replaced: r.replaced_by !== null }));
}

/** Whether an upload item (in any state) names this stored file: the store's clean-up never removes such a file. */
export function uploadNamesFile(raw: Raw, relativePath: string): boolean {
  return prepared(raw, `SELECT 1 FROM outbox WHERE kind = 'file.upload' AND ${payloadField('relativePath')} = ? LIMIT 1`).get(relativePath) !== undefined;
}

/** The operation id of the dossier's receipt (its create item): the key its official number is asked under. */
export function createOperationIdOf(raw: Raw, dossierId: string): string | null {
  return (prepared(raw, `SELECT operation_id FROM outbox WHERE dossier_id = ? AND kind = 'dossier.create' ORDER BY seq LIMIT 1`)
    .get(dossierId) as { operation_id: string } | undefined)?.operation_id ?? null;
}

/** An item as it stands now, with what it carries: a row's description, the outcome of a person's action. */
export interface ItemSnapshot {
  seq: number; kind: string; dossierId: string | null; state: OutboxState; attempts: number; lastError: string | null; payloadJson: string;
}

export function itemsBySeq(raw: Raw, seqs: readonly number[]): ItemSnapshot[] {
  if (!seqs.length) return [];
  return (prepared(raw, `SELECT seq, kind, dossier_id, state, attempts, last_error, payload_json FROM outbox WHERE seq IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(seqs)) as { seq: number; kind: string; dossier_id: string | null; state: OutboxState; attempts: number; last_error: string | null; payload_json: string }[])
    .map((r) => ({ seq: r.seq, kind: r.kind, dossierId: r.dossier_id, state: r.state, attempts: r.attempts, lastError: r.last_error, payloadJson: r.payload_json }));
}
