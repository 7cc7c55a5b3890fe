import { useEffect, useRef, useState } from 'react';

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** 'Ctrl+S', 'Alt+1', 'F2', 'Escape': the chord of a key event, modifiers in a fixed order. */
export function chordOf(e: KeyboardEvent): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey && e.key.length > 1) parts.push('Shift');
  // e.code keeps Alt+1 and Ctrl+S stable whatever the keyboard layout or IME produces as e.key.
  let key = e.key;
  if (/^Digit\d$/.test(e.code)) key = e.code.slice(5);
  else if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  return [...parts, key.length === 1 ? key.toUpperCase() : key].join('+');
}

/** True while a modal dialog is open: screen shortcuts then belong to the dialog. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/** The data-testid of the dialog on top (the innermost open one: a dialog opened from another is inside it). */
export function topDialogId(): string | null {
  const open = document.querySelectorAll('dialog[open]');
  return open.length ? open[open.length - 1]!.getAttribute('data-testid') : null;
}

/**
 * Window-level shortcuts. The handler map may change each render; the listener is installed once.
 * Screen shortcuts are ignored while a dialog is open unless `inDialogs` is set; `dialog` (a dialog's
 * data-testid) limits them to the time that dialog is on top, not covered by one opened from it.
 */
export function useShortcuts(map: Record<string, () => void>, opts: { inDialogs?: boolean; enabled?: boolean; dialog?: string } = {}): void {
  const ref = useRef(map);
  ref.current = map;
  const { inDialogs = false, enabled = true, dialog } = opts;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      if (!inDialogs && modalOpen()) return;
      if (dialog && topDialogId() !== dialog) return;
      const fn = ref.current[chordOf(e)];
      if (!fn) return;
      e.preventDefault();
      e.stopPropagation();
      fn();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [inDialogs, enabled, dialog]);
}

/** Runs `fn` now and every `ms`, again whenever `deps` change. */
export function useInterval(fn: () => void, ms: number, deps: unknown[]): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    ref.current();
    const t = setInterval(() => ref.current(), ms);
    return () => clearInterval(t);
  }, deps);
}
