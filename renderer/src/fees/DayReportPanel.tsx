// The day's collection: per collector and for the office (receipts, cancelled ones, totals by method), as a
// PDF to print and an Excel workbook; the leader closes the day after a confirmation, and its receipts cannot
// change afterwards (the core refuses).
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { FEE_METHOD_NAMES, type DayReport } from '../../../shared/contract/api-fees';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { focusWhenReady } from '../lib/focus';
import { formatDateKey, formatInstant, formatMoney, vnDateKey } from '../lib/format';

function download(base64: string, fileName: string, mime: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DayReportPanel({ canClose }: { canClose: boolean }) {
  const [day, setDay] = useState(() => vnDateKey(new Date()));
  const [report, setReport] = useState<DayReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const load = (d = day) => api.call('fees.dayReport', { day: d }).then((r) => { setReport(r); setError(null); }, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => { void load(); }, [day]);

  const file = async (format: 'pdf' | 'xlsx') => {
    try {
      const f = await api.call('fees.dayReportFile', { day, format });
      download(f.base64, f.fileName, f.mime);
    } catch (e) { setError(errorMessage(e)); }
  };
  const close = async () => {
    try {
      const r = await api.call('fees.closeDay', { day });
      flushSync(() => { setReport(r); setConfirming(false); });
      focusWhenReady(() => document.getElementById('fee-day-pdf'));
    } catch (e) { setError(errorMessage(e)); setConfirming(false); }
  };

  return (
    <section data-testid="fee-day">
      <div className="inline">
        <label>Ngày <input id="fee-day-date" type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} /></label>
        <button type="button" id="fee-day-pdf" onClick={() => void file('pdf')}>Tải báo cáo PDF</button>
        <button type="button" onClick={() => void file('xlsx')} data-testid="fee-day-xlsx">Xuất Excel</button>
        {canClose && report && !report.closed && <button type="button" onClick={() => setConfirming(true)} data-testid="fee-day-close">Khóa sổ ngày…</button>}
      </div>
      {error && <Notice kind="error" testId="fee-day-error">{error}</Notice>}
      {report && (
        <>
          <p data-testid="fee-day-state">{report.closed ? `Đã khóa sổ lúc ${formatInstant(report.closed.at)} (${report.closed.byName}): biên lai của ngày này không thể thay đổi.` : `Sổ thu ngày ${formatDateKey(report.day)} đang mở.`}</p>
          <table className="table compact" data-testid="fee-day-totals">
            <thead><tr><th>Người thu</th><th>Tiền mặt</th><th>Chuyển khoản</th><th>Trực tuyến</th><th>Tổng cộng</th><th>Biên lai</th><th>Đã hủy</th></tr></thead>
            <tbody>
              {report.collectors.map((c) => (
                <tr key={c.collectorId}><td>{c.collectorName}</td><td>{formatMoney(c.totals.cash)}</td><td>{formatMoney(c.totals.transfer)}</td><td>{formatMoney(c.totals.online)}</td><td>{formatMoney(c.totals.total)}</td><td>{c.totals.count}</td><td>{c.cancelled}</td></tr>
              ))}
              <tr className="total"><th>Toàn cơ quan</th><th>{formatMoney(report.office.cash)}</th><th>{formatMoney(report.office.transfer)}</th><th>{formatMoney(report.office.online)}</th><th data-testid="fee-day-total">{formatMoney(report.office.total)}</th><th>{report.office.count}</th><th>{report.cancelled}</th></tr>
            </tbody>
          </table>
          <table className="table compact" data-testid="fee-day-receipts">
            <thead><tr><th>Biên lai</th><th>Thời điểm</th><th>Hồ sơ</th><th>Người nộp</th><th>Số tiền</th><th>Hình thức</th><th>Người thu</th><th>Trạng thái</th></tr></thead>
            <tbody>
              {report.receipts.map((r) => (
                <tr key={r.id}><td>{r.series} số {r.numberText}</td><td>{formatInstant(r.issuedAt)}</td><td>{r.dossierNumber}</td><td>{r.payerName}</td><td>{formatMoney(r.amount)}</td><td>{FEE_METHOD_NAMES[r.method]}</td><td>{r.collectorName}</td><td>{r.cancelledAt ? `Đã hủy: ${r.cancelReason}` : 'Hợp lệ'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {confirming && (
        <Dialog title={`Khóa sổ thu ngày ${formatDateKey(day)}?`} onClose={() => setConfirming(false)} testId="fee-close-dialog">
          <p>Sau khi khóa, biên lai của ngày này không thể lập thêm, hủy hay sửa. Tổng thu: <strong>{report ? formatMoney(report.office.total) : ''}</strong>.</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)} data-autofocus="">Chưa khóa <kbd>Esc</kbd></button>
            <button type="button" className="primary" onClick={() => void close()} data-testid="fee-close-confirm">Khóa sổ</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
