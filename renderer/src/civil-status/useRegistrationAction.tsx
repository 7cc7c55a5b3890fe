// The dossier page's civil-status actions, for an officer on a dossier whose procedure registers a civil-status
// event: "Đăng ký khai sinh…" (the next useful action while it is processed and not registered yet), then
// "Giấy khai sinh số 12 · In…" to reopen the entry and print its paper; and, when the dossier may move to
// "result ready", "Chuyển kết quả" records the registered paper as the dossier's result on the way
// (civilStatus.resultReady) instead of the plain workflow step.
import { useEffect, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { eventTypeOfProcedure, schemaOn } from '../../../shared/civil-status/event-schemas';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import type { DossierDetail } from '../../../shared/contract';
import type { WorkflowState } from '../../../shared/contract/api-workflow';
import { isTerminal, type Stage, type WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { api, errorMessage } from '../api/client';
import { initialFocusTarget } from '../components/dialog-focus';
import { Notice } from '../components/Notice';
import { useCan } from '../lib/access';
import { focusWhenReady } from '../lib/focus';
import { vnDateKey } from '../lib/format';
import { registrationLabel } from './labels';
import { REGISTER_DIALOG, RegisterDialog } from './RegisterDialog';

/**
 * An action the dossier page shows before the workflow's own: `next` makes it the next useful one (focus,
 * primary); `replaces` hides the workflow action it stands for.
 */
export interface LeadAction { label: string; testId: string; next: boolean; onClick: () => void; replaces?: WorkflowAction }

export const REGISTRATION_ACTION = 'action-civilStatus';
/** The result step's button keeps the workflow action's name: it is that step, recording the paper on the way. */
export const RESULT_ACTION = 'action-resultReady';

/**
 * `runWorkflow`: the dossier page's own action (its dialog); the result step falls back to it when the dossier
 * has no registered entry (nothing to record as the result, e.g. a dossier registered in the shared software).
 */
export function useRegistrationAction(dossier: DossierDetail, state: WorkflowState | null, onChanged: () => void, focusNext: () => void,
  runWorkflow: (a: WorkflowAction) => void): { leads: LeadAction[]; node: ReactNode } {
  const can = useCan();
  const type = eventTypeOfProcedure(dossier.procedureCode);
  const enabled = type !== null && can('civilStatus.register') && !!state && !isTerminal(state.stage as Stage);
  const [entries, setEntries] = useState<CivilStatusEntry[] | null>(null);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api.call('civilStatus.forDossier', { dossierId: dossier.id }).then((e) => { if (live) setEntries(e); }, () => { if (live) setEntries([]); });
    return () => { live = false; };
  }, [dossier.id, enabled, state]);

  if (!enabled || !type || !state) return { leads: [], node: null };
  const schema = schemaOn(type, vnDateKey(new Date()));
  const entry = entries?.find((e) => e.eventType === type && e.state === 'registered') ?? null;
  // Decided from the state alone (not the entries, which arrive a moment later), so the buttons and the focus
  // placed when the page opens do not change under the officer.
  const resultStep = state.availableActions.includes('resultReady') && can('civilStatus.resultReady');

  const makeResult = async () => {
    if (busy) return;
    // Pressed before the entries were read (the page just opened): read them now rather than drop the key.
    const list = entries ?? await api.call('civilStatus.forDossier', { dossierId: dossier.id }).catch(() => []);
    const registered = list.find((e) => e.eventType === type && e.state === 'registered');
    if (!registered) return runWorkflow('resultReady');
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.call('civilStatus.resultReady', { operationId: crypto.randomUUID(), entryId: registered.id });
      setMessage({ kind: 'success', text: `Đã chuyển kết quả (${r.resultName}${r.resultCode ? `, mã ${r.resultCode}` : ''}) về bộ phận một cửa.` });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      onChanged();
      focusNext();
    }
  };

  const leads: LeadAction[] = [{
    label: registrationLabel(schema.name, schema.resultName, entry),
    testId: REGISTRATION_ACTION,
    next: !entry && state.stage === 'processing',
    onClick: () => {
      setMessage(null);
      flushSync(() => setOpen(true));
      // The form arrives with the draft: keys typed meanwhile are held for its first field.
      focusWhenReady(() => {
        const d = document.querySelector<HTMLElement>(`[data-testid="${REGISTER_DIALOG}"]`);
        return d?.querySelector('form, [data-testid="cs-registered"], [data-testid="cs-load-error"]') ? initialFocusTarget(d) : null;
      });
    },
  }];
  if (resultStep) {
    leads.unshift({ label: entry ? `Chuyển kết quả (${schema.resultName}) về một cửa` : 'Chuyển kết quả về bộ phận một cửa…', testId: RESULT_ACTION, next: !leads[0]!.next, replaces: 'resultReady', onClick: () => void makeResult() });
  }
  const node = (
    <>
      {message && <Notice kind={message.kind} testId="cs-result-message">{message.text}</Notice>}
      {open && (
        <RegisterDialog dossierId={dossier.id}
          onRegistered={(e) => { setEntries((list) => [...(list ?? []), e]); onChanged(); }}
          onClose={() => {
            flushSync(() => setOpen(false));
            // The dossier's next useful action has focus: registering again if nothing was saved, else what follows
            // (submitting for approval, the result).
            focusNext();
          }} />
      )}
    </>
  );
  return { leads, node };
}
