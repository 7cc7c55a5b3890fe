import { useState } from 'react';
import type { ProcedureVersion } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { formatInstant, formatMoney } from '../lib/format';
import { useInterval } from '../lib/hooks';

interface Due { dueAt: string | null; effectiveReceivedAt: string; durationText: string }

/** The legal due date as if received now: refreshed every minute and when the procedure changes. */
export function DueAndFees({ procedure }: { procedure: ProcedureVersion | null }) {
  const [due, setDue] = useState<Due | null>(null);
  const [error, setError] = useState<string | null>(null);
  const procedureId = procedure?.id ?? null;

  useInterval(() => {
    if (!procedureId) { setDue(null); return; }
    api.call('dossiers.previewDue', { procedureVersionId: procedureId }).then(
      (d) => { setDue(d); setError(null); },
      (e) => setError(errorMessage(e)),
    );
  }, 60_000, [procedureId]);

  if (!procedure) return <aside className="due-panel muted">Chọn thủ tục để xem thời hạn giải quyết và phí, lệ phí.</aside>;
  const receivedLater = due && Math.abs(Date.parse(due.effectiveReceivedAt) - Date.now()) > 120_000;
  return (
    <aside className="due-panel" aria-live="polite">
      <div className="due-main">
        <span className="label">Hẹn trả kết quả</span>
        <strong data-testid="due-at">{due ? (due.dueAt ? formatInstant(due.dueAt) : 'Không xác định') : error ? '—' : 'Đang tính…'}</strong>
        <span>Thời hạn: {due?.durationText ?? procedure.durationText}</span>
        {receivedLater && <span className="muted">Ngoài giờ làm việc: tính từ {formatInstant(due.effectiveReceivedAt)}</span>}
        {error && <span className="text-error">{error}</span>}
      </div>
      <div className="fees">
        <span className="label">Phí, lệ phí</span>
        {procedure.fees.length === 0 && <span>Không thu</span>}
        {procedure.fees.map((f) => (
          <span key={f.name}>
            {f.name}: <strong>{f.amount === 0 ? 'Miễn' : formatMoney(f.amount)}</strong>
            {f.note && f.note !== 'Miễn' && <span className="muted"> ({f.note})</span>}
          </span>
        ))}
        {procedure.feeNote && <span className="muted">{procedure.feeNote}</span>}
      </div>
    </aside>
  );
}
