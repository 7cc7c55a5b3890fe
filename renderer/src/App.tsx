import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Office, User } from '../../shared/contract';
import { api, errorMessage } from './api/client';
import { AdminScreen } from './admin/AdminScreen';
import { Notice } from './components/Notice';
import { TopBar, type NavItem } from './components/TopBar';
import { IntakeScreen } from './intake/IntakeScreen';
import { CurrentUser, mayCall } from './lib/access';
import { focusWhenReady } from './lib/focus';
import { useShortcuts } from './lib/hooks';
import { LoginScreen } from './screens/LoginScreen';
import { SetupScreen } from './screens/SetupScreen';
import { TodayScreen } from './screens/TodayScreen';
import { SyncScreen } from './sync/SyncScreen';
import { SyncStatusBar } from './sync/SyncStatusBar';
import { IndicatorsScreen } from './indicators/IndicatorsScreen';
import { NoticesScreen } from './notices/NoticesScreen';
import { RegistersScreen, registersFocus } from './civil-status/RegistersScreen';
import { FEES_SEARCH_ID, FeesScreen } from './fees/FeesScreen';
import { useNoticeBadge } from './notices/useNoticeBadge';
import { MyQueueScreen } from './work/MyQueueScreen';
import { OfficeScreen } from './work/OfficeScreen';
import { ReturnScreen, SCAN_BOX_ID } from './work/ReturnScreen';
import { useWorkWarnings, warningBadge } from './work/useWorkWarnings';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'login'; username: string }
  | { kind: 'ready'; user: User };

const COUNTER_ROLES = new Set(['clerk', 'officer', 'admin']);

function navFor(user: User): NavItem[] {
  const items: NavItem[] = [];
  if (COUNTER_ROLES.has(user.role)) items.push({ key: 'intake', label: 'Tiếp nhận hồ sơ', shortcut: 'Alt+1' });
  items.push({ key: 'today', label: 'Hồ sơ hôm nay', shortcut: 'Alt+2' });
  if (user.role === 'admin') items.push({ key: 'admin', label: 'Quản trị', shortcut: 'Alt+3' });
  items.push({ key: 'sync', label: 'Đồng bộ', shortcut: 'Alt+4' });
  // Issue 10: the work lists for whoever the core serves them to; the office's list for the leader.
  if (mayCall(user.role, 'workflow.myQueue')) items.push({ key: 'work', label: 'Việc của tôi', shortcut: 'Alt+5' });
  if (user.role === 'leader' || user.role === 'admin') items.push({ key: 'office', label: 'Toàn cơ quan', shortcut: 'Alt+6' });
  if (mayCall(user.role, 'workflow.returnResult')) items.push({ key: 'return', label: 'Trả kết quả', shortcut: 'Alt+7' });
  // The office's indicators for the leader; the notices the counter passes on by hand.
  if (mayCall(user.role, 'indicators.compute')) items.push({ key: 'indicators', label: 'Chỉ số', shortcut: 'Alt+8' });
  if (mayCall(user.role, 'notify.markSent')) items.push({ key: 'notices', label: 'Báo người nộp', shortcut: 'Alt+9' });
  // Issue 11: the civil-status register books (H: hộ tịch; the digits are taken).
  if (mayCall(user.role, 'civilStatus.books')) items.push({ key: 'registers', label: 'Sổ hộ tịch', shortcut: 'Alt+H' });
  // Issue 11: fees, receipts and the day's collection.
  if (mayCall(user.role, 'fees.dossier')) items.push({ key: 'fees', label: 'Thu phí', shortcut: 'Alt+0' });
  return items;
}

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [office, setOffice] = useState<Office | null>(null);
  const [screen, setScreen] = useState('intake');
  const [integrity, setIntegrity] = useState<'checking' | 'ok' | 'damaged'>('checking');

  const start = async () => {
    try {
      const info = await api.call('app.info', {});
      setOffice(info.office);
      setIntegrity(info.dataIntegrity);
      if (info.setupRequired) return setPhase({ kind: 'setup' });
      if (api.hasSession) {
        try {
          return enter(await api.call('auth.me', {}));
        } catch { /* expired session: log in again */ }
      }
      setPhase({ kind: 'login', username: '' });
    } catch (e) {
      setPhase({ kind: 'failed', message: errorMessage(e) });
    }
  };

  const enter = (user: User) => {
    setPhase({ kind: 'ready', user });
    setScreen(COUNTER_ROLES.has(user.role) ? 'intake' : 'today');
  };

  useEffect(() => {
    void start();
    return api.onUnauthenticated(() => setPhase({ kind: 'login', username: '' }));
  }, []);

  // The database check runs behind start-up; ask again until it has answered.
  useEffect(() => {
    if (integrity !== 'checking' || phase.kind === 'loading') return;
    const timer = setTimeout(() => { void api.call('app.info', {}).then((i) => setIntegrity(i.dataIntegrity)).catch(() => undefined); }, 3000);
    return () => clearTimeout(timer);
  }, [integrity, phase.kind]);

  const user = phase.kind === 'ready' ? phase.user : null;
  const warnings = useWorkWarnings(!!user && mayCall(user.role, 'workflow.warnings'), screen);
  const noticeBadge = useNoticeBadge(!!user && mayCall(user.role, 'notify.markSent'), screen);
  const nav = (user ? navFor(user) : []).map((n) => ({ ...n, badge: n.key === 'notices' ? noticeBadge : warningBadge(n.key, warnings) }));
  const go = (key: string) => { if (nav.some((n) => n.key === key)) setScreen(key); };
  // A screen whose first box takes what is typed at once (a barcode scanner right after Alt+7): shown in the
  // key's own handler, its box focused there, keys typed before it is there held for it (lib/focus.ts).
  const goTyping = (key: string, boxId: string) => {
    if (!nav.some((n) => n.key === key)) return;
    flushSync(() => setScreen(key));
    focusWhenReady(() => document.getElementById(boxId));
  };
  useShortcuts({
    'Alt+1': () => go('intake'), 'Alt+2': () => go('today'), 'Alt+3': () => go('admin'), 'Alt+4': () => go('sync'),
    'Alt+5': () => goTyping('work', 'queue-filter'), 'Alt+6': () => goTyping('office', 'office-filter'), 'Alt+7': () => goTyping('return', SCAN_BOX_ID),
    'Alt+8': () => go('indicators'), 'Alt+9': () => go('notices'), 'Alt+0': () => goTyping('fees', FEES_SEARCH_ID),
    'Alt+H': () => { if (!nav.some((n) => n.key === 'registers')) return; flushSync(() => setScreen('registers')); focusWhenReady(registersFocus); },
  }, { enabled: !!user });

  const logout = async () => {
    try { await api.call('auth.logout', {}); } catch { /* the session ends here either way */ }
    api.setSession(null);
    setPhase({ kind: 'login', username: user?.username ?? '' });
  };

  const officeTitle = office ? `${office.governingBody} · ${office.officeName}` : '';
  useEffect(() => { document.title = office ? `Một Cửa Desk – ${office.governingBody}` : 'Một Cửa Desk'; }, [office]);

  switch (phase.kind) {
    case 'loading': return <main className="center muted">Đang khởi động…</main>;
    case 'failed': return (
      <main className="center">
        <Notice kind="error">{phase.message}</Notice>
        <button type="button" className="primary" onClick={() => { setPhase({ kind: 'loading' }); void start(); }}>Thử lại</button>
      </main>
    );
    case 'setup': return <SetupScreen onDone={(username) => { void api.call('app.info', {}).then((i) => setOffice(i.office)); setPhase({ kind: 'login', username }); }} />;
    case 'login': return <LoginScreen officeTitle={officeTitle} defaultUsername={phase.username} onLogin={enter} />;
    case 'ready': return (
      <CurrentUser.Provider value={phase.user}>
      <div className="app">
        <TopBar office={office} user={phase.user} nav={nav} current={screen} onNavigate={go} onLogout={() => void logout()} />
        <main className="content">
          {integrity === 'damaged' && (
            <Notice kind="error" testId="data-damaged">
              Cơ sở dữ liệu trên máy này bị hỏng: ứng dụng chỉ cho xem, không lưu thêm hồ sơ. Hãy báo quản trị để khôi phục từ bản sao lưu.
            </Notice>
          )}
          {screen === 'intake' && <IntakeScreen />}
          {screen === 'today' && <TodayScreen />}
          {screen === 'admin' && <AdminScreen onOfficeSaved={setOffice} />}
          {screen === 'sync' && <SyncScreen canAct={COUNTER_ROLES.has(phase.user.role)} />}
          {screen === 'work' && <MyQueueScreen />}
          {screen === 'office' && <OfficeScreen />}
          {screen === 'return' && <ReturnScreen />}
          {screen === 'indicators' && <IndicatorsScreen />}
          {screen === 'notices' && <NoticesScreen />}
          {screen === 'registers' && <RegistersScreen />}
          {screen === 'fees' && <FeesScreen />}
        </main>
        <SyncStatusBar onOpen={() => go('sync')} />
      </div>
      </CurrentUser.Provider>
    );
  }
}
