import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { useInterval, useShortcuts } from '../lib/hooks';
import { ConflictsList } from './ConflictsList';
import { blockedCountLabel, connectivityLine, lastSyncLabel, sendOrder, type ActionReport, type SyncConflict, type SyncItem } from './format';
import { ParkedItemDialog } from './ParkedItemDialog';
import { refreshSyncStatus, useSyncStatus } from './status-store';
import { SyncItemsTable } from './SyncItemsTable';

type Filter = 'open' | 'parked' | 'all';
const FILTERS: Array<[Filter, string]> = [['open', 'Đang chờ và cần xử lý'], ['parked', 'Chỉ mục cần xử lý'], ['all', 'Tất cả (cả mục đã gửi)']];
const ITEMS_POLL_MS = 2000;

/** "Đồng bộ": what waits for the provincial system and why, with the means to push it along. */
export function SyncScreen({ canAct }: { canAct: boolean }) {
  const { status } = useSyncStatus();
  const [filter, setFilter] = useState<Filter>('open');
  const [items, setItems] = useState<SyncItem[] | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflict[]>([]);
  const [active, setActive] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [parked, setParked] = useState<SyncItem | null>(null);
  const [message, setMessage] = useState<{ kind: ActionReport['tone']; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  // Polled while the screen is open and the window visible; "thử lại sau …" counts down with each answer.
  useInterval(() => {
    if (document.hidden) return;
    Promise.all([api.call('sync.items', { filter, limit: 500 }), api.call('sync.conflicts', { state: 'open', limit: 100 })]).then(
      // The core answers newest first; waiting items read better in the order they will go.
      ([rows, open]) => { setItems(filter === 'all' ? rows : sendOrder(rows)); setConflicts(open); setNow(Date.now()); },
      (e) => setMessage({ kind: 'error', text: errorMessage(e) }),
    );
  }, ITEMS_POLL_MS, [filter, reload]);

  useEffect(() => { setActive((i) => Math.min(i, Math.max((items?.length ?? 1) - 1, 0))); }, [items]);

  const refresh = () => { setReload((n) => n + 1); refreshSyncStatus(); };

  // The core says what its action did (sent, refused, kept on this PC); the tone is its, never assumed here.
  const act = async (fn: () => Promise<ActionReport>, pending: string) => {
    setBusy(true);
    setMessage({ kind: 'info', text: pending });
    try {
      const report = await fn();
      setMessage({ kind: report.tone, text: report.message });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      refresh();
    }
  };

  const retryAll = () => void act(() => api.call('sync.retryNow', {}), 'Đang thử gửi các mục đang chờ…');
  const retryOne = (item: SyncItem) => void act(() => api.call('sync.retryNow', { seq: item.seq }),
    `Đang thử gửi: ${item.kindLabel.toLowerCase()}${item.detail ? ` "${item.detail}"` : ''}…`);
  const resolveConflict = (c: SyncConflict, keep: 'local' | 'portal') => void act(() => api.call('sync.resolveConflict', { id: c.id, keep }), 'Đang ghi nhận lựa chọn…');

  useShortcuts({ F5: refresh });

  const configured = status?.portalConfigured ?? true;
  return (
    <div className="screen sync-screen">
      <div className="screen-head">
        <h1>Đồng bộ với hệ thống tỉnh</h1>
        <ShortcutLegend items={[['↑↓', 'Chọn dòng'], ['Enter', 'Thao tác chính'], ['R', 'Thử lại mục đang chọn'], ['Shift+R', 'Thử lại tất cả'], ['F5', 'Tải lại']]} />
      </div>
      {status && (
        <div className={`sync-summary sync-summary-${status.connectivity}`} data-testid="sync-summary">
          <strong data-testid="sync-summary-line">{connectivityLine(status, false)}</strong>
          <span>Chờ gửi: <strong>{status.waiting}</strong></span>
          <span className={status.parked ? 'sync-attention' : undefined}>Cần xử lý: <strong>{status.parked}</strong></span>
          {status.blocked > 0 && <span data-testid="sync-summary-blocked">{blockedCountLabel(status.blocked)} (gửi sau khi mục cần xử lý của hồ sơ được giải quyết)</span>}
          {status.portalConfigured && <span>{lastSyncLabel(status.lastSuccessAt)}</span>}
          {status.connectivity === 'misconfigured' ? (
            <span className="muted" data-testid="sync-summary-problem">
              {status.connectionProblem}: quản trị viên kiểm tra Quản trị → Hệ thống tỉnh (nút "Kiểm tra kết nối").
            </span>
          ) : status.connectivity !== 'online' && status.lastProblem && <span className="muted" data-testid="sync-summary-problem">{status.lastProblem}</span>}
        </div>
      )}
      {!configured && (
        <Notice kind="warning">
          Chưa cấu hình kết nối hệ thống một cửa của tỉnh: các thay đổi được giữ lại trên máy và sẽ tự gửi khi quản trị viên cấu hình
          (Quản trị → Hệ thống tỉnh).
        </Notice>
      )}
      <div className="toolbar">
        <button type="button" className="primary" onClick={retryAll} disabled={busy} data-testid="sync-retry-all">Thử lại ngay (tất cả) <kbd>Shift+R</kbd></button>
        <label className="inline" htmlFor="sync-filter">Hiển thị
          <select id="sync-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {FILTERS.map(([key, label]) => <option key={key} value={key}>{label}</option>)}
          </select>
        </label>
        <span className="muted">{items ? `${items.length} mục` : 'Đang tải…'}</span>
      </div>
      {message && <Notice kind={message.kind} testId="sync-message">{message.text}</Notice>}
      {items && (
        <SyncItemsTable items={items} active={active} onActive={setActive} connectivity={status?.connectivity} now={now} canAct={canAct}
          onRetry={retryOne} onRetryAll={retryAll} onOpenParked={setParked}
          emptyText={filter === 'parked' ? 'Không có mục nào cần xử lý.' : configured ? 'Không còn mục nào chờ gửi: mọi thay đổi đã lên hệ thống tỉnh.' : 'Không có mục nào.'} />
      )}
      <ConflictsList conflicts={conflicts} canAct={canAct} busy={busy} onResolve={resolveConflict} />
      {parked && (
        <ParkedItemDialog item={parked} canAct={canAct} onClose={() => setParked(null)}
          onDone={(report) => { setParked(null); setMessage({ kind: report.tone, text: report.message }); refresh(); }} />
      )}
    </div>
  );
}
