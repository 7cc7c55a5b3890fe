import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { DocumentInfo, DossierDetail, ProcedureVersion } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { PreviewDialog } from '../components/PreviewDialog';
import { focusNextField, focusWhenReady } from '../lib/focus';
import { useShortcuts } from '../lib/hooks';
import { formatInstant } from '../lib/format';
import { ApplicantSection } from './ApplicantSection';
import { ComponentsSection } from './ComponentsSection';
import { DeliverySection } from './DeliverySection';
import { DueAndFees } from './DueAndFees';
import {
  checkDraft, emptyDraft, linesFor, toReceiveInput, type ComponentLine, type IntakeDraft, type Outcome,
} from './draft';
import { CompletionDialog, RefusalDialog } from './OutcomeDialogs';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { ProcedurePicker } from './ProcedurePicker';
import { ScanningPanel } from '../scanning/ScanningPanel';

interface Saved { dossier: DossierDetail; document: DocumentInfo; warnings: string[]; outcome: Outcome }
type OpenDialog = 'none' | 'preview' | 'completion' | 'refusal' | 'scan';

const OUTCOME_DONE: Record<Outcome, string> = {
  receive: 'Đã tiếp nhận hồ sơ',
  'request-completion': 'Đã lập Phiếu yêu cầu bổ sung cho hồ sơ',
  refuse: 'Đã lập Phiếu từ chối cho hồ sơ',
};

export const INTAKE_SHORTCUTS: Array<[string, string]> = [
  ['F2', 'Hồ sơ mới'], ['Ctrl+S', 'Lưu'], ['Ctrl+P', 'Lưu & in phiếu hẹn'], ['F7', 'Yêu cầu bổ sung'],
  ['F8', 'Từ chối'], ['F9', 'Số hóa'], ['Enter', 'Ô tiếp theo'], ['Esc', 'Đóng hộp thoại'],
];

/** "Tiếp nhận hồ sơ": the counter's main screen, usable without the mouse. */
export function IntakeScreen() {
  const [draft, setDraft] = useState<IntakeDraft>(emptyDraft);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>('none');
  const inFlight = useRef(false);
  // One operationId per attempt: a retry of identical input reuses it, so the core saves at most once.
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const procedureRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // A new dossier gets a new picker (its text and pending search start afresh).
  const [generation, setGeneration] = useState(0);
  // F2 pressed while a save is still running: the new dossier starts once the save has settled.
  const resetAfterSave = useRef(false);

  useLayoutEffect(() => procedureRef.current?.focus(), []);

  const issues = useMemo(() => checkDraft(draft), [draft]);
  const visibleErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(issues.errors)) if (showAll || touched.has(k)) out[k] = v;
    return { ...out, ...serverErrors };
  }, [issues, showAll, touched, serverErrors]);

  const patch = (p: Partial<IntakeDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    // A server message is about the value it saw; once the clerk edits, the inline checks take over.
    if (Object.keys(serverErrors).length) setServerErrors({});
    setFailure(null);
  };

  /** The form emptied, rendered at once (flushSync) so the procedure box is there for the very next key. */
  const applyReset = () => {
    flushSync(() => {
      setDraft(emptyDraft());
      setTouched(new Set());
      setShowAll(false);
      setServerErrors({});
      setFailure(null);
      setSaved(null);
      setDialog('none');
      setGeneration((g) => g + 1);
    });
    attempt.current = null;
  };

  const reset = useCallback(() => {
    if (inFlight.current) {
      // Keys typed from now on are held and go to the new dossier's procedure box when it is there.
      resetAfterSave.current = true;
      focusWhenReady(() => (resetAfterSave.current ? null : procedureRef.current));
      return;
    }
    applyReset();
    focusWhenReady(() => procedureRef.current);
  }, []);

  /** Focus the field of the first error now (fields locked by a running save take it as soon as they unlock). */
  const focusFirstError = (errors: Record<string, string>) => {
    const first = Object.keys(errors)[0];
    if (!first) return;
    const find = () => (first === 'procedureVersionId' ? procedureRef.current
      : first === 'components' ? document.getElementById('component-0')
      : formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"], #${cssId(first)}`) ?? null);
    // Only a field that exists is waited for (a message without a field of its own moves nothing).
    if (find()) focusWhenReady(find);
  };

  const submit = async (outcome: Outcome, opts: { preview: boolean; reason?: string; missingItems?: ComponentLine[] }) => {
    if (saved) {
      // Already saved: Ctrl+P again only reopens the slip, it never saves a second dossier.
      if (opts.preview) setDialog('preview');
      return;
    }
    if (inFlight.current) return;
    const blocking = checkDraft(draft, outcome).errors;
    if (Object.keys(blocking).length) {
      setShowAll(true);
      setDialog('none');
      setFailure('Hồ sơ chưa lưu: kiểm tra các ô báo lỗi.');
      focusFirstError(blocking);
      return;
    }
    const input = toReceiveInput(draft, outcome, opts);
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    let moveOn = false;
    try {
      const result = await api.call('dossiers.receive', { ...input, operationId: attempt.current.id });
      // F2 during the save: the dossier is saved (today's list has it) and the clerk is already on the next one.
      moveOn = resetAfterSave.current;
      if (moveOn) return;
      setSaved({ ...result, outcome });
      setDialog(opts.preview || outcome !== 'receive' ? 'preview' : 'none');
    } catch (e) {
      // Not saved: the draft stays, with the reason, rather than being emptied by that F2.
      resetAfterSave.current = false;
      setFailure(errorMessage(e));
      if (e instanceof ApiError && e.fields.length) {
        const errs = e.fieldErrors();
        setServerErrors(errs);
        if (outcome === 'receive') focusFirstError(errs);
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
      if (moveOn) {
        resetAfterSave.current = false;
        applyReset();
      }
    }
  };

  const canOpenOutcome = () => !saved && draft.procedure !== null;

  useShortcuts({
    F2: reset,
    'Ctrl+N': reset,
    'Ctrl+S': () => void submit('receive', { preview: false }),
    'Ctrl+P': () => void submit('receive', { preview: true }),
    F7: () => { if (canOpenOutcome()) { setFailure(null); setDialog('completion'); } },
    F8: () => { if (canOpenOutcome()) { setFailure(null); setDialog('refusal'); } },
    F9: () => { if (saved) setDialog('scan'); },
  });

  const onSelectProcedure = (p: ProcedureVersion) => patch({ procedure: p, components: linesFor(p) });
  // In the Enter's own key handler: the applicant's name has focus before the next key arrives.
  const onCommitProcedure = () => { focusWhenReady(() => document.getElementById('applicant-fullName')); };

  // Enter moves to the next field, as on paper-form software clerks know; in the last field it saves & prints.
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
    const t = e.target as HTMLElement;
    if (t.tagName === 'BUTTON' || t.tagName === 'TEXTAREA' || t.getAttribute('role') === 'combobox') return;
    e.preventDefault();
    if (t.hasAttribute('data-last-field')) return void submit('receive', { preview: true });
    focusNextField(formRef.current, t);
  };

  const locked = saved !== null || busy;
  return (
    <div className="screen intake">
      <div className="screen-head">
        <h1>Tiếp nhận hồ sơ</h1>
        <ShortcutLegend items={INTAKE_SHORTCUTS} />
      </div>

      {saved && (
        <Notice kind="success" testId="saved-banner">
          {OUTCOME_DONE[saved.outcome]}{' '}
          <strong data-testid="saved-number">{saved.dossier.number}</strong>
          {saved.dossier.provisional && <span className="tag">tạm</span>}
          {saved.dossier.dueAt && <> · hẹn trả {formatInstant(saved.dossier.dueAt)}</>}
          . <kbd>Ctrl+P</kbd> xem/in lại phiếu, <kbd>F2</kbd> hồ sơ mới.{' '}
          <button type="button" className="link-button" onClick={() => setDialog('scan')} data-testid="open-scanning">Số hóa giấy tờ <kbd>F9</kbd></button>
          {saved.warnings.map((w) => <div key={w} className="muted">{w}</div>)}
        </Notice>
      )}
      {failure && dialog === 'none' && <Notice kind="error" testId="save-error">{failure}</Notice>}

      <form ref={formRef} className="intake-form" onKeyDown={onFormKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
        <div className="intake-top">
          <ProcedurePicker key={generation} ref={procedureRef} selected={draft.procedure} onSelect={onSelectProcedure}
            onCommit={onCommitProcedure} disabled={locked} error={visibleErrors.procedureVersionId} />
          <DueAndFees procedure={draft.procedure} />
        </div>
        <ApplicantSection
          value={draft.applicant} onChange={(applicant) => patch({ applicant })}
          errors={visibleErrors} warnings={issues.warnings} disabled={locked}
          onTouch={(f) => setTouched((s) => (s.has(f) ? s : new Set(s).add(f)))}
        />
        <ComponentsSection lines={draft.components} onChange={(components) => patch({ components })}
          errors={visibleErrors} warning={issues.warnings.components} disabled={locked} />
        <DeliverySection draft={draft} onChange={patch} errors={visibleErrors} disabled={locked} />

        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void submit('receive', { preview: true })} data-testid="save-print">
            {busy ? 'Đang lưu…' : saved ? 'Xem, in lại phiếu' : 'Lưu & in phiếu hẹn'} <kbd>Ctrl+P</kbd>
          </button>
          <button type="button" disabled={busy || saved !== null} onClick={() => void submit('receive', { preview: false })}>Lưu <kbd>Ctrl+S</kbd></button>
          <button type="button" disabled={!canOpenOutcome() || busy} onClick={() => setDialog('completion')}>Phiếu yêu cầu bổ sung <kbd>F7</kbd></button>
          <button type="button" disabled={!canOpenOutcome() || busy} onClick={() => setDialog('refusal')}>Phiếu từ chối <kbd>F8</kbd></button>
          <button type="button" onClick={reset}>Hồ sơ mới <kbd>F2</kbd></button>
        </div>
      </form>

      {dialog === 'preview' && saved && (
        <PreviewDialog documentId={saved.document.id} kind={saved.document.kind} dossierNumber={saved.dossier.number}
          onClose={() => setDialog('none')} />
      )}
      {dialog === 'scan' && saved && <ScanningPanel dossierId={saved.dossier.id} onClose={() => setDialog('none')} />}
      {dialog === 'completion' && (
        <CompletionDialog lines={draft.components} busy={busy} error={failure} onClose={() => setDialog('none')}
          onConfirm={(missingItems, reason) => void submit('request-completion', { preview: true, missingItems, reason })} />
      )}
      {dialog === 'refusal' && (
        <RefusalDialog busy={busy} error={failure} onClose={() => setDialog('none')}
          onConfirm={(reason) => void submit('refuse', { preview: true, reason })} />
      )}
    </div>
  );
}

/** 'applicant.fullName' → 'applicant-fullName', the id of its input. */
function cssId(path: string): string {
  return path.replace(/\./g, '-').replace(/[^\w-]/g, '');
}

