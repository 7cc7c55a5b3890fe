// The kinds of outbox items and the payload each carries, and the one raw insert shared by the writers
// inside a raw-statement transaction (the drainer's expansion, inbound sync).
import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';

export const OUTBOX_KINDS = ['file.upload', 'dossier.create', 'dossier.update', 'dossier.progress'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface FileUploadPayload {
  /** Stable id of the file (the document id); the portal's file id is kept against it in sync_file. */
  fileKey: string; relativePath: string; sha256: string; size: number; fileName: string;
  /**
   * MaThanhPhanHoSo: which dossier component the file is, or a form code (MAU01…) for the slips; for a result
   * (role 'result', listed in DanhSachGiayToKetQua) the result-type code, or 'KQ<n>' when it has none.
   */
  componentCode: string; role: 'submitted' | 'result';
  /**
   * A digitized component's state (Thông tư 01/2023): 1 digitized, 2 reused, 3 reused from another dossier's
   * result. Written by a scan save and by a reuse; absent on the slips and on items written before it existed.
   */
  digitizationState?: number;
  /** A result paper's name (TenGiayTo, e.g. "Giấy chứng nhận kết hôn"); absent on submitted papers and older items. */
  documentName?: string;
}

/** A status event as the outbox keeps it (immutable once written); the user's name is resolved when sent. */
export interface ProgressItemPayload {
  dossierId: string; eventId: number | null; at: string; fromStatus: number | null; toStatus: number;
  userId: string; note: string; dueAt: string | null;
}

/** The outbox insert for code already inside a raw-statement write of the sync queue. */
export function enqueueOutboxRaw(raw: Raw, at: Date, dossierId: string | null, kind: OutboxKind, payload: unknown): void {
  prepared(raw, `INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)`)
    .run(crypto.randomUUID(), dossierId, kind, JSON.stringify(payload), at.toISOString());
}
