import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api } from '../api/client';
import type { NavItem } from '../components/TopBar';

type Warnings = MethodOutput<'workflow.warnings'>;

/**
 * Due-today, overdue and waiting-for-me counts for the top bar, asked again every minute and whenever the user
 * changes screen: a dossier about to be late shows on every screen, before anyone opens a list.
 */
export function useWorkWarnings(enabled: boolean, screen: string): Warnings | null {
  const [w, setW] = useState<Warnings | null>(null);
  useEffect(() => {
    if (!enabled) { setW(null); return; }
    let live = true;
    const ask = () => { api.call('workflow.warnings', {}).then((r) => { if (live) setW(r); }, () => undefined); };
    ask();
    const t = setInterval(ask, 60_000);
    return () => { live = false; clearInterval(t); };
  }, [enabled, screen]);
  return w;
}

const part = (n: number, what: string) => (n > 0 ? [`${n} ${what}`] : []);

/** The badge of a work list's button: how many need attention, red when some are late. */
export function warningBadge(key: string, w: Warnings | null): NavItem['badge'] {
  if (!w) return undefined;
  const c = key === 'work' ? { ...w.mine } : key === 'office' ? { ...w.office, awaitingMyConfirmation: 0 } : null;
  if (!c) return undefined;
  const total = c.overdue + c.dueToday + c.awaitingMyConfirmation;
  if (total === 0) return undefined;
  const parts = [...part(c.overdue, 'quá hạn'), ...part(c.dueToday, 'đến hạn hôm nay'), ...part(c.awaitingMyConfirmation, 'chờ bạn xác nhận')];
  return { text: String(total), title: parts.join(', '), urgent: c.overdue > 0 };
}
