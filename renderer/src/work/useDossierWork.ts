import { useEffect, useState } from 'react';
import type { WorkflowState } from '../../../shared/contract/api-workflow';
import { api, errorMessage } from '../api/client';
import { dayMinutes } from './format';

let perDayCache: Promise<number> | null = null;

/** The office's working minutes per day (asked once per session; the default day if it cannot be read). */
export function officeDayMinutes(): Promise<number> {
  perDayCache ??= api.call('office.get', {}).then((o) => dayMinutes(o.workingHours?.intervals), () => { perDayCache = null; return 450; });
  return perDayCache;
}

export function usePerDay(): number {
  const [perDay, setPerDay] = useState(450);
  useEffect(() => { void officeDayMinutes().then(setPerDay); }, []);
  return perDay;
}

/**
 * The dossier's workflow state (loaded again when `refresh` changes). `settled`: the first answer, or its
 * failure, is in — the dossier page waits for it before placing focus, so the first action can take it.
 */
export function useDossierWork(dossierId: string, refresh: number) {
  const [state, setState] = useState<WorkflowState | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const perDay = usePerDay();
  useEffect(() => {
    let live = true;
    api.call('workflow.state', { dossierId }).then(
      (s) => { if (live) { setState(s); setFailure(null); } },
      (e) => { if (live) setFailure(errorMessage(e)); },
    );
    return () => { live = false; };
  }, [dossierId, refresh]);
  return { state, setState, failure, perDay, settled: state !== null || failure !== null };
}
