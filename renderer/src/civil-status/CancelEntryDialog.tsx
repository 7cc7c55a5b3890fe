import { useState, type KeyboardEvent } from 'react';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { focusWhenReady } from '../lib/focus';
import { cancelReasonProblem } from './entry-form';
import { entryLine } from './labels';

const REASON_ID = 'cs-cancel-reason';

/**
 * Cancelling an entry: it stays in its book with its number, marked, with the reason. The reason has focus;
 * Ctrl+Enter cancels; a refusal leaves focus on the reason with the message under it.
 */
export function CancelEntryDialog({ entry, onClose, onDone }: { entry: CivilStatusEntry; onClose: () => void; onDone: (e: CivilStatusEntry) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    const problem = cancelReasonProblem(reason);
    if (problem) { setError(problem); focusWhenReady(() => document.getElementById(REASON_ID)); return; }
    setBusy(true);
    setFailure(null);
    try {
      onDone(await api.call('civilStatus.cancel', { entryId: entry.id, reason: reason.trim() }));
    } catch (e) {
      setFailure(errorMessage(e));
      if (e instanceof ApiError && e.fieldErrors().reason) setError(e.fieldErrors().reason!);
      focusWhenReady(() => document.getElementById(REASON_ID));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); void submit(); }
  };
  return (
    <Dialog title="Hủy mục trong sổ hộ tịch" onClose={onClose} testId="cs-cancel-dialog">
      <form className="action-form" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        <p>{entryLine(entry)}</p>
        <p className="muted">Mục bị hủy vẫn nằm trong sổ với số của nó, được đánh dấu "Đã hủy" kèm lý do; số này không cấp lại cho mục khác.</p>
        <Field label="Lý do hủy" htmlFor={REASON_ID} error={error ?? undefined} required hint="Ctrl+Enter để hủy mục.">
          <textarea id={REASON_ID} rows={3} value={reason} maxLength={1000} data-autofocus="" onChange={(e) => { setReason(e.target.value); setError(null); }}
            {...describedBy(REASON_ID, error ?? undefined)} />
        </Field>
        {failure && <Notice kind="error" testId="cs-cancel-error">{failure}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="cs-cancel-submit">{busy ? 'Đang hủy…' : 'Hủy mục'} <kbd>Ctrl+Enter</kbd></button>
          <button type="button" onClick={onClose}>Không hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
