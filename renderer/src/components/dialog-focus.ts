// Where focus goes when a dialog opens. showModal() focuses the first focusable element, which is the
// header's × — so a clerk's next Enter would close the dialog. Instead: the element the dialog marks
// (data-autofocus: its first field, or its safe action in a confirmation), else its first field, else its
// body (nothing happens on Enter). A dialog whose content arrives later (loaded after it opens) gets the
// same choice once the content is there, unless focus has moved on meanwhile.

const FIELD = 'input:not([type="hidden"]), select, textarea';

function canTake(el: HTMLElement): boolean {
  return !(el as HTMLInputElement).disabled && !el.closest('[aria-hidden="true"], .dialog-head') && el.getClientRects().length > 0;
}

/** The element that should have focus in a dialog that just opened; null while it has none yet. */
export function initialFocusTarget(dialog: HTMLElement): HTMLElement | null {
  const marked = Array.from(dialog.querySelectorAll<HTMLElement>('[data-autofocus]')).find(canTake);
  if (marked) return marked;
  const body = dialog.querySelector<HTMLElement>('.dialog-body') ?? dialog;
  return Array.from(body.querySelectorAll<HTMLElement>(FIELD))
    .find((f) => canTake(f) && f.tabIndex >= 0 && !(f as HTMLInputElement).readOnly) ?? null;
}

/**
 * Opens the dialog as a modal and puts focus where initialFocusTarget says, now or when the content arrives;
 * returns the clean-up. The body carries `autofocus` while showModal runs, so the × never takes focus, not
 * even for a moment (a focus there would be seen by the screen reader and by every focus listener).
 */
export function showModalWithFocus(dialog: HTMLDialogElement): () => void {
  const body = dialog.querySelector<HTMLElement>('.dialog-body') ?? dialog;
  body.setAttribute('autofocus', '');
  try {
    dialog.showModal();
  } finally {
    body.removeAttribute('autofocus');
  }
  const place = () => {
    const target = initialFocusTarget(dialog);
    target?.focus();
    return !!target && document.activeElement === target;
  };
  if (place()) return () => undefined;
  body.focus({ preventScroll: true });
  const observer = new MutationObserver(() => {
    const active = document.activeElement;
    // Someone (the clerk, the dialog's own code) moved focus on: leave it there.
    if (active && active !== body && active !== dialog && active !== document.body) observer.disconnect();
    else if (place()) observer.disconnect();
  });
  observer.observe(body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'data-autofocus', 'hidden', 'class'] });
  return () => observer.disconnect();
}
