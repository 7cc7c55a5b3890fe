import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}

/**
 * A native modal <dialog>: the page behind becomes inert, Tab stays inside, Esc closes.
 * Rendered only while open, so mounting opens it.
 */
export function Dialog({ title, onClose, children, wide, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Whatever had focus before gets it back on close, so the keyboard flow continues where it was.
    const previous = document.activeElement as HTMLElement | null;
    el.showModal();
    const auto = el.querySelector<HTMLElement>('[data-autofocus]');
    auto?.focus();
    return () => {
      if (el.open) el.close();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => { e.preventDefault(); onCloseRef.current(); }}
      // Esc closes this dialog only. Chromium groups dialogs opened one from another without a click in
      // between and would close them all on one Esc; handling the key here stops that (the inner dialog
      // sees it first and stops it from reaching the outer one).
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        e.stopPropagation();
        onCloseRef.current();
      }}
    >
      <header className="dialog-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Đóng (Esc)" title="Đóng (Esc)">×</button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
