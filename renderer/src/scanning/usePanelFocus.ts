// Focus in the Số hóa panel never falls to <body>. Actions and live updates re-render the panel: a turned or
// rescanned page gets a new element, a page put into a component moves to another group, a button is
// disabled while the core works or replaced when a scan ends. After every such commit — in the same task,
// before the browser takes the next key — focus that was lost goes back to the selected page (or, with no
// pages, to the scan button), and focus that is in the grid follows the selection.
import { useLayoutEffect, type RefObject } from 'react';

function lost(panel: HTMLElement, el: Element | null): boolean {
  if (!el || el === document.body || el === document.documentElement) return true;
  if (!panel.contains(el)) return true;
  if (el.tagName === 'DIALOG') return true;
  return (el as HTMLButtonElement).disabled === true;
}

/** The dialog on top (the panel itself, or a dialog opened from it). */
function topDialog(): HTMLDialogElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>('dialog[open]');
  return open.length ? open[open.length - 1]! : null;
}

/**
 * `rootRef` is inside the panel's dialog; `gridRef` holds the thumbnails (data-page). `selected` is the page
 * that has focus in the grid; `fallback` finds what takes focus when there is no page.
 */
export function usePanelFocus(rootRef: RefObject<HTMLElement | null>, gridRef: RefObject<HTMLElement | null>, selected: string | null,
  fallback: () => HTMLElement | null): void {
  useLayoutEffect(() => {
    const panel = rootRef.current?.closest('dialog');
    const grid = gridRef.current;
    if (!panel || !panel.open || topDialog() !== panel) return;
    const active = document.activeElement;
    const thumb = (grid && (selected ? grid.querySelector<HTMLElement>(`[data-page="${CSS.escape(selected)}"]`) : null))
      ?? grid?.querySelector<HTMLElement>('[data-page][tabindex="0"]') ?? null;
    if (lost(panel, active)) {
      const target = thumb ?? fallback();
      if (target && !(target as HTMLButtonElement).disabled) target.focus();
      return;
    }
    // Focus in the grid is on the selected page: arrow keys, and a selection moved by an action, carry it.
    if (grid && active instanceof HTMLElement && active.hasAttribute('data-page') && grid.contains(active) && thumb && active !== thumb) thumb.focus();
  });
}
