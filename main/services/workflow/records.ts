// Reading a dossier's workflow records inside a transaction (or a read): the dossier, its stage and clock,
// the hand-over waiting for confirmation, and its procedure version's workflow.
import { IsNull, type EntityManager } from 'typeorm';
import type { Role } from '../../../shared/contract';
import { stageForStatus, STAGE_STATUS, STAGES, type DossierWorkflowState, type Stage } from '../../../shared/workflow/dossier-transitions';
import { readWorkflow, type ProcedureWorkflow } from '../../../shared/workflow/procedure-workflow';
import { notFound } from '../../base/errors';
import { DossierEntity, ProcedureVersionEntity, UserEntity, type DossierRow } from '../../persistence/entities';
import { DossierWorkflowEntity, HandOverEntity, type DossierWorkflowRow, type HandOverRow } from '../../persistence/entities-workflow';

export interface WorkflowContext {
  dossier: DossierRow;
  wf: DossierWorkflowRow;
  stage: Stage;
  workflow: ProcedureWorkflow;
  pending: HandOverRow | null;
}

const isStage = (s: string): s is Stage => (STAGES as string[]).includes(s);

/**
 * The stage a row says, unless the national status moved elsewhere meanwhile (a change from the portal the
 * trigger of migration 0021 did not see, a row an older version wrote): then the status decides.
 */
export function stageOf(wf: Pick<DossierWorkflowRow, 'stage'> | null, status: number): Stage {
  if (wf && isStage(wf.stage) && STAGE_STATUS[wf.stage] === status) return wf.stage;
  return stageForStatus(status);
}

export async function loadContext(em: EntityManager, dossierId: string): Promise<WorkflowContext> {
  const dossier = await em.findOneBy(DossierEntity, { id: dossierId });
  if (!dossier) throw notFound('hồ sơ');
  const [row, version, pending] = await Promise.all([
    em.findOneBy(DossierWorkflowEntity, { dossierId }),
    dossier.procedureVersionId ? em.findOneBy(ProcedureVersionEntity, { id: dossier.procedureVersionId }) : null,
    em.findOne(HandOverEntity, { where: { dossierId, confirmedAt: IsNull() }, order: { id: 'DESC' } }),
  ]);
  const stage = stageOf(row, dossier.status);
  const wf: DossierWorkflowRow = row ?? {
    dossierId, stage, holderId: stage === 'received' ? dossier.receivedBy : null, holderRole: null, step: 'counter',
    stepStartedAt: dossier.receivedAt, stepDueAt: dossier.dueAt, dueAt: dossier.dueAt, originalDueAt: dossier.dueAt, pausedAt: null, pausedMinutes: 0,
    extensions: 0, pendingUserId: pending?.toUserId ?? null, pendingRole: pending?.toRole ?? null, open: 1, finishedAt: null, outcome: null, updatedAt: dossier.updatedAt,
  };
  return { dossier, wf: { ...wf, stage }, stage, workflow: readWorkflow(version?.workflowJson), pending };
}

/** What the shared guard needs (shared/workflow checkAction). */
export function guardState(c: Pick<WorkflowContext, 'stage' | 'wf' | 'pending'>): DossierWorkflowState {
  return {
    stage: c.stage,
    holderId: c.wf.holderId,
    pendingHandOver: c.pending ? { toUserId: c.pending.toUserId, toRole: (c.pending.toRole as Role | null) } : null,
  };
}

export interface UserInfo { id: string; fullName: string; role: Role; active: boolean }

/** Every user by id (a commune office has a handful): names for answers, roles for hand-over targets. */
export async function usersById(em: EntityManager): Promise<Map<string, UserInfo>> {
  const users = await em.find(UserEntity);
  return new Map(users.map((u) => [u.id, { id: u.id, fullName: u.fullName, role: u.role as Role, active: !!u.active }]));
}
