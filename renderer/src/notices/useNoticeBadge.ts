import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { NavItem } from '../components/TopBar';

/**
 * The top bar's count of notices the counter must pass on by hand (no gateway, no mobile or e-mail, refused),
 * asked every minute and whenever the user changes screen.
 */
export function useNoticeBadge(enabled: boolean, screen: string): NavItem['badge'] {
  const [manual, setManual] = useState(0);
  useEffect(() => {
    if (!enabled) { setManual(0); return; }
    let live = true;
    const ask = () => { api.call('notify.status', {}).then((s) => { if (live) setManual(s.manual); }, () => undefined); };
    ask();
    const t = setInterval(ask, 60_000);
    return () => { live = false; clearInterval(t); };
  }, [enabled, screen]);
  return manual > 0 ? { text: String(manual), title: `${manual} thông báo cần báo thủ công cho người nộp`, urgent: false } : undefined;
}
