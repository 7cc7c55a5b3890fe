// Focus moves that never lose or misroute a keystroke. A barcode scanner types faster than any clerk, and the
// browser handles each key with whatever has focus at that instant: a focus moved later (in a timer, in an
// effect after a render, after a fetch) lets the next keys land in the old field or nowhere. So focus moves
// in the same handler as the key that causes it, and while the next field does not exist yet the keys are
// held in a hidden field and handed over, in order, the moment it appears.

/** True when `el` can take focus now: in the document, enabled, not hidden, not behind a modal dialog. */
export function canFocus(el: HTMLElement | null | undefined): el is HTMLElement {
  if (!el || !el.isConnected) return false;
  if ((el as HTMLInputElement).disabled) return false;
  if (el.closest('[inert]')) return false;
  const top = topDialog();
  return !top || top.contains(el);
}

function topDialog(): HTMLDialogElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>('dialog[open]');
  return open.length ? open[open.length - 1]! : null;
}

interface Hold { find: () => HTMLElement | null; catcher: HTMLTextAreaElement; stop: () => void }
let hold: Hold | null = null;

/**
 * Moves focus to the element `find` returns, now if it can take it. Otherwise the keys typed from now on
 * are held (Enter and Tab included) and delivered to it when it appears: text is inserted, Enter and Tab act
 * as they would have. Esc ends the hold, drops what it held and acts where focus was before it. A newer move takes over what an older one held. Returns a cancel function (for an
 * effect's clean-up); the held keys are then dropped with the field that never came.
 */
export function focusWhenReady(find: () => HTMLElement | null, opts: { timeoutMs?: number } = {}): () => void {
  const carried = hold ? takeHeld() : '';
  const el = find();
  if (canFocus(el)) {
    el.focus();
    if (carried) replay(carried);
    return () => undefined;
  }
  const catcher = document.createElement('textarea');
  catcher.setAttribute('aria-hidden', 'true');
  catcher.tabIndex = -1;
  catcher.className = 'key-catcher';
  catcher.value = carried;
  catcher.style.cssText = 'position:fixed;left:-10000px;top:0;width:10px;height:10px;opacity:0';
  // Inside the dialog on top: a modal dialog makes everything outside it inert.
  (topDialog() ?? document.body).appendChild(catcher);

  // Where the keys were going before the hold: Esc gives focus back there.
  const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    // Esc is the clerk changing their mind: the hold ends, what it held is dropped, and Esc acts where focus
    // was (the screen's own Esc: clear the box, cancel the search). Inside a dialog the browser's own Esc runs.
    if (e.key === 'Escape') {
      stop();
      if (!canFocus(before)) return;
      before.focus();
      if (before.closest('dialog')) return;
      e.preventDefault();
      e.stopPropagation();
      pressKey(before, 'Escape');
      return;
    }
    // Enter and Tab would leave the catcher or do nothing: kept as characters and replayed as keys.
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      insertInto(catcher, e.key === 'Enter' ? '\n' : (e.shiftKey ? '\u0019' : '\t'));
    }
  };
  const check = () => {
    const target = find();
    if (!canFocus(target)) return;
    const text = catcher.value;
    stop();
    target.focus();
    replay(text);
  };
  const observer = new MutationObserver(check);
  const timer = setTimeout(() => stop(), opts.timeoutMs ?? 10_000);
  const stop = () => {
    if (hold?.catcher !== catcher) return;
    hold = null;
    observer.disconnect();
    clearTimeout(timer);
    catcher.removeEventListener('keydown', onKey, true);
    catcher.removeEventListener('blur', onBlur);
    catcher.remove();
  };
  // Focus taken elsewhere. By the code that put the target on screen (a dialog's showModal focuses its first
  // field before any observer runs): the held keys go there. By a click on another field: nothing is delivered.
  // Decided once the focus move is over (during blur the new element has not got focus yet), before any next key.
  const onBlur = () => queueMicrotask(() => {
    if (hold?.catcher !== catcher || document.activeElement === catcher) return;
    const target = find();
    const text = catcher.value;
    stop();
    if (target && document.activeElement === target) replay(text);
  });
  hold = { find, catcher, stop };
  catcher.addEventListener('keydown', onKey, true);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'inert', 'open'] });
  catcher.focus();
  catcher.addEventListener('blur', onBlur);
  return stop;
}

/**
 * Marks where focus is now. `moved()` says later whether the clerk has since put it somewhere else (a click, a
 * Tab): a focus move planned before a slow answer must not then take focus back from where the clerk went.
 */
export function focusMark(): { moved: () => boolean } {
  const start = document.activeElement;
  return {
    moved: () => {
      const now = document.activeElement;
      return !!now && now !== start && now !== document.body && !now.classList.contains('key-catcher');
    },
  };
}

/** Ends the current hold and returns what it held. */
function takeHeld(): string {
  if (!hold) return '';
  const text = hold.catcher.value;
  hold.stop();
  return text;
}

/**
 * Types `text` into whatever has focus, as the keys would have: characters are inserted at the caret, Space
 * toggles a check box, '\n' is Enter (the screens' own Enter handlers run), '\t' moves to the next field.
 */
export function replay(text: string): void {
  for (const ch of text) {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return;
    if (ch === '\n') pressKey(el, 'Enter');
    else if (ch === '\t' || ch === '\u0019') {
      if (!pressKey(el, 'Tab', ch === '\u0019')) moveByTab(el, ch === '\u0019' ? -1 : 1);
    } else if (isTextField(el)) insertInto(el, ch);
    else if (ch === ' ' && el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.click();
  }
}

function isTextField(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly;
  return el instanceof HTMLInputElement && !el.readOnly && /^(text|search|tel|email|url|number|password)$/.test(el.type);
}

/** Inserts at the caret the way typing does, so React's onChange sees it (execCommand fires the input events). */
function insertInto(el: HTMLInputElement | HTMLTextAreaElement, s: string): void {
  if (document.activeElement === el && document.execCommand('insertText', false, s)) return;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
  let start = el.value.length;
  let end = start;
  try { start = el.selectionStart ?? start; end = el.selectionEnd ?? end; } catch { /* number inputs have no selection */ }
  setter.call(el, el.value.slice(0, start) + s + el.value.slice(end));
  try { el.setSelectionRange(start + s.length, start + s.length); } catch { /* idem */ }
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Dispatches a key to `el`; true when a handler took it (preventDefault). */
function pressKey(el: HTMLElement, key: 'Enter' | 'Tab' | 'Escape', shiftKey = false): boolean {
  const e = new KeyboardEvent('keydown', { key, code: key, shiftKey, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  if (!e.defaultPrevented && key === 'Enter' && el instanceof HTMLButtonElement) { el.click(); return true; }
  return e.defaultPrevented;
}

const TABBABLE = 'input, select, textarea, button, a[href], [tabindex]:not([tabindex="-1"])';

function moveByTab(from: HTMLElement, step: 1 | -1): void {
  const scope = topDialog() ?? document.body;
  const all = Array.from(scope.querySelectorAll<HTMLElement>(TABBABLE)).filter((x) => canFocus(x) && x.tabIndex >= 0 && x.getClientRects().length > 0);
  all[all.indexOf(from) + step]?.focus();
}

/**
 * Enter moves to the next field, as on the paper-form software clerks know: the next enabled input, select
 * or text area of `container` after `from` (those marked data-enter-skip and comboboxes are passed over).
 * Focus moves in the key's own handler. Returns false when `from` is the last one.
 */
export function focusNextField(container: HTMLElement | null, from: HTMLElement): boolean {
  const stops = Array.from(container?.querySelectorAll<HTMLElement>('input, select, textarea') ?? [])
    .filter((el) => canFocus(el) && !el.hasAttribute('data-enter-skip') && el.getAttribute('role') !== 'combobox' && el.tabIndex >= 0);
  const next = stops[stops.indexOf(from) + 1];
  next?.focus();
  return next !== undefined;
}
