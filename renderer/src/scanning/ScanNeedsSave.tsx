// F9 (Số hóa) on a dossier not saved yet: there is nothing to scan into, so the clerk is told what to do —
// in view wherever the page is scrolled (fixed at the top of the window), until the next key or click.
import { useEffect } from 'react';

export const NEEDS_SAVE = 'Lưu hồ sơ trước (Ctrl+S, hoặc Ctrl+P để lưu và in phiếu hẹn), rồi bấm F9 để số hóa giấy tờ.';

export function ScanNeedsSave({ shown, onDismiss }: { shown: boolean; onDismiss: () => void }) {
  useEffect(() => {
    if (!shown) return;
    // The key that showed it is past; the next one (F9 again aside) or a click puts it away.
    const onKey = (e: KeyboardEvent) => { if (e.key !== 'F9') onDismiss(); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDismiss);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDismiss);
    };
  }, [shown, onDismiss]);
  return (
    <div role="status" aria-live="polite" className="scan-needs-save-region">
      {shown && <div className="notice notice-info scan-needs-save" data-testid="scan-needs-save">{NEEDS_SAVE}</div>}
    </div>
  );
}
