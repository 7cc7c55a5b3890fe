import { blockedCountLabel, connectivityLine, lastSyncLabel, lineCarriesCount } from './format';
import { useSyncStatus } from './status-store';
import './sync.css';

/**
 * The always-visible line at the bottom of the window: connection to the provincial system (and, while it
 * cannot send, that the work is kept on this PC), what waits, what needs a person. One button, so a click or
 * Enter opens the sync screen (also Alt+4).
 */
export function SyncStatusBar({ onOpen }: { onOpen: () => void }) {
  const { status, failure } = useSyncStatus();
  const connectivity = status?.connectivity;
  const title = [status?.connectionProblem, status?.lastProblem, failure, 'Mở màn hình Đồng bộ (Alt+4)'].filter(Boolean).join('\n');
  return (
    <footer className="sync-bar">
      <button type="button" className="sync-bar-button" onClick={onOpen} title={title} data-testid="sync-status"
        data-connectivity={connectivity ?? 'unknown'}>
        {!status && !failure && <span className="muted">Đang đọc trạng thái đồng bộ…</span>}
        {status && (
          <>
            <span className={`sync-dot sync-${status.connectivity}`} aria-hidden="true" />
            {/* While nothing can go, the line itself says how many wait; otherwise the count stands apart. */}
            <span className="sync-line" data-testid="sync-connectivity">{connectivityLine(status, false)}
              {lineCarriesCount(status) && <> <span data-testid="sync-waiting">(<strong>{status.waiting}</strong> mục chờ gửi)</span></>}
            </span>
            {!lineCarriesCount(status) && <span className="sync-sep" data-testid="sync-waiting">Chờ gửi: <strong>{status.waiting}</strong></span>}
            {status.parked > 0 && <span className="sync-sep sync-attention" data-testid="sync-parked">{status.parked} cần xử lý</span>}
            {status.blocked > 0 && <span className="sync-sep" data-testid="sync-blocked">{blockedCountLabel(status.blocked)}</span>}
            {status.openConflicts > 0 && <span className="sync-sep sync-attention" data-testid="sync-conflicts">{status.openConflicts} xung đột</span>}
            {status.portalConfigured && <span className="sync-sep" data-testid="sync-last">{lastSyncLabel(status.lastSuccessAt)}</span>}
          </>
        )}
        {failure && <span className="sync-sep text-error">Không đọc được trạng thái đồng bộ</span>}
        <kbd>Alt+4</kbd>
      </button>
    </footer>
  );
}
