import { useMemo, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { useInterval, useShortcuts } from '../lib/hooks';
import { rowMatches } from './format';
import { usePerDay } from './useDossierWork';
import { useWorkList, WORK_HEAD, WorkRows } from './WorkTable';

type Queue = MethodOutput<'workflow.myQueue'>;

export const WORK_SHORTCUTS: Array<[string, string]> = [['↑↓', 'Chọn dòng'], ['Enter', 'Mở hồ sơ'], ['F5', 'Tải lại'], ['Ctrl+F', 'Lọc']];

/** "Việc của tôi": the dossiers the user holds or must confirm, least time left first, with their marks. */
export function MyQueueScreen() {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [reload, setReload] = useState(0);
  const perDay = usePerDay();

  // Every half minute: hand-overs to this user and due dates crossing today show without a reload.
  useInterval(() => {
    api.call('workflow.myQueue', {}).then((q) => { setQueue(q); setFailure(null); }, (e) => setFailure(errorMessage(e)));
  }, 30_000, [reload]);

  const rows = useMemo(() => (queue?.items ?? []).filter((r) => rowMatches(filter, r.number, r.applicantName, r.procedureName, r.procedureCode)), [queue, filter]);
  const list = useWorkList(rows, 'queue', () => setReload((n) => n + 1));
  useShortcuts({ F5: () => setReload((n) => n + 1), 'Ctrl+F': () => document.getElementById('queue-filter')?.focus() });

  const c = queue?.counts;
  return (
    <div className="screen work-queue">
      <div className="screen-head">
        <h1>Việc của tôi</h1>
        <ShortcutLegend items={WORK_SHORTCUTS} />
      </div>
      <div className="toolbar">
        <input id="queue-filter" type="search" className="search" autoFocus value={filter} spellCheck={false} onKeyDown={list.onKeyDown}
          onChange={(e) => setFilter(e.target.value)} placeholder="Lọc theo mã hồ sơ, tên người nộp, thủ tục" aria-label="Lọc việc của tôi"
          aria-controls="queue-table" data-testid="queue-filter" />
        {c && (
          <span className="work-counts" data-testid="queue-counts">
            <strong>{c.open}</strong> hồ sơ
            {c.overdue > 0 && <> · <span className="text-error"><strong>{c.overdue}</strong> quá hạn</span></>}
            {c.dueToday > 0 && <> · <strong>{c.dueToday}</strong> đến hạn hôm nay</>}
            {c.awaitingConfirmation > 0 && <> · <strong>{c.awaitingConfirmation}</strong> chờ xác nhận</>}
            {c.paused > 0 && <> · <strong>{c.paused}</strong> tạm dừng</>}
          </span>
        )}
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <table className="table work-table" id="queue-table" data-testid="queue-table">
        <thead>{WORK_HEAD}</thead>
        <tbody>
          <WorkRows rows={rows} active={list.active} prefix="queue" perDay={perDay} onPick={list.setActive} onOpen={list.open} />
          {queue && rows.length === 0 && (
            <tr><td colSpan={7} className="muted empty">{filter ? 'Không có hồ sơ phù hợp.' : 'Không có hồ sơ nào đang chờ bạn.'}</td></tr>
          )}
          {!queue && !failure && <tr><td colSpan={7} className="muted empty">Đang tải…</td></tr>}
        </tbody>
      </table>
      {list.dialog}
    </div>
  );
}
