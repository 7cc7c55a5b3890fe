import { Notice } from '../components/Notice';
import { useShortcuts } from '../lib/hooks';
import { EsclSection } from './scanning/EsclSection';
import { ProcedureDefaultsSection } from './scanning/ProcedureDefaultsSection';
import { ProfilesSection } from './scanning/ProfilesSection';
import { useScanningSettings } from './scanning/useScanningSettings';
import { WatchFoldersSection } from './scanning/WatchFoldersSection';

/**
 * Quản trị → "Máy quét": the office's scan profiles (built-in ones can be overridden, not removed), the
 * profile per procedure, network scanners (eSCL) with "Kiểm tra", and scan-to-folder directories.
 * Saved as a whole with Ctrl+S; the core's messages appear next to the fields they are about.
 */
export function ScanningAdmin() {
  const { settings, message, busy, save } = useScanningSettings();
  useShortcuts({ 'Ctrl+S': () => void save() });

  if (!settings) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <p>Đang tải…</p>;
  return (
    <div className="scanning-admin" data-testid="scanning-admin">
      <ProfilesSection s={settings} />
      <ProcedureDefaultsSection s={settings} />
      <EsclSection s={settings} />
      <WatchFoldersSection s={settings} />
      {message && <Notice kind={message.kind} testId="scanning-message">{message.text}</Notice>}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()} disabled={busy} data-testid="scanning-save">
          Lưu cấu hình máy quét <kbd>Ctrl+S</kbd>
        </button>
      </div>
    </div>
  );
}
