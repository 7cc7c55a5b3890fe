import { useEffect, useState } from 'react';
import type { Indicators, IndicatorTargets } from '../../../shared/contract/api-indicators';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { useCan } from '../lib/access';
import { useShortcuts } from '../lib/hooks';
import { FigureDossiersDialog, type Figure } from './FigureDossiersDialog';
import { MonthsChart, SharesChart, TimelinessChart } from './IndicatorCharts';
import { monthLabel, monthOf, monthPeriod, percent, shiftMonth, vnMonth, type Period } from './period';
import { PeriodPicker } from './PeriodPicker';
import { ShareCards } from './ShareCards';
import { TargetsDialog } from './TargetsDialog';
import './indicators.css';

/**
 * "Chỉ số" for the leader (Quyết định 766): where the office stands against the province's targets for a
 * month or a range — shares, charts, time per procedure — each figure opening the dossiers behind it, and
 * the workbook for the report. PgUp/PgDn: previous/next month; Ctrl+E: Excel.
 */
export function IndicatorsScreen() {
  const can = useCan();
  const [period, setPeriod] = useState<Period>(() => monthPeriod(vnMonth(new Date())));
  const [ind, setInd] = useState<Indicators | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [figure, setFigure] = useState<Figure | null>(null);
  const [targets, setTargets] = useState<IndicatorTargets | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setFailure(null);
    api.call('indicators.compute', period).then(setInd, (e) => { setInd(null); setFailure(errorMessage(e)); });
  };
  useEffect(load, [period.from, period.to]);
  // Keyboard first: once the figures are there, the first card takes focus unless the user is elsewhere.
  useEffect(() => {
    if (ind && (!document.activeElement || document.activeElement === document.body)) document.querySelector<HTMLElement>('.kpi-card')?.focus();
  }, [ind]);

  const month = monthOf(period);
  const step = (delta: number) => setPeriod(monthPeriod(shiftMonth(month ?? period.from.slice(0, 7), delta)));
  const exportXlsx = async () => {
    setBusy(true);
    try {
      const { fileName, base64 } = await api.call('indicators.exportXlsx', period);
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      const a = document.createElement('a');
      a.href = url; a.download = fileName; a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const editTargets = async () => {
    try { setTargets(await api.call('indicators.getTargets', {})); } catch (e) { setFailure(errorMessage(e)); }
  };
  useShortcuts({ PageUp: () => step(-1), PageDown: () => step(1), 'Ctrl+E': () => void exportXlsx(), F5: load });

  return (
    <div className="screen indicators-screen">
      <div className="screen-head">
        <h1>Chỉ số giải quyết thủ tục hành chính</h1>
        <ShortcutLegend items={[['PgUp/PgDn', 'Tháng trước/sau'], ['←→', 'Chọn chỉ số'], ['Enter', 'Danh sách hồ sơ'], ['Ctrl+E', 'Xuất Excel'], ['F5', 'Tải lại']]} />
      </div>
      <div className="toolbar kpi-toolbar">
        <PeriodPicker period={period} onChange={setPeriod} />
        <button type="button" className="primary" onClick={() => void exportXlsx()} disabled={busy || !ind} data-testid="kpi-export">Xuất Excel <kbd>Ctrl+E</kbd></button>
        {can('indicators.setTargets') && <button type="button" onClick={() => void editTargets()} data-testid="kpi-edit-targets">Chỉ tiêu…</button>}
      </div>
      {failure && <Notice kind="error" testId="kpi-failure">{failure}</Notice>}
      {ind && (
        <>
          <p className="muted" data-testid="kpi-period">{month ? monthLabel(month) : `Từ ${ind.from.split('-').reverse().join('/')} đến ${ind.to.split('-').reverse().join('/')}`}
            {' · '}Chỉ tiêu: {ind.targetSource}</p>
          <ShareCards shares={ind.shares} onOpen={(s) => setFigure({ key: s.key })} />
          <div className="kpi-charts">
            <SharesChart ind={ind} />
            <TimelinessChart ind={ind} />
          </div>
          <MonthsChart ind={ind} />
          <ProcedureTable ind={ind} onOpen={(code, name) => setFigure({ key: 'resolved', procedureCode: code, procedureName: name })} />
        </>
      )}
      {figure && <FigureDossiersDialog period={period} figure={figure} onClose={() => setFigure(null)} />}
      {targets && <TargetsDialog targets={targets} onClose={() => setTargets(null)} onSaved={() => { setTargets(null); load(); }} />}
    </div>
  );
}

function ProcedureTable({ ind, onOpen }: { ind: Indicators; onOpen: (code: string, name: string) => void }) {
  return (
    <section className="section">
      <h2>Thời gian giải quyết theo thủ tục {ind.averageDays !== null && <span className="muted">(trung bình chung {String(ind.averageDays).replace('.', ',')} ngày)</span>}</h2>
      <table className="table compact" data-testid="kpi-procedures">
        <thead><tr><th>Mã</th><th>Thủ tục</th><th className="num">Có kết quả</th><th className="num">Sớm hạn</th><th className="num">Đúng hạn</th><th className="num">Trễ hạn</th><th className="num">Sớm và đúng hạn</th><th className="num">Trung bình (ngày)</th><th /></tr></thead>
        <tbody>
          {ind.procedures.map((p) => (
            <tr key={p.code}>
              <td className="mono">{p.code}</td><td>{p.name}</td><td className="num">{p.resolved}</td><td className="num">{p.early}</td><td className="num">{p.onTime}</td>
              <td className="num">{p.late}</td><td className="num">{percent(p.resolved ? (p.early + p.onTime) / p.resolved : null)}</td>
              <td className="num">{p.averageDays === null ? '—' : String(p.averageDays).replace('.', ',')}</td>
              <td><button type="button" className="link-button" onClick={() => onOpen(p.code, p.name)}>Xem hồ sơ</button></td>
            </tr>
          ))}
          {!ind.procedures.length && <tr><td colSpan={9} className="empty">Chưa có hồ sơ nào có kết quả trong kỳ.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
