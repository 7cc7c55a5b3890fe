// Asked before the panel closes on something the clerk may not mean to leave: a scan running, pages not
// sorted, changes not saved. Enter keeps the panel (its button has focus); Esc — the key that asked — a
// second time goes ahead. It says what happens to the pages either way.
import { useEffect, useRef, type ReactNode } from 'react';

export function ConfirmClose({ title, children, keepLabel, goLabel, onKeep, onGo, testId }: {
  title: string; children: ReactNode; keepLabel: string; goLabel: string; onKeep: () => void; onGo: () => void; testId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.showModal();
    keepRef.current?.focus();
    return () => { if (el.open) el.close(); };
  }, []);
  return (
    <dialog ref={ref} className="dialog confirm-close" role="alertdialog" aria-label={title} aria-describedby={`${testId}-text`} data-testid={testId}
      onCancel={(e) => e.preventDefault()}
      // Esc is this dialog's own (Chromium would otherwise close the stacked dialogs as one group).
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.nativeEvent.isComposing) return;
        e.preventDefault();
        e.stopPropagation();
        onGo();
      }}>
      <header className="dialog-head"><h2>{title}</h2></header>
      <div className="dialog-body">
        <div id={`${testId}-text`}>{children}</div>
        <div className="dialog-actions">
          <button type="button" className="primary" ref={keepRef} onClick={onKeep} data-testid={`${testId}-keep`}>{keepLabel} <kbd>Enter</kbd></button>
          <button type="button" onClick={onGo} data-testid={`${testId}-go`}>{goLabel} <kbd>Esc</kbd></button>
        </div>
      </div>
    </dialog>
  );
}
