import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { INDICATOR_BASIS, INDICATOR_LABEL, type IndicatorKey } from '../../../shared/contract/api-indicators';
import type { MethodOutput } from '../../../shared/contract';
import { statusName } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { formatInstant } from '../lib/format';
import { DossierDetailDialog } from '../screens/DossierDetailDialog';
import type { Period } from './period';

type Part = 'missed' | 'met' | 'all';
type Row = MethodOutput<'indicators.dossiers'>['rows'][number];
const PAGE = 200;

export interface Figure { key: IndicatorKey | 'resolved'; procedureCode?: string; procedureName?: string }

/**
 * The dossiers behind a figure: those that miss it first (what the leader acts on), those that meet it, or
 * all. The list holds focus: ↑/↓ choose, Enter opens the dossier, ←/→ change the part, "Xem thêm" pages on.
 */
export function FigureDossiersDialog({ period, figure, onClose }: { period: Period; figure: Figure; onClose: () => void }) {
  const [part, setPart] = useState<Part>(figure.key === 'resolved' ? 'all' : 'missed');
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const key = figure.key === 'resolved' ? 'on-time' : figure.key;
  const basis = INDICATOR_BASIS[key];
  const parts: [Part, string][] = figure.key === 'resolved' ? [['all', 'Tất cả']] : [['missed', `Chưa đạt: ${basis.missed}`], ['met', `Đạt: ${basis.met}`], ['all', 'Tất cả']];

  const load = async (offset: number) => {
    try {
      const r = await api.call('indicators.dossiers', { ...period, key: figure.key, part, procedureCode: figure.procedureCode, limit: PAGE, offset });
      setTotal(r.total);
      setRows((prev) => (offset === 0 ? r.rows : [...prev, ...r.rows]));
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  useEffect(() => { setActive(0); void load(0); }, [part]);
  useEffect(() => { document.querySelector(`#kpi-row-${active}`)?.scrollIntoView({ block: 'nearest' }); }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const i = parts.findIndex(([p]) => p === part);
    const fn = ({
      ArrowDown: () => setActive(Math.min(active + 1, rows.length - 1)), ArrowUp: () => setActive(Math.max(active - 1, 0)),
      Home: () => setActive(0), End: () => setActive(Math.max(rows.length - 1, 0)),
      Enter: () => { if (rows[active]) setOpen(rows[active]!.id); },
      ArrowRight: () => setPart(parts[(i + 1) % parts.length]![0]), ArrowLeft: () => setPart(parts[(i - 1 + parts.length) % parts.length]![0]),
    } as Record<string, () => void>)[e.key];
    if (!fn) return;
    e.preventDefault();
    fn();
  };

  const title = figure.key === 'resolved' ? `Hồ sơ có kết quả trong kỳ${figure.procedureName ? `: ${figure.procedureName}` : ''}` : INDICATOR_LABEL[figure.key];
  return (
    <Dialog title={title} onClose={onClose} wide testId="kpi-dossiers">
      <div className="tabs" role="tablist" aria-label="Phần danh sách">
        {parts.map(([p, label]) => (
          <button key={p} type="button" role="tab" aria-selected={p === part} className={p === part ? 'tab active' : 'tab'} tabIndex={-1}
            onClick={() => setPart(p)} data-testid={`kpi-part-${p}`}>{label}</button>
        ))}
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <p className="muted" data-testid="kpi-dossiers-count">{total === null ? 'Đang tải…' : `${total} hồ sơ (${basis.population}). ↑↓ chọn, Enter mở hồ sơ, ←→ đổi phần.`}</p>
      <div className="sync-items" ref={listRef} tabIndex={0} data-autofocus onKeyDown={onKeyDown} data-testid="kpi-dossiers-list"
        aria-activedescendant={rows.length ? `kpi-row-${active}` : undefined} aria-label="Danh sách hồ sơ">
        <table className="table compact">
          <thead><tr><th>Số hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Tiếp nhận</th><th>Hẹn trả</th><th>Có kết quả</th><th>Trạng thái</th><th>Ghi chú</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id} id={`kpi-row-${i}`} aria-selected={i === active} className={i === active ? 'active' : undefined}
                onClick={() => setActive(i)} onDoubleClick={() => setOpen(r.id)} data-testid="kpi-dossier">
                <td className="mono nowrap">{r.number}</td><td>{r.applicantName}</td><td>{r.procedureName}</td>
                <td className="nowrap">{formatInstant(r.receivedAt)}</td><td className="nowrap">{formatInstant(r.dueAt)}</td>
                <td className="nowrap">{formatInstant(r.resolvedAt)}</td><td>{statusName(r.status)}</td>
                <td className={r.met ? undefined : 'text-error'}>{r.detail}</td>
              </tr>
            ))}
            {total === 0 && <tr><td colSpan={8} className="empty">Không có hồ sơ nào.</td></tr>}
          </tbody>
        </table>
      </div>
      {total !== null && rows.length < total && (
        <div className="actions"><button type="button" onClick={() => void load(rows.length)}>Xem thêm ({total - rows.length} hồ sơ)</button></div>
      )}
      {open && <DossierDetailDialog id={open} onClose={() => { setOpen(null); listRef.current?.focus(); }} />}
    </Dialog>
  );
}
