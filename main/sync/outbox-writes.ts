// Writers of outbox items other than `dossier.create` (written by dossier-service). Each runs inside the
// caller's transaction, next to the change it reports, so the change and its report commit together.
import type { Database as Raw } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { DossierEntity, DossierEventEntity } from '../persistence/entities';
import { enqueueOutbox } from '../services/audit';
import { expandPendingCreate } from './expand';
import type { ProgressPayload } from './mapping';

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

export async function enqueueFileUpload(em: EntityManager, at: Date, dossierId: string, file: FileUploadPayload): Promise<void> {
  expandPendingCreate(rawOf(em), dossierId, at);
  await enqueueOutbox(em, { at, dossierId, kind: 'file.upload', payload: file });
}

/** A status event: reported with CapNhatTienDoHoSoMC. userId is resolved to a name when it is sent. */
export async function enqueueProgress(em: EntityManager, at: Date, p: Omit<ProgressPayload, 'userName' | 'userTitle'> & { userId: string }): Promise<void> {
  expandPendingCreate(rawOf(em), p.dossierId, at);
  await enqueueOutbox(em, { at, dossierId: p.dossierId, kind: 'dossier.progress', payload: p });
}

/** The dossier's fields changed: the current state is sent with DongBoHoSoMC isUpdating=true. */
export async function enqueueDossierUpdate(em: EntityManager, at: Date, dossierId: string): Promise<void> {
  expandPendingCreate(rawOf(em), dossierId, at);
  await enqueueOutbox(em, { at, dossierId, kind: 'dossier.update', payload: { dossierId } });
}

/**
 * A local status change (processing, completion request, result ready, handed over…): the dossier row,
 * its event, and the two outbox items reporting it, in the caller's transaction.
 */
export async function changeStatusLocally(em: EntityManager, e: { dossierId: string; toStatus: number; userId: string; note: string; at: Date }): Promise<void> {
  const row = await em.findOneBy(DossierEntity, { id: e.dossierId });
  if (!row) throw new Error(`dossier ${e.dossierId} not found`);
  const at = e.at.toISOString();
  await em.update(DossierEntity, { id: e.dossierId }, { status: e.toStatus, updatedAt: at, rowVersion: row.rowVersion + 1 });
  // Expanded before this event exists, so the receipt's items do not pick this event up as well.
  expandPendingCreate(rawOf(em), e.dossierId, e.at);
  const ins = await em.insert(DossierEventEntity, { dossierId: e.dossierId, kind: 'status', fromStatus: row.status, toStatus: e.toStatus, at, userId: e.userId, note: e.note });
  const eventId = Number(ins.identifiers[0]?.id ?? 0) || null;
  await enqueueProgress(em, e.at, { dossierId: e.dossierId, eventId, at, fromStatus: row.status, toStatus: e.toStatus, userId: e.userId, note: e.note, dueAt: row.dueAt });
  await enqueueDossierUpdate(em, e.at, e.dossierId);
}

/**
 * The better-sqlite3 handle under a transaction's EntityManager (one connection: statements on it join the
 * transaction in progress), for the synchronous helpers shared with the drainer.
 */
function rawOf(em: EntityManager): Raw {
  return (em.connection.driver as unknown as { databaseConnection: Raw }).databaseConnection;
}
