import { useState } from 'react';
import type { ProcedureVersion } from '../../../shared/contract';
import type { FeeDecision } from '../../../shared/intake/fees';
import { api, errorMessage } from '../api/client';
import { formatInstant, formatMoney } from '../lib/format';
import { useInterval } from '../lib/hooks';

interface Due { dueAt: string | null; effectiveReceivedAt: string; durationText: string }

/**
 * The legal due date as if received now (refreshed every minute and when the procedure changes), and the
 * procedure's fees: among alternatives, the one that applies is marked once it is decided.
 */
export function DueAndFees({ procedure, decision = null }: { procedure: ProcedureVersion | null; decision?: FeeDecision | null }) {
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
        {procedure.fees.map((f) => {
          // Alternatives: the one that applies is marked, the others dimmed; undecided, all are shown as they are.
          const applies = decision?.applied.some((a) => a.name === f.name) ?? false;
          const dimmed = procedure.fees.length > 1 && !!decision?.applied.length && !applies;
          return (
            <span key={f.name} className={dimmed ? 'muted' : undefined} data-applies={applies || undefined}>
              {procedure.fees.length > 1 && applies && '✓ '}
              {f.name}: <strong>{f.amount === 0 ? 'Miễn' : formatMoney(f.amount)}</strong>
              {f.note && f.note !== 'Miễn' && <span className="muted"> ({f.note})</span>}
            </span>
          );
        })}
        {procedure.fees.length > 1 && !decision?.applied.length && (
          <span className="muted">{decision?.dateLabel ? `Nhập ${decision.dateLabel.toLowerCase()} bên dưới để tính khoản áp dụng.` : 'Chọn khoản áp dụng ở phần Phí, lệ phí bên dưới.'}</span>
        )}
        {procedure.feeNote && <span className="muted">{procedure.feeNote}</span>}
      </div>
    </aside>
  );
}
