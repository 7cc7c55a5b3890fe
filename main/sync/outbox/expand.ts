import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';
import { insertItem, payloadField } from './insert';
import type { DossierCreatePayload, FileUploadPayload } from './payloads';

/**
 * The forms the province receives as files of the dossier (MAU01–MAU05, sync/mapping.ts): what the applicant
 * is handed. The control sheet (06) and the register book (07) are the office's own papers.
 */
export const PORTAL_FORM_KINDS: ReadonlySet<string> = new Set(['form01', 'form02', 'form03', 'form04', 'form05']);

/**
 * Receiving a dossier writes one outbox row, `dossier.create`, in the same transaction as the dossier, its
 * slip (document) and its first status event. The first time the drainer reaches that row it derives the
 * per-step items from exactly that committed state — an upload per document not yet queued (phase 0, so
 * before the create) and a progress entry per status event not yet queued (after the create) — in one
 * transaction that also marks the create as expanded. Returns how many items it added.
 */
export function expandCreate(raw: Raw, seq: number, dossierId: string, at: Date): number {
  const row = prepared(raw, `SELECT payload_json FROM outbox WHERE seq = ?`).get(seq) as { payload_json: string } | undefined;
  if (!row) return 0;
  // A damaged payload is rewritten from the row's own dossier id rather than stopping every claim.
  const payload = { ...parseOrEmpty(row.payload_json), dossierId } as DossierCreatePayload;
  if (payload.expanded) return 0;
  const dossier = prepared(raw, `SELECT number, due_at FROM dossier WHERE id = ?`).get(dossierId) as { number: string; due_at: string | null } | undefined;
  let added = 0;
  if (dossier) {
    const queuedFiles = new Set((prepared(raw, `SELECT ${payloadField('fileKey')} AS k FROM outbox WHERE dossier_id = ? AND kind = 'file.upload'`)
      .all(dossierId) as { k: string }[]).map((r) => r.k));
    // Only written documents: one still pending (a corrected slip being rendered) has no file yet; it is
    // queued when it becomes ready.
    const docs = prepared(raw, `SELECT id, kind, path, sha256, size FROM document WHERE dossier_id = ? AND state = 'ready' ORDER BY created_at`).all(dossierId) as
      { id: string; kind: string; path: string; sha256: string; size: number }[];
    for (const d of docs) {
      if (queuedFiles.has(d.id) || !PORTAL_FORM_KINDS.has(d.kind)) continue;
      const file: FileUploadPayload = {
        fileKey: d.id, relativePath: d.path, sha256: d.sha256, size: d.size, fileName: `${d.kind}-${dossier.number}.pdf`,
        componentCode: d.kind.toUpperCase(), role: 'submitted',
      };
      insertItem(raw, at, dossierId, { kind: 'file.upload', payload: file });
      added++;
    }
    const queuedEvents = new Set((prepared(raw, `SELECT ${payloadField('eventId')} AS e FROM outbox WHERE dossier_id = ? AND kind = 'dossier.progress'`)
      .all(dossierId) as { e: number | null }[]).map((r) => r.e));
    const events = prepared(raw, `SELECT id, at, from_status, to_status, user_id, note FROM dossier_event WHERE dossier_id = ? AND kind = 'status' ORDER BY id`)
      .all(dossierId) as { id: number; at: string; from_status: number | null; to_status: number; user_id: string; note: string }[];
    for (const e of events) {
      if (queuedEvents.has(e.id)) continue;
      insertItem(raw, at, dossierId, { kind: 'dossier.progress', payload: {
        dossierId, eventId: e.id, at: e.at, fromStatus: e.from_status, toStatus: e.to_status, userId: e.user_id, note: e.note, dueAt: dossier.due_at,
      } });
      added++;
    }
  }
  if (added === 0) {
    prepared(raw, `UPDATE outbox SET payload_json = ? WHERE seq = ?`).run(JSON.stringify({ ...payload, expanded: true } satisfies DossierCreatePayload), seq);
    return 0;
  }
  // The create moves behind the files it waits for (same operation id, new seq): the claim scan walks the
  // queue in seq order, and a create left in front of its own files would be re-examined on every claim.
  const moved = prepared(raw, `SELECT * FROM outbox WHERE seq = ?`).get(seq) as Record<string, unknown>;
  prepared(raw, `DELETE FROM outbox WHERE seq = ?`).run(seq);
  prepared(raw, `INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts, next_attempt_at, last_error, error_kind, updated_at)
    VALUES (@operation_id, @dossier_id, @kind, @payload_json, @created_at, @state, @attempts, @next_attempt_at, @last_error, @error_kind, @updated_at)`)
    .run({ ...pick(moved), payload_json: JSON.stringify({ ...payload, expanded: true } satisfies DossierCreatePayload) });
  return added;
}

function parseOrEmpty(json: string): Partial<DossierCreatePayload> {
  try { return JSON.parse(json) as Partial<DossierCreatePayload>; } catch { return {}; }
}

const MOVED_COLUMNS = ['operation_id', 'dossier_id', 'kind', 'payload_json', 'created_at', 'state', 'attempts', 'next_attempt_at', 'last_error', 'error_kind', 'updated_at'];
const pick = (row: Record<string, unknown>) => Object.fromEntries(MOVED_COLUMNS.map((c) => [c, row[c] ?? null]));

/**
 * Before a later change of a dossier is queued, its create (if not expanded yet) is expanded first, so the
 * receipt's own progress entry keeps its place before the later ones.
 */
export function expandPendingCreate(raw: Raw, dossierId: string, at: Date): void {
  const create = prepared(raw, `SELECT seq FROM outbox WHERE dossier_id = ? AND kind = 'dossier.create' AND state = 'pending'
    AND ${payloadField('expanded')} IS NULL`).get(dossierId) as { seq: number } | undefined;
  if (create) expandCreate(raw, create.seq, dossierId, at);
}
