import { useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Dialog } from './Dialog';
import { PdfFrame, type PdfSource } from './PdfFrame';
import { PrintButton } from './PrintButton';
import { DOCUMENT_LABEL } from '../lib/format';

/** The keys that page through a previewed PDF, and where each goes from `page` of `pages`. */
export function pageForKey(key: string, page: number, pages: number): number | null {
  switch (key) {
    case 'PageDown': case 'ArrowDown': case 'ArrowRight': return Math.min(page + 1, pages);
    case 'PageUp': case 'ArrowUp': case 'ArrowLeft': return Math.max(page - 1, 1);
    case 'Home': return 1;
    case 'End': return pages;
    default: return null;
  }
}

interface PreviewProps {
  source: PdfSource;
  title: string;
  testId: string;
  onClose: () => void;
  /** Buttons before "Đóng"; `closeRef` lets one of them hand focus to "Đóng". */
  actions?: (closeRef: RefObject<HTMLButtonElement | null>) => ReactNode;
}

/**
 * A stored PDF in a dialog sized to the window: one whole page at a time (fitted to the frame), ↑/↓,
 * PgUp/PgDn, ←/→, Home/End turn the pages while focus stays on the dialog's buttons — the viewer never
 * takes focus, so Tab and Esc keep working.
 */
function PdfPreviewDialog({ source, title, testId, onClose, actions }: PreviewProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState<number | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.nativeEvent.isComposing || !pages) return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return;
    const next = pageForKey(e.key, page, pages);
    if (next === null) return;
    e.preventDefault();
    setPage(next);
  };
  return (
    <Dialog title={title} onClose={onClose} wide testId={testId}>
      {/* The dialog's height minus its title bar: the frame takes what the buttons leave. */}
      <div className="pdf-preview" onKeyDown={onKeyDown}
        style={{ display: 'flex', flexDirection: 'column', height: 'calc(94vh - 4.75rem)', minHeight: '16rem' }}>
        <PdfFrame source={source} title={title} view={{ fit: 'page', page }} grow
          onPageCount={(n) => { setPages(n); setPage((p) => Math.min(p, n ?? 1)); }} />
        <div className="dialog-actions">
          {actions?.(closeRef)}
          <button type="button" ref={closeRef} onClick={onClose} data-autofocus={actions ? undefined : ''} data-testid="preview-close">Đóng <kbd>Esc</kbd></button>
          {pages !== null && pages > 1 && (
            <span className="pdf-pager" style={{ marginLeft: 'auto', display: 'flex', gap: 6, alignItems: 'center' }}>
              <button type="button" onClick={() => setPage(Math.max(page - 1, 1))} disabled={page <= 1} aria-label="Trang trước">◀</button>
              <span data-testid="preview-page" aria-live="polite">Trang {page}/{pages}</span>
              <button type="button" onClick={() => setPage(Math.min(page + 1, pages))} disabled={page >= pages} aria-label="Trang sau">▶</button>
              <span className="muted"><kbd>PgUp</kbd> <kbd>PgDn</kbd> sang trang</span>
            </span>
          )}
        </div>
      </div>
    </Dialog>
  );
}

interface Props {
  documentId: string;
  kind: string;
  dossierNumber: string;
  onClose: () => void;
  /** After every print attempt (printed or not), e.g. to reload a print log on screen. */
  onPrintAttempted?: () => void;
}

/** After a save, or "Xem" on a stored document: the PDF, "In" and "Đóng". Only Mẫu 01 is made in two liên. */
export function PreviewDialog({ documentId, kind, dossierNumber, onClose, onPrintAttempted }: Props) {
  const title = `${DOCUMENT_LABEL[kind] ?? kind} · Hồ sơ ${dossierNumber}`;
  return (
    <PdfPreviewDialog source={{ document: documentId }} title={title} testId="preview-dialog" onClose={onClose}
      actions={(closeRef) => (
        <PrintButton documentId={documentId} label={kind === 'form01' ? 'In (2 liên)' : 'In'} autoFocus
          onPrinted={() => closeRef.current?.focus()} onAttempted={onPrintAttempted} />
      )} />
  );
}

/** A digitized file (a component's or a result paper's PDF) in the same preview, to read; it is not printed from here. */
export function FilePreviewDialog({ fileId, title, onClose }: { fileId: string; title: string; onClose: () => void }) {
  return <PdfPreviewDialog source={{ digitizedFile: fileId }} title={title} testId="file-preview" onClose={onClose} />;
}
