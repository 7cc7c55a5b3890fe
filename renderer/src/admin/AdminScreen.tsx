import { useState } from 'react';
import type { Office } from '../../../shared/contract';
import { CalendarAdmin } from './CalendarAdmin';
import { CatalogueAdmin } from './CatalogueAdmin';
import { OfficeSettings } from './OfficeSettings';
import { PrintersAdmin } from './PrintersAdmin';
import { ScanningAdmin } from './ScanningAdmin';
import { PortalSettings } from '../sync/PortalSettings';
import { UsersAdmin } from './UsersAdmin';

const TABS = [
  ['office', 'Cơ quan'], ['users', 'Người dùng'], ['printers', 'Máy in'], ['scanning', 'Máy quét'], ['catalogue', 'Danh mục thủ tục'], ['calendar', 'Lịch làm việc'], ['portal', 'Hệ thống tỉnh'],
] as const;
type Tab = (typeof TABS)[number][0];

export function AdminScreen({ onOfficeSaved }: { onOfficeSaved: (o: Office) => void }) {
  const [tab, setTab] = useState<Tab>('office');
  return (
    <div className="screen admin">
      <div className="screen-head"><h1>Quản trị</h1></div>
      <div className="tabs" role="tablist" aria-label="Mục quản trị">
        {TABS.map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} className={tab === key ? 'tab active' : 'tab'}
            onClick={() => setTab(key)} data-testid={`admin-tab-${key}`}>{label}</button>
        ))}
      </div>
      <div role="tabpanel" className="tab-panel">
        {tab === 'office' && <OfficeSettings onSaved={onOfficeSaved} />}
        {tab === 'users' && <UsersAdmin />}
        {tab === 'printers' && <PrintersAdmin />}
        {tab === 'scanning' && <ScanningAdmin />}
        {tab === 'catalogue' && <CatalogueAdmin />}
        {tab === 'calendar' && <CalendarAdmin />}
        {tab === 'portal' && <PortalSettings />}
      </div>
    </div>
  );
}
