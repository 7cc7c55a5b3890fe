import type { MethodParsedInput } from '../../shared/contract';
import type { workflowApi } from '../../shared/contract/api-workflow';
import type { WorkflowAction } from '../../shared/workflow/dossier-transitions';
import { requireUser } from '../base/context';
import type { TransitionInput } from '../services/workflow/plan';
import type { Handler, HandlersFor } from './handler-types';
import type { Services } from './services';

type Names = keyof typeof workflowApi;
type TransitionMethod = `workflow.${WorkflowAction}`;

/** Handlers of processing a dossier: one per transition (all through WorkflowService.transition) and the queries. */
export function createWorkflowHandlers(s: Services): HandlersFor<Names> {
  const now = () => s.clock.now();
  const t = <M extends TransitionMethod>(action: WorkflowAction, extra: (i: MethodParsedInput<M>) => Partial<TransitionInput> = () => ({})): Handler<M> =>
    (async (input: MethodParsedInput<M>, ctx) => {
      const i = input as { operationId: string; dossierId: string; note: string };
      return s.workflow.transition({ action, operationId: i.operationId, dossierId: i.dossierId, note: i.note, ...extra(input) }, requireUser(ctx), now());
    }) as Handler<M>;
  return {
    'workflow.accept': t('accept'),
    'workflow.handOver': t<'workflow.handOver'>('handOver', (i) => ({ toUserId: i.toUserId })),
    'workflow.startProcessing': t('startProcessing'),
    'workflow.confirmReceipt': t('confirmReceipt'),
    'workflow.requestCompletion': t<'workflow.requestCompletion'>('requestCompletion', (i) => ({ reason: i.reason, missingItems: i.missingItems })),
    'workflow.requestPayment': t<'workflow.requestPayment'>('requestPayment', (i) => ({ reason: i.reason })),
    'workflow.resume': t('resume'),
    'workflow.submitForApproval': t<'workflow.submitForApproval'>('submitForApproval', (i) => ({ toUserId: i.toUserId })),
    'workflow.approve': t('approve'),
    'workflow.sendBack': t<'workflow.sendBack'>('sendBack', (i) => ({ reason: i.reason })),
    'workflow.extend': t<'workflow.extend'>('extend', (i) => ({ reason: i.reason, newDueAt: new Date(i.newDueAt) })),
    'workflow.resultReady': t('resultReady'),
    'workflow.returnResult': t<'workflow.returnResult'>('returnResult', (i) => ({
      returned: { method: i.method, collector: i.collector, postalItemNumber: i.postalItemNumber, satisfaction: i.satisfaction },
    })),
    'workflow.refuse': t<'workflow.refuse'>('refuse', (i) => ({ reason: i.reason })),
    'workflow.withdraw': t<'workflow.withdraw'>('withdraw', (i) => ({ reason: i.reason })),
    'workflow.stop': t<'workflow.stop'>('stop', (i) => ({ reason: i.reason, legalBasis: i.legalBasis })),

    'workflow.state': async (input, ctx) => s.workflow.state(input.dossierId, requireUser(ctx), now()),
    'workflow.timeline': async (input) => s.workflow.timeline(input.dossierId),
    'workflow.myQueue': async (input, ctx) => s.workflow.myQueue(requireUser(ctx), now(), input.limit),
    'workflow.officeOverview': async (input, ctx) => s.workflow.officeOverview(requireUser(ctx), now(), input.perHolder),
    'workflow.warnings': async (_input, ctx) => s.workflow.warnings(requireUser(ctx), now()),
    'workflow.assignees': async (input, ctx) => s.workflow.assignees(input.dossierId, input.action, requireUser(ctx)),
    'workflow.findForReturn': async (input) => s.workflow.findForReturn(input.query),
  };
}
