// The sync status bar stays on the bottom edge of the window, over the page. The browser scrolls a focused
// control into the window, not above the bar, so at 1366×768 a Save button or the message under a field
// ended up behind it. Whatever takes focus — by Tab, by a click, by code — is brought above the bar here,
// with its label and message (its Field), in every scrolling box it sits in.
import { useEffect } from 'react';

/** Bars fixed over the bottom edge of the page (not of dialogs: those sit above everything). */
const BOTTOM_BARS = '.sync-bar';
const GAP = 8;

interface Box { top: number; bottom: number }

/** What must be seen of a control: itself, its Field (label, message, hint) and the messages it points to. */
function boxOf(el: HTMLElement): Box {
  const parts: Element[] = [el];
  const field = el.closest('.field');
  if (field) parts.push(field);
  for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
    const msg = id ? document.getElementById(id) : null;
    if (msg) parts.push(msg);
  }
  const rects = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.height > 0 || r.width > 0);
  const own = el.getBoundingClientRect();
  return { top: Math.min(own.top, ...rects.map((r) => r.top)), bottom: Math.max(own.bottom, ...rects.map((r) => r.bottom)) };
}

function scrollsY(el: Element): boolean {
  if (el.scrollHeight <= el.clientHeight + 1) return false;
  const o = getComputedStyle(el).overflowY;
  return o === 'auto' || o === 'scroll';
}

/** The visible part of a scrolling box, less the bottom bar when it lies over it. */
function visibleArea(scroller: Element | null, inDialog: boolean): Box {
  const area = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
  let bottom = Math.min(area.bottom, window.innerHeight);
  if (!inDialog) {
    for (const bar of document.querySelectorAll(BOTTOM_BARS)) {
      const r = bar.getBoundingClientRect();
      if (r.height > 0 && r.top < bottom && r.bottom > area.top) bottom = Math.min(bottom, r.top);
    }
  }
  return { top: Math.max(area.top, 0) + GAP, bottom: bottom - GAP };
}

/**
 * Scrolls each box `el` sits in (inner first, the page last) so that `el` and its message are fully seen and
 * not under the status bar; a box taller than the space keeps its top in view.
 */
export function revealElement(el: HTMLElement): void {
  if (!el.isConnected || el.getClientRects().length === 0 || el.closest(BOTTOM_BARS)) return;
  const inDialog = !!el.closest('dialog');
  const scrollers: (Element | null)[] = [];
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.tagName === 'DIALOG' && !scrollsY(p)) break;
    if (p !== document.documentElement && p !== document.body && scrollsY(p)) scrollers.push(p);
    if (p.tagName === 'DIALOG') break;
  }
  if (!inDialog) scrollers.push(null); // the page itself
  for (const scroller of scrollers) {
    const box = boxOf(el);
    const view = visibleArea(scroller, inDialog);
    let delta = 0;
    if (box.bottom > view.bottom) delta = Math.min(box.bottom - view.bottom, box.top - view.top);
    else if (box.top < view.top) delta = box.top - view.top;
    if (Math.abs(delta) < 1) continue;
    if (scroller) scroller.scrollTop += delta;
    else window.scrollBy(0, delta);
  }
}

/** True when `el` lies (partly) under a bottom bar: the only case fixed after a change of the page. */
function underBar(el: Element): boolean {
  if (el.closest('dialog') || el.closest(BOTTOM_BARS)) return false;
  const r = el.getBoundingClientRect();
  return Array.from(document.querySelectorAll(BOTTOM_BARS)).some((bar) => {
    const b = bar.getBoundingClientRect();
    return b.height > 0 && r.bottom > b.top && r.top < b.bottom;
  });
}

let installed = 0;
let frame = 0;
const onFocusIn = (e: FocusEvent) => {
  const el = e.target;
  if (!(el instanceof HTMLElement) || el.classList.contains('key-catcher')) return;
  revealElement(el);
  // The browser's own scroll for a focus can come after this event: look again once it has settled.
  requestAnimationFrame(() => { if (document.activeElement === el) revealElement(el); });
};
// A message appearing above the focused control (a save's "Đã lưu…") pushes it down under the bar while focus
// stays on it: after such a change the focused control is brought back above the bar. Only when it is under
// the bar, so a page the clerk scrolled away from the focus stays where it is.
const onMutation = (records: MutationRecord[]) => {
  const inBar = (n: Node) => !!(n instanceof Element ? n : n.parentElement)?.closest(BOTTOM_BARS);
  if (frame || records.every((r) => inBar(r.target))) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const el = document.activeElement;
    if (el instanceof HTMLElement && el !== document.body && underBar(el)) revealElement(el);
  });
};
const observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver(onMutation);

/** Keeps whatever has focus out from under the status bar while the component is mounted (once for the app). */
export function useRevealFocus(): void {
  useEffect(() => {
    if (installed++ === 0) {
      document.addEventListener('focusin', onFocusIn);
      observer?.observe(document.body, { childList: true, subtree: true, characterData: true });
    }
    return () => {
      if (--installed > 0) return;
      document.removeEventListener('focusin', onFocusIn);
      observer?.disconnect();
    };
  }, []);
}
