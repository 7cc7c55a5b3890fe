import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TransitionResult } from '../../../shared/contract/api-workflow';
import type { WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { focusNextField } from '../lib/focus';
import { COPY_TYPE_LABEL } from '../lib/format';
import {
  ACTION_FORMS, checkValues, emptyValues, fieldOfPath, todayKey, toInput,
  type ActionValues, type FieldSpec, type MissingLine,
} from './action-forms';

interface Props {
  action: WorkflowAction;
  dossierId: string;
  /** The dossier's component lines (form 02 lists the missing ones). */
  lines: MissingLine[];
  onDone: (r: TransitionResult) => void;
  onClose: () => void;
  /** The core refused it for the dossier's state or the user's role: the page behind is read again. */
  onRefused?: () => void;
}

interface Assignee { id: string; fullName: string; role: string }

/**
 * One action's small dialog: focus on its first field, Enter to the next field and, on the last, runs it
 * (Ctrl+Enter from anywhere); problems are shown at their fields with focus on the first one.
 */
export function ActionDialog({ action, dossierId, lines, onDone, onClose, onRefused }: Props) {
  const form = ACTION_FORMS[action]!;
  const [v, setV] = useState<ActionValues>(emptyValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [assignees, setAssignees] = useState<Assignee[] | null>(null);
  const inFlight = useRef(false);
  // One operation id per attempt: a retry of the same input reuses it, so the core applies it once.
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError<HTMLFormElement>({ idOf: (p) => `act-${fieldOfPath(p) ?? p}` });
  const needsAssignee = form.fields.some((f) => f.kind === 'assignee');

  useEffect(() => {
    if (!needsAssignee) return;
    const kind = action === 'submitForApproval' ? 'submitForApproval' : 'handOver';
    api.call('workflow.assignees', { dossierId, action: kind }).then((list) => {
      setAssignees(list);
      // One person to choose: chosen already (Enter hands over); several: the officer picks.
      if (list.length === 1) setV((x) => ({ ...x, toUserId: list[0]!.id }));
    }, (e) => setFailure(errorMessage(e)));
  }, [dossierId, action, needsAssignee]);

  const set = (p: Partial<ActionValues>) => {
    setV((x) => ({ ...x, ...p }));
    const keys = Object.keys(p).map((k) => (k === 'missing' ? 'missingItems' : k));
    if (keys.some((k) => errors[k])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k))));
  };

  const submit = async () => {
    if (inFlight.current) return;
    const found = checkValues(form, v, todayKey());
    if (Object.keys(found).length) {
      setErrors(found);
      focusErrors(found);
      return;
    }
    const input = toInput(action, dossierId, v, lines);
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.call(`workflow.${action}` as 'workflow.approve', { ...input, operationId: attempt.current.id } as never);
      onDone(r);
    } catch (e) {
      setFailure(errorMessage(e));
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      const mapped: Record<string, string> = {};
      for (const [path, msg] of Object.entries(fields)) mapped[fieldOfPath(path) ?? path] = msg;
      setErrors(mapped);
      if (Object.keys(mapped).length) focusErrors(mapped);
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'FORBIDDEN')) onRefused?.();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  // Enter moves on, as on intake; on the last field (or a button) it runs the action. Ctrl+Enter runs it anywhere.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
    const t = e.target as HTMLElement;
    if (e.ctrlKey) { e.preventDefault(); void submit(); return; }
    if (t.tagName === 'BUTTON' || t.tagName === 'TEXTAREA') return;
    e.preventDefault();
    if (!focusNextField(formRef.current, t)) void submit();
  };

  return (
    <Dialog title={form.title} onClose={onClose} testId="action-dialog">
      <form ref={formRef} className="action-form" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate
        data-action={action}>
        {form.fields.map((f, i) => (
          <ActionField key={f.name} spec={f} first={i === 0} v={v} set={set} error={errors[f.name === 'missingItems' ? 'missingItems' : f.name]}
            assignees={assignees} lines={lines} />
        ))}
        {failure && <Notice kind="error" testId="action-error">{failure}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="action-submit">
            {busy ? 'Đang lưu…' : form.submit} <kbd>Ctrl+Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

function ActionField({ spec, first, v, set, error, assignees, lines }: {
  spec: FieldSpec; first: boolean; v: ActionValues; set: (p: Partial<ActionValues>) => void; error?: string;
  assignees: Assignee[] | null; lines: MissingLine[];
}) {
  const id = `act-${spec.name}`;
  const auto = first ? { 'data-autofocus': '' } : {};
  switch (spec.kind) {
    case 'assignee':
      return (
        <Field label={spec.label} htmlFor={id} error={error} hint={spec.hint} required={spec.required}>
          <select id={id} name="toUserId" value={v.toUserId} onChange={(e) => set({ toUserId: e.target.value })} {...auto} {...describedBy(id, error)}
            disabled={assignees === null} data-testid="action-assignee">
            {assignees === null && <option value="">Đang tải…</option>}
            {assignees !== null && (assignees.length !== 1 || !spec.required) && <option value="">{spec.required ? '— Chọn người nhận —' : '— Không chỉ định —'}</option>}
            {assignees?.map((a) => <option key={a.id} value={a.id}>{a.fullName}</option>)}
          </select>
          {assignees?.length === 0 && <div className="field-warning">Không có ai nhận được bước này: hãy báo quản trị viên tạo tài khoản có vai trò phù hợp.</div>}
        </Field>
      );
    case 'missing':
      return (
        <fieldset className={`missing-list${error ? ' has-error' : ''}`} data-field="missingItems" id={id}>
          <legend>{spec.label}</legend>
          <ul className="check-list">
            {lines.map((l, i) => (
              <li key={l.key}>
                <label>
                  <input type="checkbox" name={i === 0 ? 'missingItems' : undefined} checked={v.missing.includes(l.key)} {...(i === 0 ? auto : {})}
                    onChange={(e) => set({ missing: e.target.checked ? [...v.missing, l.key] : v.missing.filter((k) => k !== l.key) })} />
                  {l.name} <span className="muted">– {COPY_TYPE_LABEL[l.copyType]}, {l.quantity} bản</span>
                </label>
              </li>
            ))}
            {lines.length === 0 && <li className="muted">Hồ sơ không có thành phần nào: ghi giấy tờ cần bổ sung vào lý do.</li>}
          </ul>
          {error ? <div className="field-error" role="alert">{error}</div> : <div className="field-hint">{spec.hint}</div>}
        </fieldset>
      );
    case 'textarea':
      return (
        <Field label={spec.label} htmlFor={id} error={error} hint="Ctrl+Enter để xác nhận." required={spec.required}>
          <textarea id={id} name={spec.name} rows={3} value={v[spec.name as 'reason']} placeholder={spec.placeholder} {...auto}
            onChange={(e) => set({ [spec.name]: e.target.value })} {...describedBy(id, error)} />
        </Field>
      );
    default:
      return (
        <Field label={spec.label} htmlFor={id} error={error} hint={spec.hint} required={spec.required} className={spec.kind === 'time' ? 'field-time' : undefined}>
          <input id={id} name={spec.name} type="text" value={v[spec.name as 'note']} placeholder={spec.placeholder} spellCheck={false} {...auto}
            className={spec.kind === 'time' ? 'time' : undefined} inputMode={spec.kind === 'date' || spec.kind === 'time' ? 'numeric' : undefined}
            onChange={(e) => set({ [spec.name]: e.target.value })} {...describedBy(id, error)} />
        </Field>
      );
  }
}
