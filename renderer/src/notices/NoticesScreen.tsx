import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { NoticeRow } from '../../../shared/contract/api-notify';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { useCan } from '../lib/access';
import { formatInstant } from '../lib/format';
import { useInterval, useShortcuts } from '../lib/hooks';
import { MarkSentDialog } from './MarkSentDialog';
import './notices.css';

type Filter = 'manual' | 'open' | 'all';
const FILTERS: Array<[Filter, string]> = [['manual', 'Cần báo thủ công'], ['open', 'Chưa gửi xong'], ['all', 'Tất cả']];
const POLL_MS = 3000;
const GATEWAY = { off: 'chưa bật (Quản trị → Thông báo)', online: 'đang gửi tự động', offline: 'mất kết nối, sẽ tự gửi lại' } as const;

/**
 * "Thông báo người nộp": the notices the clerk must pass on by hand (no gateway, no mobile/e-mail, or refused
 * by the gateway), with the text to read out or copy, "Đã gửi thủ công" and "Gửi lại". The list holds focus:
 * ↑/↓ choose, Enter opens the notice to mark it, R sends it again, C copies its text.
 */
export function NoticesScreen() {
  const can = useCan();
  const canAct = can('notify.markSent');
  const [filter, setFilter] = useState<Filter>('manual');
  const [rows, setRows] = useState<NoticeRow[] | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<NoticeRow | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [reload, setReload] = useState(0);
  const [status, setStatus] = useState<MethodOutput<'notify.status'> | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useInterval(() => {
    if (document.hidden) return;
    api.call('notify.list', { filter, limit: 500 }).then(setRows, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
    api.call('notify.status', {}).then(setStatus, () => undefined);
  }, POLL_MS, [filter, reload]);
  useEffect(() => { setActive((i) => Math.min(i, Math.max((rows?.length ?? 1) - 1, 0))); }, [rows]);
  useEffect(() => { listRef.current?.focus(); }, []);
  useEffect(() => { document.querySelector(`#notice-row-${active}`)?.scrollIntoView({ block: 'nearest' }); }, [active]);
  useShortcuts({ F5: () => setReload((n) => n + 1) });

  const resend = async (row: NoticeRow) => {
    try {
      await api.call('notify.resend', { seq: row.seq });
      setMessage({ kind: 'success', text: `Đang gửi lại thông báo cho ${row.applicantName ?? 'người nộp'}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
    setReload((n) => n + 1);
  };
  const copy = async (row: NoticeRow) => {
    try {
      await navigator.clipboard.writeText(row.text);
      setMessage({ kind: 'success', text: 'Đã chép nội dung thông báo: dán vào tin nhắn hoặc e-mail gửi người nộp.' });
    } catch {
      setMessage({ kind: 'error', text: 'Không chép được nội dung; hãy bôi đen nội dung trong hộp thoại và chép (Ctrl+C).' });
    }
  };
  const manual = (row: NoticeRow | undefined) => row?.state === 'needs_attention' || row?.state === 'pending';

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.altKey || e.metaKey || !rows) return;
    const row = rows[active];
    const last = rows.length - 1;
    // R and C by the physical key, so Caps Lock or a Vietnamese IME does not change them.
    const fn = ({
      ArrowDown: () => setActive(Math.min(active + 1, last)), ArrowUp: () => setActive(Math.max(active - 1, 0)),
      Home: () => setActive(0), End: () => setActive(Math.max(last, 0)),
      Enter: () => { if (row && canAct && manual(row)) setOpen(row); },
    } as Record<string, () => void>)[e.key]
      ?? (e.code === 'KeyR' && row && canAct && row.state === 'needs_attention' ? () => void resend(row) : undefined)
      ?? (e.code === 'KeyC' && row ? () => void copy(row) : undefined);
    if (!fn) return;
    e.preventDefault();
    fn();
  };

  return (
    <div className="screen notices-screen">
      <div className="screen-head">
        <h1>Thông báo cho người nộp</h1>
        <ShortcutLegend items={[['↑↓', 'Chọn dòng'], ['Enter', 'Báo thủ công'], ['R', 'Gửi lại'], ['C', 'Chép nội dung'], ['F5', 'Tải lại']]} />
      </div>
      <div className="toolbar">
        <label className="inline" htmlFor="notices-filter">Hiển thị
          <select id="notices-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {FILTERS.map(([key, label]) => <option key={key} value={key}>{label}</option>)}
          </select>
        </label>
        <span className="muted">{rows ? `${rows.length} thông báo` : 'Đang tải…'}</span>
        {status && <span className="muted" data-testid="notices-gateways">E-mail: {GATEWAY[status.email]} · SMS: {GATEWAY[status.sms]}</span>}
      </div>
      {status?.lastProblem && <Notice kind="warning">{status.lastProblem}</Notice>}
      {message && <Notice kind={message.kind} testId="notices-message">{message.text}</Notice>}
      <div className="sync-items" ref={listRef} tabIndex={0} onKeyDown={onKeyDown} data-testid="notices-list" aria-label="Thông báo cho người nộp"
        aria-activedescendant={rows?.length ? `notice-row-${active}` : undefined}>
        <table className="table">
          <thead><tr><th>Trạng thái</th><th>Hồ sơ</th><th>Người nộp</th><th>Thông báo</th><th>Gửi qua</th><th>Nội dung</th><th>Ghi chú</th><th>Thời điểm</th></tr></thead>
          <tbody>
            {rows?.map((r, i) => (
              <tr key={r.seq} id={`notice-row-${i}`} aria-selected={i === active} className={i === active ? 'active' : undefined}
                onClick={() => setActive(i)} onDoubleClick={() => { if (canAct && manual(r)) setOpen(r); }} data-testid="notice-row" data-state={r.state}>
                <td><span className={`sync-state sync-state-${r.state}`}>{r.stateLabel}</span></td>
                <td className="mono nowrap">{r.dossierNumber ?? '—'}</td>
                <td>{r.applicantName ?? '—'}</td>
                <td className="nowrap">{r.kindLabel}</td>
                <td>{r.channelLabel}<div className="mono muted">{r.to || '—'}</div></td>
                <td className="notice-text">{r.text}</td>
                <td className={r.state === 'needs_attention' ? 'text-error' : undefined}>{r.lastError ?? ''}</td>
                <td className="nowrap">{formatInstant(r.doneAt ?? r.createdAt)}</td>
              </tr>
            ))}
            {rows && !rows.length && (
              <tr><td colSpan={8} className="empty">{filter === 'manual' ? 'Không có thông báo nào cần báo thủ công.' : 'Chưa có thông báo nào.'}</td></tr>
            )}
          </tbody>
        </table>
      </div>
      {open && (
        <MarkSentDialog notice={open} onClose={() => setOpen(null)}
          onDone={(text) => { setOpen(null); setMessage({ kind: 'success', text }); setReload((n) => n + 1); }} />
      )}
    </div>
  );
}
