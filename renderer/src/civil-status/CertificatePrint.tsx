// Printing a registered entry's paper. The certificates on pre-printed blanks (phôi) are the blanks part's
// print dialog (renderer/src/certificates/); this file is the one place the entry screens reach it, so the
// screens do not change when it does. Until that dialog is there: the certificate drawn over the blank's image
// (certificates.preview), full page, to check before printing.
import { useEffect, useState } from 'react';
import type { CertificateKind } from '../../../shared/certificates/template';
import type { EventType } from '../../../shared/civil-status/types';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { PdfDataDialog } from './PdfDataDialog';

/** The certificate an event's entry prints on its blank (changes and extract copies print full-page extracts). */
const KIND_OF: Partial<Record<EventType, CertificateKind>> = { birth: 'birth', marriage: 'marriage', death: 'death-extract', 'marital-status': 'marital-status' };

/** True when the entry's paper can be previewed from here; otherwise why not, in words for the officer. */
export function printAvailable(entry: CivilStatusEntry): true | string {
  if (entry.state === 'cancelled') return 'Mục đã hủy: không in giấy tờ.';
  if (!KIND_OF[entry.eventType]) return 'Bản trích lục của việc này in trên giấy trắng: chức năng in đang được bổ sung.';
  return true;
}

/** The print dialog of the entry's paper: for now the certificate previewed over its blank. */
export function CertificatePrint({ entry, onClose }: { entry: CivilStatusEntry; dossierId: string; onClose: () => void }) {
  const kind = KIND_OF[entry.eventType];
  const [pdf, setPdf] = useState<{ base64: string; fileName: string; name: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!kind) return;
    api.call('certificates.preview', { kind, entryId: entry.id }).then(
      (r) => setPdf({ ...r.pdf, name: r.template.kindName }),
      (e) => setFailure(errorMessage(e)),
    );
  }, [entry.id, kind]);
  if (pdf) {
    return (
      <PdfDataDialog title={`${pdf.name} · Số ${entry.entryNumber ?? ''}, Quyển số ${entry.bookLabel}`} base64={pdf.base64} fileName={pdf.fileName}
        onClose={onClose} testId="cs-print-dialog" note="Bản xem trước trên ảnh phôi: kiểm tra từng dòng trước khi in lên phôi thật." />
    );
  }
  return (
    <Dialog title={`In ${entry.eventName.toLowerCase()}`} onClose={onClose} testId="cs-print-dialog">
      {failure ? <Notice kind="error" testId="cs-print-error">{failure}</Notice> : <p>{kind ? 'Đang tạo bản xem trước…' : printAvailable(entry)}</p>}
      <div className="dialog-actions"><button type="button" data-autofocus="" onClick={onClose}>Đóng <kbd>Esc</kbd></button></div>
    </Dialog>
  );
}

