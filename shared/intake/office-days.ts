// The office's working days rebuilt from the holiday lists the core serves (calendar.holidays per year:
// statutory days, substitutes, official schedules and office overrides, as its WorkCalendar has them), so
// the intake screen decides a fee rule's day-off extension on the same days the core counts with.
import { isoWeekday } from '../calendar/civil-date';
import { WorkCalendar } from '../calendar/work-calendar';
import type { WorkingDays } from './fees';

export interface ListedHoliday { date: string; kind: string }

/**
 * Working days from the listed years' holidays: a listed day is off unless it is an 'override-work' day (a
 * make-up Saturday); other days follow the week. Years not listed fall back to the statutory calendar.
 */
export function workingDaysFromHolidays(byYear: ReadonlyMap<number, readonly ListedHoliday[]>): WorkingDays {
  const listed = new Map<string, string>();
  for (const list of byYear.values()) for (const h of list) listed.set(h.date, h.kind);
  let statutory: WorkCalendar | null = null;
  return {
    isWorkingDay(date: string): boolean {
      if (!byYear.has(Number(date.slice(0, 4)))) return (statutory ??= new WorkCalendar()).isWorkingDay(date);
      const kind = listed.get(date);
      if (kind !== undefined) return kind === 'override-work';
      return isoWeekday(date) <= 5;
    },
  };
}
