// A status change of a dossier made at this office, and its report to the province, in one transaction.
import type { EntityManager } from 'typeorm';
import { DossierEntity, DossierEventEntity } from '../persistence/entities';
import { enqueueDossierUpdate, enqueueProgress, expandPendingCreate, rawOf } from '../sync/outbox';

/**
 * A local status change (processing, completion request, result ready, handed over…): the dossier row,
 * its event, and the two outbox items reporting it, in the caller's transaction.
 */
export async function changeStatusLocally(em: EntityManager, e: { dossierId: string; toStatus: number; userId: string; note: string; at: Date }): Promise<void> {
  await recordStep(em, { ...e, kind: 'status' });
}

export interface StepRecord {
  dossierId: string;
  toStatus: number;
  userId: string;
  /** What happened, in Vietnamese: the event's note and the progress's NoiDungXuLy. */
  note: string;
  at: Date;
  /** 'status' for a change of the national status; a workflow step that keeps it ('workflow') is reported too. */
  kind: 'status' | 'workflow';
  /** A new due date (a pause's end, an extension, an online dossier accepted); undefined: unchanged. */
  dueAt?: string | null;
  /** NgayKetThucTheoQuyDinh of the progress: the step's due, else the dossier's. */
  stepDueAt?: string | null;
}

/**
 * One step of a dossier's processing (shared/workflow's transitions): the dossier row (status, due date,
 * row version), its event, its progress item for the province (CapNhatTienDoHoSoMC), and the dossier's
 * update when its status or due date changed (DongBoHoSoMC: TrangThaiHoSo, NgayHenTra, NgayTra), all in the
 * caller's transaction. Returns the event's id.
 */
export async function recordStep(em: EntityManager, e: StepRecord): Promise<number | null> {
  const row = await em.findOneBy(DossierEntity, { id: e.dossierId });
  if (!row) throw new Error(`dossier ${e.dossierId} not found`);
  const at = e.at.toISOString();
  const dueAt = e.dueAt === undefined ? row.dueAt : e.dueAt;
  await em.update(DossierEntity, { id: e.dossierId }, { status: e.toStatus, dueAt, updatedAt: at, rowVersion: row.rowVersion + 1 });
  // Expanded before this event exists, so the receipt's items do not pick this event up as well.
  expandPendingCreate(rawOf(em), e.dossierId, e.at);
  const ins = await em.insert(DossierEventEntity, { dossierId: e.dossierId, kind: e.kind, fromStatus: row.status, toStatus: e.toStatus, at, userId: e.userId, note: e.note });
  const eventId = Number(ins.identifiers[0]?.id ?? 0) || null;
  const stepDue = e.stepDueAt === undefined ? dueAt : (e.stepDueAt ?? dueAt);
  await enqueueProgress(em, e.at, { dossierId: e.dossierId, eventId, at, fromStatus: row.status, toStatus: e.toStatus, userId: e.userId, note: e.note, dueAt: stepDue });
  if (e.kind === 'status' || dueAt !== row.dueAt) await enqueueDossierUpdate(em, e.at, e.dossierId);
  return eventId;
}
