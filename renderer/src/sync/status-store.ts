// One poller of sync.status for the whole window, shared by the status bar and the sync screen.
// It runs only while someone listens and the window is visible (a hidden tab has nobody to show it to).
import { useSyncExternalStore } from 'react';
import { api, errorMessage } from '../api/client';
import type { SyncStatus } from './format';

export interface SyncStatusState { status: SyncStatus | null; failure: string | null }

const POLL_MS = 3000;
let state: SyncStatusState = { status: null, failure: null };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;

function emit(next: SyncStatusState): void {
  state = next;
  listeners.forEach((fn) => fn());
}

async function poll(): Promise<void> {
  if (timer) { clearTimeout(timer); timer = null; }
  if (!listeners.size || document.hidden) return;
  if (!inFlight) {
    inFlight = true;
    try {
      emit({ status: await api.call('sync.status', {}), failure: null });
    } catch (e) {
      emit({ status: state.status, failure: errorMessage(e) });
    } finally {
      inFlight = false;
    }
  }
  if (listeners.size && !document.hidden && !timer) timer = setTimeout(() => void poll(), POLL_MS);
}

const onVisibility = () => { void poll(); };

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (listeners.size === 1) {
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size) return;
    document.removeEventListener('visibilitychange', onVisibility);
    if (timer) { clearTimeout(timer); timer = null; }
  };
}

/** Ask now instead of at the next tick, e.g. right after "Thử lại ngay". */
export function refreshSyncStatus(): void { void poll(); }

export function useSyncStatus(): SyncStatusState {
  return useSyncExternalStore(subscribe, () => state);
}
