// Which of the actions the core allows comes first: the "next useful action" that gets focus when the dossier
// opens from a work list and after each action. Pure, so it is tested without a page.
import type { WorkflowState } from '../../../shared/contract/api-workflow';
import type { WorkflowAction } from '../../../shared/workflow/dossier-transitions';

/** The order the actions are offered in: the ones that move the dossier on first; refusing, withdrawing and stopping last. */
export const ACTION_ORDER: readonly WorkflowAction[] = [
  'confirmReceipt', 'accept', 'resume', 'startProcessing', 'approve', 'resultReady', 'submitForApproval', 'returnResult',
  'handOver', 'requestCompletion', 'requestPayment', 'extend', 'sendBack', 'refuse', 'withdraw', 'stop',
];

export const CLOSING: readonly WorkflowAction[] = ['refuse', 'withdraw', 'stop'];

/** The actions to show, in ACTION_ORDER (only those the core says the user may take now). The first that is not
 * a closing one (refuse, withdraw, stop) is the next useful action. */
export function orderedActions(available: readonly WorkflowAction[]): WorkflowAction[] {
  return ACTION_ORDER.filter((a) => available.includes(a));
}

/** The next useful action: the first offered that is not a closing one (Enter never lands on those by itself). */
export function nextAction(available: readonly WorkflowAction[]): WorkflowAction | null {
  return orderedActions(available).find((a) => !CLOSING.includes(a)) ?? null;
}

/** True when the user has a next useful action on the dossier (one that is not refusing, withdrawing, stopping). */
export function hasNextAction(state: WorkflowState | null, may: (a: WorkflowAction) => boolean = () => true): boolean {
  return !!state && nextAction(state.availableActions.filter(may)) !== null;
}

/** The button of the next useful action in the dossier page (for a focus move), or null. */
export function nextActionButton(scope: ParentNode = document): HTMLElement | null {
  return scope.querySelector<HTMLElement>('[data-testid="workflow-actions"] [data-next-action]');
}

