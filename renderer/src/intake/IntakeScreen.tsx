import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { DocumentInfo, DossierDetail, ProcedureVersion } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { initialFocusTarget } from '../components/dialog-focus';
import { PreviewDialog } from '../components/PreviewDialog';
import { focusFirstError as focusFirstErrorIn } from '../lib/first-error';
import { focusNextField, focusWhenReady } from '../lib/focus';
import { useShortcuts } from '../lib/hooks';
import { ApplicantSection } from './ApplicantSection';
import { ComponentsSection } from './ComponentsSection';
import { DeliverySection } from './DeliverySection';
import { DueAndFees } from './DueAndFees';
import { FeeSection } from './FeeSection';
import { PartiesSection } from './PartiesSection';
import { useOfficeWorkingDays } from './useOfficeWorkingDays';
import { DiscardDialog } from './DiscardDialog';
import {
  changedApplicantFields, checkDraft, draftSummary, emptyDraft, emptyFee, hasInput, linesFor, toReceiveInput,
  type ComponentLine, type IntakeDraft, type Outcome,
} from './draft';
import { CompletionDialog, RefusalDialog } from './OutcomeDialogs';
import { nextActionAfter, nextActionButton, SavedBanner } from './SavedBanner';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { ProcedurePicker } from './ProcedurePicker';
import { ScanningPanel } from '../scanning/ScanningPanel';
import { ScanNeedsSave } from '../scanning/ScanNeedsSave';

interface Saved { dossier: DossierDetail; document: DocumentInfo; warnings: string[]; outcome: Outcome }
type OpenDialog = 'none' | 'preview' | 'completion' | 'refusal' | 'scan' | 'discard';
type HeldAction = 'save' | 'preview' | 'completion' | 'refusal';

/** The field a dialog just opened puts focus on (components/dialog-focus.ts). */
function openDialogFocusTarget(): HTMLElement | null {
  const open = document.querySelectorAll<HTMLElement>('dialog[open]');
  const top = open[open.length - 1];
  return top ? initialFocusTarget(top) : null;
}

export const INTAKE_SHORTCUTS: Array<[string, string]> = [
  ['F2', 'Hồ sơ mới'], ['Ctrl+S', 'Lưu'], ['Ctrl+P', 'Lưu & in phiếu hẹn'], ['F7', 'Yêu cầu bổ sung'],
  ['F8', 'Từ chối'], ['F9', 'Số hóa'], ['Enter', 'Ô tiếp theo'], ['Esc', 'Đóng hộp thoại'],
];

/** "Tiếp nhận hồ sơ": the counter's main screen, usable without the mouse. */
export function IntakeScreen() {
  const [draft, setDraft] = useState<IntakeDraft>(emptyDraft);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  // Fields the clerk changed: leaving one of them shows its message; leaving an untouched one never does.
  const changed = useRef<Set<string>>(new Set());
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
  // Enter went ahead of the procedure search (a fast clerk, a barcode): F7, F8, Ctrl+S or Ctrl+P pressed before
  // it answered wait for the procedure, instead of doing nothing or failing on "no procedure".
  const lateChoice = useRef(false);
  const heldAction = useRef<{ action: HeldAction; stopHold: () => void } | null>(null);
  // The saved dossier's papers were scanned (the panel was opened): the next action is then a new dossier.
  const scanned = useRef(false);
  const [needsSave, setNeedsSave] = useState(false);
  const dismissNeedsSave = useCallback(() => setNeedsSave(false), []);

  useLayoutEffect(() => procedureRef.current?.focus(), []);

  const workingDays = useOfficeWorkingDays();
  const issues = useMemo(() => checkDraft(draft, 'receive', new Date(), workingDays), [draft, workingDays]);
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
    changed.current = new Set();
    scanned.current = false;
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
    lateChoice.current = false;
    heldAction.current = null;
  };

  const discard = () => {
    applyReset();
    focusWhenReady(() => procedureRef.current);
  };

  // F2, Ctrl+N, "Hồ sơ mới": a dossier typed but not saved is discarded only when the clerk confirms.
  const reset = () => {
    if (inFlight.current) {
      // Keys typed from now on are held and go to the new dossier's procedure box when it is there.
      resetAfterSave.current = true;
      focusWhenReady(() => (resetAfterSave.current ? null : procedureRef.current));
      return;
    }
    if (!saved && hasInput(draft)) {
      // Opened at once, in this key's handler: the very next Enter answers the question (keep).
      flushSync(() => setDialog('discard'));
      return;
    }
    discard();
  };

  /** Focus on what comes next after a save (Số hóa, or a new dossier), now or as soon as it is on screen. */
  const focusNextAction = (outcome: Outcome) => {
    const action = nextActionAfter(outcome, scanned.current);
    focusWhenReady(() => nextActionButton(action));
  };

  /** Closes a dialog opened over the saved dossier and hands focus to the next action, in the closing key's handler. */
  const closeOverSaved = (outcome: Outcome) => {
    flushSync(() => setDialog('none'));
    focusNextAction(outcome);
  };

  /** Focus the field of the first error now (fields locked by a running save take it as soon as they unlock). */
  const focusFirstError = (errors: Record<string, string>) => {
    // The first field with a message in the form's order, not the first message (lib/first-error.ts).
    focusFirstErrorIn(formRef.current, errors, {
      marked: false, idOf: (p) => (p === 'procedureVersionId' ? 'procedure' : p === 'components' ? 'component-0' : cssId(p)),
    });
  };

  const submit = async (outcome: Outcome, opts: { preview: boolean; reason?: string; missingItems?: ComponentLine[] }) => {
    if (saved) {
      // Already saved: Ctrl+P again only reopens the slip, it never saves a second dossier.
      if (opts.preview) setDialog('preview');
      return;
    }
    if (inFlight.current) return;
    const blocking = checkDraft(draft, outcome, new Date(), workingDays).errors;
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
    // Without a preview, focus goes to the next action when the save answers; keys typed meanwhile wait for it.
    // (The fields lock while saving: focus would otherwise fall to <body> and the keys be lost.)
    const from = document.activeElement as HTMLElement | null;
    const holdForNext = !opts.preview && outcome === 'receive';
    if (holdForNext) focusWhenReady(() => nextActionButton(nextActionAfter(outcome, false)));
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
      const errs = e instanceof ApiError ? e.fieldErrors() : {};
      if (Object.keys(errs).length) setServerErrors(errs);
      if (outcome === 'receive' && Object.keys(errs).length) focusFirstError(errs);
      // No field to fix: back where the clerk was (the fields unlock when this settles), keys typed meanwhile included.
      else if (holdForNext && from) focusWhenReady(() => (from.isConnected ? from : procedureRef.current));
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

  const act = (action: HeldAction) => {
    if (action === 'save') return void submit('receive', { preview: false });
    if (action === 'preview') return void submit('receive', { preview: true });
    if (canOpenOutcome()) { setFailure(null); setDialog(action); }
  };
  /** Now, or (Enter went ahead of the procedure search) once the procedure is known, keys typed meanwhile held. */
  const actWhenProcedureKnown = (action: HeldAction) => {
    if (!lateChoice.current) return act(action);
    // Held for where the action puts focus: the dialog's first field, or (a save) the next action, which the
    // save's own hold takes over.
    const stopHold = focusWhenReady(action === 'save' ? () => null : openDialogFocusTarget);
    heldAction.current = { action, stopHold };
  };
  const onLateChoice = (state: 'waiting' | 'chosen' | 'dropped') => {
    lateChoice.current = state === 'waiting';
    if (state !== 'dropped' || !heldAction.current) return;
    // Nothing found: the action is dropped with what was held, and the clerk is taken to the message.
    heldAction.current.stopHold();
    heldAction.current = null;
    procedureRef.current?.focus();
  };
  useEffect(() => {
    const held = heldAction.current;
    if (!held || !draft.procedure) return;
    heldAction.current = null;
    act(held.action);
  }, [draft.procedure]); // the held action runs once, with this render's state

  useShortcuts({
    F2: reset,
    'Ctrl+N': reset,
    'Ctrl+S': () => actWhenProcedureKnown('save'),
    'Ctrl+P': () => actWhenProcedureKnown('preview'),
    F7: () => actWhenProcedureKnown('completion'),
    F8: () => actWhenProcedureKnown('refusal'),
    // Nothing to scan into before the save: say so (issue 9 #9) rather than do nothing.
    F9: () => { if (saved) openScanning(); else setNeedsSave(true); },
  });

  const openScanning = () => {
    scanned.current = true;
    setDialog('scan');
  };
  const openPreview = () => void submit('receive', { preview: true });

  const onSelectProcedure = (p: ProcedureVersion) => patch({ procedure: p, components: linesFor(p), fee: emptyFee() });
  const touchChanged = (f: string) => { if (changed.current.has(f)) setTouched((s) => (s.has(f) ? s : new Set(s).add(f))); };
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
        <ShortcutLegend items={INTAKE_SHORTCUTS.map(([k, l]) => (k === 'F9' && !saved ? [k, l, 'lưu hồ sơ trước'] : [k, l]))} />
        <ScanNeedsSave shown={needsSave && !saved} onDismiss={dismissNeedsSave} />
      </div>

      <SavedBanner saved={saved} onScan={openScanning} onPrint={openPreview} onNew={reset} />
      {failure && dialog === 'none' && <Notice kind="error" testId="save-error">{failure}</Notice>}

      <form ref={formRef} className="intake-form" onKeyDown={onFormKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
        <div className="intake-top">
          <ProcedurePicker key={generation} ref={procedureRef} selected={draft.procedure} onSelect={onSelectProcedure}
            onCommit={onCommitProcedure} onLateChoice={onLateChoice} disabled={locked} error={visibleErrors.procedureVersionId} />
          <DueAndFees procedure={draft.procedure} decision={issues.fee ?? null} />
        </div>
        <ApplicantSection
          value={draft.applicant}
          onChange={(applicant) => {
            for (const f of changedApplicantFields(draft.applicant, applicant)) changed.current.add(f);
            patch({ applicant });
          }}
          errors={visibleErrors} warnings={issues.warnings} disabled={locked}
          onTouch={touchChanged}
        />
        <PartiesSection procedure={draft.procedure} value={draft.parties ?? {}} applicantAddress={draft.applicant.address}
          errors={visibleErrors} warnings={issues.warnings} disabled={locked} onTouch={touchChanged}
          onChange={(parties, paths) => {
            for (const f of paths) changed.current.add(f);
            patch({ parties });
          }} />
        <ComponentsSection lines={draft.components} onChange={(components) => patch({ components })}
          errors={visibleErrors} warning={issues.warnings.components} disabled={locked} />
        <FeeSection procedure={draft.procedure} value={draft.fee ?? emptyFee()} decision={issues.fee ?? null} errors={visibleErrors}
          disabled={locked} onTouch={touchChanged}
          onChange={(fee) => {
            const was = draft.fee ?? emptyFee();
            if (fee.eventDate !== was.eventDate) changed.current.add('fee.eventDate');
            if (fee.line !== was.line) changed.current.add('fee.line');
            patch({ fee });
          }} />
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
          onClose={() => closeOverSaved(saved.outcome)} />
      )}
      {dialog === 'scan' && saved && <ScanningPanel dossierId={saved.dossier.id} onClose={() => closeOverSaved(saved.outcome)} />}
      {dialog === 'discard' && (
        <DiscardDialog summary={draftSummary(draft)} onKeep={() => flushSync(() => setDialog('none'))} onDiscard={discard} />
      )}
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

