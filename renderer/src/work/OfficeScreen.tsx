import { useMemo, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { ROLE_LABEL } from '../lib/format';
import { useInterval, useShortcuts } from '../lib/hooks';
import { rowMatches } from './format';
import { WORK_SHORTCUTS } from './MyQueueScreen';
import { usePerDay } from './useDossierWork';
import { useWorkList, WORK_HEAD, WorkRows } from './WorkTable';

type Overview = MethodOutput<'workflow.officeOverview'>;
type Counts = Overview['totals'];

function CountsLine({ c, testId }: { c: Counts; testId?: string }) {
  return (
    <span className="work-counts" data-testid={testId}>
      <strong>{c.open}</strong> đang giải quyết
      {' · '}<span className={c.overdue ? 'text-error' : undefined}><strong>{c.overdue}</strong> quá hạn</span>
      {' · '}<strong>{c.dueToday}</strong> đến hạn hôm nay
      {' · '}<strong>{c.paused}</strong> tạm dừng
      {' · '}<strong>{c.awaitingConfirmation}</strong> chưa xác nhận
      {c.extended > 0 && <>{' · '}<strong>{c.extended}</strong> đã gia hạn</>}
    </span>
  );
}

/** "Toàn cơ quan": every open dossier by who holds it, the holders with late dossiers first, with counts. */
export function OfficeScreen() {
  const [data, setData] = useState<Overview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [reload, setReload] = useState(0);
  const perDay = usePerDay();

  useInterval(() => {
    api.call('workflow.officeOverview', { perHolder: 200 }).then((d) => { setData(d); setFailure(null); }, (e) => setFailure(errorMessage(e)));
  }, 60_000, [reload]);

  // One list for the keys across every holder's group, in the order shown.
  const groups = useMemo(() => (data?.holders ?? []).map((h) => ({
    ...h, rows: h.dossiers.filter((r) => rowMatches(filter, r.number, r.applicantName, r.procedureName, r.procedureCode, h.holderName)),
  })).filter((h) => h.rows.length > 0 || !filter), [data, filter]);
  const flat = useMemo(() => groups.flatMap((g) => g.rows), [groups]);
  const list = useWorkList(flat, 'office', () => setReload((n) => n + 1));
  useShortcuts({ F5: () => setReload((n) => n + 1), 'Ctrl+F': () => document.getElementById('office-filter')?.focus() });

  let offset = 0;
  return (
    <div className="screen work-office">
      <div className="screen-head">
        <h1>Toàn cơ quan</h1>
        <ShortcutLegend items={WORK_SHORTCUTS} />
      </div>
      <div className="toolbar">
        <input id="office-filter" type="search" className="search" autoFocus value={filter} spellCheck={false} onKeyDown={list.onKeyDown}
          onChange={(e) => setFilter(e.target.value)} placeholder="Lọc theo mã hồ sơ, người nộp, thủ tục, cán bộ" aria-label="Lọc hồ sơ toàn cơ quan"
          aria-controls="office-table" data-testid="office-filter" />
        {data && <CountsLine c={data.totals} testId="office-totals" />}
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <table className="table work-table" id="office-table" data-testid="office-table">
        <thead>{WORK_HEAD}</thead>
        {groups.map((g) => {
          const start = offset;
          offset += g.rows.length;
          const more = g.open - g.dossiers.length;
          return (
            <tbody key={g.holderId ?? `role-${g.holderRole ?? 'none'}`} data-testid="office-holder">
              <tr className="group-head">
                <th colSpan={7}>
                  <span data-testid="office-holder-name">{g.holderName || 'Chưa giao'}</span>
                  {g.holderRole && <span className="muted"> · {ROLE_LABEL[g.holderRole]}</span>}
                  {' — '}<CountsLine c={g} />
                </th>
              </tr>
              <WorkRows rows={g.rows} offset={start} active={list.active} prefix="office" perDay={perDay} onPick={list.setActive} onOpen={list.open} />
              {more > 0 && !filter && <tr><td colSpan={7} className="muted">… và {more} hồ sơ khác</td></tr>}
            </tbody>
          );
        })}
        {data && groups.length === 0 && (
          <tbody><tr><td colSpan={7} className="muted empty">{filter ? 'Không có hồ sơ phù hợp.' : 'Không có hồ sơ nào đang giải quyết.'}</td></tr></tbody>
        )}
      </table>
      {list.dialog}
    </div>
  );
}
