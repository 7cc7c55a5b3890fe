import { describe, expect, it } from 'vitest';
import officialData from '../../../assets/calendar/official-overrides.json';
import { computeDue, type DueInput } from '../../../shared/calendar/due-date';
import { parseCalendarOverrides, WorkCalendar } from '../../../shared/calendar/work-calendar';
import { DEFAULT_WORKING_HOURS } from '../../../shared/calendar/working-hours';
import { formatIsoVn, fromVnParts, parseInstant } from '../../../shared/time/vn-time';

const official = new WorkCalendar({ overrides: parseCalendarOverrides(officialData) });

/** Vietnam wall-clock 'YYYY-MM-DD HH:MM[:SS]' → instant. */
const vn = (text: string): Date => {
  const [date, time] = text.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  return fromVnParts(y, mo, d, h, mi, s);
};

const due = (receivedAt: string, rest: Partial<DueInput> & Pick<DueInput, 'unit'>) => {
  const result = computeDue({ calendar: official, hours: DEFAULT_WORKING_HOURS, receivedAt: vn(receivedAt), ...rest });
  return { due: formatIsoVn(result.due), effective: formatIsoVn(result.effectiveReceivedAt) };
};

describe('effective receipt time', () => {
  it.each([
    ['2026-03-02 09:00', '2026-03-02T09:00:00+07:00'], // inside the morning
    ['2026-03-02 06:15', '2026-03-02T07:30:00+07:00'], // before opening
    ['2026-03-02 11:30', '2026-03-02T13:30:00+07:00'], // the lunch break starts at 11:30
    ['2026-03-02 12:10', '2026-03-02T13:30:00+07:00'], // lunch break
    ['2026-03-02 16:59', '2026-03-02T16:59:00+07:00'],
    ['2026-03-02 17:00', '2026-03-03T07:30:00+07:00'], // closing time: next opening
    ['2026-03-06 18:30', '2026-03-09T07:30:00+07:00'], // Friday evening → Monday
    ['2026-03-07 10:00', '2026-03-09T07:30:00+07:00'], // Saturday counter
    ['2026-04-27 09:00', '2026-04-28T07:30:00+07:00'], // substitute day for Giỗ Tổ
    ['2026-02-18 09:00', '2026-02-23T07:30:00+07:00'], // during Tết
  ])('received %s counts from %s', (received, expected) => {
    expect(due(received, { unit: 'working-days', value: 1 }).effective).toBe(expected);
  });
});

describe('working days', () => {
  it('does not count the day of receipt and ends at the close of the last interval', () => {
    expect(due('2026-03-02 09:00', { unit: 'working-days', value: 3 }).due).toBe('2026-03-05T17:00:00+07:00');
    expect(due('2026-03-02 16:59', { unit: 'working-days', value: 1 }).due).toBe('2026-03-03T17:00:00+07:00');
  });

  it('counts from the next working day when received after closing or on a weekend', () => {
    expect(due('2026-03-02 17:00', { unit: 'working-days', value: 1 }).due).toBe('2026-03-04T17:00:00+07:00');
    expect(due('2026-03-06 17:30', { unit: 'working-days', value: 1 }).due).toBe('2026-03-10T17:00:00+07:00');
    expect(due('2026-03-07 10:00', { unit: 'working-days', value: 2 }).due).toBe('2026-03-11T17:00:00+07:00');
  });

  it('skips the whole Tết 2026 break', () => {
    expect(due('2026-02-13 10:00', { unit: 'working-days', value: 1 }).due).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-12 10:00', { unit: 'working-days', value: 3 }).due).toBe('2026-02-24T17:00:00+07:00');
  });

  it('skips the Giỗ Tổ substitute day and the 30/4–1/5 block', () => {
    expect(due('2026-04-24 10:00', { unit: 'working-days', value: 1 }).due).toBe('2026-04-28T17:00:00+07:00');
    expect(due('2026-04-27 09:00', { unit: 'working-days', value: 2 }).due).toBe('2026-05-04T17:00:00+07:00');
    expect(due('2026-04-29 09:00', { unit: 'working-days', value: 1 }).due).toBe('2026-05-04T17:00:00+07:00');
  });

  it('skips Ngày Văn hóa Việt Nam 24/11/2026 but not 24/11/2025', () => {
    expect(due('2026-11-23 10:00', { unit: 'working-days', value: 1 }).due).toBe('2026-11-25T17:00:00+07:00');
    expect(due('2025-11-21 10:00', { unit: 'working-days', value: 2 }).due).toBe('2025-11-25T17:00:00+07:00');
  });

  it('counts a Saturday made a working day, and the official New Year swap', () => {
    const cal = new WorkCalendar({ overrides: [{ date: '2026-03-07', kind: 'work', name: 'Làm bù' }] });
    const input = { calendar: cal, hours: DEFAULT_WORKING_HOURS, unit: 'working-days' as const, value: 1 };
    expect(formatIsoVn(computeDue({ ...input, receivedAt: vn('2026-03-06 10:00') }).due)).toBe('2026-03-07T17:00:00+07:00');
    // Received on that Saturday inside working hours: it counts as received then.
    const onSaturday = computeDue({ ...input, receivedAt: vn('2026-03-07 10:00') });
    expect(formatIsoVn(onSaturday.effectiveReceivedAt)).toBe('2026-03-07T10:00:00+07:00');
    expect(formatIsoVn(onSaturday.due)).toBe('2026-03-09T17:00:00+07:00');
    // Official 2026: Fri 2/1 off, Sat 10/1 worked.
    expect(due('2025-12-31 16:00', { unit: 'working-days', value: 1 }).due).toBe('2026-01-05T17:00:00+07:00');
    expect(due('2026-01-09 10:00', { unit: 'working-days', value: 1 }).due).toBe('2026-01-10T17:00:00+07:00');
  });

  it('uses an office due time HH:MM', () => {
    expect(due('2026-03-02 09:00', { unit: 'working-days', value: 2, dueTime: '16:00' }).due).toBe('2026-03-04T16:00:00+07:00');
    expect(due('2026-03-02 09:00', { unit: 'working-days', value: 2, dueTime: 'end-of-day' }).due).toBe('2026-03-04T17:00:00+07:00');
    expect(() => due('2026-03-02 09:00', { unit: 'working-days', value: 2, dueTime: '25:00' })).toThrow(RangeError);
  });

  it('ends the day at the close of the last interval of custom hours', () => {
    const result = computeDue({
      calendar: official,
      hours: { intervals: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '16:30' }] },
      receivedAt: vn('2026-03-02 12:30'),
      unit: 'working-days',
      value: 1,
    });
    expect(formatIsoVn(result.effectiveReceivedAt)).toBe('2026-03-02T13:00:00+07:00');
    expect(formatIsoVn(result.due)).toBe('2026-03-03T16:30:00+07:00');
  });
});

describe('calendar days', () => {
  it('counts every day and moves a last day off to the next working day', () => {
    expect(due('2026-03-02 09:00', { unit: 'days', value: 4 }).due).toBe('2026-03-06T17:00:00+07:00');
    expect(due('2026-03-02 09:00', { unit: 'days', value: 5 }).due).toBe('2026-03-09T17:00:00+07:00'); // Saturday → Monday
    expect(due('2026-02-13 10:00', { unit: 'days', value: 3 }).due).toBe('2026-02-23T17:00:00+07:00'); // 16/2 is Tết
    expect(due('2026-02-13 10:00', { unit: 'days', value: 10 }).due).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-13 10:00', { unit: 'days', value: 11 }).due).toBe('2026-02-24T17:00:00+07:00');
  });

  it('counts from the effective receipt day', () => {
    // Saturday receipt counts from Monday 9/3: + 2 days = Wednesday 11/3.
    expect(due('2026-03-07 10:00', { unit: 'days', value: 2 }).due).toBe('2026-03-11T17:00:00+07:00');
  });
});

describe('working hours', () => {
  it('consumes hours inside the intervals, across the lunch break', () => {
    expect(due('2026-03-02 08:00', { unit: 'working-hours', value: 2 }).due).toBe('2026-03-02T10:00:00+07:00');
    expect(due('2026-03-02 10:30', { unit: 'working-hours', value: 1 }).due).toBe('2026-03-02T11:30:00+07:00');
    expect(due('2026-03-02 10:30', { unit: 'working-hours', value: 1.5 }).due).toBe('2026-03-02T14:00:00+07:00');
    expect(due('2026-03-02 12:00', { unit: 'working-hours', value: 2 }).due).toBe('2026-03-02T15:30:00+07:00');
  });

  it('spills over to the next working days, skipping weekends and Tết', () => {
    expect(due('2026-03-06 16:00', { unit: 'working-hours', value: 2 }).due).toBe('2026-03-09T08:30:00+07:00');
    // 16 h from Monday 07:30 = 7.5 h + 7.5 h + 1 h.
    expect(due('2026-03-02 07:30', { unit: 'working-hours', value: 16 }).due).toBe('2026-03-04T08:30:00+07:00');
    expect(due('2026-02-13 16:30', { unit: 'working-hours', value: 1 }).due).toBe('2026-02-23T08:00:00+07:00');
    expect(due('2026-03-02 16:00', { unit: 'working-hours', value: 1 }).due).toBe('2026-03-02T17:00:00+07:00');
  });

  it('keeps seconds of the receipt time', () => {
    expect(due('2026-03-02 08:00:30', { unit: 'working-hours', value: 2 }).due).toBe('2026-03-02T10:00:30+07:00');
  });
});

describe('same day', () => {
  it('splits on the cut-off: 14:59 the same day, 15:00 the next working day', () => {
    expect(due('2026-03-02 14:59', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-03-02T17:00:00+07:00');
    expect(due('2026-03-02 14:59:59', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-03-02T17:00:00+07:00');
    expect(due('2026-03-02 15:00', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-03-03T17:00:00+07:00');
    expect(due('2026-03-06 15:30', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-03-09T17:00:00+07:00');
  });

  it('without a cut-off, any receipt within working hours is due that day', () => {
    expect(due('2026-03-02 16:30', { unit: 'same-day' }).due).toBe('2026-03-02T17:00:00+07:00');
    expect(due('2026-03-02 06:00', { unit: 'same-day' }).due).toBe('2026-03-02T17:00:00+07:00');
    expect(due('2026-03-02 17:30', { unit: 'same-day' }).due).toBe('2026-03-03T17:00:00+07:00');
  });

  it('moves weekend, holiday and lunch-break receipts as received at the next opening', () => {
    expect(due('2026-03-07 09:00', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-03-09T17:00:00+07:00');
    expect(due('2026-04-30 09:00', { unit: 'same-day', cutoff: '15:00' }).due).toBe('2026-05-04T17:00:00+07:00');
    // Received at 12:00 with an 11:00 cut-off: counts as 13:30, after the cut-off.
    expect(due('2026-03-02 12:00', { unit: 'same-day', cutoff: '11:00' }).due).toBe('2026-03-03T17:00:00+07:00');
  });

  it('applies the office due time, never earlier than the receipt', () => {
    expect(due('2026-03-02 09:00', { unit: 'same-day', dueTime: '16:30' }).due).toBe('2026-03-02T16:30:00+07:00');
    expect(due('2026-03-02 16:45', { unit: 'same-day', dueTime: '16:30' }).due).toBe('2026-03-02T16:45:00+07:00');
  });
});

describe('input checks and time zones', () => {
  it('rejects missing or invalid values', () => {
    expect(() => due('2026-03-02 09:00', { unit: 'working-days' })).toThrow(RangeError);
    expect(() => due('2026-03-02 09:00', { unit: 'working-days', value: 0 })).toThrow(RangeError);
    expect(() => due('2026-03-02 09:00', { unit: 'days', value: 2.5 })).toThrow(RangeError);
    expect(() => due('2026-03-02 09:00', { unit: 'working-hours', value: -1 })).toThrow(RangeError);
    expect(() => due('2026-03-02 09:00', { unit: 'same-day', cutoff: '3pm' })).toThrow(RangeError);
    expect(() =>
      computeDue({ calendar: official, hours: { intervals: [] }, receivedAt: vn('2026-03-02 09:00'), unit: 'same-day' }),
    ).toThrow(/ít nhất một khoảng/);
    expect(() =>
      computeDue({ calendar: official, hours: DEFAULT_WORKING_HOURS, receivedAt: new Date(Number.NaN), unit: 'same-day' }),
    ).toThrow(RangeError);
  });

  it('reads instants with any offset as Vietnam time', () => {
    // 01:30 UTC = 08:30 in Vietnam; 23:30 UTC on Sunday = 06:30 Monday in Vietnam.
    const a = parseInstant('2026-03-02T01:30:00Z') as Date;
    const b = parseInstant('2026-03-01T23:30:00Z') as Date;
    const base = { calendar: official, hours: DEFAULT_WORKING_HOURS, unit: 'working-hours' as const, value: 1 };
    expect(formatIsoVn(computeDue({ ...base, receivedAt: a }).due)).toBe('2026-03-02T09:30:00+07:00');
    expect(formatIsoVn(computeDue({ ...base, receivedAt: b }).effectiveReceivedAt)).toBe('2026-03-02T07:30:00+07:00');
  });
});
