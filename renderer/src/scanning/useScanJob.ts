// The one owner of the panel's job, its selected page and the order of the clerk's actions. Every change of
// the job — an action's answer, a scan's or OCR's progress — goes through applyJob, which keeps the
// selection where the clerk was (reselect). Actions run one at a time: a key pressed while one is running
// (the core has not answered, or its answer is not on screen yet) waits in a queue and runs, in order, on
// the job as it is then, so a fast clerk's keys are neither lost nor applied to pages that are gone.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { reselect, type Reselect } from './grid-model';
import { ocrChanges, type OcrNews } from './ocr-news';
import type { JobView } from './moves';

const SCAN_POLL_MS = 300;
const OCR_POLL_MS = 1000;

type Phase = 'idle' | 'inflight' | 'committing';

export interface ScanJobState {
  job: JobView | null;
  /** The selected page (null: none chosen yet, the first page shows as selected). */
  selected: string | null;
  select: (id: string | null) => void;
  /** An action is waiting for the core. */
  busy: boolean;
  failure: string | null;
  info: string | null;
  setFailure: (m: string | null) => void;
  setInfo: (m: string | null) => void;
  /** What OCR finished (or failed) while the panel was open. */
  ocrNews: OcrNews[];
  /** Runs `action` now, or after the actions before it have finished and are on screen. */
  enqueue: (action: () => void) => void;
  /** An action against the core: its job comes back and replaces the panel's, the selection moved by `after`. */
  perform: (work: () => Promise<JobView | void>, opts?: { after?: Reselect; done?: (v: JobView) => string | null }) => void;
  /** The job and selection now (not as of the last render): for queued actions. */
  current: () => { job: JobView | null; selected: string | null };
  /** A job from outside an action (reuse): applied like an action's answer. */
  replaceJob: (v: JobView) => void;
}

export function useScanJob(dossierId: string): ScanJobState {
  const [job, setJob] = useState<JobView | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [ocrNews, setOcrNews] = useState<OcrNews[]>([]);
  const [, setTick] = useState(0);
  const jobRef = useRef<JobView | null>(null);
  const selRef = useRef<string | null>(null);
  const phase = useRef<Phase>('idle');
  const queue = useRef<(() => void)[]>([]);
  // Bumped by every action: a poll sent before it answers with a job the action has already changed.
  const generation = useRef(0);

  const applyJob = useCallback((v: JobView, after?: Reselect) => {
    const prev = jobRef.current;
    const next = reselect(prev, v, selRef.current, after);
    const news = ocrChanges(prev, v);
    jobRef.current = v;
    selRef.current = next;
    setJob(v);
    setSelected(next);
    if (news.length) setOcrNews((n) => [...n.filter((x) => !news.some((y) => y.text === x.text)), ...news]);
  }, []);

  const select = useCallback((id: string | null) => {
    selRef.current = id;
    setSelected(id);
  }, []);

  const drain = useCallback(() => {
    while (phase.current === 'idle' && queue.current.length) queue.current.shift()!();
  }, []);

  const enqueue = useCallback((action: () => void) => {
    queue.current.push(action);
    drain();
  }, [drain]);

  const perform = useCallback((work: () => Promise<JobView | void>, opts: { after?: Reselect; done?: (v: JobView) => string | null } = {}) => {
    phase.current = 'inflight';
    generation.current += 1;
    setBusy(true);
    setFailure(null);
    setInfo(null);
    void (async () => {
      try {
        const v = await work();
        if (v) {
          applyJob(v, opts.after);
          const done = opts.done?.(v);
          if (done) setInfo(done);
        }
      } catch (e) {
        setFailure(errorMessage(e));
      } finally {
        // Queued keys run once this answer is on screen (the layout effect below), not before.
        phase.current = 'committing';
        setBusy(false);
        setTick((t) => t + 1);
      }
    })();
  }, [applyJob]);

  useLayoutEffect(() => {
    if (phase.current !== 'committing') return;
    phase.current = 'idle';
    drain();
  });

  // A live update (scan progress, OCR) is applied only when no action is running or was started since it was asked.
  const poll = useCallback((jobId: string) => {
    const asked = generation.current;
    api.call('scanning.job', { jobId }).then((v) => {
      if (phase.current === 'idle' && generation.current === asked) applyJob(v);
    }, (e) => setFailure(errorMessage(e)));
  }, [applyJob]);

  useEffect(() => {
    perform(() => api.call('scanning.openJob', { dossierId }));
  }, [dossierId, perform]);

  const jobId = job?.id ?? null;
  const scanning = job?.scan.running ?? false;
  const ocrPending = job?.components.some((c) => c.digitized?.ocrState === 'pending') ?? false;
  // While a scan runs the pages appear as they are committed; while OCR runs its end is shown when it comes.
  useEffect(() => {
    if (!jobId || (!scanning && !ocrPending)) return;
    const t = setInterval(() => poll(jobId), scanning ? SCAN_POLL_MS : OCR_POLL_MS);
    return () => clearInterval(t);
  }, [jobId, scanning, ocrPending, poll]);

  const current = useCallback(() => ({ job: jobRef.current, selected: selRef.current }), []);
  const replaceJob = useCallback((v: JobView) => applyJob(v), [applyJob]);

  return { job, selected, select, busy, failure, info, setFailure, setInfo, ocrNews, enqueue, perform, current, replaceJob };
}
