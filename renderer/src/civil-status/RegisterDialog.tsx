import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { ConfirmClose } from '../scanning/ConfirmClose';
import { useFocusFirstError } from '../lib/first-error';
import { focusNextField, focusWhenReady } from '../lib/focus';
import { vnDateKey } from '../lib/format';
import { useShortcuts } from '../lib/hooks';
import { CertificatePrint, printAvailable } from './CertificatePrint';
import { CHANGE_FIELD, checkExternalNumber, checkForm, controlId, drawnByTarget, formPath, initialTyped, isDirty, type Typed } from './entry-form';
import { EntryFields } from './EntryFields';
import { EXTERNAL_NUMBER_ID, NumberingSection, type Numbering } from './NumberingSection';
import { PRINT_BUTTON, RegisteredView } from './RegisteredView';
import { TargetSection } from './TargetSection';
import { registeredEntry, useEntryDraft } from './useEntryDraft';
import './civil-status.css';

export const REGISTER_DIALOG = 'cs-register-dialog';
const SUBMIT = 'cs-register';

/**
 * The entry screen of a civil-status dossier, drawn from its event type's schema with the people taken from the
 * dossier: focus on the first field, Enter to the next, Ctrl+S (or Ctrl+Enter) registers; a refused save puts
 * focus on the first field with a problem; Esc asks before throwing typed input away. Once registered: Số and
 * Quyển số, and the certificate's print has focus.
 */
export function RegisterDialog({ dossierId, onClose, onRegistered }: {
  dossierId: string; onClose: () => void; onRegistered: (e: CivilStatusEntry) => void;
}) {
  const { draft, failure: loadFailure } = useEntryDraft(dossierId);
  const [typed, setTyped] = useState<Typed | null>(null);
  const initial = useRef<Typed>({});
  const [target, setTarget] = useState<CivilStatusEntry | null>(null);
  const [numbering, setNumbering] = useState<Numbering>({ external: false, number: '' });
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const changed = useRef(new Set<string>());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const [done, setDone] = useState<{ entry: CivilStatusEntry; repeated: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [printing, setPrinting] = useState(false);
  const { formRef, focusErrors } = useFocusFirstError<HTMLFormElement>({ idOf: (p) => (p === 'number.entryNumber' ? EXTERNAL_NUMBER_ID : controlId(p)) });

  useEffect(() => {
    if (!draft || typed) return;
    const t = initialTyped(draft.schema, draft.fields);
    initial.current = t;
    const existing = registeredEntry(draft);
    flushSync(() => {
      setTyped(t);
      if (existing) setDone({ entry: existing, repeated: true });
    });
  }, [draft, typed]);

  const schema = draft?.schema ?? null;
  const today = vnDateKey(new Date());
  const issues = useMemo(() => (schema && typed ? checkForm(schema, typed, today) : null), [schema, typed, today]);
  const numberError = checkExternalNumber(numbering);
  const visible = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(issues?.errors ?? {})) if (showAll || shown.has(k)) out[k] = v;
    if (numberError && (showAll || shown.has('number.entryNumber'))) out['number.entryNumber'] = numberError;
    return { ...out, ...serverErrors };
  }, [issues, showAll, shown, numberError, serverErrors]);
  const warnings = useMemo(() => Object.fromEntries(Object.entries(issues?.warnings ?? {}).filter(([k]) => showAll || shown.has(k))), [issues, showAll, shown]);

  const patch = (p: Record<string, string>) => {
    setTyped((t) => ({ ...(t ?? {}), ...p }));
    for (const k of Object.keys(p)) changed.current.add(k);
    if (Object.keys(p).some((k) => serverErrors[k])) setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in p))));
    setFailure(null);
  };
  const leave = (key: string) => {
    if (changed.current.has(key) && !shown.has(key)) setShown((s) => new Set(s).add(key));
  };

  const register = async () => {
    if (!draft || !schema || !typed || !issues || done || inFlight.current) return;
    const errors: Record<string, string> = { ...issues.errors };
    if (schema.numbered && numberError) errors['number.entryNumber'] = numberError;
    if (Object.keys(errors).length) {
      flushSync(() => { setShowAll(true); setFailure('Chưa đăng ký: kiểm tra các ô báo lỗi.'); });
      focusErrors(errors);
      return;
    }
    const fields = Object.fromEntries(Object.entries(issues.stored).filter(([, v]) => v !== ''));
    const input = {
      dossierId, eventType: draft.eventType, schemaVersion: schema.version, fields,
      number: numbering.external && schema.numbered ? { mode: 'external' as const, entryNumber: Number(numbering.number) } : { mode: 'propose' as const },
    };
    const key = JSON.stringify(input);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.call('civilStatus.register', { ...input, operationId: attempt.current.id });
      flushSync(() => setDone({ entry: r.entry, repeated: r.repeated }));
      // The natural next step: print the certificate (keys typed meanwhile go to it).
      focusWhenReady(() => document.querySelector<HTMLElement>(`[data-testid="${PRINT_BUTTON}"], [data-testid="cs-close"]`));
      onRegistered(r.entry);
    } catch (e) {
      const mapped: Record<string, string> = {};
      if (e instanceof ApiError) for (const [p, m] of Object.entries(e.fieldErrors())) mapped[formPath(p)] = m;
      flushSync(() => { setFailure(errorMessage(e)); setServerErrors(mapped); setShowAll(true); });
      // No field to fix (a refusal of the whole, e.g. a confirmation still valid): the message takes focus.
      focusErrors(Object.keys(mapped).length ? mapped : ['_']);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  useShortcuts({ 'Ctrl+S': () => void register(), 'Ctrl+Enter': () => void register() }, { inDialogs: true, dialog: REGISTER_DIALOG });

  const requestClose = () => {
    if (!done && typed && isDirty(initial.current, typed)) flushSync(() => setConfirming(true));
    else onClose();
  };

  // Enter moves to the next field, also out of a longer text box (a register keeps one line: line breaks are
  // folded into spaces anyway); from the last one to "Đăng ký" (one more Enter registers).
  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing || e.defaultPrevented) return;
    const t = e.target as HTMLElement;
    if (t.tagName === 'BUTTON') return;
    e.preventDefault();
    if (!focusNextField(formRef.current, t)) document.querySelector<HTMLElement>(`[data-testid="${SUBMIT}"]`)?.focus();
  };
  // After an entry is picked: the changed field's choice (a change), else the first field of the form.
  const focusAfterPick = () => focusWhenReady(() => (schema?.fields.some((f) => f.key === CHANGE_FIELD)
    ? document.getElementById(controlId(CHANGE_FIELD))
    : formRef.current?.querySelector<HTMLElement>('.cs-group input, .cs-group select, .cs-group textarea') ?? null));

  const title = schema ? `${schema.name}${draft ? ` · Hồ sơ ${draft.dossierNumber}` : ''}` : 'Đăng ký hộ tịch';
  return (
    <Dialog title={title} onClose={requestClose} wide testId={REGISTER_DIALOG}>
      {loadFailure && <><Notice kind="error" testId="cs-load-error">{loadFailure}</Notice>
        <div className="dialog-actions"><button type="button" data-autofocus="" onClick={onClose}>Đóng <kbd>Esc</kbd></button></div></>}
      {!draft && !loadFailure && <p>Đang tải…</p>}
      {done && (
        <RegisteredView entry={done.entry} schema={schema} repeated={done.repeated} onClose={onClose}
          onPrint={() => setPrinting(true)} canPrint={printAvailable(done.entry)} />
      )}
      {draft && schema && typed && !done && (
        <form ref={formRef} className="cs-form" onKeyDown={onFormKeyDown} onSubmit={(e) => { e.preventDefault(); void register(); }} noValidate
          data-event={draft.eventType}>
          <ShortcutLegend items={[['Enter', 'Ô tiếp theo'], ['Ctrl+S', schema.numbered ? 'Đăng ký vào sổ' : 'Ghi nhận'], ['Esc', 'Đóng (hỏi trước khi bỏ thông tin đã nhập)']]} />
          {draft.warnings.map((w) => <Notice key={w} kind="warning" testId="cs-draft-warning">{w}</Notice>)}
          <TargetSection schema={schema} target={target} onTarget={setTarget} typed={typed} onChange={patch} errors={visible}
            disabled={busy} focusAfterPick={focusAfterPick} />
          <EntryFields schema={schema} typed={typed} errors={visible} warnings={warnings} disabled={false} skip={drawnByTarget}
            onChange={(k, v) => patch({ [k]: v })} onLeave={leave} />
          {schema.numbered && (
            <NumberingSection book={draft.book} year={Number(today.slice(0, 4))} proposed={draft.proposedNumber} value={numbering} disabled={busy}
              error={visible['number.entryNumber']}
              onChange={(n) => {
                setNumbering(n);
                changed.current.add('number.entryNumber');
                if (serverErrors['number.entryNumber']) setServerErrors(({ 'number.entryNumber': _, ...rest }) => rest);
                // Ticked: the number box appears and takes focus at once (Space, then the digits).
                if (n.external && !numbering.external) focusWhenReady(() => document.getElementById(EXTERNAL_NUMBER_ID));
              }} />
          )}
          {failure && <Notice kind="error" testId="cs-register-error">{failure}</Notice>}
          <div className="dialog-actions">
            <button type="submit" className="primary" disabled={busy} data-testid={SUBMIT}>
              {busy ? 'Đang đăng ký…' : schema.numbered ? 'Đăng ký vào sổ' : 'Ghi nhận'} <kbd>Ctrl+S</kbd>
            </button>
            <button type="button" onClick={requestClose}>Hủy <kbd>Esc</kbd></button>
          </div>
        </form>
      )}
      {confirming && (
        <ConfirmClose title="Bỏ thông tin đang nhập?" testId="cs-discard" keepLabel="Tiếp tục nhập" goLabel="Bỏ, đóng lại"
          onKeep={() => flushSync(() => setConfirming(false))} onGo={() => { setConfirming(false); onClose(); }}>
          Thông tin {schema?.name.toLowerCase() ?? 'hộ tịch'} đang nhập chưa được đăng ký vào sổ. Đóng lại thì những gì đã nhập sẽ mất.
        </ConfirmClose>
      )}
      {printing && done && <CertificatePrint entry={done.entry} dossierId={dossierId} onClose={() => setPrinting(false)} />}
    </Dialog>
  );
}
