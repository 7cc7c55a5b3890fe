import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '../persistence/entities';

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
