// The dossier's workflow state as the dossier page shows it: stage, holder, clock, hand-over log, due
// changes, return, and the actions the caller may take now.
import type { EntityManager } from 'typeorm';
import { statusName, type Role, type User } from '../../../shared/contract';
import type { HandOver, WorkflowState } from '../../../shared/contract/api-workflow';
import { availableActions, STAGE_NAMES } from '../../../shared/workflow/dossier-transitions';
import { ROLE_NAMES, type StepKind } from '../../../shared/workflow/procedure-workflow';
import { DossierReturnEntity, DueChangeEntity, HandOverEntity, type HandOverRow } from '../../persistence/entities-workflow';
import { marksOf, settledStepDue, timeLeftMinutes, type OfficeClock } from './clock';
import { guardState, loadContext, usersById, type UserInfo } from './records';

export function handOverView(h: HandOverRow, users: Map<string, UserInfo>): HandOver {
  const name = (id: string | null) => (id ? users.get(id)?.fullName ?? id : '');
  return {
    id: h.id, step: h.step as StepKind, fromUserId: h.fromUserId, fromName: name(h.fromUserId),
    toUserId: h.toUserId, toName: h.toUserId ? name(h.toUserId) : roleGroup(h.toRole), toRole: (h.toRole as Role | null),
    handedAt: h.handedAt, stepDueAt: h.stepDueAt, outcome: h.outcome as HandOver['outcome'], nextStepDueAt: h.nextStepDueAt,
    confirmedAt: h.confirmedAt, confirmedBy: h.confirmedBy, confirmedByName: h.confirmedBy ? name(h.confirmedBy) : null, note: h.note,
  };
}

/** A hand-over to anyone of a role: the result back to "the counter", a submission to "the leaders". */
export function roleGroup(role: string | null): string {
  if (role === 'clerk') return 'Bộ phận một cửa';
  if (role === 'leader') return 'Lãnh đạo';
  return role ? ROLE_NAMES[role as Role] ?? role : '';
}

export async function workflowState(em: EntityManager, dossierId: string, user: User, now: Date, clock: OfficeClock): Promise<WorkflowState> {
  const c = await loadContext(em, dossierId);
  c.wf.stepDueAt = settledStepDue(clock, c);
  const [users, handOvers, dueChanges, returned] = await Promise.all([
    usersById(em),
    em.find(HandOverEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.find(DueChangeEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.findOneBy(DossierReturnEntity, { dossierId }),
  ]);
  const name = (id: string | null) => (id ? users.get(id)?.fullName ?? id : '');
  const facts = {
    stage: c.stage, dueAt: c.dossier.dueAt, pausedAt: c.wf.pausedAt, extensions: c.wf.extensions,
    pendingTo: c.pending ? { userId: c.pending.toUserId, role: c.pending.toRole } : null,
  };
  return {
    dossierId, number: c.dossier.number, status: c.dossier.status, statusName: statusName(c.dossier.status),
    stage: c.stage, stageName: STAGE_NAMES[c.stage], procedureVersionId: c.dossier.procedureVersionId,
    steps: c.workflow.steps.map((s) => ({ kind: s.kind, roles: s.roles, duration: s.duration })),
    holderId: c.wf.holderId, holderName: c.wf.holderId ? name(c.wf.holderId) : roleGroup(c.wf.holderRole), holderRole: (c.wf.holderRole as Role | null),
    dueAt: c.dossier.dueAt, originalDueAt: c.wf.originalDueAt, stepDueAt: c.wf.stepDueAt, pausedAt: c.wf.pausedAt,
    timeLeftMinutes: timeLeftMinutes(clock, facts, now),
    marks: marksOf(facts, now, user),
    pendingHandOver: c.pending ? handOverView(c.pending, users) : null,
    handOvers: handOvers.map((h) => handOverView(h, users)),
    dueChanges: dueChanges.map((d) => ({
      kind: d.kind as 'pause' | 'extension', at: d.at, by: d.userId, byName: name(d.userId), previousDueAt: d.previousDueAt, newDueAt: d.newDueAt,
      pausedFrom: d.pausedFrom, pausedTo: d.pausedTo, pausedMinutes: d.pausedMinutes, reason: d.reason, documentId: d.documentId,
    })),
    returned: returned ? {
      returnedAt: returned.returnedAt, returnedBy: returned.returnedBy, returnedByName: name(returned.returnedBy),
      method: returned.method as 'counter' | 'post',
      collector: returned.collectorKind ? { kind: returned.collectorKind as 'applicant' | 'authorized', fullName: returned.collectorName, idNumber: returned.collectorIdNumber } : null,
      postalItemNumber: returned.postalItemNumber, satisfaction: returned.satisfaction as 'satisfied' | 'unsatisfied' | null, note: returned.note,
    } : null,
    availableActions: availableActions(guardState(c), user, c.workflow),
    rowVersion: c.dossier.rowVersion,
  };
}
