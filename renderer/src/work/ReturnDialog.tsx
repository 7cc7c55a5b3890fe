import type { DossierDetail } from '../../../shared/contract';
import type { TransitionResult } from '../../../shared/contract/api-workflow';
import { Dialog } from '../components/Dialog';
import { ReturnForm } from './ReturnForm';

/** "Trả kết quả…" from the dossier page: the same form as the counter's screen. */
export function ReturnDialog({ dossier, onDone, onClose }: { dossier: DossierDetail; onDone: (r: TransitionResult) => void; onClose: () => void }) {
  return (
    <Dialog title={`Trả kết quả hồ sơ ${dossier.number}`} onClose={onClose} testId="return-dialog">
      <ReturnForm dossier={dossier} onDone={onDone} onCancel={onClose} />
    </Dialog>
  );
}
