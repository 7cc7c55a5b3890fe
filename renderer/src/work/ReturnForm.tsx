import { useRef, useState, type KeyboardEvent } from 'react';
import type { TransitionResult } from '../../../shared/contract/api-workflow';
import { api, ApiError, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { focusNextField } from '../lib/focus';
import { checkReturn, initialReturn, toReturnInput, type Receiver, type ReturnDossier, type ReturnValues } from './return-form';

const ID = { receiver: 'ret-receiver', fullName: 'ret-fullName', idNumber: 'ret-idNumber', post: 'ret-postal', satisfaction: 'ret-satisfaction' };
const PATH_ID: Record<string, string> = {
  'collector.fullName': ID.fullName, 'collector.idNumber': ID.idNumber, collector: ID.receiver, postalItemNumber: ID.post, satisfaction: ID.satisfaction,
};

/**
 * Who collects the result: one list (the applicant, someone authorized, by post), then the fields that choice
 * needs, then the quick satisfaction question. Enter goes to the next field and, on the last, records the
 * return; focus starts on the first field; problems show at their fields with focus on the first.
 */
export function ReturnForm({ dossier, onDone, onCancel }: {
  dossier: ReturnDossier; onDone: (r: TransitionResult) => void; onCancel?: () => void;
}) {
  const [v, setV] = useState<ReturnValues>(() => initialReturn(dossier));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError<HTMLFormElement>({ idOf: (p) => PATH_ID[p] });

  const set = (p: Partial<ReturnValues>) => {
    setV((x) => ({ ...x, ...p }));
    if (Object.keys(errors).length) setErrors({});
  };

  const submit = async () => {
    if (inFlight.current) return;
    const found = checkReturn(v);
    if (Object.keys(found).length) {
      setErrors(found);
      focusErrors(found);
      return;
    }
    const input = toReturnInput(dossier, v);
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      onDone(await api.call('workflow.returnResult', { ...input, operationId: attempt.current.id }));
    } catch (e) {
      setFailure(errorMessage(e));
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fields);
      if (Object.keys(fields).length) focusErrors(fields);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape' && onCancel && !e.defaultPrevented && !(e.target as HTMLElement).closest('dialog')) { e.preventDefault(); onCancel(); return; }
    if (e.key !== 'Enter' || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
    const t = e.target as HTMLElement;
    if (e.ctrlKey) { e.preventDefault(); void submit(); return; }
    if (t.tagName === 'BUTTON') return;
    e.preventDefault();
    if (!focusNextField(formRef.current, t)) void submit();
  };

  const receiverLabel: Record<Receiver, string> = {
    applicant: `Người nộp hồ sơ: ${dossier.applicant.fullName}${dossier.applicant.idNumber ? ` (${dossier.applicant.idNumber})` : ''}`,
    authorized: 'Người được ủy quyền (nhập họ tên, số định danh)',
    post: `Gửi qua bưu chính${dossier.delivery.address ? `: ${dossier.delivery.address}` : ''}`,
  };
  return (
    <form ref={formRef} className="return-form" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate data-testid="return-form">
      <Field label="Người nhận kết quả" htmlFor={ID.receiver} error={errors.collector} hint="↑↓ chọn, Enter sang ô tiếp theo.">
        <select id={ID.receiver} value={v.receiver} data-autofocus="" onChange={(e) => set({ receiver: e.target.value as Receiver })}>
          {(Object.keys(receiverLabel) as Receiver[]).map((r) => <option key={r} value={r}>{receiverLabel[r]}</option>)}
        </select>
      </Field>
      {v.receiver === 'authorized' && (
        <div className="grid-2">
          <Field label="Họ tên người được ủy quyền" htmlFor={ID.fullName} error={errors['collector.fullName']} required>
            <input id={ID.fullName} name="collector.fullName" type="text" value={v.fullName} spellCheck={false}
              onChange={(e) => set({ fullName: e.target.value })} {...describedBy(ID.fullName, errors['collector.fullName'])} />
          </Field>
          <Field label="Số định danh cá nhân" htmlFor={ID.idNumber} error={errors['collector.idNumber']} required hint="12 chữ số trên thẻ căn cước.">
            <input id={ID.idNumber} name="collector.idNumber" type="text" inputMode="numeric" value={v.idNumber} maxLength={20}
              onChange={(e) => set({ idNumber: e.target.value })} {...describedBy(ID.idNumber, errors['collector.idNumber'])} />
          </Field>
        </div>
      )}
      {v.receiver === 'post' && (
        <Field label="Số hiệu bưu gửi" htmlFor={ID.post} error={errors.postalItemNumber} required hint="In trên phiếu gửi của bưu điện, VD EB123456789VN.">
          <input id={ID.post} name="postalItemNumber" type="text" value={v.postalItemNumber} spellCheck={false}
            onChange={(e) => set({ postalItemNumber: e.target.value })} {...describedBy(ID.post, errors.postalItemNumber)} />
        </Field>
      )}
      <Field label="Người dân có hài lòng không?" htmlFor={ID.satisfaction} error={errors.satisfaction} hint="Không bắt buộc. Enter để trả kết quả.">
        <select id={ID.satisfaction} name="satisfaction" value={v.satisfaction} onChange={(e) => set({ satisfaction: e.target.value as ReturnValues['satisfaction'] })}>
          <option value="">Không hỏi</option>
          <option value="satisfied">Hài lòng</option>
          <option value="unsatisfied">Không hài lòng</option>
        </select>
      </Field>
      {failure && <Notice kind="error" testId="return-error">{failure}</Notice>}
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="return-submit">{busy ? 'Đang lưu…' : 'Trả kết quả'} <kbd>Ctrl+Enter</kbd></button>
        {onCancel && <button type="button" onClick={onCancel}>Hủy <kbd>Esc</kbd></button>}
      </div>
    </form>
  );
}
