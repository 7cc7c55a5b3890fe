import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { DocumentInfo, DossierDetail } from '../../../shared/contract';
import type { TransitionResult, WorkflowState } from '../../../shared/contract/api-workflow';
import type { WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { PreviewDialog } from '../components/PreviewDialog';
import { focusWhenReady } from '../lib/focus';
import { ACTION_FORMS, type MissingLine } from './action-forms';
import { ActionDialog } from './ActionDialog';
import { ReturnDialog } from './ReturnDialog';
import { nextActionButton } from './next-action';
import { WorkflowPanel } from './WorkflowPanel';
import { useRegistrationAction } from '../civil-status/useRegistrationAction';
import { FeeAction } from '../fees/FeeAction';

const DONE: Partial<Record<WorkflowAction, string>> = {
  confirmReceipt: 'Đã xác nhận nhận hồ sơ.',
  accept: 'Đã tiếp nhận hồ sơ.',
  resume: 'Đã tiếp tục xử lý: hạn trả được lùi theo thời gian tạm dừng.',
  startProcessing: 'Đã bắt đầu xử lý.',
  handOver: 'Đã chuyển hồ sơ; người nhận sẽ xác nhận.',
  submitForApproval: 'Đã trình lãnh đạo phê duyệt.',
  approve: 'Đã phê duyệt.',
  sendBack: 'Đã trả lại để xử lý lại.',
  requestCompletion: 'Đã yêu cầu bổ sung (Mẫu 02): tạm dừng tính thời gian.',
  requestPayment: 'Đã yêu cầu thực hiện nghĩa vụ tài chính: tạm dừng tính thời gian.',
  extend: 'Đã gia hạn, lập Mẫu 04 với ngày hẹn trả mới.',
  resultReady: 'Đã chuyển kết quả về bộ phận một cửa.',
  returnResult: 'Đã trả kết quả.',
  refuse: 'Đã từ chối giải quyết.',
  withdraw: 'Đã rút hồ sơ.',
  stop: 'Đã dừng xử lý, lập Mẫu 05.',
};

/** The next useful thing for the keyboard after an action: the first action left, else the page's "Đóng". */
function focusNext(): void {
  focusWhenReady(() => nextActionButton() ?? document.querySelector<HTMLElement>('[data-testid="detail-close"]'));
}

/**
 * The dossier page's processing part: where it stands, the actions this user may take now (from the core's
 * availableActions), each action's dialog, the form it made (previewed to print), and focus on the next
 * useful action once it is done.
 */
export function DossierWork({ dossier, state, setState, failure, perDay, autofocus, onChanged }: {
  dossier: DossierDetail; state: WorkflowState | null; setState: (s: WorkflowState) => void; failure: string | null;
  perDay: number; autofocus: boolean; onChanged: () => void;
}) {
  const [dialog, setDialog] = useState<WorkflowAction | null>(null);
  const [preview, setPreview] = useState<DocumentInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  // A civil-status dossier: registering its event is the officer's work before the result (issue 11).
  const registration = useRegistrationAction(dossier, state, onChanged, focusNext, (a) => void run(a));
  const lines: MissingLine[] = dossier.components.map((c, i) => ({ key: String(i), code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity }));

  const done = (action: WorkflowAction, r: TransitionResult) => {
    flushSync(() => {
      setDialog(null);
      setState(r.state);
      setError(null);
      setNotice(r.repeated ? 'Thao tác này đã được ghi trước đó; không thay đổi gì thêm.' : DONE[action] ?? 'Đã lưu.');
      setPreview(r.document);
    });
    onChanged();
    // A form was made: its preview has focus (print). Otherwise the next action, now or once it is there.
    if (!r.document) focusNext();
  };

  const run = async (action: WorkflowAction) => {
    setNotice(null);
    if (action === 'returnResult' || ACTION_FORMS[action]) {
      flushSync(() => setDialog(action));
      // Its first field may wait for data (the people to hand over to): keys typed meanwhile go to it.
      focusWhenReady(() => document.querySelector<HTMLElement>('[data-testid="action-dialog"] [data-autofocus], [data-testid="return-dialog"] [data-autofocus]'));
      return;
    }
    if (busy.current) return;
    busy.current = true;
    // Keys typed while the core answers wait for the next action's button.
    focusWhenReady(() => (busy.current ? null : nextActionButton()));
    try {
      const r = await api.call(`workflow.${action}` as 'workflow.confirmReceipt', { dossierId: dossier.id, operationId: crypto.randomUUID(), note: '' });
      busy.current = false;
      done(action, r);
    } catch (e) {
      busy.current = false;
      setError(errorMessage(e));
      // Someone else may have moved the dossier on: the page shows what it is now, and what is left to do.
      onChanged();
      focusNext();
    }
  };

  if (!state) return failure ? <Notice kind="error" testId="workflow-error">{failure}</Notice> : null;
  return (
    <>
      {notice && <Notice kind="success" testId="workflow-notice">{notice}</Notice>}
      {error && <Notice kind="error" testId="workflow-error">{error}</Notice>}
      <WorkflowPanel state={state} perDay={perDay} onAction={(a) => void run(a)} autofocus={autofocus} leads={registration.leads} />
      {registration.node}
      <FeeAction dossierId={dossier.id} onChanged={onChanged} />
      {dialog && dialog !== 'returnResult' && (
        <ActionDialog action={dialog} dossierId={dossier.id} lines={lines} onClose={() => setDialog(null)} onDone={(r) => done(dialog, r)}
          onRefused={onChanged} />
      )}
      {dialog === 'returnResult' && (
        <ReturnDialog dossier={dossier} onClose={() => setDialog(null)} onDone={(r) => done('returnResult', r)} />
      )}
      {preview && (
        <PreviewDialog documentId={preview.id} kind={preview.kind} dossierNumber={dossier.number} onPrintAttempted={onChanged}
          onClose={() => { flushSync(() => setPreview(null)); focusNext(); }} />
      )}
    </>
  );
}
