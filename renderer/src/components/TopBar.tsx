import type { Office, User } from '../../../shared/contract';
import { ROLE_LABEL } from '../lib/format';
import { useRevealFocus } from '../lib/reveal';
import './topbar.css';

export interface NavItem {
  key: string; label: string; shortcut: string;
  /** A count that needs attention (late dossiers in red), with what it counts in words. */
  badge?: { text: string; title: string; urgent: boolean };
}

export function TopBar({ office, user, nav, current, onNavigate, onLogout }: {
  office: Office | null; user: User; nav: NavItem[]; current: string; onNavigate: (key: string) => void; onLogout: () => void;
}) {
  // The top bar and the status bar frame every screen after login: while they are there, the focused
  // control is kept out from under the status bar.
  useRevealFocus();
  return (
    <header className="topbar">
      <div className="office">
        <strong>{office?.governingBody}</strong>
        <span>{office?.officeName}</span>
      </div>
      <nav aria-label="Chức năng">
        {nav.map((n) => (
          <button key={n.key} type="button" className={current === n.key ? 'nav active' : 'nav'} aria-current={current === n.key ? 'page' : undefined}
            onClick={() => onNavigate(n.key)} data-testid={`nav-${n.key}`}>
            {n.label}{n.badge && <span className={n.badge.urgent ? 'nav-badge urgent' : 'nav-badge'} title={n.badge.title} data-testid={`nav-badge-${n.key}`}>{n.badge.text}</span>} <kbd>{n.shortcut}</kbd>
          </button>
        ))}
      </nav>
      <div className="user">
        <span className="who"><span>{user.fullName}</span><span className="muted">{ROLE_LABEL[user.role]}</span></span>
        <button type="button" onClick={onLogout}>Đăng xuất</button>
      </div>
    </header>
  );
}
