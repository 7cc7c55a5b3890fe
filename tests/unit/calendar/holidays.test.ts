import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../../../shared/calendar/civil-date';
import { statutoryHolidays, type Holiday } from '../../../shared/calendar/holidays';

const dates = (list: Holiday[], kind?: Holiday['kind']) => list.filter((h) => !kind || h.kind === kind).map((h) => h.date);

describe('statutory holidays by rule', () => {
  it('lists the 2026 holidays with Tết, Giỗ Tổ from the lunar calendar and the new Culture Day', () => {
    const list = statutoryHolidays(2026);
    expect(list).toEqual([
      { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'statutory' },
      { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'statutory' },
      { date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1)', kind: 'statutory' },
      { date: '2026-02-18', name: 'Tết Nguyên đán (mùng 2)', kind: 'statutory' },
      { date: '2026-02-19', name: 'Tết Nguyên đán (mùng 3)', kind: 'statutory' },
      { date: '2026-02-20', name: 'Tết Nguyên đán (mùng 4)', kind: 'statutory' },
      { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương', kind: 'statutory' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'substitute' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng', kind: 'statutory' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động', kind: 'statutory' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)', kind: 'statutory' },
      { date: '2026-09-02', name: 'Quốc khánh', kind: 'statutory' },
      { date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', kind: 'statutory' },
    ]);
  });

  it('names the last day of the old year after the length of tháng Chạp', () => {
    expect(statutoryHolidays(2024).find((h) => h.date === '2024-02-09')?.name).toBe('Tết Nguyên đán (30 tháng Chạp)');
    expect(statutoryHolidays(2025).find((h) => h.date === '2025-01-28')?.name).toBe('Tết Nguyên đán (29 tháng Chạp)');
  });

  it('adds Ngày Văn hóa Việt Nam only from 1 July 2026', () => {
    expect(dates(statutoryHolidays(2025))).not.toContain('2025-11-24');
    expect(dates(statutoryHolidays(2027))).toContain('2027-11-24');
  });

  it('gives the next working day for a weekend holiday', () => {
    const list2022 = statutoryHolidays(2022);
    expect(list2022.find((h) => h.date === '2022-01-03')).toEqual({ date: '2022-01-03', name: 'Nghỉ bù Tết Dương lịch', kind: 'substitute' });
    expect(dates(statutoryHolidays(2026), 'substitute')).toEqual(['2026-04-27']);
  });

  it('skips holidays and earlier substitutes when placing a substitute (2023: Giỗ Tổ Sat 29/4, 30/4 Sun)', () => {
    const list = statutoryHolidays(2023);
    const subs = list.filter((h) => h.kind === 'substitute');
    expect(subs.filter((h) => h.date.startsWith('2023-05'))).toEqual([
      { date: '2023-05-02', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'substitute' },
      { date: '2023-05-03', name: 'Nghỉ bù Ngày Chiến thắng', kind: 'substitute' },
    ]);
    // Tết 2023: 30 Chạp on Saturday and mùng 1 on Sunday, the weekdays after are Tết days already.
    expect(dates(list, 'substitute').filter((d) => d.startsWith('2023-01-2'))).toEqual(['2023-01-26', '2023-01-27']);
  });

  it('reproduces the National Day breaks of 2022–2025 with the default rule', () => {
    const off = (year: number) =>
      dates(statutoryHolidays(year)).filter((d) => d >= `${year}-08-25` && d <= `${year}-09-10`);
    expect(off(2022)).toEqual(['2022-09-01', '2022-09-02']);
    expect(off(2023)).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
    expect(off(2024)).toEqual(['2024-09-01', '2024-09-02', '2024-09-03']);
    expect(off(2025)).toEqual(['2025-09-01', '2025-09-02']);
  });

  it("uses 3 September with nationalDayExtra 'after'", () => {
    const list = statutoryHolidays(2026, { nationalDayExtra: 'after' });
    expect(dates(list)).toContain('2026-09-03');
    expect(dates(list)).not.toContain('2026-09-01');
  });

  it('never places a substitute on a weekend or on another holiday, and sorts the list', () => {
    for (let year = 1990; year <= 2060; year++) {
      const list = statutoryHolidays(year);
      const all = dates(list);
      expect([...all].sort()).toEqual(all);
      expect(new Set(all).size).toBe(all.length);
      const weekendStatutory = list.filter((h) => h.kind === 'statutory' && isoWeekday(h.date) >= 6).length;
      const subs = list.filter((h) => h.kind === 'substitute');
      expect(subs.length).toBe(weekendStatutory);
      for (const s of subs) expect(isoWeekday(s.date)).toBeLessThanOrEqual(5);
    }
  });

  it('throws outside the lunar calendar range', () => {
    expect(() => statutoryHolidays(1899)).toThrow(RangeError);
  });
});
