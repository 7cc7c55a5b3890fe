import { useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';

type State =
  | { kind: 'idle' }
  | { kind: 'printing' }
  | { kind: 'done'; message: string }
  | { kind: 'failed'; message: string };

interface Props {
  documentId: string;
  /** Copies of the whole document (each holds every liên of the form); the core's default is one. */
  copies?: number;
  label: string;
  autoFocus?: boolean;
  onPrinted?: () => void;
}

/**
 * Sends a stored document to the printer configured for its kind. A failure leaves the dossier saved;
 * the reason is shown in Vietnamese with "Thử lại".
 */
export function PrintButton({ documentId, copies, label, autoFocus, onPrinted }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const busy = useRef(false);
  const retryRef = useRef<HTMLButtonElement>(null);

  const print = async () => {
    if (busy.current) return; // a double Enter must not print twice
    busy.current = true;
    setState({ kind: 'printing' });
    try {
      const r = await api.call('printing.print', { documentId, copies });
      // The core says what it sent (copies, liên, sheets): the clerk reads that, not a count guessed here.
      setState({ kind: 'done', message: r.message });
      onPrinted?.();
    } catch (e) {
      setState({ kind: 'failed', message: errorMessage(e) });
      setTimeout(() => retryRef.current?.focus(), 0);
    } finally {
      busy.current = false;
    }
  };

  return (
    <div className="print-control">
      {state.kind === 'failed' ? (
        <button type="button" ref={retryRef} className="primary" onClick={print} data-testid="print-retry">Thử lại</button>
      ) : (
        <button
          type="button" className="primary" onClick={print} disabled={state.kind === 'printing'}
          data-autofocus={autoFocus ? '' : undefined} data-testid="print-button"
        >
          {state.kind === 'printing' ? 'Đang in…' : label}
        </button>
      )}
      <span className="print-status" role="status" data-testid="print-status">
        {state.kind === 'done' && state.message}
        {state.kind === 'failed' && <span className="text-error">In không thành công: {state.message} Hồ sơ vẫn được lưu.</span>}
      </span>
    </div>
  );
}
