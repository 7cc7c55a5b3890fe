// "Thu phí" (Alt+0): find the dossier (number, name, ID number, phone — the slip's barcode too), collect its
// fee and print the receipt; the day's collection; the administrator's settings. Keyboard first: the search box
// has focus on arrival and after every collection; ↓/↑ pick a result, Enter opens it; a collection typed but
// not saved is dropped only after a confirmation.
import { useContext, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { DossierSummary } from '../../../shared/contract';
import type { DossierFee, FeeSettings } from '../../../shared/contract/api-fees';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { CurrentUser } from '../lib/access';
import { focusMark, focusWhenReady } from '../lib/focus';
import { useDebounced } from '../lib/hooks';
import { formatInstant } from '../lib/format';
import { CollectPanel } from './CollectPanel';
import { DayReportPanel } from './DayReportPanel';
import { FeeSettingsPanel } from './FeeSettingsPanel';

export const FEES_SEARCH_ID = 'fees-search';
type Tab = 'collect' | 'day' | 'settings';

export function FeesScreen() {
  const user = useContext(CurrentUser);
  const [tab, setTab] = useState<Tab>('collect');
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 200);
  const [results, setResults] = useState<DossierSummary[]>([]);
  const [active, setActive] = useState(0);
  const [fee, setFee] = useState<DossierFee | null>(null);
  const [settings, setSettings] = useState<FeeSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const dirty = useRef(false);
  const role = user?.role ?? 'clerk';
  const canCollect = role === 'clerk' || role === 'officer' || role === 'admin';

  useEffect(() => { void api.call('fees.getSettings', {}).then(setSettings, () => undefined); }, [tab]);
  useEffect(() => {
    let live = true;
    void api.call('dossiers.list', { query: debounced, limit: 20 }).then((r) => { if (live) { setResults(r); setActive(0); } }, (e: unknown) => live && setError(errorMessage(e)));
    return () => { live = false; };
  }, [debounced]);

  const open = async (dossierId: string) => {
    if (dirty.current && fee && fee.dossierId !== dossierId) { flushSync(() => setPending(dossierId)); return; }
    const mark = focusMark();
    try {
      const f = await api.call('fees.dossier', { dossierId });
      dirty.current = false;
      // The clerk may already be in the panel (the same dossier's, shown before the answer): focus stays there.
      // Read before the render: a closing dialog gives focus back to its opener.
      const moved = mark.moved();
      flushSync(() => { setFee(f); setError(null); setPending(null); });
      if (!moved) focusWhenReady(() => document.querySelector<HTMLElement>('[data-testid="fee-form"] [data-autofocus]') ?? document.getElementById(FEES_SEARCH_ID));
    } catch (e) { setError(errorMessage(e)); }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, results.length - 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    if (e.key === 'Enter' && results[active]) { e.preventDefault(); void open(results[active]!.id); }
  };

  return (
    <section className="screen" data-testid="fees-screen">
      <h2>Thu phí, lệ phí</h2>
      <div role="tablist" className="tabs">
        <button type="button" role="tab" aria-selected={tab === 'collect'} onClick={() => setTab('collect')}>Thu phí</button>
        <button type="button" role="tab" aria-selected={tab === 'day'} onClick={() => setTab('day')} data-testid="fees-tab-day">Sổ thu trong ngày</button>
        {role === 'admin' && <button type="button" role="tab" aria-selected={tab === 'settings'} onClick={() => setTab('settings')} data-testid="fees-tab-settings">Cấu hình</button>}
      </div>
      {tab === 'collect' && (
        <div className="fees-collect-layout">
          <label>Tìm hồ sơ (số hồ sơ, họ tên, số định danh, điện thoại)
            <input id={FEES_SEARCH_ID} value={query} autoComplete="off" autoFocus onChange={(e) => setQuery(e.target.value)} onKeyDown={onKey} />
          </label>
          {error && <Notice kind="error" testId="fees-error">{error}</Notice>}
          <table className="table compact" data-testid="fees-results">
            <thead><tr><th>Số hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Tiếp nhận</th></tr></thead>
            <tbody>
              {results.map((d, i) => (
                <tr key={d.id} aria-selected={i === active} className={i === active ? 'selected' : undefined} onClick={() => void open(d.id)}>
                  <td>{d.number}</td><td>{d.applicantName}</td><td>{d.procedureName}</td><td>{formatInstant(d.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {fee && (
            <CollectPanel key={fee.dossierId} fee={fee} settings={settings} canCollect={canCollect} canOverride={role === 'leader' || role === 'admin'}
              onChanged={(f) => { dirty.current = false; setFee(f); }} onFormChange={(d) => { dirty.current = d; }} />
          )}
        </div>
      )}
      {tab === 'day' && <DayReportPanel canClose={role === 'leader' || role === 'admin'} />}
      {tab === 'settings' && role === 'admin' && <FeeSettingsPanel />}
      {pending && (
        <Dialog title="Bỏ khoản thu đang nhập?" onClose={() => setPending(null)} testId="fees-discard">
          <p>Khoản thu của hồ sơ {fee?.dossierNumber} chưa được lưu. Mở hồ sơ khác thì những gì đã nhập sẽ mất.</p>
          <div className="dialog-actions">
            <button type="button" className="primary" data-autofocus="" onClick={() => setPending(null)}>Tiếp tục nhập <kbd>Enter</kbd></button>
            <button type="button" onClick={() => { dirty.current = false; void open(pending); }} data-testid="fees-discard-confirm">Bỏ, mở hồ sơ khác</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
