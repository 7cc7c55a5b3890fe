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
  /** The printer took the job. */
  onPrinted?: () => void;
  /** Every attempt, printed or not: the core has logged it (a print log on screen reloads). */
  onAttempted?: () => void;
}

/**
 * The clerk's sentence for a failed print, said once. The core's PRINT_FAILED message already gives the
 * reason and that the dossier is kept; other failures (the core unreachable) get that added here.
 */
export function printFailureText(message: string): string {
  const text = /^In không thành công/i.test(message) ? message : `In không thành công: ${message}`;
  return /được lưu/.test(text) ? text : `${text} Hồ sơ vẫn được lưu; bấm Thử lại để in lại.`;
}

/**
 * Sends a stored document to the printer configured for its kind. A failure leaves the dossier saved;
 * the reason is shown in Vietnamese and the same button becomes "Thử lại". It is one element throughout
 * (never disabled while printing): focus stays on it, so the keyboard flow and Esc stay in its dialog.
 */
export function PrintButton({ documentId, copies, label, autoFocus, onPrinted, onAttempted }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const busy = useRef(false);

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
    } finally {
      busy.current = false;
      onAttempted?.();
    }
  };

  const failed = state.kind === 'failed';
  return (
    <div className="print-control">
      <button
        type="button" className="primary" onClick={() => void print()} aria-disabled={state.kind === 'printing' || undefined}
        data-autofocus={autoFocus ? '' : undefined} data-testid={failed ? 'print-retry' : 'print-button'}
      >
        {state.kind === 'printing' ? 'Đang in…' : failed ? 'Thử lại' : label}
      </button>
      <span className="print-status" role="status" data-testid="print-status">
        {state.kind === 'done' && state.message}
        {failed && <span className="text-error">{printFailureText(state.message)}</span>}
      </span>
    </div>
  );
}
