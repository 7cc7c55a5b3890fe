// Tabs as the WAI-ARIA Authoring Practices describe them (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
// one Tab stop for the whole tab list (roving tabindex), ←/→ move to the previous/next tab and show it
// (wrapping), Home/End to the first/last; each tab names its panel (aria-controls) and the panel its tab.
// The chosen tab is remembered for the session, so coming back shows the tab the clerk left.
import { useState, type KeyboardEvent } from 'react';

export interface TabsOptions<K extends string> {
  keys: readonly K[];
  selected: K;
  onSelect: (key: K) => void;
  /** Prefix of the ids: `${idPrefix}-tab-${key}` and `${idPrefix}-panel-${key}`. */
  idPrefix: string;
  label: string;
}

export const tabId = (idPrefix: string, key: string) => `${idPrefix}-tab-${key}`;
export const panelId = (idPrefix: string, key: string) => `${idPrefix}-panel-${key}`;

/** The key the arrows lead to from `current`, or null for a key the tab list does not handle. */
export function nextTab<K>(keys: readonly K[], current: K, key: string): K | null {
  const n = keys.length;
  const i = Math.max(0, keys.indexOf(current));
  switch (key) {
    case 'ArrowRight': return keys[(i + 1) % n]!;
    case 'ArrowLeft': return keys[(i - 1 + n) % n]!;
    case 'Home': return keys[0]!;
    case 'End': return keys[n - 1]!;
    default: return null;
  }
}

/** Props for the tab list, each tab and each panel. Focus moves in the key's own handler. */
export function useTabs<K extends string>({ keys, selected, onSelect, idPrefix, label }: TabsOptions<K>) {
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const from = (e.target as HTMLElement).dataset.tabKey as K | undefined;
    const to = nextTab(keys, from ?? selected, e.key);
    if (to === null) return;
    e.preventDefault();
    onSelect(to);
    document.getElementById(tabId(idPrefix, to))?.focus();
  };
  return {
    tablist: { role: 'tablist' as const, 'aria-label': label, 'aria-orientation': 'horizontal' as const, onKeyDown },
    tab: (key: K) => ({
      id: tabId(idPrefix, key), role: 'tab' as const, 'aria-selected': key === selected, 'aria-controls': panelId(idPrefix, key),
      tabIndex: key === selected ? 0 : -1, 'data-tab-key': key, onClick: () => onSelect(key),
    }),
    // No tabindex on the panel: every admin panel starts with controls or leads to them, and one more
    // stop between the tab and the first field would cost a Tab each time.
    panel: (key: K) => ({ id: panelId(idPrefix, key), role: 'tabpanel' as const, 'aria-labelledby': tabId(idPrefix, key), hidden: key !== selected }),
  };
}

/** A tab key kept for the session (sessionStorage), so a screen opened again shows the tab last used. */
export function useRememberedTab<K extends string>(storageKey: string, keys: readonly K[], initial: K): [K, (k: K) => void] {
  const [tab, setTab] = useState<K>(() => {
    const stored = safeStorage()?.getItem(storageKey) as K | null | undefined;
    return stored && keys.includes(stored) ? stored : initial;
  });
  const set = (k: K) => {
    setTab(k);
    safeStorage()?.setItem(storageKey, k);
  };
  return [tab, set];
}

function safeStorage(): Storage | null {
  try { return window.sessionStorage; } catch { return null; }
}
