import { useEffect, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../components/Dialog';
import { viewFragment } from '../components/PdfFrame';
import { pageForKey } from '../components/PreviewDialog';

/** Bytes of a PDF the core sent as base64, as a Blob URL for the browser's viewer (revoked on close). */
function useBlobUrl(base64: string): string {
  const [url, setUrl] = useState('');
  useEffect(() => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const u = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [base64]);
  return url;
}

/**
 * A PDF the core made and sent (the register book, a certificate drawn over its blank), in the same kind of
 * preview as the forms: one page at a time, PgUp/PgDn, ↑/↓, Home/End turn pages while focus stays on the
 * buttons; "In" prints through the browser's viewer, "Tải tệp PDF" saves the file.
 */
export function PdfDataDialog({ title, base64, fileName, pages = 1, onClose, testId, note }: {
  title: string; base64: string; fileName: string; pages?: number; onClose: () => void; testId: string; note?: string;
}) {
  const url = useBlobUrl(base64);
  const [page, setPage] = useState(1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.nativeEvent.isComposing) return;
    const next = pageForKey(e.key, page, pages);
    if (next === null) return;
    e.preventDefault();
    setPage(next);
  };
  const print = () => {
    const frame = document.querySelector<HTMLIFrameElement>(`[data-testid="${testId}"] [data-testid="cs-pdf-frame"]`);
    try { frame?.contentWindow?.print(); } catch { /* the viewer's own print button stays available */ }
  };
  const save = () => {
    const a = document.createElement('a');
    a.href = url; a.download = fileName; a.click();
  };
  return (
    <Dialog title={title} onClose={onClose} wide testId={testId}>
      <div onKeyDown={onKeyDown} style={{ display: 'flex', flexDirection: 'column', height: 'calc(94vh - 4.75rem)', minHeight: '16rem' }}>
        {note && <p className="muted cs-pdf-note" data-testid="cs-pdf-note">{note}</p>}
        {url && <iframe key={page} className="pdf-frame" style={{ flex: '1 1 auto', minHeight: 0, height: 'auto' }} src={`${url}${viewFragment({ fit: 'page', page })}`}
          title={title} tabIndex={-1} data-testid="cs-pdf-frame" />}
        <div className="dialog-actions">
          <button type="button" className="primary" data-autofocus="" onClick={print} data-testid="cs-pdf-print">In</button>
          <button type="button" onClick={save}>Tải tệp PDF</button>
          <button type="button" onClick={onClose} data-testid="preview-close">Đóng <kbd>Esc</kbd></button>
          {pages > 1 && <span className="muted" style={{ marginLeft: 'auto' }} data-testid="cs-pdf-page">Trang {page}/{pages} · <kbd>PgUp</kbd> <kbd>PgDn</kbd> sang trang</span>}
        </div>
      </div>
    </Dialog>
  );
}
