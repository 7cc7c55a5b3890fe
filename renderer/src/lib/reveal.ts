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

/** The visible part of a scrolling box, less the bottom bar when it lies over it, and less the box's own
 *  sticky parts (a dialog's action row kept at its bottom edge) unless `el` is in one of them. */
function visibleArea(scroller: Element | null, el: HTMLElement): Box {
  const area = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
  let top = Math.max(area.top, 0);
  let bottom = Math.min(area.bottom, window.innerHeight);
  if (!el.closest('dialog')) {
    for (const bar of document.querySelectorAll(BOTTOM_BARS)) {
      const r = bar.getBoundingClientRect();
      if (r.height > 0 && r.top < bottom && r.bottom > area.top) bottom = Math.min(bottom, r.top);
    }
  }
  if (scroller) {
    for (const part of Array.from(scroller.children)) {
      if (part.contains(el) || getComputedStyle(part).position !== 'sticky') continue;
      const r = part.getBoundingClientRect();
      if (r.height === 0) continue;
      if (r.top + r.height / 2 > (top + bottom) / 2) bottom = Math.min(bottom, r.top);
      else top = Math.max(top, r.bottom);
    }
  }
  return { top: top + GAP, bottom: bottom - GAP };
}

/** The scrolling boxes `el` sits in, inner first, the page (null) last unless it is in a dialog. */
function scrollersOf(el: HTMLElement): (Element | null)[] {
  const scrollers: (Element | null)[] = [];
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.tagName === 'DIALOG' && !scrollsY(p)) break;
    if (p !== document.documentElement && p !== document.body && scrollsY(p)) scrollers.push(p);
    if (p.tagName === 'DIALOG') break;
  }
  if (!el.closest('dialog')) scrollers.push(null); // the page itself
  return scrollers;
}

/** How far `scroller` must scroll for `el` and its message to be seen (a box taller than the space: its top). */
function shortfall(el: HTMLElement, scroller: Element | null): number {
  const box = boxOf(el);
  const view = visibleArea(scroller, el);
  if (box.bottom > view.bottom) return Math.min(box.bottom - view.bottom, box.top - view.top);
  if (box.top < view.top) return box.top - view.top;
  return 0;
}

function revealable(el: HTMLElement): boolean {
  return el.isConnected && el.getClientRects().length > 0 && !el.closest(BOTTOM_BARS);
}

/**
 * Scrolls each box `el` sits in (inner first, the page last) so that `el` and its message are fully seen and
 * not under the status bar; a box taller than the space keeps its top in view.
 */
export function revealElement(el: HTMLElement): void {
  if (!revealable(el)) return;
  for (const scroller of scrollersOf(el)) {
    const delta = shortfall(el, scroller);
    if (Math.abs(delta) < 1) continue;
    if (scroller) scroller.scrollTop += delta;
    else window.scrollBy(0, delta);
  }
}

/** True when `el` and its message are seen in every box it sits in. */
function inView(el: HTMLElement): boolean {
  return revealable(el) && scrollersOf(el).every((s) => Math.abs(shortfall(el, s)) < 1);
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
let scrollFrame = 0;
// The focused control and whether the clerk could see it the last time we looked (after its focus, after any
// scroll). A part of the screen arriving later (a dialog's fee line read after the dossier) must not push a
// control the clerk was looking at out of view; one they scrolled away from stays where they left it.
let watched: { el: HTMLElement; seen: boolean } | null = null;

const onFocusIn = (e: FocusEvent) => {
  const el = e.target;
  if (!(el instanceof HTMLElement) || el.classList.contains('key-catcher')) return;
  revealElement(el);
  watched = { el, seen: true };
  // The browser's own scroll for a focus can come after this event: look again once it has settled.
  requestAnimationFrame(() => { if (document.activeElement === el) revealElement(el); });
};
// Scrolled by the clerk (wheel, scroll bar) or by us: what is seen now.
const onScroll = () => {
  if (scrollFrame || !watched) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    if (watched && document.activeElement === watched.el) watched.seen = inView(watched.el);
  });
};
// A message appearing above the focused control (a save's "Đã lưu…"), or a part of a dialog arriving late,
// pushes it down while focus stays on it: after such a change the focused control is brought back into view —
// when it is under the bar, or when the clerk could see it before the change.
const onMutation = (records: MutationRecord[]) => {
  const inBar = (n: Node) => !!(n instanceof Element ? n : n.parentElement)?.closest(BOTTOM_BARS);
  if (frame || records.every((r) => inBar(r.target))) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return;
    const wasSeen = watched?.el === el && watched.seen;
    if (underBar(el) || (wasSeen && !inView(el))) revealElement(el);
    if (watched?.el === el) watched.seen = inView(el);
  });
};
const observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver(onMutation);

/** Keeps whatever has focus out from under the status bar while the component is mounted (once for the app). */
export function useRevealFocus(): void {
  useEffect(() => {
    if (installed++ === 0) {
      document.addEventListener('focusin', onFocusIn);
      document.addEventListener('scroll', onScroll, { capture: true, passive: true });
      observer?.observe(document.body, { childList: true, subtree: true, characterData: true });
    }
    return () => {
      if (--installed > 0) return;
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('scroll', onScroll, { capture: true });
      watched = null;
      observer?.disconnect();
    };
  }, []);
}
