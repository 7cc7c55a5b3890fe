import { useEffect, useRef, type KeyboardEvent } from 'react';
import { blockedByLabel, blockingLabel, formatBytes, nextAttemptLabel, uploadPercent, type Connectivity, type SyncItem } from './format';

interface Props {
  items: SyncItem[];
  active: number;
  onActive: (i: number) => void;
  connectivity: Connectivity | undefined;
  now: number;
  canAct: boolean;
  onRetry: (item: SyncItem) => void;
  onRetryAll: () => void;
  onOpenParked: (item: SyncItem) => void;
  emptyText: string;
}

/**
 * The outbox as a list the keyboard can walk: the table itself holds focus, ↑/↓ move, Enter does the row's
 * main action (retry a waiting item, open a parked one), R retries the row, Shift+R everything.
 */
export function SyncItemsTable({ items, active, onActive, connectivity, now, canAct, onRetry, onRetryAll, onOpenParked, emptyText }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // The list takes focus when it first appears, so ↑/↓, Enter and R work as soon as the screen opens.
  useEffect(() => { ref.current?.focus(); }, []);
  useEffect(() => {
    document.querySelector(`#sync-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const mainAction = (item: SyncItem | undefined) => {
    if (!item) return;
    if (item.state === 'needs_attention') onOpenParked(item);
    else if (retryable(item)) onRetry(item);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys pressed on a row's own buttons belong to those buttons.
    if (e.target !== e.currentTarget || e.ctrlKey || e.altKey || e.metaKey) return;
    const last = items.length - 1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => onActive(Math.min(active + 1, last)),
      ArrowUp: () => onActive(Math.max(active - 1, 0)),
      Home: () => onActive(0),
      End: () => onActive(Math.max(last, 0)),
      Enter: () => mainAction(items[active]),
    };
    // R by the physical key and the Shift state, so Caps Lock or a Vietnamese IME does not change its meaning.
    const fn = e.code === 'KeyR'
      ? (e.shiftKey ? onRetryAll : () => { const item = items[active]; if (item && retryable(item)) onRetry(item); })
      : keys[e.key];
    if (!fn) return;
    e.preventDefault();
    fn();
  };

  return (
    <div className="sync-items" ref={ref} tabIndex={0} onKeyDown={onKeyDown} data-testid="sync-items" aria-label="Các mục chờ gửi và cần xử lý"
      aria-activedescendant={items.length ? `sync-row-${active}` : undefined}>
      <table className="table">
        <thead>
          <tr>
            <th>Trạng thái</th><th>Hồ sơ</th><th>Nội dung gửi</th><th className="num">Số lần thử</th>
            <th>Lỗi gần nhất</th><th>Lần gửi tới</th><th>Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={item.seq} id={`sync-row-${i}`} aria-selected={i === active} onClick={() => onActive(i)}
              className={[i === active ? 'active' : '', item.state === 'needs_attention' ? 'parked' : ''].join(' ').trim() || undefined}
              data-testid="sync-item" data-state={item.state}>
              <td>
                <span className={`sync-state sync-state-${item.state}`}>{item.stateLabel}</span>
                <BlockNote item={item} />
              </td>
              <td className="mono nowrap">{item.dossierNumber ?? '—'}</td>
              <td>
                <span className="nowrap">{item.kindLabel}</span>
                {item.detail && <div className="sync-item-detail" data-testid="sync-item-detail">{item.detail}</div>}
                <UploadProgress upload={item.upload} />
              </td>
              <td className="num">{item.attempts}</td>
              <td className={item.state === 'needs_attention' ? 'text-error' : undefined} data-testid="sync-item-error">{item.lastError ?? ''}</td>
              <td data-testid="sync-item-next">{nextAttemptLabel(item, connectivity, now)}</td>
              <td>
                <div className="row-actions">
                  {retryable(item) && (
                    <button type="button" tabIndex={-1} onClick={() => onRetry(item)}>Thử lại ngay</button>
                  )}
                  {item.state === 'needs_attention' && (
                    <button type="button" tabIndex={-1} onClick={() => onOpenParked(item)}>{canAct ? 'Gửi lại / Đã xử lý…' : 'Xem chi tiết'}</button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {items.length === 0 && <tr><td colSpan={7} className="muted empty" data-testid="sync-empty">{emptyText}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

/** Which parked item holds this one back, or how many items a parked one holds back. */
function BlockNote({ item }: { item: SyncItem }) {
  const text = blockedByLabel(item) ?? blockingLabel(item);
  if (!text) return null;
  return <div className="muted sync-block-note" data-testid={item.blockedBy ? 'sync-item-blocked-by' : 'sync-item-blocking'}>{text}</div>;
}

/** A blocked item goes when the parked one before it is handled, not sooner: retrying it does nothing. */
const retryable = (item: SyncItem) => item.state === 'pending' && !item.blocked;

/** Files of a megabyte or more go in chunks: those get a bar; a small file is just its size. */
const LARGE_FILE = 1024 * 1024;

function UploadProgress({ upload }: { upload: SyncItem['upload'] }) {
  const pct = uploadPercent(upload);
  if (!upload || pct === null) return null;
  if (upload.totalBytes < LARGE_FILE) return <div className="muted">{formatBytes(upload.totalBytes)}</div>;
  return (
    <div className="upload-progress" title={`${formatBytes(upload.sentBytes)} / ${formatBytes(upload.totalBytes)}`}>
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Đã tải lên">
        <div className="fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">{pct}% · {formatBytes(upload.sentBytes)} / {formatBytes(upload.totalBytes)}</span>
    </div>
  );
}
