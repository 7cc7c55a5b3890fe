// A status change of a dossier made at this office, and its report to the province, in one transaction.
import type { EntityManager } from 'typeorm';
import { DossierEntity, DossierEventEntity } from '../persistence/entities';
import { enqueueDossierUpdate, enqueueProgress, expandPendingCreate, rawOf } from '../sync/outbox';

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

