import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../../shared/calendar/civil-date';
import { parseCalendarOverrides, WorkCalendar } from '../../../shared/calendar/work-calendar';

describe('WorkCalendar', () => {
  const plain = new WorkCalendar();

  it('treats Saturday, Sunday and rule holidays as days off', () => {
    expect(plain.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(plain.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(plain.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(plain.isWorkingDay('2026-02-17')).toBe(false); // mùng 1 Tết
    expect(plain.isWorkingDay('2026-04-27')).toBe(false); // substitute for Giỗ Tổ
    expect(plain.isWorkingDay('2026-11-24')).toBe(false); // Ngày Văn hóa Việt Nam
    expect(plain.isWorkingDay('2025-11-24')).toBe(true); // not yet a holiday in 2025
  });

  it('finds the next working day strictly after a date', () => {
    expect(plain.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(plain.nextWorkingDay('2026-03-02')).toBe('2026-03-03');
    expect(plain.nextWorkingDay('2026-04-29')).toBe('2026-05-04');
    // Fri 24/4 → Tue 28/4, Wed 29/4, then 30/4–3/5 are off → Mon 4/5.
    expect(plain.addWorkingDays('2026-04-24', 3)).toBe('2026-05-04');
    expect(() => plain.addWorkingDays('2026-04-24', 0)).toThrow(RangeError);
  });

  it('applies overrides: work on a Saturday, off on a weekday, work on a rule holiday', () => {
    const cal = new WorkCalendar({
      overrides: [
        { date: '2026-03-07', kind: 'work', name: 'Làm bù' },
        { date: '2026-03-09', kind: 'off', name: 'Nghỉ hoán đổi' },
        { date: '2026-09-01', kind: 'work', name: 'Làm việc' },
      ],
    });
    expect(cal.isWorkingDay('2026-03-07')).toBe(true);
    expect(cal.isWorkingDay('2026-03-09')).toBe(false);
    expect(cal.isWorkingDay('2026-09-01')).toBe(true);
    expect(cal.nextWorkingDay('2026-03-06')).toBe('2026-03-07');
    expect(cal.nextWorkingDay('2026-03-07')).toBe('2026-03-10');
    const sept = cal.holidays(2026).filter((h) => h.date.startsWith('2026-09'));
    expect(sept).toEqual([
      { date: '2026-09-01', name: 'Làm việc', kind: 'override-work' },
      { date: '2026-09-02', name: 'Quốc khánh', kind: 'statutory' },
    ]);
    const march = cal.holidays(2026).filter((h) => h.date.startsWith('2026-03'));
    expect(march).toEqual([
      { date: '2026-03-07', name: 'Làm bù', kind: 'override-work' },
      { date: '2026-03-09', name: 'Nghỉ hoán đổi', kind: 'override-off' },
    ]);
  });

  it('keeps holidays sorted and returns a copy of the cached list', () => {
    const cal = new WorkCalendar({ overrides: [{ date: '2026-01-02', kind: 'off', name: 'Nghỉ hoán đổi' }] });
    const first = cal.holidays(2026);
    expect(first.map((h) => h.date)).toEqual([...first.map((h) => h.date)].sort());
    first.length = 0;
    expect(cal.holidays(2026).length).toBeGreaterThan(10);
    expect(cal.holidays(2026)[1]).toEqual({ date: '2026-01-02', name: 'Nghỉ hoán đổi', kind: 'override-off' });
  });

  it("follows nationalDayExtra: 'after'", () => {
    const cal = new WorkCalendar({ rules: { nationalDayExtra: 'after' } });
    expect(cal.isWorkingDay('2026-09-01')).toBe(true);
    expect(cal.isWorkingDay('2026-09-03')).toBe(false);
  });

  it('counts the working days of a year consistently with the holiday list', () => {
    let working = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (plain.isWorkingDay(d)) working++;
    // 261 weekdays in 2026, minus the 12 rule days off that fall on weekdays.
    const weekdayHolidays = plain.holidays(2026).filter((h) => isoWeekday(h.date) <= 5).length;
    expect(weekdayHolidays).toBe(12);
    expect(working).toBe(261 - 12);
  });

  it('rejects bad overrides', () => {
    expect(() => new WorkCalendar({ overrides: [{ date: '2026-02-30', kind: 'off', name: 'x' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkCalendar({
          overrides: [
            { date: '2026-03-07', kind: 'work', name: 'a' },
            { date: '2026-03-07', kind: 'off', name: 'b' },
          ],
        }),
    ).toThrow(/twice/);
    expect(() => new WorkCalendar({ overrides: [{ date: '2026-03-07', kind: 'maybe' as 'off', name: 'x' }] })).toThrow(RangeError);
    expect(() => plain.isWorkingDay('2026-13-01')).toThrow(RangeError);
  });

  it('parses overrides from JSON data and ignores extra fields', () => {
    expect(parseCalendarOverrides({ overrides: [{ date: '2026-01-10', kind: 'work', name: 'Làm bù', source: 'x' }] })).toEqual([
      { date: '2026-01-10', kind: 'work', name: 'Làm bù' },
    ]);
    expect(parseCalendarOverrides([])).toEqual([]);
    expect(() => parseCalendarOverrides({})).toThrow(TypeError);
    expect(() => parseCalendarOverrides([{ date: '2026-01-10', kind: 'holiday', name: 'x' }])).toThrow(TypeError);
    expect(() => parseCalendarOverrides([{ date: '10/01/2026', kind: 'work', name: 'x' }])).toThrow(RangeError);
  });
});
