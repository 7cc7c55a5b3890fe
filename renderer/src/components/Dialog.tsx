import { useEffect, useRef, type ReactNode } from 'react';
import { showModalWithFocus } from './dialog-focus';

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
    // showModal alone puts focus on the header's ×, where Enter would close the dialog: the first field or
    // the marked action (data-autofocus) takes it instead, also once content loaded later is there.
    const stopFocus = showModalWithFocus(el);
    // Esc with focus outside every dialog (on <body>, after the focused control went away): the browser would
    // close every dialog of a group opened one from another. The top-most open dialog takes it, alone.
    const onStrayEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || !el.open) return;
      const open = document.querySelectorAll('dialog[open]');
      if (open[open.length - 1] !== el || el.contains(e.target as Node)) return;
      e.preventDefault();
      onCloseRef.current();
    };
    document.addEventListener('keydown', onStrayEscape);
    return () => {
      stopFocus();
      document.removeEventListener('keydown', onStrayEscape);
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
      {/* Focusable by script only: the dialog's focus while nothing in it can take it (content loading). */}
      <div className="dialog-body" tabIndex={-1}>{children}</div>
    </dialog>
  );
}
