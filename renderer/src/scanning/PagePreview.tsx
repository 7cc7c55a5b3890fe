import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { useShortcuts } from '../lib/hooks';

/** A page at full width with zoom: + / − / 0 (fit), arrows scroll as usual. */
export function PagePreview({ jobId, pageId, label, onClose }: { jobId: string; pageId: string; label: string; onClose: () => void }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    api.call('scanning.thumbnail', { jobId, pageId, size: 'large' })
      .then((t) => setSrc(`data:${t.mime};base64,${t.base64}`), (e) => setFailure(errorMessage(e)));
  }, [jobId, pageId]);
  const zoomBy = (f: number) => setZoom((z) => Math.min(4, Math.max(0.25, Math.round(z * f * 100) / 100)));
  useShortcuts({ '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(0.8), '0': () => setZoom(1) }, { inDialogs: true });
  return (
    <Dialog title={`Xem trang ${label}`} onClose={onClose} wide testId="page-preview">
      <div className="dialog-actions">
        <button type="button" onClick={() => zoomBy(0.8)} data-autofocus="">Thu nhỏ <kbd>−</kbd></button>
        <button type="button" onClick={() => setZoom(1)}>Vừa khung <kbd>0</kbd></button>
        <button type="button" onClick={() => zoomBy(1.25)}>Phóng to <kbd>+</kbd></button>
        <span className="muted">{Math.round(zoom * 100)}%</span>
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="scan-preview">
        {src ? <img src={src} alt={`Trang ${label}`} style={{ width: `${zoom * 100}%` }} /> : !failure && <p>Đang tải…</p>}
      </div>
    </Dialog>
  );
}
