import { useRef, useState } from 'react';
import type { Receipt } from '../../../shared/contract/api-fees';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { PdfFrame } from '../components/PdfFrame';

/**
 * A receipt to look at and print: the A5 PDF as the core renders it, "In biên lai" focused (both liên go to the
 * receipts' printer), then focus on "Đóng". A failed print says why; the receipt is saved either way.
 */
export function ReceiptDialog({ receipt, onClose }: { receipt: Receipt; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const [state, setState] = useState<{ kind: 'idle' | 'printing' } | { kind: 'done' | 'failed'; message: string }>({ kind: 'idle' });
  const busy = useRef(false);
  const print = async () => {
    if (busy.current) return;
    busy.current = true;
    setState({ kind: 'printing' });
    try {
      const r = await api.call('fees.printReceipt', { receiptId: receipt.id });
      setState({ kind: 'done', message: r.message });
      closeRef.current?.focus();
    } catch (e) {
      setState({ kind: 'failed', message: errorMessage(e) });
    } finally {
      busy.current = false;
    }
  };
  const title = `Biên lai ${receipt.series} số ${receipt.numberText}${receipt.cancelledAt ? ' (ĐÃ HỦY)' : ''} · Hồ sơ ${receipt.dossierNumber}`;
  return (
    <Dialog title={title} onClose={onClose} wide testId="receipt-dialog">
      <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(94vh - 4.75rem)', minHeight: '16rem' }}>
        <PdfFrame source={{ receipt: receipt.id }} title={title} view={{ fit: 'page', page: 1 }} grow testId="receipt-pdf" />
        <div className="dialog-actions">
          <button type="button" className="primary" data-autofocus="" data-testid="receipt-print" aria-disabled={state.kind === 'printing' || undefined} onClick={() => void print()}>
            {state.kind === 'printing' ? 'Đang in…' : state.kind === 'failed' ? 'Thử lại' : 'In biên lai (2 liên, A5)'}
          </button>
          <button type="button" ref={closeRef} onClick={onClose} data-testid="receipt-close">Đóng <kbd>Esc</kbd></button>
          <span className="print-status" role="status" data-testid="receipt-print-status">
            {state.kind === 'done' && state.message}
            {state.kind === 'failed' && <span className="text-error">{state.message}</span>}
          </span>
        </div>
      </div>
    </Dialog>
  );
}
