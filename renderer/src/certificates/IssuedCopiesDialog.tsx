// "Bản đã cấp trong ngày": every certificate and extract copy printed on a Vietnam day — who, when, which copy,
// how many, on which blank, and whether it counts (sent and not spoiled) — with the day's totals. Copies are
// counted and charged, so this is what the officer checks against the receipts at the end of the day.
import { useEffect, useState } from 'react';
import type { CertificateIssue } from '../../../shared/contract/api-certificates';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { formatDateKey, formatInstant, vnDateKey } from '../lib/format';

type Totals = { original: number; extract: number; spoiled: number; failed: number };

const STATE: Record<CertificateIssue['state'], string> = { pending: 'Đang gửi', sent: 'Đã in', failed: 'Lỗi in' };

function stateOf(i: CertificateIssue): string {
  if (i.spoiled) return `Hỏng phôi${i.spoiledSerial ? ` (số ${i.spoiledSerial})` : ''}`;
  if (i.state === 'pending' && i.error) return 'Chưa rõ đã in ra chưa (ứng dụng dừng khi đang gửi) — trả lời trong cửa sổ in của mục';
  return i.state === 'failed' && i.error ? `${STATE.failed}: ${i.error}` : STATE[i.state];
}

export function IssuedCopiesDialog({ onClose }: { onClose: () => void }) {
  const [day, setDay] = useState(() => vnDateKey(new Date()));
  const [data, setData] = useState<{ issues: CertificateIssue[]; totals: Totals } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api.call('certificates.issues', { day }).then((r) => { if (live) setData(r); }, (e: unknown) => { if (live) setError(errorMessage(e)); });
    return () => { live = false; };
  }, [day]);

  const charged = data?.issues.filter((i) => i.charged).reduce((n, i) => n + i.copies, 0) ?? 0;
  return (
    <Dialog title="Bản đã cấp trong ngày" onClose={onClose} wide testId="cs-issued-dialog">
      <div className="dialog-body">
        <label className="inline">Ngày
          <input id="cs-issued-day" type="date" value={day} data-autofocus="" onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
        {error && <Notice kind="error" testId="cs-issued-error">{error}</Notice>}
        {data && (
          <>
            <p data-testid="cs-issued-totals">
              Ngày {formatDateKey(day)}: <strong>{charged}</strong> bản tính phí — bản chính {data.totals.original}, bản sao trích lục {data.totals.extract};
              {' '}hỏng phôi {data.totals.spoiled}, lỗi in {data.totals.failed}.
            </p>
            <table className="table compact" data-testid="cs-issued-table">
              <thead><tr><th>Lúc</th><th>Giấy</th><th>Loại bản</th><th>Số bản</th><th>Số phôi</th><th>Máy in</th><th>Kết quả</th><th>Người in</th></tr></thead>
              <tbody>
                {data.issues.map((i) => (
                  <tr key={i.id} className={i.charged ? '' : 'muted'} data-testid="cs-issued-row">
                    <td>{formatInstant(i.at)}</td><td>{i.kindName}</td><td>{i.copyKindName}{i.reprintOf ? ' (in lại)' : ''}</td>
                    <td>{i.copies}</td><td className="mono">{i.blankSerial}</td><td>{i.printer}</td><td>{stateOf(i)}</td><td>{i.userName}</td>
                  </tr>
                ))}
                {data.issues.length === 0 && <tr><td colSpan={8} className="empty muted">Ngày này chưa in bản nào.</td></tr>}
              </tbody>
            </table>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-testid="cs-issued-close">Đóng <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}
