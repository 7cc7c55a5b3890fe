import type { EntityManager } from 'typeorm';
import { AuditEventEntity, OutboxEntity } from '../persistence/entities';
import crypto from 'node:crypto';

/** Audit trail: who, what, when, before/after. Written inside the caller's transaction. */
export async function writeAudit(em: EntityManager, e: {
  at: Date; userId: string | null; action: string; entity: string; entityId: string; before?: unknown; after?: unknown;
}): Promise<void> {
  await em.insert(AuditEventEntity, {
    at: e.at.toISOString(), userId: e.userId, action: e.action, entity: e.entity, entityId: e.entityId,
    beforeJson: e.before === undefined ? null : JSON.stringify(e.before),
    afterJson: e.after === undefined ? null : JSON.stringify(e.after),
  });
}

/**
 * The outbox row for the sync drainer (a later issue). Always in the same transaction as the change it
 * reports, with a client-made operation id that the portal sees as an idempotency key.
 */
export async function enqueueOutbox(em: EntityManager, e: {
  at: Date; dossierId: string | null; kind: string; payload: unknown; operationId?: string;
}): Promise<void> {
  await em.insert(OutboxEntity, {
    operationId: e.operationId ?? crypto.randomUUID(), dossierId: e.dossierId, kind: e.kind,
    payloadJson: JSON.stringify(e.payload), createdAt: e.at.toISOString(), state: 'pending', attempts: 0,
    nextAttemptAt: null, lastError: null,
  });
}
