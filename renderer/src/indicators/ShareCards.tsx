import type { KeyboardEvent } from 'react';
import type { IndicatorShare } from '../../../shared/contract/api-indicators';
import { INDICATOR_BASIS } from '../../../shared/contract/api-indicators';
import { percent } from './period';

/**
 * One card per share: the value, met/total, the target and whether it is reached. Each card is a button
 * (Enter or a click) that opens the dossiers behind it; ←/→ move between the cards.
 */
export function ShareCards({ shares, onOpen }: { shares: IndicatorShare[]; onOpen: (share: IndicatorShare) => void }) {
  const move = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const cards = [...(e.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('button.kpi-card') ?? [])];
    cards[(cards.indexOf(e.currentTarget) + step + cards.length) % cards.length]?.focus();
    e.preventDefault();
  };
  return (
    <div className="kpi-cards" data-testid="kpi-cards">
      {shares.map((s) => {
        const state = s.reached === null ? '' : s.reached ? ' reached' : ' missed';
        return (
          <button key={s.key} type="button" className={`kpi-card${state}`} onClick={() => onOpen(s)} onKeyDown={move} data-testid={`kpi-${s.key}`}
            aria-label={`${s.label}: ${percent(s.value)}, ${s.met} trên ${s.total} ${INDICATOR_BASIS[s.key].population}. Enter để xem danh sách hồ sơ.`}>
            <span className="kpi-label">{s.label}</span>
            <span className="kpi-value">{percent(s.value)}</span>
            <span className="kpi-count">{s.met}/{s.total} {INDICATOR_BASIS[s.key].population}</span>
            <span className="kpi-bar" aria-hidden="true">
              <span style={{ width: `${Math.round((s.value ?? 0) * 100)}%` }} />
              {s.target !== null && <i style={{ left: `${Math.round(s.target * 100)}%` }} />}
            </span>
            <span className="kpi-target">{s.target === null ? 'Chưa đặt chỉ tiêu' : `Chỉ tiêu ≥ ${percent(s.target, 0)}${s.reached === null ? '' : s.reached ? ' — đạt' : ' — chưa đạt'}`}</span>
          </button>
        );
      })}
    </div>
  );
}
