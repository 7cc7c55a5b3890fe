import { describe, expect, it } from 'vitest';
import {
  buildWorkCalendar, checkServedDate, checkServedInstant, computeDue, DEFAULT_WORKING_HOURS, SERVED_FIRST_YEAR, SERVED_LAST_YEAR,
} from '../../../shared/calendar';

describe('served dates and instants', () => {
  it('refuses dates that do not exist, with the reason in Vietnamese', () => {
    expect(checkServedDate('2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(checkServedDate('2028-02-29').ok).toBe(true);
    const feb30 = checkServedDate('2026-02-30');
    expect(feb30).toEqual({ ok: false, error: 'Ngày 30/02/2026 không có (tháng 2 năm 2026 có 28 ngày) — hãy nhập lại.' });
    expect(checkServedDate('2026-13-01')).toMatchObject({ ok: false, error: expect.stringContaining('tháng 13') });
    expect(checkServedDate('2026-2-3')).toMatchObject({ ok: false, error: expect.stringContaining('năm-tháng-ngày') });
    expect(checkServedDate('9999-12-31')).toMatchObject({ ok: false, error: expect.stringContaining('ngoài lịch') });
    expect(checkServedDate('1899-12-31').ok).toBe(false);
  });

  it('refuses instants whose parts do not exist instead of rolling them over', () => {
    expect(checkServedInstant('2026-02-17T09:30:00+07:00')).toEqual({ ok: true, value: new Date('2026-02-17T02:30:00Z') });
    expect(checkServedInstant('2026-02-17T02:30:00.125Z')).toEqual({ ok: true, value: new Date('2026-02-17T02:30:00.125Z') });
    expect(checkServedInstant('2026-02-30T09:00:00+07:00')).toMatchObject({ ok: false, error: expect.stringContaining('30/02/2026') });
    expect(checkServedInstant('2026-02-17T24:00:00+07:00')).toMatchObject({ ok: false, error: expect.stringContaining('24:00') });
    expect(checkServedInstant('2026-02-17T09:30:00')).toMatchObject({ ok: false, error: expect.stringContaining('múi giờ') });
    expect(checkServedInstant('2026-02-17T09:30:00+25:00').ok).toBe(false);
    expect(checkServedInstant('9999-12-31T09:00:00+07:00')).toMatchObject({ ok: false, error: expect.stringContaining('9999') });
    // The served years are those of the Vietnam day: 23:30 UTC on the last day is already the next year in Vietnam.
    expect(checkServedInstant(`${SERVED_LAST_YEAR}-12-31T16:59:59Z`).ok).toBe(true);
    expect(checkServedInstant(`${SERVED_LAST_YEAR}-12-31T17:00:00Z`).ok).toBe(false);
  });

  it('can compute the longest due date from the first and the last served day', () => {
    const { calendar } = buildWorkCalendar({});
    for (const at of [`${SERVED_FIRST_YEAR}-01-01T08:00:00+07:00`, `${SERVED_LAST_YEAR}-12-31T16:00:00+07:00`]) {
      const receivedAt = (checkServedInstant(at) as { value: Date }).value;
      for (const unit of ['working-days', 'days', 'working-hours', 'same-day'] as const) {
        const r = computeDue({ receivedAt, unit, value: 365, calendar, hours: DEFAULT_WORKING_HOURS });
        expect(r.due.getTime()).toBeGreaterThan(receivedAt.getTime());
      }
    }
  });
});
