// Asked before the panel closes on something the clerk may not mean to leave: a scan running, pages not
// sorted, changes not saved. Enter keeps the panel (its button has focus); Esc — the key that asked — a
// second time goes ahead. It says what happens to the pages either way.
import { useEffect, useRef, type ReactNode } from 'react';

export function ConfirmClose({ title, children, keepLabel, goLabel, onKeep, onGo, testId }: {
  title: string; children: ReactNode; keepLabel: string; goLabel: string; onKeep: () => void; onGo: () => void; testId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const goRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Kept: focus goes back where it was (a page, the scan button), so the next key acts there.
    const previous = document.activeElement as HTMLElement | null;
    el.showModal();
    keepRef.current?.focus();
    return () => {
      if (el.open) el.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="dialog confirm-close" role="alertdialog" aria-label={title} aria-describedby={`${testId}-text`} data-testid={testId}
      onCancel={(e) => e.preventDefault()}
      // Esc is this dialog's own (Chromium would otherwise close the stacked dialogs as one group).
      // Enter acts on its keydown: left to the browser, the click would come with the key's later events,
      // after focus has gone back to the panel — to "Dừng quét", say.
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing || (e.key !== 'Escape' && e.key !== 'Enter')) return;
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Escape' || e.target === goRef.current) onGo();
        else onKeep();
      }}>
      <header className="dialog-head"><h2>{title}</h2></header>
      <div className="dialog-body">
        <div id={`${testId}-text`}>{children}</div>
        <div className="dialog-actions">
          <button type="button" className="primary" ref={keepRef} onClick={onKeep} data-testid={`${testId}-keep`}>{keepLabel} <kbd>Enter</kbd></button>
          <button type="button" ref={goRef} onClick={onGo} data-testid={`${testId}-go`}>{goLabel} <kbd>Esc</kbd></button>
        </div>
      </div>
    </dialog>
  );
}
