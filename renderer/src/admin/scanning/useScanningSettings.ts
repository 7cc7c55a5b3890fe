import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { api, ApiError, errorMessage } from '../../api/client';
import { focusFirstError } from '../../lib/first-error';
import { errorControlId, firstProfileWithError, toForm, toInput, withoutErrors, type Errors, type Form, type View } from './settings-form';

export type Message = { kind: 'error' | 'success' | 'warning'; text: string };

/** What the sections of the scanning settings share: the saved view, the form being edited and its messages. */
export interface ScanningSettings {
  view: View;
  form: Form;
  errors: Errors;
  /** A change to the form; `clear` names the messages the change answers. */
  update: (next: Partial<Form>, clear?: string[]) => void;
  setError: (path: string, message: string) => void;
  /** Drops every message under a prefix (a removed line moves the later ones up). */
  dropErrors: (prefix: string) => void;
  /** The profile whose editor is open (by its form key). */
  selected: string | null;
  setSelected: (key: string | null) => void;
  setMessage: (m: Message | null) => void;
}

/**
 * Loads the scanning settings, keeps the form and its messages, and saves (Ctrl+S): local number checks
 * first, then the core's, each shown next to its control; focus goes to the first one (a profile's message
 * opens that profile's editor first).
 */
export function useScanningSettings() {
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const loaded = (v: View) => { setView(v); setForm(toForm(v)); };
  useEffect(() => { api.call('scanning.getSettings', {}).then(loaded, (e) => setMessage({ kind: 'error', text: errorMessage(e) })); }, []);

  /** Shows the messages, opening the editor of the first profile that has one, and focuses the first control. */
  const showErrors = (f: Form, errs: Errors, text: string) => {
    const profile = firstProfileWithError(errs);
    flushSync(() => {
      setErrors(errs);
      if (profile !== null) setSelected(f.profiles[profile]?.key ?? null);
      setMessage({ kind: 'error', text });
    });
    // The first control with a message in the form's order (lib/first-error.ts), not the first message.
    focusFirstError(document.querySelector<HTMLElement>('[data-testid="scanning-admin"]'), errs, { idOf: (p) => errorControlId(p) ?? undefined });
  };

  const save = async () => {
    if (!form || busy) return;
    const { input, errors: local } = toInput(form);
    if (Object.keys(local).length) return showErrors(form, local, 'Kiểm tra lại các ô báo lỗi.');
    setErrors({});
    setBusy(true);
    try {
      const v = await api.call('scanning.setSettings', input);
      loaded(v);
      setSelected(null);
      setMessage(v.warnings.length
        ? { kind: 'warning', text: 'Đã lưu cấu hình máy quét, có điều cần xem lại (xem các ô được đánh dấu).' }
        : { kind: 'success', text: 'Đã lưu cấu hình máy quét. Màn hình số hóa dùng ngay cấu hình mới.' });
    } catch (err) {
      if (err instanceof ApiError) showErrors(form, err.fieldErrors(), errorMessage(err));
      else setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const settings: ScanningSettings | null = view && form ? {
    view, form, errors, selected, setSelected, setMessage,
    update: (next, clear = []) => {
      setForm({ ...form, ...next });
      if (clear.some((c) => errors[c])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k))));
    },
    setError: (path, text) => setErrors((e) => ({ ...e, [path]: text })),
    dropErrors: (prefix) => setErrors((e) => withoutErrors(e, prefix)),
  } : null;
  return { settings, message, busy, save };
}
