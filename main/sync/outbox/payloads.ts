// The kinds of outbox items and the payload each carries: one map, read by the writers (enqueue) and by the
// drainer (payloadOf), so both sides agree on every kind's shape at compile time.

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

export interface OutboxPayloads {
  'file.upload': FileUploadPayload;
  'dossier.create': DossierCreatePayload;
  'dossier.update': DossierUpdatePayload;
  'dossier.progress': ProgressItemPayload;
}
export type OutboxKind = keyof OutboxPayloads;
export const OUTBOX_KINDS = ['file.upload', 'dossier.create', 'dossier.update', 'dossier.progress'] as const satisfies readonly OutboxKind[];

/** One item to enqueue: the kind fixes the payload's type. */
export type OutboxEntry = { [K in OutboxKind]: { kind: K; payload: OutboxPayloads[K] } }[OutboxKind];

export const isOutboxKind = (kind: string): kind is OutboxKind => (OUTBOX_KINDS as readonly string[]).includes(kind);
