// The office's clock for dossiers: its calendar, hours and due time, and what the lists show from them
// (due today, overdue, paused, time left) — all in Asia/Ho_Chi_Minh whatever the PC's time zone.
import { stepDue, type WorkCalendar, type WorkingHours, type WorkingTimeMeter } from '../../../shared/calendar';
import type { WorkflowMarks } from '../../../shared/contract/api-workflow';
import { fromVnParts, vnDateKey } from '../../../shared/time/vn-time';
import { isPaused, isTerminal, type Stage } from '../../../shared/workflow/dossier-transitions';
import { stepOf, type ProcedureWorkflow, type StepDuration } from '../../../shared/workflow/procedure-workflow';

export interface OfficeClock {
  calendar: WorkCalendar;
  hours: WorkingHours;
  dueTime: 'end-of-day' | string;
  /** Working time measured for many dossiers at once (the lists), on the same calendar and hours. */
  meter: WorkingTimeMeter;
}

/** When a step starting now must end: its own duration, or the dossier's due date when it has none. */
export function stepDueAt(clock: OfficeClock, start: Date, duration: StepDuration | null, dossierDue: Date | null): Date | null {
  if (!duration) return dossierDue;
  const own = stepDue(start, duration, clock.calendar, clock.hours, clock.dueTime);
  // A step never runs past the dossier's own due date: the office would be late whatever the step did.
  return dossierDue && dossierDue < own ? dossierDue : own;
}

/** What a list needs to know of one dossier's clock. */
export interface ClockFacts {
  stage: Stage; dueAt: string | null; pausedAt: string | null; extensions: number;
  pendingTo: { userId: string | null; role: string | null } | null;
}

/** The end of the Vietnam day of `now` (ms): a list marks "due today" against it without formatting each date. */
export function endOfVnDay(now: Date): number {
  const [y, m, d] = vnDateKey(now).split('-').map(Number);
  return fromVnParts(y!, m!, d! + 1).getTime();
}

export function marksOf(f: ClockFacts, now: Date, me: { id: string; role: string } | null, dayEnd = endOfVnDay(now)): WorkflowMarks {
  const open = !isTerminal(f.stage);
  // Once the result is back at the counter the office has finished: no deadline runs any more.
  const running = open && f.stage !== 'result-ready';
  const paused = open && isPaused(f.stage);
  const due = f.dueAt ? Date.parse(f.dueAt) : null;
  // A paused clock stands still: a dossier paused before its due date is not late while it waits.
  const at = paused && f.pausedAt ? Date.parse(f.pausedAt) : now.getTime();
  const overdue = running && due !== null && at > due;
  const dueToday = running && !paused && due !== null && !overdue && due < dayEnd;
  const awaiting = open && f.pendingTo !== null && (f.stage === 'handed-over' || f.stage === 'result-ready');
  const mine = awaiting && me !== null && (f.pendingTo!.userId === me.id || (f.pendingTo!.userId === null && f.pendingTo!.role === me.role));
  return { dueToday, overdue, paused, awaitingConfirmation: awaiting, awaitingMyConfirmation: mine, extended: f.extensions > 0 };
}

/** Working minutes left to the due date (negative once late; frozen at the pause), null without a due date or once finished. */
export function timeLeftMinutes(clock: OfficeClock, f: Pick<ClockFacts, 'stage' | 'dueAt' | 'pausedAt'>, now: Date): number | null {
  if (!f.dueAt || isTerminal(f.stage) || f.stage === 'result-ready') return null;
  const at = isPaused(f.stage) && f.pausedAt ? new Date(f.pausedAt) : now;
  return Math.round(clock.meter.left(at, new Date(f.dueAt)) / 60_000);
}

/**
 * The counter's step due of a dossier just received: the row the receipt made (migration 0021's trigger) can
 * only carry the dossier's due date; the procedure's counter duration, counted from the receipt, is applied here.
 */
export function settledStepDue(clock: OfficeClock, c: {
  stage: Stage; wf: { step: string; stepDueAt: string | null }; workflow: ProcedureWorkflow;
  dossier: { dueAt: string | null; effectiveReceivedAt: string };
}): string | null {
  if (c.stage !== 'received' || c.wf.step !== 'counter' || c.wf.stepDueAt !== c.dossier.dueAt) return c.wf.stepDueAt;
  const duration = stepOf(c.workflow, 'counter')?.duration ?? null;
  if (!duration) return c.wf.stepDueAt;
  return stepDueAt(clock, new Date(c.dossier.effectiveReceivedAt), duration, c.dossier.dueAt ? new Date(c.dossier.dueAt) : null)?.toISOString() ?? null;
}
