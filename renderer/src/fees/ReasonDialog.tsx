import { useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';

/** A reason asked before an act that is kept and audited (cancelling a receipt, the leader's override). */
export function ReasonDialog({ title, label, confirm, hint, testId, onClose, onConfirm }: {
  title: string; label: string; confirm: string; hint: string; testId: string; onClose: () => void; onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const submit = async () => {
    if (busy.current) return;
    if (reason.trim().length < 5) { setError('Ghi rõ lý do (ít nhất 5 ký tự).'); return; }
    busy.current = true;
    try { await onConfirm(reason.trim()); } catch (e) { setError(errorMessage(e)); } finally { busy.current = false; }
  };
  return (
    <Dialog title={title} onClose={onClose} testId={testId}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>{label}
          <textarea id={`${testId}-reason`} value={reason} rows={3} data-autofocus="" onChange={(e) => { setReason(e.target.value); setError(null); }}
            onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); void submit(); } }} />
        </label>
        <p className="field-hint">{hint}</p>
        {error && <Notice kind="error" testId={`${testId}-error`}>{error}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" data-testid={`${testId}-confirm`}>{confirm} <kbd>Ctrl+Enter</kbd></button>
          <button type="button" onClick={onClose}>Thôi <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
