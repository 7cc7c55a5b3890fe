// One transition of a dossier, written in one transaction: the guard (shared/workflow checkAction: state,
// role, person), the plan's records (stage, clock, hand-over, pause/extension, return), the status event,
// the audit event, the progress for the province, the operation id — and the form reserved, rendered after
// the commit. A repeated operation id answers as the first call did and writes nothing.
import { IsNull, type EntityManager } from 'typeorm';
import type { OfficeView, User } from '../../../shared/contract';
import type { NoticeKind } from '../../../shared/contract/api-notify';
import { checkAction, STAGE_STATUS } from '../../../shared/workflow/dossier-transitions';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import type { DocumentRow } from '../../persistence/entities';
import {
  DossierReturnEntity, DossierWorkflowEntity, DueChangeEntity, HandOverEntity, WorkflowOperationEntity,
} from '../../persistence/entities-workflow';
import { writeAudit } from '../audit';
import type { DocumentService } from '../document-service';
import { recordStep } from '../dossier-status';
import { enqueueApplicantNotice } from '../notices';
import { returnBlockedByFee } from '../fees/return-guard';
import { settledStepDue, type OfficeClock } from './clock';
import { transitionForm } from './forms';
import { planTransition, type Plan, type TransitionInput } from './plan';
import { guardState, loadContext, usersById, type WorkflowContext } from './records';

export interface ApplyDeps {
  db: Database;
  documents: DocumentService;
  clock: () => Promise<OfficeClock>;
  office: () => Promise<OfficeView>;
  /** The due date an online dossier accepted now gets from its procedure (null: none can be computed). */
  receiptDue: (procedureVersionId: string, at: Date) => Promise<Date | null>;
}

export interface Applied { repeated: boolean; documentId: string | null }

const FORM_ACTIONS = new Set(['requestCompletion', 'extend', 'stop']);
/** The steps the applicant is told of (main/services/notices.ts). */
const NOTICES: Partial<Record<TransitionInput['action'], NoticeKind>> = {
  requestCompletion: 'completion-requested', extend: 'new-due-date', resultReady: 'result-ready',
};

export async function applyTransition(deps: ApplyDeps, input: TransitionInput, user: User, now: Date): Promise<Applied> {
  const prior = await deps.db.read((em) => em.findOneBy(WorkflowOperationEntity, { operationId: input.operationId }));
  if (prior) return repeat(deps, prior, input);

  const [clock, office] = await Promise.all([deps.clock(), deps.office()]);
  // Fonts and templates before the write lock: the serialized write holds no PDF work.
  if (FORM_ACTIONS.has(input.action)) await deps.documents.renderer();
  let receiptDue: Date | null = null;
  if (input.action === 'accept') {
    const versionId = await deps.db.read(async (em) => (await loadContext(em, input.dossierId)).dossier.procedureVersionId);
    receiptDue = await deps.receiptDue(versionId, now);
  }

  const written = await deps.db.write(async (em) => {
    // Checked again inside the serialized write: two identical requests may both pass the first check.
    const twin = await em.findOneBy(WorkflowOperationEntity, { operationId: input.operationId });
    if (twin) return { twin: twin.operationId, document: null };
    const c = await loadContext(em, input.dossierId);
    c.wf.stepDueAt = settledStepDue(clock, c);
    const check = checkAction(guardState(c), user, input.action, c.workflow);
    if (!check.ok) throw new AppError(check.code, check.message);
    // A fee due on return, unpaid and not waived by the leader, holds the return (main/services/fees).
    const feeBlock = input.action === 'returnResult' ? await returnBlockedByFee(em, c.dossier.id) : null;
    if (feeBlock) throw new AppError('CONFLICT', feeBlock);
    const users = await usersById(em);
    const plan = planTransition(c, input, { clock, users, now, user, receiptDue }, check.row.to);
    const document = await writePlan(em, deps, c, plan, input, user, office, now);
    return { twin: null, document };
  });
  if (written.twin) {
    const again = await deps.db.read((em) => em.findOneBy(WorkflowOperationEntity, { operationId: written.twin! }));
    return repeat(deps, again!, input);
  }
  // The form is rendered after the commit; a crash before leaves it pending, rendered again at start.
  if (written.document) await deps.documents.complete(written.document);
  return { repeated: false, documentId: written.document?.id ?? null };
}

async function repeat(deps: ApplyDeps, prior: { dossierId: string; action: string; documentId: string | null }, input: TransitionInput): Promise<Applied> {
  if (prior.dossierId !== input.dossierId || prior.action !== input.action) {
    throw new AppError('CONFLICT', 'Mã thao tác này đã được dùng cho một thao tác khác — hãy tải lại màn hình rồi thực hiện lại.');
  }
  if (prior.documentId) await deps.documents.get(prior.documentId); // a form still pending is finished first
  return { repeated: true, documentId: prior.documentId };
}

async function writePlan(em: EntityManager, deps: ApplyDeps, c: WorkflowContext, plan: Plan, input: TransitionInput, user: User,
  office: OfficeView, now: Date): Promise<DocumentRow | null> {
  const at = now.toISOString();
  const dossierId = c.dossier.id;
  if (plan.confirmPending && c.pending) {
    await em.update(HandOverEntity, { id: c.pending.id }, { confirmedAt: plan.confirmPending.at, confirmedBy: plan.confirmPending.by });
  }
  if (plan.handOver) await em.insert(HandOverEntity, plan.handOver);
  if (plan.pauseStarts) {
    await em.insert(DueChangeEntity, {
      dossierId, kind: 'pause', at, userId: user.id, previousDueAt: c.dossier.dueAt, newDueAt: null, pausedFrom: at, pausedTo: null,
      pausedMinutes: 0, reason: plan.pauseStarts.reason, documentId: null, operationId: input.operationId,
    });
  }
  if (plan.pauseEnds) {
    await em.update(DueChangeEntity, { dossierId, kind: 'pause', pausedTo: IsNull() }, {
      pausedTo: plan.pauseEnds.pausedTo, pausedMinutes: plan.pauseEnds.pausedMinutes, newDueAt: plan.pauseEnds.newDueAt,
    });
  }
  const payload = transitionForm(plan, c.dossier, input, office, user, now);
  const document = payload ? await deps.documents.reserve(em, payload, dossierId, c.dossier.number, user.id, now) : null;
  if (plan.pauseStarts && document) {
    await em.update(DueChangeEntity, { dossierId, kind: 'pause', pausedTo: IsNull() }, { documentId: document.id });
  }
  if (plan.extension) {
    await em.insert(DueChangeEntity, {
      dossierId, kind: 'extension', at, userId: user.id, previousDueAt: plan.extension.previousDueAt, newDueAt: plan.extension.newDueAt,
      pausedFrom: null, pausedTo: null, pausedMinutes: 0, reason: plan.extension.reason, documentId: document?.id ?? null, operationId: input.operationId,
    });
  }
  if (plan.returned) await em.insert(DossierReturnEntity, { ...plan.returned, operationId: input.operationId });

  // The stage first: the status trigger of migration 0021 then sees a status that matches it and stays out.
  // The lists' copy of the clock facts: the due date, and who a hand-over now waits for (none once confirmed).
  const waiting = plan.handOver && !plan.handOver.confirmedAt ? { pendingUserId: plan.handOver.toUserId, pendingRole: plan.handOver.toRole }
    : plan.confirmPending || plan.handOver ? { pendingUserId: null, pendingRole: null } : {};
  const wf = {
    ...c.wf, ...plan.wf, ...waiting, stage: plan.to, dueAt: plan.dueAt === undefined ? c.dossier.dueAt : plan.dueAt, updatedAt: at,
  };
  const { dossierId: _key, ...changes } = wf;
  const updated = await em.update(DossierWorkflowEntity, { dossierId }, changes);
  if (!updated.affected) await em.insert(DossierWorkflowEntity, wf);

  const fromStatus = c.dossier.status;
  const toStatus = STAGE_STATUS[plan.to];
  await recordStep(em, {
    dossierId, toStatus, userId: user.id, note: plan.title, at: now, kind: toStatus !== fromStatus ? 'status' : 'workflow',
    dueAt: plan.dueAt, stepDueAt: wf.stepDueAt,
  });
  await writeAudit(em, {
    at: now, userId: user.id, action: `dossier.workflow.${input.action}`, entity: 'dossier', entityId: dossierId,
    before: { stage: c.stage, status: fromStatus, dueAt: c.dossier.dueAt, holderId: c.wf.holderId },
    after: { stage: plan.to, status: toStatus, dueAt: plan.dueAt === undefined ? c.dossier.dueAt : plan.dueAt, holderId: wf.holderId, note: input.note, reason: input.reason ?? null },
  });
  // The applicant hears of what they must act on (result ready, papers to bring, a new due date), once per step.
  const notice = NOTICES[input.action];
  if (notice) {
    await enqueueApplicantNotice(em, {
      dossierId, kind: notice, operationId: input.operationId, at: now, reason: input.reason,
      missingItems: (input.missingItems ?? []).filter((m) => m.name.trim()).map((m) => m.name),
      previousDueAt: plan.extension?.previousDueAt ?? null,
    });
  }
  await em.insert(WorkflowOperationEntity, { operationId: input.operationId, dossierId, action: input.action, userId: user.id, at, documentId: document?.id ?? null });
  return document;
}
