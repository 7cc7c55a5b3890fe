import { useEffect, useRef, useState } from 'react';
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
        {receipt.paper === 'thermal'
          ? <ThermalPreview receiptId={receipt.id} title={title} />
          : <PdfFrame source={{ receipt: receipt.id }} title={title} view={{ fit: 'page', page: 1 }} grow testId="receipt-pdf" />}
        <div className="dialog-actions">
          <button type="button" className="primary" data-autofocus="" data-testid="receipt-print" aria-disabled={state.kind === 'printing' || undefined} onClick={() => void print()}>
            {state.kind === 'printing' ? 'Đang in…' : state.kind === 'failed' ? 'Thử lại' : receipt.paper === 'thermal' ? 'In biên lai (80 mm)' : 'In biên lai (2 liên, A5)'}
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

/** The 80 mm receipt as the thermal printer draws it: the 576-dot raster, shown at its own width. */
function ThermalPreview({ receiptId, title }: { receiptId: string; title: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('fees.receiptFile', { receiptId, paper: 'thermal' }).then((f) => { if (live) setSrc(`data:${f.mime};base64,${f.base64}`); }, (e: unknown) => { if (live) setError(errorMessage(e)); });
    return () => { live = false; };
  }, [receiptId]);
  return (
    <div style={{ flex: 1, overflow: 'auto', textAlign: 'center', background: '#f3f3f3' }} data-testid="receipt-thermal">
      {src && <img src={src} alt={title} width={288} style={{ background: '#fff', boxShadow: '0 0 4px #999' }} />}
      {error && <p className="text-error">{error}</p>}
    </div>
  );
}
