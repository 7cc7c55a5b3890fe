import { useRef } from 'react';
import { Dialog } from './Dialog';
import { PdfFrame } from './PdfFrame';
import { PrintButton } from './PrintButton';
import { DOCUMENT_LABEL } from '../lib/format';

interface Props {
  documentId: string;
  kind: string;
  dossierNumber: string;
  onClose: () => void;
}

/** After a save, or "Xem" on a stored document: the PDF, "In" and "Đóng". Only Mẫu 01 is made in two liên. */
export function PreviewDialog({ documentId, kind, dossierNumber, onClose }: Props) {
  const title = `${DOCUMENT_LABEL[kind] ?? kind} · Hồ sơ ${dossierNumber}`;
  const closeRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} onClose={onClose} wide testId="preview-dialog">
      <PdfFrame source={{ document: documentId }} title={title} />
      <div className="dialog-actions">
        <PrintButton documentId={documentId} label={kind === 'form01' ? 'In (2 liên)' : 'In'} autoFocus onPrinted={() => closeRef.current?.focus()} />
        <button type="button" ref={closeRef} onClick={onClose} data-testid="preview-close">Đóng <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}
