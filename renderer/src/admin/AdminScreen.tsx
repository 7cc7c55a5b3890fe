import { useLayoutEffect } from 'react';
import type { Office } from '../../../shared/contract';
import { useShortcuts } from '../lib/hooks';
import { tabId, useRememberedTab, useTabs } from '../lib/tabs';
import { CalendarAdmin } from './CalendarAdmin';
import { CatalogueAdmin } from './CatalogueAdmin';
import { OfficeSettings } from './OfficeSettings';
import { PrintersAdmin } from './PrintersAdmin';
import { ScanningAdmin } from './ScanningAdmin';
import { PortalSettings } from '../sync/PortalSettings';
import { NotifyAdmin } from './NotifyAdmin';
import { UsersAdmin } from './UsersAdmin';

const TABS = [
  ['office', 'Cơ quan'], ['users', 'Người dùng'], ['printers', 'Máy in'], ['scanning', 'Máy quét'], ['catalogue', 'Danh mục thủ tục'], ['calendar', 'Lịch làm việc'], ['portal', 'Hệ thống tỉnh'], ['notify', 'Thông báo'],
] as const;
type Tab = (typeof TABS)[number][0];
const KEYS = TABS.map(([k]) => k);
const ID = 'admin';

/**
 * Quản trị: one tab per area (WAI-ARIA tabs: ←/→, Home/End). Alt+3 opens it on the tab last used, with
 * focus on that tab, so the arrows or Tab go on from there.
 */
export function AdminScreen({ onOfficeSaved }: { onOfficeSaved: (o: Office) => void }) {
  const [tab, setTab] = useRememberedTab<Tab>('motcua.admin.tab', KEYS, 'office');
  const tabs = useTabs({ keys: KEYS, selected: tab, onSelect: setTab, idPrefix: ID, label: 'Mục quản trị' });
  const focusTab = () => document.getElementById(tabId(ID, tab))?.focus();
  // Opened by Alt+3 (or the menu): before the next key is handled.
  useLayoutEffect(focusTab, []);
  useShortcuts({ 'Alt+3': focusTab });

  return (
    <div className="screen admin">
      <div className="screen-head"><h1>Quản trị</h1></div>
      <div className="tabs" {...tabs.tablist}>
        {TABS.map(([key, label]) => (
          <button key={key} type="button" className={tab === key ? 'tab active' : 'tab'} {...tabs.tab(key)} data-testid={`admin-tab-${key}`}>{label}</button>
        ))}
      </div>
      {TABS.map(([key]) => (
        <div key={key} className="tab-panel" {...tabs.panel(key)}>
          {tab === key && panelOf(key, onOfficeSaved)}
        </div>
      ))}
    </div>
  );
}

function panelOf(tab: Tab, onOfficeSaved: (o: Office) => void) {
  switch (tab) {
    case 'office': return <OfficeSettings onSaved={onOfficeSaved} />;
    case 'users': return <UsersAdmin />;
    case 'printers': return <PrintersAdmin />;
    case 'scanning': return <ScanningAdmin />;
    case 'catalogue': return <CatalogueAdmin />;
    case 'calendar': return <CalendarAdmin />;
    case 'portal': return <PortalSettings />;
    case 'notify': return <NotifyAdmin />;
  }
}
