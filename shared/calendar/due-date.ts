// Legal due date of a dossier, computed on Vietnam wall-clock time whatever the PC's time zone.
// The day of receipt is not counted (Bộ luật Dân sự Điều 147); a period ending on a day off moves to the next
// working day (Điều 148); a dossier received outside working hours counts as received at the next opening.
import { fromVnParts, vnDateKey } from '../time/vn-time';
import { addDays, assertCivilDate } from './civil-date';
import type { WorkCalendar } from './work-calendar';
import { parseHm, toMinuteIntervals, type MinuteInterval, type WorkingHours } from './working-hours';

export type DurationUnit = 'working-days' | 'days' | 'working-hours' | 'same-day';

export interface DueInput {
  receivedAt: Date;
  unit: DurationUnit;
  /** Number of working days, calendar days or working hours; unused for 'same-day'. */
  value?: number;
  /** 'HH:MM': for 'same-day', a dossier received at or after this time is due the next working day. */
  cutoff?: string;
  calendar: WorkCalendar;
  hours: WorkingHours;
  /** Time of day of a day-based due date: 'end-of-day' (default) = end of the last working interval, or 'HH:MM'. */
  dueTime?: 'end-of-day' | string;
}

export interface DueResult {
  due: Date;
  effectiveReceivedAt: Date;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A position in Vietnam local time: a civil date and milliseconds after its midnight. */
interface LocalTime {
  date: string;
  ms: number;
}

function midnight(date: string): number {
  const { year, month, day } = assertCivilDate(date);
  return fromVnParts(year, month, day).getTime();
}

function toInstant(t: LocalTime): Date {
  return new Date(midnight(t.date) + t.ms);
}

/** Receipt outside working hours moves to the next opening: the lunch break to the afternoon, later to the next working day. */
function effectiveReceipt(receivedAt: Date, calendar: WorkCalendar, intervals: MinuteInterval[]): LocalTime {
  const date = vnDateKey(receivedAt);
  const ms = receivedAt.getTime() - midnight(date);
  if (calendar.isWorkingDay(date)) {
    for (const interval of intervals) {
      if (ms < interval.end * MINUTE_MS) return { date, ms: Math.max(ms, interval.start * MINUTE_MS) };
    }
  }
  return { date: calendar.nextWorkingDay(date), ms: intervals[0].start * MINUTE_MS };
}

function dueTimeMinutes(dueTime: DueInput['dueTime'], intervals: MinuteInterval[]): number {
  if (dueTime === undefined || dueTime === 'end-of-day') return Math.max(...intervals.map((i) => i.end));
  const minutes = parseHm(dueTime);
  if (minutes === null) throw new RangeError(`dueTime must be 'end-of-day' or HH:MM, got '${dueTime}'`);
  return minutes;
}

function positiveInteger(value: number | undefined, unit: DurationUnit): number {
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`A due date in ${unit} needs a positive whole number, got ${value}`);
  }
  return value;
}

/** Consumes `amountMs` of working time from `from`, crossing lunch breaks and days off; returns the exact end. */
function addWorkingTime(from: LocalTime, amountMs: number, calendar: WorkCalendar, intervals: MinuteInterval[]): LocalTime {
  let remaining = amountMs;
  let { date, ms } = from;
  for (;;) {
    for (const interval of intervals) {
      const start = Math.max(ms, interval.start * MINUTE_MS);
      const end = interval.end * MINUTE_MS;
      if (start >= end) continue;
      if (remaining <= end - start) return { date, ms: start + remaining };
      remaining -= end - start;
    }
    date = calendar.nextWorkingDay(date);
    ms = 0;
  }
}

export function computeDue(input: DueInput): DueResult {
  const { receivedAt, unit, calendar } = input;
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt must be a valid Date');
  const intervals = toMinuteIntervals(input.hours);
  const effective = effectiveReceipt(receivedAt, calendar, intervals);
  const effectiveReceivedAt = toInstant(effective);

  if (unit === 'working-hours') {
    const value = input.value;
    if (value === undefined || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`A due date in working-hours needs a positive number of hours, got ${value}`);
    }
    const end = addWorkingTime(effective, Math.round(value * HOUR_MS), calendar, intervals);
    return { due: toInstant(end), effectiveReceivedAt };
  }

  let dueDate: string;
  switch (unit) {
    case 'working-days':
      dueDate = calendar.addWorkingDays(effective.date, positiveInteger(input.value, unit));
      break;
    case 'days': {
      const last = addDays(effective.date, positiveInteger(input.value, unit));
      dueDate = calendar.isWorkingDay(last) ? last : calendar.nextWorkingDay(last);
      break;
    }
    case 'same-day': {
      let cutoffMs = Infinity;
      if (input.cutoff !== undefined) {
        const cutoff = parseHm(input.cutoff);
        if (cutoff === null) throw new RangeError(`cutoff must be HH:MM, got '${input.cutoff}'`);
        cutoffMs = cutoff * MINUTE_MS;
      }
      // After-hours receipts already sit at the next opening, so only the cut-off can push to the next day.
      dueDate = effective.ms < cutoffMs ? effective.date : calendar.nextWorkingDay(effective.date);
      break;
    }
    default:
      throw new RangeError(`Unknown duration unit '${String(unit)}'`);
  }
  const due = toInstant({ date: dueDate, ms: dueTimeMinutes(input.dueTime, intervals) * MINUTE_MS });
  // An early office due time (e.g. 10:00) must not put a same-day due before the receipt itself.
  return { due: due < effectiveReceivedAt ? effectiveReceivedAt : due, effectiveReceivedAt };
}
