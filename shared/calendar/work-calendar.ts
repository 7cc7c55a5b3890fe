// Working days = Monday–Friday minus rule holidays, then per-date overrides entered by an admin (the official
// yearly swaps). Results are cached per year as a flag array because due-date loops ask day by day.
import { assertCivilDate, dayNumberFromParts, fromDayNumber, isLeapYear, isoWeekdayOfDayNumber, partsFromDayNumber } from './civil-date';
import { statutoryHolidays, type Holiday, type HolidayRules } from './holidays';

export interface CalendarOverride {
  date: string; // YYYY-MM-DD
  kind: 'off' | 'work';
  name: string;
}

export interface WorkCalendarOptions {
  overrides?: CalendarOverride[];
  rules?: Partial<HolidayRules>;
}

interface YearData {
  firstDayNumber: number;
  working: Uint8Array; // 1 = working day, indexed by day of year (0-based)
  holidays: Holiday[];
}

/** Longest run of consecutive days off tolerated before a search gives up (guards against bad overrides). */
const MAX_DAYS_OFF_RUN = 400;

export class WorkCalendar {
  private readonly overridesByYear = new Map<number, CalendarOverride[]>();
  private readonly rules: Partial<HolidayRules>;
  private readonly years = new Map<number, YearData>();
  private lastYear: YearData | undefined;

  constructor(opts: WorkCalendarOptions = {}) {
    this.rules = { ...opts.rules };
    const seen = new Set<string>();
    for (const override of opts.overrides ?? []) {
      const { year } = assertCivilDate(override.date);
      if (override.kind !== 'off' && override.kind !== 'work') {
        throw new RangeError(`Override ${override.date}: kind must be 'off' or 'work'`);
      }
      if (seen.has(override.date)) throw new RangeError(`Override ${override.date} is given twice`);
      seen.add(override.date);
      const list = this.overridesByYear.get(year) ?? [];
      list.push({ date: override.date, kind: override.kind, name: override.name });
      this.overridesByYear.set(year, list);
    }
  }

  isWorkingDay(date: string): boolean {
    const { year, month, day } = assertCivilDate(date);
    const data = this.yearData(year);
    return data.working[dayNumberFromParts(year, month, day) - data.firstDayNumber] === 1;
  }

  /** Rule holidays merged with this year's overrides, sorted by date; an override replaces a rule day. */
  holidays(year: number): Holiday[] {
    return this.yearData(year).holidays.slice();
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** The n-th working day strictly after `date` (n ≥ 1). */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays needs a positive integer, got ${n}`);
    const { year, month, day } = assertCivilDate(date);
    let dayNumber = dayNumberFromParts(year, month, day);
    for (let found = 0; found < n; ) {
      dayNumber = this.nextWorkingDayNumber(dayNumber);
      found++;
    }
    return fromDayNumber(dayNumber);
  }

  private nextWorkingDayNumber(dayNumber: number): number {
    for (let i = 1; i <= MAX_DAYS_OFF_RUN; i++) {
      if (this.isWorkingDayNumber(dayNumber + i)) return dayNumber + i;
    }
    throw new RangeError(`No working day within ${MAX_DAYS_OFF_RUN} days after ${fromDayNumber(dayNumber)}`);
  }

  private isWorkingDayNumber(dayNumber: number): boolean {
    let data = this.lastYear;
    if (!data || dayNumber < data.firstDayNumber || dayNumber >= data.firstDayNumber + data.working.length) {
      data = this.yearData(partsFromDayNumber(dayNumber).year);
      this.lastYear = data;
    }
    return data.working[dayNumber - data.firstDayNumber] === 1;
  }

  private yearData(year: number): YearData {
    const cached = this.years.get(year);
    if (cached) return cached;
    const firstDayNumber = dayNumberFromParts(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = isoWeekdayOfDayNumber(firstDayNumber + i) <= 5 ? 1 : 0;

    const byDate = new Map<string, Holiday>();
    for (const h of statutoryHolidays(year, this.rules)) {
      // A substitute could in theory spill into January of the next year; only this year's days are flagged.
      if (!h.date.startsWith(`${year}-`)) continue;
      byDate.set(h.date, h);
    }
    for (const o of this.overridesByYear.get(year) ?? []) {
      byDate.set(o.date, { date: o.date, name: o.name, kind: o.kind === 'off' ? 'override-off' : 'override-work' });
    }
    for (const h of byDate.values()) {
      const { month, day } = assertCivilDate(h.date);
      working[dayNumberFromParts(year, month, day) - firstDayNumber] = h.kind === 'override-work' ? 1 : 0;
    }
    const holidays = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const data: YearData = { firstDayNumber, working, holidays };
    this.years.set(year, data);
    return data;
  }
}

/**
 * Reads overrides from JSON data (an array, or an object with an `overrides` array, as in
 * assets/calendar/official-overrides.json); extra fields such as `source` are ignored.
 */
export function parseCalendarOverrides(data: unknown): CalendarOverride[] {
  const list = Array.isArray(data) ? data : (data as { overrides?: unknown } | null)?.overrides;
  if (!Array.isArray(list)) throw new TypeError('Calendar overrides: expected an array or { overrides: [...] }');
  return list.map((entry, i) => {
    const e = entry as Partial<CalendarOverride> | null;
    if (!e || typeof e.date !== 'string' || typeof e.name !== 'string' || (e.kind !== 'off' && e.kind !== 'work')) {
      throw new TypeError(`Calendar overrides: entry ${i} needs date, kind ('off' | 'work') and name`);
    }
    assertCivilDate(e.date);
    return { date: e.date, kind: e.kind, name: e.name };
  });
}
