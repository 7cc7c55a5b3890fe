// Printing a registered entry's paper: the blanks part's print dialog (renderer/src/certificates/: preview over
// the blank's image, printer and its calibration offset, original or extract, blank serial, spoiled blanks).
// This file is the one place the entry screens reach it. An extract copy prints the extract of the entry it
// cites; a change's paper has no template yet.
import { useEffect, useState } from 'react';
import type { CertificateKind } from '../../../shared/certificates/template';
import type { EventType } from '../../../shared/civil-status/types';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { api, errorMessage } from '../api/client';
import { CertificatePrintDialog } from '../certificates/CertificatePrintDialog';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';

/** The certificate an event's entry prints on its blank. */
const KIND_OF: Partial<Record<EventType, CertificateKind>> = { birth: 'birth', marriage: 'marriage', death: 'death-extract', 'marital-status': 'marital-status' };

/** True when the entry's paper can be printed from here; otherwise why not, in words for the officer. */
export function printAvailable(entry: CivilStatusEntry): true | string {
  if (entry.state === 'cancelled') return 'Mục đã hủy: không in giấy tờ.';
  if (entry.eventType === 'extract-copy') return entry.targetEntryId ? true : 'Mục này không ghi việc hộ tịch được trích lục: không in được.';
  if (!KIND_OF[entry.eventType]) return 'Giấy tờ của việc thay đổi, cải chính chưa có mẫu in: in từ phần mềm hộ tịch dùng chung.';
  return true;
}

function titleOf(e: CivilStatusEntry, paper: string): string {
  return `${paper}${e.entryNumber !== null ? ` · Số ${e.entryNumber}, Quyển số ${e.bookLabel}` : ''}`;
}

/** The print dialog of the entry's paper (for an extract copy: the cited entry's extract). */
export function CertificatePrint({ entry, onClose }: { entry: CivilStatusEntry; dossierId: string; onClose: () => void }) {
  const [target, setTarget] = useState<CivilStatusEntry | null>(entry.eventType === 'extract-copy' ? null : entry);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (entry.eventType !== 'extract-copy' || !entry.targetEntryId) return;
    api.call('civilStatus.get', { id: entry.targetEntryId }).then(setTarget, (e) => setFailure(errorMessage(e)));
  }, [entry]);
  const kind = target ? KIND_OF[target.eventType] : undefined;
  if (target && kind && printAvailable(entry) === true) {
    const paper = entry.eventType === 'extract-copy' ? `Bản sao trích lục ${target.eventName.toLowerCase()}` : target.eventName;
    return <CertificatePrintDialog entryId={target.id} kind={kind} title={titleOf(target, paper)} onClose={onClose} />;
  }
  return (
    <Dialog title={`In ${entry.eventName.toLowerCase()}`} onClose={onClose} testId="cs-print-dialog">
      {failure ? <Notice kind="error" testId="cs-print-error">{failure}</Notice> : <p>{printAvailable(entry) === true ? 'Đang tải…' : printAvailable(entry)}</p>}
      <div className="dialog-actions"><button type="button" data-autofocus="" onClick={onClose}>Đóng <kbd>Esc</kbd></button></div>
    </Dialog>
  );
}
