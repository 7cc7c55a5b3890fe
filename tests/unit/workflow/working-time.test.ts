// Pause and extension arithmetic of the dossier clock (issue 10 item 3): across weekends, Tết and a same-day
// cut-off, under several TZ values of the PC (the rules run in Asia/Ho_Chi_Minh whatever the PC says).
import { afterAll, describe, expect, it } from 'vitest';
import officialData from '../../../assets/calendar/official-overrides.json';
import { computeDue } from '../../../shared/calendar/due-date';
import { parseCalendarOverrides, WorkCalendar } from '../../../shared/calendar/work-calendar';
import { DEFAULT_WORKING_HOURS } from '../../../shared/calendar/working-hours';
import {
  addWorkingMs, dueAfterPause, stepDue, stepOutcome, workingMsBetween, workingMsLeft, WorkingTimeMeter,
} from '../../../shared/calendar/working-time';
import { formatIsoVn, fromVnParts } from '../../../shared/time/vn-time';

const calendar = new WorkCalendar({ overrides: parseCalendarOverrides(officialData) });
const hours = DEFAULT_WORKING_HOURS;
const H = 3_600_000;

/** Vietnam wall-clock 'YYYY-MM-DD HH:MM' → instant. */
const vn = (text: string): Date => {
  const [date, time] = text.split(' ');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time!.split(':').map(Number);
  return fromVnParts(y!, mo!, d!, h!, mi!);
};
const iso = (d: Date) => formatIsoVn(d);

const ORIGINAL_TZ = process.env.TZ;
afterAll(() => { process.env.TZ = ORIGINAL_TZ; });

// Zones far from +7 on both sides, one with a half hour, one with summer time on these dates.
describe.each(['Asia/Ho_Chi_Minh', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Europe/London'])('TZ=%s', (tz) => {
  it('the zone is in force for local Date functions', () => {
    process.env.TZ = tz;
    const offset = new Date(2026, 0, 15, 12).getTimezoneOffset();
    const expected: Record<string, number> = {
      'Asia/Ho_Chi_Minh': -420, UTC: 0, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840, 'Asia/Kolkata': -330, 'Europe/London': 0,
    };
    expect(offset).toBe(expected[tz]);
  });

  it('a pause from Friday afternoon to Monday morning moves the due date by 2.5 working hours', () => {
    process.env.TZ = tz;
    const r = dueAfterPause(vn('2026-03-11 17:00'), vn('2026-03-06 16:00'), vn('2026-03-09 09:00'), calendar, hours);
    expect(r.pausedMs).toBe(2.5 * H); // Fri 16:00–17:00 and Mon 07:30–09:00; the weekend adds nothing
    expect(iso(r.due)).toBe('2026-03-12T10:00:00+07:00'); // from Wed 17:00: Thu 07:30 + 2.5 h
  });

  it('a pause across Tết 2026 counts only the working days around it', () => {
    process.env.TZ = tz;
    // Fri 13/2 10:00 → Tue 24/2 10:00: 13/2 (5 h), Tết and its weekends 14–22/2 (0), 23/2 (7.5 h), 24/2 until 10:00 (2.5 h).
    const r = dueAfterPause(vn('2026-02-25 17:00'), vn('2026-02-13 10:00'), vn('2026-02-24 10:00'), calendar, hours);
    expect(r.pausedMs).toBe(15 * H);
    // Two whole working days after Wed 25/2 17:00: it ends at Fri 27/2 17:00, not at Monday's opening.
    expect(iso(r.due)).toBe('2026-02-27T17:00:00+07:00');
  });

  it('a same-day procedure received after its cut-off, paused, then resumed', () => {
    process.env.TZ = tz;
    const before = computeDue({ receivedAt: vn('2026-11-26 14:59'), unit: 'same-day', cutoff: '15:00', calendar, hours }).due;
    const after = computeDue({ receivedAt: vn('2026-11-26 15:01'), unit: 'same-day', cutoff: '15:00', calendar, hours }).due;
    expect(iso(before)).toBe('2026-11-26T17:00:00+07:00');
    expect(iso(after)).toBe('2026-11-27T17:00:00+07:00');
    // Paused Fri 27/11 16:00 until Mon 30/11 08:00: 1 h + 0.5 h of working time; due Mon 30/11 09:00.
    const r = dueAfterPause(after, vn('2026-11-27 16:00'), vn('2026-11-30 08:00'), calendar, hours);
    expect(r.pausedMs).toBe(1.5 * H);
    expect(iso(r.due)).toBe('2026-11-30T09:00:00+07:00');
  });

  it('a pause over a weekend only, or over the lunch break, moves the due date by what it covers', () => {
    process.env.TZ = tz;
    expect(dueAfterPause(vn('2026-03-11 17:00'), vn('2026-03-07 08:00'), vn('2026-03-08 20:00'), calendar, hours).pausedMs).toBe(0);
    expect(workingMsBetween(vn('2026-03-10 11:00'), vn('2026-03-10 14:00'), calendar, hours)).toBe(1 * H);
    expect(workingMsBetween(vn('2026-03-10 14:00'), vn('2026-03-10 11:00'), calendar, hours)).toBe(0);
    // The substitute day off for Giỗ Tổ 2026 (Mon 27/4) counts nothing.
    expect(workingMsBetween(vn('2026-04-24 17:00'), vn('2026-04-28 07:30'), calendar, hours)).toBe(0);
  });

  it('adding working time skips evenings, weekends and Tết; ending at a closing time stays there', () => {
    process.env.TZ = tz;
    expect(iso(addWorkingMs(vn('2026-03-06 18:30'), 1 * H, calendar, hours))).toBe('2026-03-09T08:30:00+07:00');
    expect(iso(addWorkingMs(vn('2026-03-10 16:00'), 1 * H, calendar, hours))).toBe('2026-03-10T17:00:00+07:00');
    expect(iso(addWorkingMs(vn('2026-03-10 11:00'), 1 * H, calendar, hours))).toBe('2026-03-10T14:00:00+07:00');
    expect(iso(addWorkingMs(vn('2026-02-13 16:00'), 2 * H, calendar, hours))).toBe('2026-02-23T08:30:00+07:00');
    expect(iso(addWorkingMs(vn('2026-03-10 10:00'), 0, calendar, hours))).toBe('2026-03-10T10:00:00+07:00');
  });

  it('time left is working time, negative once late, frozen at the pause', () => {
    process.env.TZ = tz;
    expect(workingMsLeft(vn('2026-03-06 16:00'), vn('2026-03-09 09:00'), calendar, hours)).toBe(2.5 * H);
    expect(workingMsLeft(vn('2026-03-09 09:00'), vn('2026-03-06 16:00'), calendar, hours)).toBe(-2.5 * H);
    expect(workingMsLeft(vn('2026-03-06 20:00'), vn('2026-03-06 17:00'), calendar, hours)).toBe(0); // late, but no working time yet
  });

  it('the meter the lists use gives the same working time as the walk over the days', () => {
    process.env.TZ = tz;
    const meter = new WorkingTimeMeter(calendar, hours);
    // Instants every 37 minutes from before Tết 2026 to after Giỗ Tổ, paired with ones spread around them.
    const from = vn('2026-02-10 06:00').getTime();
    for (let k = 0; k < 400; k++) {
      const a = new Date(from + k * 37 * 60_000 * 7);
      const b = new Date(a.getTime() + ((k * 7919) % 2000 - 1000) * 60_000 * 11);
      expect(meter.between(a, b)).toBe(workingMsBetween(a, b, calendar, hours));
      expect(meter.left(a, b)).toBe(workingMsLeft(a, b, calendar, hours));
    }
  });

  it('a step due in working hours or days, and how a hand-over kept it', () => {
    process.env.TZ = tz;
    expect(iso(stepDue(vn('2026-03-06 15:00'), { unit: 'working-hours', value: 4 }, calendar, hours))).toBe('2026-03-09T09:30:00+07:00');
    expect(iso(stepDue(vn('2026-02-13 10:00'), { unit: 'working-days', value: 1 }, calendar, hours))).toBe('2026-02-23T17:00:00+07:00');
    const due = vn('2026-03-10 17:00');
    expect(stepOutcome(vn('2026-03-09 16:59'), due)).toBe('early');
    expect(stepOutcome(vn('2026-03-10 08:00'), due)).toBe('on-time');
    expect(stepOutcome(vn('2026-03-10 17:00'), due)).toBe('on-time');
    expect(stepOutcome(vn('2026-03-10 17:01'), due)).toBe('late');
    expect(stepOutcome(vn('2026-03-10 17:01'), null)).toBe('on-time');
    // Late evening in UTC is already the next Vietnam day: early/on-time is judged on Vietnam days.
    expect(stepOutcome(new Date('2026-03-09T17:30:00Z'), due)).toBe('on-time');
  });
});
