import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { DocumentInfo, DossierDetail } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { PreviewDialog } from '../components/PreviewDialog';
import { ApplicantSection } from '../intake/ApplicantSection';
import { PartiesSection } from '../intake/PartiesSection';
import { ComponentsSection } from '../intake/ComponentsSection';
import { DeliverySection } from '../intake/DeliverySection';
import { checkDraft, type IntakeDraft } from '../intake/draft';
import { focusNextField, focusWhenReady } from '../lib/focus';
import { useShortcuts } from '../lib/hooks';
import { changedLabel, draftFromForm, toCorrectionInput, toFormErrors, type CorrectionForm } from './correction-draft';

export interface Corrected { dossier: DossierDetail; message: string }
const TEST_ID = 'correction-dialog';

/**
 * "Sửa thông tin hồ sơ": the intake fields prefilled from the saved dossier, a mandatory reason, and on
 * request a new form 01. Enter moves to the next field, Ctrl+Enter (or Ctrl+S) saves, Esc cancels.
 */
export function CorrectionDialog({ dossierId, onClose, onSaved }: { dossierId: string; onClose: () => void; onSaved: (r: Corrected) => void }) {
  const [form, setForm] = useState<CorrectionForm | null>(null);
  const [draft, setDraft] = useState<IntakeDraft | null>(null);
  const [reason, setReason] = useState('');
  const [reprint, setReprint] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [slip, setSlip] = useState<{ document: DocumentInfo; result: Corrected } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const attempt = useRef<{ key: string; id: string } | null>(null);

  useEffect(() => {
    // Keys typed while the dossier loads are kept for the name field.
    const cancel = focusWhenReady(() => document.getElementById('applicant-fullName'));
    api.call('dossiers.correctionForm', { id: dossierId }).then(
      (f) => { setForm(f); setDraft(draftFromForm(f)); },
      (e) => { cancel(); setFailure(errorMessage(e)); },
    );
    return cancel;
  }, [dossierId]);

  const issues = useMemo(() => (draft && form ? checkDraft(draft, form.outcome) : { errors: {}, warnings: {} }), [draft, form]);
  const errors = useMemo(() => {
    const all: Record<string, string> = { ...issues.errors };
    if (reason.trim().length < 5) all.reason = 'Ghi rõ lý do sửa, ví dụ: tỉnh trả về vì sai số định danh.';
    const shown = Object.fromEntries(Object.entries(all).filter(([k]) => showAll || touched.has(k)));
    return { all, shown: { ...shown, ...serverErrors } };
  }, [issues, reason, showAll, touched, serverErrors]);

  const patch = (p: Partial<IntakeDraft>) => {
    setDraft((d) => (d ? { ...d, ...p } : d));
    setServerErrors({});
    setFailure(null);
  };
  const touch = (f: string) => setTouched((s) => (s.has(f) ? s : new Set(s).add(f)));

  const focusFirst = (errs: Record<string, string>) => {
    const find = () => Object.keys(errs).map(controlOf).find(Boolean) ?? null;
    // Only a field that exists is waited for (it may be locked by the save for a moment).
    if (find()) focusWhenReady(find);
  };

  const save = async () => {
    if (!draft || !form || busy) return;
    if (Object.keys(errors.all).length) {
      flushSync(() => { setShowAll(true); setFailure('Chưa lưu: kiểm tra các ô báo lỗi.'); });
      return focusFirst(errors.all);
    }
    const input = toCorrectionInput(draft, dossierId, reason, reprint);
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.call('dossiers.correct', { ...input, operationId: attempt.current.id });
      const result = { dossier: r.dossier, message: `Đã sửa ${changedLabel(r.changed)} của hồ sơ ${r.dossier.number}; thay đổi sẽ được gửi lên hệ thống tỉnh.` };
      if (r.document) setSlip({ document: r.document, result });
      else onSaved(result);
    } catch (e) {
      setFailure(errorMessage(e));
      if (e instanceof ApiError && e.fields.length) {
        const errs = toFormErrors(draft, e.fieldErrors());
        flushSync(() => setServerErrors(errs));
        focusFirst(errs);
      }
    } finally {
      setBusy(false);
    }
  };
  useShortcuts({ 'Ctrl+S': () => void save(), 'Ctrl+Enter': () => void save() }, { inDialogs: true, dialog: TEST_ID });

  // Enter moves on, as at intake; in the reason (a text area) it is a new line.
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
    const t = e.target as HTMLElement;
    if (t.tagName === 'BUTTON' || t.tagName === 'TEXTAREA') return;
    e.preventDefault();
    focusNextField(formRef.current, t);
  };

  const title = form ? `Sửa thông tin hồ sơ ${form.dossier.number}` : 'Sửa thông tin hồ sơ';
  return (
    <Dialog title={title} onClose={onClose} wide testId={TEST_ID}>
      {!form && !failure && <p>Đang tải…</p>}
      {form && !form.allowed && (
        <>
          <Notice kind="error" testId="correction-refused">{form.refusal}</Notice>
          <div className="dialog-actions"><button type="button" data-autofocus onClick={onClose}>Đóng <kbd>Esc</kbd></button></div>
        </>
      )}
      {form && form.allowed && draft && (
        <form ref={formRef} className="intake-form correction-form" onKeyDown={onFormKeyDown} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
          <p className="muted">{form.dossier.procedureCode} – {form.dossier.procedureName}. Sửa các ô cần sửa, ghi lý do, rồi lưu (<kbd>Ctrl+Enter</kbd>).</p>
          <ApplicantSection value={draft.applicant} onChange={(applicant) => patch({ applicant })} errors={errors.shown}
            warnings={issues.warnings} disabled={busy} onTouch={touch} />
          {draft.parties && (
            <PartiesSection procedure={draft.procedure} value={draft.parties} applicantAddress={draft.applicant.address} errors={errors.shown}
              warnings={issues.warnings} disabled={busy} onTouch={touch} onChange={(parties) => patch({ parties })} />
          )}
          <ComponentsSection lines={draft.components} onChange={(components) => patch({ components })} errors={errors.shown}
            warning={issues.warnings.components} disabled={busy} />
          <DeliverySection draft={draft} onChange={patch} errors={errors.shown} disabled={busy} noteHint="Enter: sang ô Lý do sửa" />
          <Field label="Lý do sửa" htmlFor="correction-reason" error={errors.shown.reason} required
            hint="Ví dụ: tỉnh trả về vì sai số định danh; người nộp báo sai ngày sinh.">
            <textarea id="correction-reason" rows={2} value={reason} maxLength={1000} disabled={busy}
              onChange={(e) => { setReason(e.target.value); setServerErrors({}); setFailure(null); }} onBlur={() => touch('reason')}
              {...describedBy('correction-reason', errors.shown.reason)} />
          </Field>
          {form.canReprint && (
            <label className="inline">
              <input type="checkbox" id="correction-reprint" checked={reprint} disabled={busy} onChange={(e) => setReprint(e.target.checked)} data-enter-skip="" />
              {' '}Lập lại Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) với thông tin mới để in (phiếu cũ vẫn được lưu)
            </label>
          )}
          {errors.shown.reprint && <div className="field-error" role="alert">{errors.shown.reprint}</div>}
          {failure && <Notice kind="error" testId="correction-error">{failure}</Notice>}
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy} data-testid="correction-save">{busy ? 'Đang lưu…' : 'Lưu thay đổi'} <kbd>Ctrl+Enter</kbd></button>
            <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
          </div>
        </form>
      )}
      {failure && !form && <Notice kind="error">{failure}</Notice>}
      {slip && (
        <PreviewDialog documentId={slip.document.id} kind={slip.document.kind} dossierNumber={slip.result.dossier.number}
          onClose={() => onSaved(slip.result)} />
      )}
    </Dialog>
  );
}

/** The control a message is about ('applicant.idNumber' → #applicant-idNumber, 'components.2.name' → that line's name). */
function controlOf(path: string): HTMLElement | null {
  const byId = (id: string) => document.getElementById(id);
  const line = /^components\.(\d+)\./.exec(path);
  if (line) return document.querySelector<HTMLElement>(`.correction-form .components tbody tr:nth-child(${Number(line[1]) + 1}) input[data-role="name"]`) ?? byId(`component-${line[1]}`);
  const ids: Record<string, string> = { reason: 'correction-reason', reprint: 'correction-reprint', components: 'component-0', setCount: 'set-count' };
  return byId(ids[path] ?? path.replace(/\./g, '-'));
}
