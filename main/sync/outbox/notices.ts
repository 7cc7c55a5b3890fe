// The applicants' notices in the outbox (kind 'applicant.notice'): queued in the caller's transaction with the
// step that triggers them, claimed and settled by the notice drainer (main/notify), listed for the clerk, and
// closed by hand ("đã gửi thủ công"). Kept apart from the portal's items: dossier_id is NULL (no lane), and
// the portal's claim, status line and list skip this kind (portalItem).
import type { Database as Raw } from 'better-sqlite3';
import type { NoticeChannel } from '../../../shared/contract/api-notify';
import { prepared } from '../../persistence/prepared';
import { payloadField } from './insert';
import { NOTICE_KIND, type ApplicantNoticePayload } from './payloads';
import type { ErrorKind, OutboxItem, OutboxState } from './store';
import { rawOf, type Tx } from './tx';

const COLUMNS = `seq, operation_id AS operationId, dossier_id AS dossierId, kind, payload_json AS payloadJson,
  created_at AS createdAt, state, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, error_kind AS errorKind,
  updated_at AS updatedAt, failure_streak AS failureStreak`;
const CHANNEL = payloadField('channel');

/**
 * Queues a notice. `operationId` makes it idempotent: the same step queued twice (a retried request) adds
 * nothing (answers false). With `manual` the notice is listed for the clerk at once (no gateway can take it).
 */
export function enqueueNotice(tx: Tx, at: Date, payload: ApplicantNoticePayload, operationId: string, manual?: string): boolean {
  const iso = at.toISOString();
  return prepared(rawOf(tx), `INSERT OR IGNORE INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts, last_error, error_kind, updated_at)
    VALUES (?, NULL, '${NOTICE_KIND}', ?, ?, ?, 0, ?, ?, ?)`)
    .run(operationId, JSON.stringify(payload), iso, manual ? 'needs_attention' : 'pending', manual ?? null, manual ? 'local' : null, manual ? iso : null).changes > 0;
}

/**
 * The notice drainer's claim: due notices of the channels that are up, oldest first; with `probe`, the oldest
 * waiting notice of that channel whatever its retry time (one message tells whether the gateway is back).
 * Claimed notices are in flight with one more attempt.
 */
export function claimNotices(raw: Raw, now: Date, limit: number, channels: readonly NoticeChannel[], probe?: NoticeChannel): OutboxItem[] {
  if (limit <= 0 || (!channels.length && !probe)) return [];
  const at = now.toISOString();
  const items = probe
    ? prepared(raw, `SELECT ${COLUMNS} FROM outbox WHERE kind = '${NOTICE_KIND}' AND state = 'pending' AND ${CHANNEL} = ? ORDER BY seq LIMIT 1`).all(probe) as OutboxItem[]
    : prepared(raw, `SELECT ${COLUMNS} FROM outbox WHERE kind = '${NOTICE_KIND}' AND state = 'pending'
        AND (next_attempt_at IS NULL OR next_attempt_at <= ?) AND ${CHANNEL} IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?`)
      .all(at, JSON.stringify(channels), limit) as OutboxItem[];
  const mark = prepared(raw, `UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE seq = ?`);
  for (const i of items) { mark.run(at, i.seq); i.attempts += 1; i.state = 'in_flight'; }
  return items;
}

/** After a restart nothing is being sent: notices in flight go back to waiting (same message id). */
export function recoverNotices(raw: Raw): number {
  return prepared(raw, `UPDATE outbox SET state = 'pending' WHERE kind = '${NOTICE_KIND}' AND state = 'in_flight'`).run().changes;
}

/** The channel's gateway answers again: its notices that waited for it go now, not at their own retry time. */
export function releaseNoticeChannel(raw: Raw, channel: NoticeChannel): number {
  return prepared(raw, `UPDATE outbox SET next_attempt_at = NULL WHERE kind = '${NOTICE_KIND}' AND state = 'pending' AND ${CHANNEL} = ?`).run(channel).changes;
}

/** When the next waiting notice is due (null: none waits with a retry time). */
export function nextNoticeDue(raw: Raw): string | null {
  return (prepared(raw, `SELECT min(next_attempt_at) AS at FROM outbox WHERE kind = '${NOTICE_KIND}' AND state = 'pending'`).get() as { at: string | null }).at;
}

export interface NoticeListRow {
  seq: number; payload: ApplicantNoticePayload; state: OutboxState; lastError: string | null; errorKind: ErrorKind | null; attempts: number;
  createdAt: string; nextAttemptAt: string | null; doneAt: string | null; dossierNumber: string | null; applicantName: string | null;
}

/** Newest first: 'manual' = for the clerk (needs_attention), 'open' = not yet sent or closed, 'all'. */
export function listNotices(raw: Raw, filter: 'manual' | 'open' | 'all', limit: number): NoticeListRow[] {
  const where = filter === 'manual' ? `o.state = 'needs_attention'` : filter === 'open' ? `o.state IN ('pending','in_flight','needs_attention')` : '1';
  const rows = prepared(raw, `SELECT o.seq, o.payload_json, o.state, o.last_error, o.error_kind, o.attempts, o.created_at, o.next_attempt_at,
      coalesce(o.done_at, CASE WHEN o.state = 'resolved' THEN o.updated_at END) AS done_at, d.number, d.applicant_name
    FROM outbox o LEFT JOIN dossier d ON d.id = ${payloadField('dossierId', 'o.')}
    WHERE o.kind = '${NOTICE_KIND}' AND ${where} ORDER BY o.seq DESC LIMIT ?`).all(limit) as {
      seq: number; payload_json: string; state: OutboxState; last_error: string | null; error_kind: ErrorKind | null; attempts: number;
      created_at: string; next_attempt_at: string | null; done_at: string | null; number: string | null; applicant_name: string | null;
    }[];
  return rows.flatMap((r) => {
    let payload: ApplicantNoticePayload;
    try { payload = JSON.parse(r.payload_json) as ApplicantNoticePayload; } catch { return []; }
    return [{
      seq: r.seq, payload, state: r.state, lastError: r.last_error, errorKind: r.error_kind, attempts: r.attempts, createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at, doneAt: r.done_at, dossierNumber: r.number, applicantName: r.applicant_name,
    }];
  });
}

export function noticeCounts(raw: Raw): { manual: number; waiting: number } {
  return prepared(raw, `SELECT
      (SELECT count(*) FROM outbox WHERE kind = '${NOTICE_KIND}' AND state = 'needs_attention') AS manual,
      (SELECT count(*) FROM outbox WHERE kind = '${NOTICE_KIND}' AND state IN ('pending','in_flight')) AS waiting`).get() as { manual: number; waiting: number };
}

/** One notice (any state), or null. */
export function noticeItem(raw: Raw, seq: number): { seq: number; state: OutboxState; payload: ApplicantNoticePayload } | null {
  const r = prepared(raw, `SELECT seq, state, payload_json FROM outbox WHERE seq = ? AND kind = '${NOTICE_KIND}'`).get(seq) as
    { seq: number; state: OutboxState; payload_json: string } | undefined;
  return r ? { seq: r.seq, state: r.state, payload: JSON.parse(r.payload_json) as ApplicantNoticePayload } : null;
}

/**
 * The clerk told the applicant another way: a notice waiting or listed for the clerk is closed. One being
 * sent right now is not (answers false): it may reach the applicant in the next second.
 */
export function markNoticeSentByHand(raw: Raw, seq: number, note: string, at: Date): boolean {
  return prepared(raw, `UPDATE outbox SET state = 'resolved', next_attempt_at = NULL, last_error = ?, updated_at = ?
    WHERE seq = ? AND kind = '${NOTICE_KIND}' AND state IN ('pending','needs_attention')`)
    .run(note ? `Đã gửi thủ công: ${note}` : 'Đã gửi thủ công', at.toISOString(), seq).changes > 0;
}

/**
 * A notice listed for the clerk goes again, through `channel` to `to` (a manual one may now have a gateway),
 * with the same message id. Answers whether it could (only a notice that needs a person).
 */
export function resendNotice(raw: Raw, seq: number, channel: NoticeChannel, to: string, at: Date): boolean {
  return prepared(raw, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, error_kind = NULL, failure_streak = 0,
      last_error = NULL, updated_at = ?, payload_json = json_set(payload_json, '$.channel', ?, '$.to', ?)
    WHERE seq = ? AND kind = '${NOTICE_KIND}' AND state = 'needs_attention'`).run(at.toISOString(), channel, to, seq).changes > 0;
}
