import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { useShortcuts } from '../lib/hooks';

const STEPS = [1, 1.5, 2, 3, 4];

/**
 * A page opened large, fitted whole into the window first; + / − zoom in steps, 0 fits again; when zoomed,
 * the arrow keys, PgUp/PgDn, Home/End scroll the page (the image box has focus).
 */
export function PagePreview({ jobId, pageId, label, onClose }: { jobId: string; pageId: string; label: string; onClose: () => void }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const [fit, setFit] = useState<{ width: number } | null>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    api.call('scanning.thumbnail', { jobId, pageId, size: 'large' })
      .then((t) => setSrc(`data:${t.mime};base64,${t.base64}`), (e) => setFailure(errorMessage(e)));
  }, [jobId, pageId]);
  // Fitted: the whole page in the box, whichever of its width or height is the limit.
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box || !natural) return;
    const measure = () => {
      const w = box.clientWidth - 8;
      const h = box.clientHeight - 8;
      setFit({ width: Math.max(50, Math.floor(Math.min(w, (h * natural.w) / natural.h))) });
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [natural]);
  const zoom = STEPS[step]!;
  useShortcuts({
    '+': () => setStep((s) => Math.min(STEPS.length - 1, s + 1)), '=': () => setStep((s) => Math.min(STEPS.length - 1, s + 1)),
    '-': () => setStep((s) => Math.max(0, s - 1)), '0': () => setStep(0),
  }, { inDialogs: true, dialog: 'page-preview' });
  return (
    <Dialog title={label} onClose={onClose} wide testId="page-preview">
      <div className="dialog-actions">
        <button type="button" onClick={() => setStep((s) => Math.max(0, s - 1))} disabled={step === 0}>Thu nhỏ <kbd>−</kbd></button>
        <button type="button" onClick={() => setStep(0)}>Vừa khung <kbd>0</kbd></button>
        <button type="button" onClick={() => setStep((s) => Math.min(STEPS.length - 1, s + 1))} disabled={step === STEPS.length - 1}>Phóng to <kbd>+</kbd></button>
        <span className="muted" data-testid="preview-zoom">{step === 0 ? 'Vừa khung' : `${Math.round(zoom * 100)}% khung`}</span>
        <span className="muted">Khi phóng to: phím mũi tên, PgUp/PgDn để cuộn.</span>
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      {/* Focused, so the arrow keys scroll it as soon as it opens. */}
      <div className="scan-preview" ref={boxRef} tabIndex={0} data-autofocus="" aria-label={`Ảnh ${label}`} data-testid="preview-box">
        {src
          ? <img src={src} alt={label} style={fit ? { width: `${Math.round(fit.width * zoom)}px` } : { maxWidth: '100%', maxHeight: '100%' }}
              onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />
          : !failure && <p>Đang tải…</p>}
      </div>
    </Dialog>
  );
}
