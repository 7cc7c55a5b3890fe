import { describe, expect, it } from 'vitest';
import { formatCivilDate, fromDayNumber, toDayNumber } from '../../../shared/calendar/civil-date';
import { leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar, type LunarDate } from '../../../shared/calendar/lunar';

const solar = (lunar: LunarDate) => {
  const s = lunarToSolar(lunar);
  return formatCivilDate(s.year, s.month, s.day);
};
const lunarOf = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return solarToLunar(y, m, d);
};

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    [2030, '2030-02-02'], // China: 3 February
    [2007, '2007-02-17'], // China: 18 February
    [1985, '1985-01-21'], // China: 20 February
    [1968, '1968-01-29'], // North Vietnam on UTC+7 from 1968; the South (UTC+8) had 30 January
  ])('Tết %i is %s', (year, date) => {
    expect(solar({ day: 1, month: 1, year, leap: false })).toBe(date);
    expect(lunarOf(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('does not follow the UTC+8 (Chinese) dates', () => {
    expect(lunarOf('2007-02-18')).toEqual({ day: 2, month: 1, year: 2007, leap: false });
    expect(lunarOf('2030-02-03')).toEqual({ day: 2, month: 1, year: 2030, leap: false });
    expect(lunarOf('1985-02-20').year).toBe(1985);
    expect(lunarOf('1985-02-20').month).not.toBe(1);
  });

  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
    [2028, '2028-04-04'],
    [2029, '2029-04-23'],
    [2030, '2030-04-12'],
    [2037, '2037-04-24'], // China: 25 April
    [2038, '2038-04-13'], // China: 14 April
  ])('Giỗ Tổ (10/3) %i is %s', (year, date) => {
    expect(solar({ day: 10, month: 3, year, leap: false })).toBe(date);
  });

  it('knows the mid-autumn dates of 2024 and 2025', () => {
    expect(solar({ day: 15, month: 8, year: 2024, leap: false })).toBe('2024-09-17');
    expect(solar({ day: 15, month: 8, year: 2025, leap: false })).toBe('2025-10-06');
  });

  it.each([
    [2020, 4, '2020-05-23'],
    [2023, 2, '2023-03-22'],
    [2025, 6, '2025-07-25'],
    [2028, 5, undefined],
    [2031, 3, undefined],
    [2033, 11, undefined], // a leap month after the solstice month is handled too
  ])('lunar year %i has leap month %i', (year, month, firstDay) => {
    expect(leapMonthOf(year)).toBe(month);
    const leapStart = solar({ day: 1, month, year, leap: true });
    const regularStart = solar({ day: 1, month, year, leap: false });
    expect(toDayNumber(leapStart) - toDayNumber(regularStart)).toBe(lunarMonthLength(year, month, false));
    if (firstDay) expect(leapStart).toBe(firstDay);
  });

  it('has no leap month in ordinary years', () => {
    for (const year of [2021, 2022, 2024, 2026, 2027]) expect(leapMonthOf(year)).toBe(0);
  });

  it('rejects a leap month that does not exist, a day 30 in a short month, and dates out of range', () => {
    expect(() => lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toThrow(/no leap month 5/);
    const shortMonth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((m) => lunarMonthLength(2026, m) === 29) as number;
    expect(() => lunarToSolar({ day: 30, month: shortMonth, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => solarToLunar(1899, 12, 31)).toThrow(/1900–2100/);
    expect(() => solarToLunar(2101, 1, 1)).toThrow(RangeError);
    expect(() => solarToLunar(2025, 2, 29)).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 1, year: 2101, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 11, year: 1898, leap: false })).toThrow(RangeError);
  });

  it('starts the supported range in month 12 of 1899', () => {
    expect(solarToLunar(1900, 1, 1)).toEqual({ day: 1, month: 12, year: 1899, leap: false });
    expect(solar({ day: 1, month: 1, year: 1900, leap: false })).toBe('1900-01-31');
  });

  it('round-trips every day from 1900 to 2100 and advances one lunar day at a time', () => {
    let previous: LunarDate | undefined;
    let leapMonths = 0;
    const first = toDayNumber('1900-01-01');
    const last = toDayNumber('2100-12-31');
    for (let n = first; n <= last; n++) {
      const date = fromDayNumber(n);
      const [y, m, d] = date.split('-').map(Number);
      const lunar = solarToLunar(y, m, d);
      const back = lunarToSolar(lunar);
      if (back.year !== y || back.month !== m || back.day !== d) {
        throw new Error(`${date} -> ${JSON.stringify(lunar)} -> ${JSON.stringify(back)}`);
      }
      if (previous) {
        const sameMonth = lunar.day === previous.day + 1 && lunar.month === previous.month && lunar.leap === previous.leap;
        const newMonth = lunar.day === 1 && (previous.day === 29 || previous.day === 30);
        if (!sameMonth && !newMonth) throw new Error(`discontinuity at ${date}: ${JSON.stringify(previous)} -> ${JSON.stringify(lunar)}`);
        if (newMonth) {
          const expectedMonth = lunar.leap ? previous.month : (previous.month % 12) + 1;
          if (lunar.month !== expectedMonth) throw new Error(`month sequence broken at ${date}`);
          if (lunar.month === 1 && !lunar.leap && lunar.year !== previous.year + 1) throw new Error(`year not advanced at ${date}`);
          if (lunar.leap) leapMonths++;
        }
      }
      previous = lunar;
    }
    // 201 years hold about 74 leap months (7 in every 19 years).
    expect(leapMonths).toBeGreaterThanOrEqual(72);
    expect(leapMonths).toBeLessThanOrEqual(76);
  });
});
