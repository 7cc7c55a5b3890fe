import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import type { EventSchema } from '../../../shared/civil-status/types';
import { Notice } from '../components/Notice';
import { formatDateKey } from '../lib/format';

export const PRINT_BUTTON = 'cs-print';

/** After the registration (or reopening a registered dossier): Số, Quyển số, who; the certificate's print has focus. */
export function RegisteredView({ entry, schema, repeated, onPrint, onClose, canPrint }: {
  entry: CivilStatusEntry; schema: EventSchema | null; repeated: boolean; onPrint: () => void; onClose: () => void;
  /** Why printing is not offered, when it is not. */
  canPrint: true | string;
}) {
  const who = entry.persons[0]?.fullName ?? '';
  const paper = schema?.resultName ?? 'giấy tờ';
  return (
    <div className="cs-registered" data-testid="cs-registered">
      <Notice kind="success" testId="cs-registered-notice">
        {repeated ? 'Việc này đã được đăng ký trước đó: ' : `Đã đăng ký ${entry.eventName.toLowerCase()}: `}
        {entry.entryNumber !== null
          ? <><strong data-testid="cs-entry-number">Số {entry.entryNumber}</strong>, <strong data-testid="cs-entry-book">Quyển số {entry.bookLabel}</strong></>
          : <strong>đã ghi nhận</strong>}
        {who && <> · {who}</>} · ngày {formatDateKey(entry.registeredOn)}
        {entry.numberSource === 'external' && <span className="muted"> (số do phần mềm hộ tịch dùng chung cấp)</span>}
        {entry.validUntil && <> · có giá trị đến hết ngày <strong data-testid="cs-valid-until">{formatDateKey(entry.validUntil)}</strong></>}.
      </Notice>
      {entry.warnings.length > 0 && (
        <ul className="cs-warnings" data-testid="cs-registered-warnings">
          {entry.warnings.map((w, i) => <li key={i} className="field-warning">{w.message}</li>)}
        </ul>
      )}
      {entry.state === 'cancelled' && <Notice kind="error">Mục này đã bị hủy: {entry.cancelReason}</Notice>}
      <div className="dialog-actions">
        {canPrint === true
          ? <button type="button" className="primary" data-autofocus="" onClick={onPrint} data-testid={PRINT_BUTTON}>In {paper}… <kbd>Enter</kbd></button>
          : <span className="muted" data-testid="cs-print-unavailable">{canPrint}</span>}
        <button type="button" onClick={onClose} data-autofocus={canPrint === true ? undefined : ''} data-testid="cs-close">Đóng <kbd>Esc</kbd></button>
      </div>
    </div>
  );
}
