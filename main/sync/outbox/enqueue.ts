// Writers of outbox items. Each runs inside the caller's transaction, next to the change it reports, so the
// change and its report commit together.
import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { OutboxEntity } from '../../persistence/entities';
import { expandPendingCreate } from './expand';
import type { FileUploadPayload, OutboxKind, ProgressItemPayload } from './payloads';

export async function enqueueFileUpload(em: EntityManager, at: Date, dossierId: string, file: FileUploadPayload): Promise<void> {
  expandPendingCreate(rawOf(em), dossierId, at);
  await enqueueOutbox(em, { at, dossierId, kind: 'file.upload', payload: file });
}

/**
 * The outbox row for the sync drainer. Always in the same transaction as the change it reports, with a
 * client-made operation id that the portal sees as an idempotency key.
 */
export async function enqueueOutbox(em: EntityManager, e: {
  at: Date; dossierId: string | null; kind: OutboxKind; payload: unknown; operationId?: string;
}): Promise<void> {
  await em.insert(OutboxEntity, {
    operationId: e.operationId ?? crypto.randomUUID(), dossierId: e.dossierId, kind: e.kind,
    payloadJson: JSON.stringify(e.payload), createdAt: e.at.toISOString(), state: 'pending', attempts: 0,
    nextAttemptAt: null, lastError: null,
  });
}

/** A status event: reported with CapNhatTienDoHoSoMC. userId is resolved to a name when it is sent. */
export async function enqueueProgress(em: EntityManager, at: Date, p: ProgressItemPayload): Promise<void> {
  expandPendingCreate(rawOf(em), p.dossierId, at);
  await enqueueOutbox(em, { at, dossierId: p.dossierId, kind: 'dossier.progress', payload: p });
}

/** The dossier's fields changed: the current state is sent with DongBoHoSoMC isUpdating=true. */
export async function enqueueDossierUpdate(em: EntityManager, at: Date, dossierId: string): Promise<void> {
  expandPendingCreate(rawOf(em), dossierId, at);
  await enqueueOutbox(em, { at, dossierId, kind: 'dossier.update', payload: { dossierId } });
}

/**
 * The better-sqlite3 handle under a transaction's EntityManager (one connection: statements on it join the
 * transaction in progress), for the synchronous helpers shared with the drainer.
 */
export function rawOf(em: EntityManager): Raw {
  return (em.connection.driver as unknown as { databaseConnection: Raw }).databaseConnection;
}
