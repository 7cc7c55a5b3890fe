import { useEffect, useState, type KeyboardEvent } from 'react';
import type { DossierSummary } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { DossierDetailDialog } from './DossierDetailDialog';
import { formatInstant, vnDateKey } from '../lib/format';
import { useDebounced, useShortcuts } from '../lib/hooks';

/** "Hồ sơ hôm nay": today's dossiers (Vietnam date), searchable by number, name (with or without diacritics), ID or phone. */
export function TodayScreen() {
  const [query, setQuery] = useState('');
  const [allDays, setAllDays] = useState(false);
  const [rows, setRows] = useState<DossierSummary[] | null>(null);
  const [active, setActive] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const debounced = useDebounced(query, 150);

  useEffect(() => {
    let cancelled = false;
    const day = allDays ? undefined : vnDateKey(new Date());
    api.call('dossiers.list', { query: debounced, day, limit: 200 }).then(
      (r) => { if (!cancelled) { setRows(r); setActive(0); setFailure(null); } },
      (e) => { if (!cancelled) setFailure(errorMessage(e)); },
    );
    return () => { cancelled = true; };
  }, [debounced, allDays, reload]);

  useShortcuts({ F5: () => setReload((n) => n + 1), 'Ctrl+F': () => document.getElementById('today-search')?.focus() });

  // The search box keeps focus: ↑/↓ move the highlighted row, Enter opens it.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!rows?.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(i + 1, rows.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)); }
    else if (e.key === 'Enter') { e.preventDefault(); setOpenId(rows[active]?.id ?? null); }
  };

  useEffect(() => {
    document.querySelector(`#today-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <div className="screen today">
      <div className="screen-head">
        <h1>{allDays ? 'Tra cứu hồ sơ' : 'Hồ sơ hôm nay'}</h1>
        <ShortcutLegend items={[['↑↓', 'Chọn dòng'], ['Enter', 'Xem chi tiết'], ['F5', 'Tải lại'], ['Ctrl+F', 'Tìm']]} />
      </div>
      <div className="toolbar">
        <input id="today-search" type="search" className="search" autoFocus value={query} spellCheck={false}
          placeholder="Tìm theo mã hồ sơ, tên (có dấu hoặc không), số định danh, điện thoại"
          aria-label="Tìm hồ sơ" aria-controls="today-table" onChange={(e) => setQuery(e.target.value)} onKeyDown={onKeyDown}
          data-testid="today-search" />
        <label className="inline"><input type="checkbox" checked={allDays} onChange={(e) => setAllDays(e.target.checked)} /> Mọi ngày</label>
        <span className="muted">{rows ? `${rows.length} hồ sơ` : 'Đang tải…'}</span>
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <table className="table" id="today-table" data-testid="today-table">
        <thead>
          <tr><th>Mã hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Nhận lúc</th><th>Hẹn trả</th><th>Trạng thái</th></tr>
        </thead>
        <tbody>
          {rows?.map((r, i) => (
            <tr key={r.id} id={`today-row-${i}`} className={i === active ? 'active' : undefined} aria-selected={i === active}
              onClick={() => setActive(i)} onDoubleClick={() => setOpenId(r.id)}>
              <td className="mono">{r.number}{r.provisional && <span className="tag" title="Số tạm, chờ hệ thống tỉnh xác nhận">tạm</span>}</td>
              <td>{r.applicantName}{r.applicantIdNumber && <div className="muted mono">{r.applicantIdNumber}</div>}</td>
              <td>{r.procedureName}<div className="muted">{r.procedureCode}</div></td>
              <td>{formatInstant(r.receivedAt)}</td>
              <td>{formatInstant(r.dueAt)}</td>
              <td>{r.statusName}</td>
            </tr>
          ))}
          {rows?.length === 0 && (
            <tr><td colSpan={6} className="muted empty">{debounced ? 'Không có hồ sơ phù hợp.' : 'Chưa có hồ sơ nào hôm nay.'}</td></tr>
          )}
        </tbody>
      </table>
      {openId && <DossierDetailDialog id={openId} onClose={() => { setOpenId(null); setReload((n) => n + 1); }} />}
    </div>
  );
}
