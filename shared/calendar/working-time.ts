// Working time between instants and after an instant, on the office's hours and calendar, in Vietnam time
// whatever the PC's time zone (calendar.md, "Counting a due date"). The clock of a dossier pauses while it
// waits for the applicant (form 02, a financial obligation): the working time the pause lasted is added to
// its due date when it resumes, so the office never loses time the applicant took.
import { fromVnParts, VN_OFFSET_MINUTES, vnDateKey } from '../time/vn-time';
import { assertCivilDate } from './civil-date';
import { computeDue } from './due-date';
import type { WorkCalendar } from './work-calendar';
import { toMinuteIntervals, type MinuteInterval, type WorkingHours } from './working-hours';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function midnightOf(date: string): number {
  const { year, month, day } = assertCivilDate(date);
  return fromVnParts(year, month, day).getTime();
}

/** The working intervals of a day as instants (ms), empty on a day off. */
function dayIntervals(date: string, calendar: WorkCalendar, intervals: MinuteInterval[]): [number, number][] {
  if (!calendar.isWorkingDay(date)) return [];
  const m = midnightOf(date);
  return intervals.map((i) => [m + i.start * MINUTE_MS, m + i.end * MINUTE_MS]);
}

const nextDay = (date: string): string => vnDateKey(new Date(midnightOf(date) + 36 * HOUR_MS));

/**
 * Working milliseconds between two instants (0 when `to` is not after `from`): the part of [from, to] that
 * falls in the office's hours on its working days. A weekend, Tết or an evening adds nothing.
 */
export function workingMsBetween(from: Date, to: Date, calendar: WorkCalendar, hours: WorkingHours): number {
  const a = from.getTime();
  const b = to.getTime();
  if (!(b > a)) return 0;
  const intervals = toMinuteIntervals(hours);
  let total = 0;
  const last = vnDateKey(to);
  for (let date = vnDateKey(from); ; date = nextDay(date)) {
    for (const [s, e] of dayIntervals(date, calendar, intervals)) {
      const lo = Math.max(s, a);
      const hi = Math.min(e, b);
      if (hi > lo) total += hi - lo;
    }
    if (date >= last) return total;
  }
}

/**
 * The instant `ms` working milliseconds after `from`. Time outside the office's hours does not count: from a
 * Friday evening, the time runs from Monday's opening. Ending exactly at a closing time gives that closing
 * time (17:00), not the next opening. `ms` ≤ 0 gives `from` itself.
 */
export function addWorkingMs(from: Date, ms: number, calendar: WorkCalendar, hours: WorkingHours): Date {
  if (!(ms > 0)) return from;
  const intervals = toMinuteIntervals(hours);
  let remaining = ms;
  let date = vnDateKey(from);
  let at = from.getTime();
  for (;;) {
    for (const [s, e] of dayIntervals(date, calendar, intervals)) {
      const start = Math.max(s, at);
      if (start >= e) continue;
      if (remaining <= e - start) return new Date(start + remaining);
      remaining -= e - start;
    }
    date = calendar.nextWorkingDay(date);
    at = midnightOf(date);
  }
}

/**
 * A due date after a pause: moved by the working time between the pause and the resumption. The original
 * due date is kept by the caller; this is the arithmetic only.
 */
export function dueAfterPause(due: Date, pausedFrom: Date, resumedAt: Date, calendar: WorkCalendar, hours: WorkingHours): { due: Date; pausedMs: number } {
  const pausedMs = workingMsBetween(pausedFrom, resumedAt, calendar, hours);
  return { due: addWorkingMs(due, pausedMs, calendar, hours), pausedMs };
}

/**
 * Working time left until a due date: positive before it, negative (the working time since) after it.
 * While a dossier is paused its time left is frozen: pass the pause's start as `now`.
 */
export function workingMsLeft(now: Date, due: Date, calendar: WorkCalendar, hours: WorkingHours): number {
  if (now.getTime() <= due.getTime()) return workingMsBetween(now, due, calendar, hours);
  return 0 - workingMsBetween(due, now, calendar, hours) || 0; // no -0: late by no working time yet is 0
}

export type StepDurationUnit = 'working-hours' | 'working-days';

/**
 * When a step that starts at `start` must end: N working hours of office time, or N working days counted like a
 * dossier's (the start day not counted, ending at the office's due time).
 */
export function stepDue(start: Date, duration: { unit: StepDurationUnit; value: number }, calendar: WorkCalendar, hours: WorkingHours,
  dueTime?: 'end-of-day' | string): Date {
  if (duration.unit === 'working-hours') return addWorkingMs(start, duration.value * HOUR_MS, calendar, hours);
  return computeDue({ receivedAt: start, unit: 'working-days', value: duration.value, calendar, hours, dueTime }).due;
}

/**
 * How a step ended against its due (form 06's "kết quả": trước hạn / đúng hạn / quá hạn): late after the due
 * instant, early when done on a Vietnam day before the due day, on time otherwise (and when there was no due).
 */
export function stepOutcome(at: Date, due: Date | null): 'early' | 'on-time' | 'late' {
  if (!due) return 'on-time';
  if (at.getTime() > due.getTime()) return 'late';
  return vnDateKey(at) < vnDateKey(due) ? 'early' : 'on-time';
}

const DAY_MS = 24 * HOUR_MS;
const OFFSET_MS = VN_OFFSET_MINUTES * MINUTE_MS;

/**
 * Working time measured many times against one calendar and one set of hours (the lists: the time left of
 * every open dossier at once). Each day's working time is counted once, and the working time before an
 * instant is a running sum over days, so a measure costs a few map look-ups instead of a walk over the days.
 * Gives the same answers as workingMsBetween / workingMsLeft.
 */
export class WorkingTimeMeter {
  private readonly intervals: MinuteInterval[];
  private readonly work = new Map<number, number>();
  /** Working ms of the days from `base` (inclusive) to a day (exclusive); negative before `base`. */
  private readonly sums = new Map<number, number>();
  private lo = 0;
  private hi = 0;

  constructor(private readonly calendar: WorkCalendar, hours: WorkingHours) {
    this.intervals = toMinuteIntervals(hours);
  }

  /** The Vietnam day of an instant, as a count of days. */
  private day(ms: number): number {
    return Math.floor((ms + OFFSET_MS) / DAY_MS);
  }

  private midnight(day: number): number {
    return day * DAY_MS - OFFSET_MS;
  }

  private dayWork(day: number): number {
    let w = this.work.get(day);
    if (w === undefined) {
      w = this.calendar.isWorkingDay(vnDateKey(new Date(this.midnight(day) + 12 * HOUR_MS)))
        ? this.intervals.reduce((sum, i) => sum + (i.end - i.start) * MINUTE_MS, 0) : 0;
      this.work.set(day, w);
    }
    return w;
  }

  private sumTo(day: number): number {
    if (this.sums.size === 0) { this.sums.set(day, 0); this.lo = day; this.hi = day; }
    while (day > this.hi) { this.sums.set(this.hi + 1, this.sums.get(this.hi)! + this.dayWork(this.hi)); this.hi++; }
    while (day < this.lo) { this.sums.set(this.lo - 1, this.sums.get(this.lo)! - this.dayWork(this.lo - 1)); this.lo--; }
    return this.sums.get(day)!;
  }

  /** Working ms before an instant, counted from an arbitrary origin: differences are what matter. */
  private before(ms: number): number {
    const day = this.day(ms);
    let partial = 0;
    if (this.dayWork(day) > 0) {
      const into = ms - this.midnight(day);
      for (const i of this.intervals) partial += Math.max(0, Math.min(into, i.end * MINUTE_MS) - i.start * MINUTE_MS);
    }
    return this.sumTo(day) + partial;
  }

  between(from: Date, to: Date): number {
    const b = to.getTime();
    const a = from.getTime();
    return b > a ? this.before(b) - this.before(a) : 0;
  }

  left(now: Date, due: Date): number {
    if (now.getTime() <= due.getTime()) return this.between(now, due);
    return 0 - this.between(due, now) || 0;
  }
}
