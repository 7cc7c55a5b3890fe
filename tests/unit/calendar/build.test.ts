import { describe, expect, it } from 'vitest';
import officialData from '../../../assets/calendar/official-overrides.json';
import { buildWorkCalendar } from '../../../shared/calendar';

describe('buildWorkCalendar: rules + official schedules + office overrides', () => {
  it('puts the office overrides on top of the official schedules', () => {
    const { calendar, problems } = buildWorkCalendar({
      official: officialData.overrides,
      office: [{ date: '2026-01-10', kind: 'off', name: 'Cơ quan nghỉ', source: 'admin' }],
    });
    expect(problems).toEqual([]);
    // 2026-01-02 is an official day off (swapped with Saturday 10/1), which the office made a day off again.
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(false);
    expect(buildWorkCalendar({ official: officialData.overrides }).calendar.isWorkingDay('2026-01-10')).toBe(true);
  });

  it('skips and reports every entry it cannot apply, and still answers', () => {
    const { calendar, problems, office } = buildWorkCalendar({
      official: [{ date: '2026-02-31', kind: 'off', name: 'Sai' }, 'rác', { date: '2026-03-03', kind: 'off', name: 'Đúng' }],
      office: [
        { date: '2026-02-30', kind: 'off', name: 'Ngày không có', source: 'admin' },
        { date: '9999-12-31', kind: 'off', name: 'Quá xa', source: 'admin' },
        { date: '2026-03-04', kind: 'holiday', name: 'Loại lạ', source: 'portal' },
        { date: '2026-03-05', kind: 'off', name: '   ', source: 'admin' },
        { date: '2026-03-06', kind: 'off', name: 'Nghỉ thật', source: 'admin' },
      ],
    });
    expect(problems.map((p) => [p.origin, p.key])).toEqual([
      ['official', '2026-02-31'], ['official', ''], ['office', '2026-02-30'], ['office', '9999-12-31'], ['office', '2026-03-04'], ['office', '2026-03-05'],
    ]);
    for (const p of problems) expect(p.message).toMatch(/hãy (xóa|báo)/);
    expect(problems[2]).toMatchObject({ source: 'admin', name: 'Ngày không có', kind: 'off' });
    expect(office.map((o) => o.date)).toEqual(['2026-03-06']);
    expect(calendar.isWorkingDay('2026-03-03')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-06')).toBe(false);
    expect(calendar.nextWorkingDay('2026-02-27')).toBe('2026-03-02');
    expect(calendar.holidays(2026).map((h) => h.date)).toContain('2026-03-06');
  });
});
