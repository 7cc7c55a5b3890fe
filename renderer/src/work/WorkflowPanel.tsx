import type { KeyboardEvent } from 'react';
import type { WorkflowState } from '../../../shared/contract/api-workflow';
import { ACTION_NAMES, isTerminal, type Stage, type WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { CLOSING, nextAction, orderedActions } from './next-action';
import { STEP_NAMES } from '../../../shared/workflow/procedure-workflow';
import { useCan } from '../lib/access';
import { formatInstant } from '../lib/format';
import { ACTION_FORMS } from './action-forms';
import { Marks } from './Marks';
import type { LeadAction } from '../civil-status/useRegistrationAction';
import './work.css';
import { timeLeftText } from './format';

/** ←/→ move between the action buttons (Tab does too): a few keys from the focused action to the one wanted. */
function onArrows(e: KeyboardEvent<HTMLDivElement>) {
  if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
  const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'));
  const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (i < 0) return;
  e.preventDefault();
  buttons[(i + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
}

const OUTCOME = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' } as const;

/** Where the dossier stands in its processing, and the actions this user may take now. */
export function WorkflowPanel({ state, perDay, onAction, autofocus, leads = [] }: {
  state: WorkflowState; perDay: number; onAction: (a: WorkflowAction) => void;
  /** Mark the first action for the dialog's first focus (opened from a work list). */
  autofocus: boolean;
  /** Actions of the dossier's own kind shown first (a civil-status registration); one marked `next` is the next useful one. */
  leads?: LeadAction[];
}) {
  // The core's availableActions for this user, and only those whose method the contract serves to their role.
  const can = useCan();
  const available = state.availableActions.filter((a) => can(`workflow.${a}`) && !leads.some((l) => l.replaces === a));
  const actions = orderedActions(available);
  const next = leads.some((l) => l.next) ? null : nextAction(available);
  const pending = state.pendingHandOver;
  // Returned, refused, withdrawn or stopped: no clock runs any more.
  const closed = isTerminal(state.stage as Stage);
  return (
    <section className="workflow-panel" data-testid="workflow-panel" aria-label="Xử lý hồ sơ">
      <div className="workflow-head">
        <div>
          <strong data-testid="workflow-stage">{state.stageName}</strong>
          {state.holderName && <span className="muted"> · đang giữ: <span data-testid="workflow-holder">{state.holderName}</span></span>}
        </div>
        <Marks marks={state.marks} />
      </div>
      <dl className="facts">
        <dt>Hạn trả</dt>
        <dd data-testid="workflow-due">{formatInstant(state.dueAt) || 'Không có'}
          {state.originalDueAt && state.originalDueAt !== state.dueAt && <span className="muted"> (hẹn ban đầu {formatInstant(state.originalDueAt)})</span>}</dd>
        <dt>Thời gian còn</dt>
        <dd data-testid="workflow-left">{closed ? 'Đã kết thúc' : state.pausedAt ? `Tạm dừng từ ${formatInstant(state.pausedAt)}` : timeLeftText(state.timeLeftMinutes, perDay, state.marks.overdue)}</dd>
        {state.stepDueAt && !closed && <><dt>Hạn bước này</dt><dd>{formatInstant(state.stepDueAt)}</dd></>}
        {pending && (
          <><dt>Chờ xác nhận</dt><dd data-testid="workflow-pending">{pending.fromName} chuyển cho {pending.toName} lúc {formatInstant(pending.handedAt)}, chưa xác nhận</dd></>
        )}
      </dl>
      <div className="workflow-actions" role="group" aria-label="Thao tác (←/→ chuyển nút)" data-testid="workflow-actions" onKeyDown={onArrows}>
        {leads.map((l) => (
          <button key={l.testId} type="button" className={l.next ? 'primary' : undefined} onClick={l.onClick} data-testid={l.testId}
            data-next-action={l.next ? '' : undefined} data-autofocus={l.next && autofocus ? '' : undefined}>{l.label}</button>
        ))}
        {actions.map((a) => (
          <button key={a} type="button" className={a === next ? 'primary' : CLOSING.includes(a) ? 'quiet-danger' : undefined}
            onClick={() => onAction(a)} data-action={a} data-next-action={a === next ? '' : undefined}
            data-autofocus={a === next && autofocus ? '' : undefined} data-testid={`action-${a}`}>
            {ACTION_NAMES[a]}{a === 'returnResult' || ACTION_FORMS[a] ? '…' : ''}
          </button>
        ))}
        {actions.length === 0 && !leads.length && <span className="muted" data-testid="workflow-no-action">Bạn không có thao tác nào trên hồ sơ này lúc này.</span>}
      </div>
      {state.handOvers.length > 0 && (
        <>
          <h4>Chuyển giao hồ sơ (Mẫu 06)</h4>
          <table className="table compact" data-testid="workflow-handovers">
            <thead><tr><th>Bước</th><th>Bên giao</th><th>Giao lúc</th><th>Bên nhận</th><th>Nhận lúc</th><th>Kết quả bước</th></tr></thead>
            <tbody>
              {state.handOvers.map((h) => (
                <tr key={h.id}>
                  <td>{STEP_NAMES[h.step]}</td><td>{h.fromName}</td><td>{formatInstant(h.handedAt)}</td><td>{h.toName}</td>
                  <td>{h.confirmedAt ? `${formatInstant(h.confirmedAt)}${h.confirmedByName ? ` · ${h.confirmedByName}` : ''}` : <span className="muted">chưa xác nhận</span>}</td>
                  <td className={h.outcome === 'late' ? 'text-error' : undefined}>{OUTCOME[h.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {state.dueChanges.length > 0 && (
        <>
          <h4>Thay đổi hạn trả</h4>
          <ul className="due-changes" data-testid="workflow-due-changes">
            {state.dueChanges.map((c, i) => (
              <li key={i}>
                {c.kind === 'pause'
                  ? `Tạm dừng ${formatInstant(c.pausedFrom)} – ${c.pausedTo ? formatInstant(c.pausedTo) : 'nay'}`
                  : `Gia hạn (Mẫu 04) lúc ${formatInstant(c.at)}`}
                {c.newDueAt && `: hạn ${formatInstant(c.previousDueAt)} → ${formatInstant(c.newDueAt)}`}
                {c.reason && <span className="muted"> · {c.reason}</span>} <span className="muted">· {c.byName}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

