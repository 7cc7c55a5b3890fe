import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareCivilDates,
  dayNumberFromParts,
  daysBetween,
  fromDayNumber,
  isValidCivilDate,
  isoWeekday,
  parseCivilDate,
  partsFromDayNumber,
  toDayNumber,
} from '../../../shared/calendar/civil-date';

describe('civil dates', () => {
  it('parses and validates YYYY-MM-DD', () => {
    expect(parseCivilDate('2026-02-17')).toEqual({ year: 2026, month: 2, day: 17 });
    expect(isValidCivilDate('2024-02-29')).toBe(true);
    expect(isValidCivilDate('2025-02-29')).toBe(false);
    expect(isValidCivilDate('1900-02-29')).toBe(false);
    expect(isValidCivilDate('2000-02-29')).toBe(true);
    for (const bad of ['2025-1-01', '2025-13-01', '2025-04-31', '2025-00-10', '20250101', '2025-01-01T00:00', '']) {
      expect(isValidCivilDate(bad), bad).toBe(false);
    }
  });

  it('agrees with Date.UTC day numbers from 1899 to 2101', () => {
    for (let n = Date.UTC(1899, 0, 1) / 86_400_000; n <= Date.UTC(2101, 11, 31) / 86_400_000; n += 1) {
      const d = new Date(n * 86_400_000);
      const parts = partsFromDayNumber(n);
      if (parts.year !== d.getUTCFullYear() || parts.month !== d.getUTCMonth() + 1 || parts.day !== d.getUTCDate()) {
        throw new Error(`day ${n}: got ${JSON.stringify(parts)}, Date.UTC says ${d.toISOString()}`);
      }
      if (dayNumberFromParts(parts.year, parts.month, parts.day) !== n) throw new Error(`round trip failed at ${n}`);
    }
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-02-13', 10)).toBe('2026-02-23');
    expect(() => addDays('2026-02-13', 1.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('gives ISO weekdays (1 = Monday … 7 = Sunday)', () => {
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1900-01-01')).toBe(1);
    expect(isoWeekday('2000-01-01')).toBe(6);
    expect(isoWeekday('2026-02-17')).toBe(2);
    expect(isoWeekday('2026-04-26')).toBe(7);
  });

  it('compares and measures', () => {
    expect(compareCivilDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareCivilDates('2026-01-10', '2026-01-02')).toBe(1);
    expect(compareCivilDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(daysBetween('2025-01-25', '2025-02-02')).toBe(8);
    expect(fromDayNumber(toDayNumber('2100-12-31'))).toBe('2100-12-31');
  });
});
