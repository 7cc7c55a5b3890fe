// The panel's scanner choices: device (named so two of one model differ: connection and address, the full
// detail under it), paper source, profile, where the pages go; Quét / Dừng quét and file import.
import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api } from '../api/client';
import type { JobView } from './moves';

export type Device = MethodOutput<'scanning.devices'>[number];
type Profile = MethodOutput<'scanning.profiles'>['profiles'][number];
export type Source = 'flatbed' | 'feeder' | 'duplex';

const SOURCE_LABEL: Record<Source, string> = { flatbed: 'Mặt kính', feeder: 'Khay nạp giấy', duplex: 'Khay nạp, hai mặt' };

export interface ScanChoices { deviceId: string; source: Source; target: string; profileId: string }

export function ScanToolbar({ job, devices, profiles, choices, onChange, onRefresh, onScan, onCancel, onImport, scanning, busy }: {
  job: JobView | null; devices: Device[]; profiles: Profile[]; choices: ScanChoices; onChange: (c: Partial<ScanChoices>) => void;
  onRefresh: () => void; onScan: () => void; onCancel: () => void; onImport: (files: File[]) => void; scanning: boolean; busy: boolean;
}) {
  const [sources, setSources] = useState<Source[]>(['flatbed']);
  const fileInput = useRef<HTMLInputElement>(null);
  const { deviceId, source, target, profileId } = choices;
  useEffect(() => {
    if (!deviceId) return;
    api.call('scanning.capabilities', { deviceId }).then((c) => {
      setSources(c.sources);
      if (!c.sources.includes(source)) onChange({ source: c.sources.includes('feeder') ? 'feeder' : c.sources[0] ?? 'flatbed' });
    }, () => setSources(['flatbed']));
    // The source is only corrected when the device changes.
  }, [deviceId]);

  const scanners = devices.filter((d) => d.driver !== 'files');
  const device = scanners.find((d) => d.id === deviceId);
  const components = job?.components.filter((c) => c.kind !== 1) ?? [];
  const results = job?.components.filter((c) => c.kind === 1) ?? [];
  return (
    <div className="scan-toolbar">
      <div className="scan-device">
        <label>Máy quét
          <select value={deviceId} onChange={(e) => onChange({ deviceId: e.target.value })} disabled={scanning} data-testid="scan-device"
            aria-describedby="scan-device-detail" title={device?.detail}>
            {scanners.length === 0 && <option value="">(không tìm thấy máy quét)</option>}
            {scanners.map((d) => <option key={d.id} value={d.id}>{d.label}{d.busyWith && d.busyWith.jobId !== job?.id ? ` — đang quét hồ sơ ${d.busyWith.dossierNumber}` : ''}</option>)}
          </select>
        </label>
        <span id="scan-device-detail" className="device-detail" data-testid="scan-device-detail">{device?.detail ?? 'Bật máy quét rồi bấm "Tìm lại".'}</span>
      </div>
      <button type="button" onClick={onRefresh} disabled={scanning}>Tìm lại</button>
      <label>Nguồn giấy
        <select value={source} onChange={(e) => onChange({ source: e.target.value as Source })} disabled={scanning} data-testid="scan-source">
          {sources.map((s) => <option key={s} value={s}>{SOURCE_LABEL[s]}</option>)}
        </select>
      </label>
      <label>Cấu hình
        <select value={profileId || job?.profile.id || ''} onChange={(e) => onChange({ profileId: e.target.value === job?.profile.id ? '' : e.target.value })}
          disabled={scanning} data-testid="scan-profile" title="Cấu hình quét cho các trang quét hoặc nhập tiếp theo">
          {job && !profiles.some((p) => p.id === job.profile.id) && <option value={job.profile.id}>{job.profile.name}</option>}
          {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}{p.id === job?.profile.id ? ' (mặc định của thủ tục)' : ''}</option>)}
        </select>
      </label>
      <label>Quét vào
        <select value={target} onChange={(e) => onChange({ target: e.target.value })} disabled={scanning} data-testid="scan-target">
          <option value="">Xấp chưa phân loại (chia sau)</option>
          {components.map((c, i) => <option key={c.code} value={c.code}>{i + 1}. {c.name}</option>)}
          {results.length > 0 && (
            <optgroup label="Kết quả giải quyết">
              {results.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </optgroup>
          )}
        </select>
      </label>
      {/* Two buttons, not one relabelled: when the scan ends, focus on "Dừng quét" goes to the pages (usePanelFocus). */}
      {!scanning
        ? <button key="start" type="button" className="primary" onClick={onScan} disabled={!job || busy} data-testid="scan-start">Quét <kbd>F9</kbd></button>
        : <button key="cancel" type="button" onClick={onCancel} data-testid="scan-cancel">Dừng quét</button>}
      <button type="button" onClick={() => fileInput.current?.click()} disabled={!job || scanning || busy}>Nhập tệp…</button>
      <input ref={fileInput} type="file" multiple hidden accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff"
        onChange={(e) => { onImport(Array.from(e.target.files ?? [])); e.target.value = ''; }} data-testid="scan-files" />
    </div>
  );
}
