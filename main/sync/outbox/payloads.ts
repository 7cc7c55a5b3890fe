// The kinds of outbox items and the payload each carries: one map, read by the writers (enqueue) and by the
// drainer (payloadOf), so both sides agree on every kind's shape at compile time.
import type { NoticeChannel, NoticeKind } from '../../../shared/contract/api-notify';

export interface FileUploadPayload {
  /** Stable id of the file (the document id); the portal's file id is kept against it in sync_file. */
  fileKey: string; relativePath: string; sha256: string; size: number;
  /**
   * The name the file was queued under. It may carry the provisional dossier number: the drainer renames it
   * to the dossier's current number when it sends (TenTepDinhKem follows the official number).
   */
  fileName: string;
  /**
   * MaThanhPhanHoSo: which dossier component the file is, or the slip's document kind (FORM01…, sent as the
   * contract's MAU01… by sync/mapping.ts) for the counter slips; for a result
   * (role 'result', listed in DanhSachGiayToKetQua) the result-type code, or 'KQ<n>' when it has none.
   */
  componentCode: string; role: 'submitted' | 'result';
  /**
   * A digitized paper's state (Thông tư 01/2023): 1 digitized at this office, 2 reused, 3 reused from another
   * dossier's result. Written by a scan save, its OCR'd version and a reuse; absent on the counter slips.
   */
  digitizationState?: number;
  /** A result paper's name (TenGiayTo, e.g. "Giấy chứng nhận kết hôn"); absent on submitted papers and older items. */
  documentName?: string;
}

/** The dossier received at the counter; `expanded` once its files and progress items were derived (expand.ts). */
export interface DossierCreatePayload { dossierId: string; number: string; status: number; expanded?: true }

/** The dossier's fields changed: its current state is sent (DongBoHoSoMC isUpdating=true), read when sent. */
export interface DossierUpdatePayload { dossierId: string }

/** A status event as the outbox keeps it (immutable once written); the user's name is resolved when sent. */
export interface ProgressItemPayload {
  dossierId: string; eventId: number | null; at: string; fromStatus: number | null; toStatus: number;
  userId: string; note: string; dueAt: string | null;
}

/**
 * A message to the applicant (result ready, completion requested, new due date), its text rendered when it was
 * queued. Sent by the notice drainer (main/notify), never by the portal's: the dossier id stays in the payload
 * and the row's dossier_id is NULL, so a notice neither waits in nor holds up the dossier's portal lane.
 */
export interface ApplicantNoticePayload {
  dossierId: string; kind: NoticeKind; channel: NoticeChannel;
  /** E-mail address or national phone number (0…); '' when the applicant left none (manual). */
  to: string; subject: string; text: string;
  /** Carried by every attempt (SMTP Message-ID, the gateway's request id): the receiver's duplicate check. */
  messageId: string;
}

export interface OutboxPayloads {
  'file.upload': FileUploadPayload;
  'dossier.create': DossierCreatePayload;
  'dossier.update': DossierUpdatePayload;
  'dossier.progress': ProgressItemPayload;
  'applicant.notice': ApplicantNoticePayload;
}
export type OutboxKind = keyof OutboxPayloads;
export const OUTBOX_KINDS = ['file.upload', 'dossier.create', 'dossier.update', 'dossier.progress', 'applicant.notice'] as const satisfies readonly OutboxKind[];

/** The kind the notice drainer sends; the portal's drainer, status line and sync screen leave it alone. */
export const NOTICE_KIND = 'applicant.notice' satisfies OutboxKind;
/** SQL condition: the row is one of the portal's items (`alias`: 'o.' etc.). */
export const portalItem = (alias = '') => `${alias}kind != '${NOTICE_KIND}'`;

/** One item to enqueue: the kind fixes the payload's type. */
export type OutboxEntry = { [K in OutboxKind]: { kind: K; payload: OutboxPayloads[K] } }[OutboxKind];

export const isOutboxKind = (kind: string): kind is OutboxKind => (OUTBOX_KINDS as readonly string[]).includes(kind);
