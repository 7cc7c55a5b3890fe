import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  formatHm,
  parseHm,
  toMinuteIntervals,
  validateWorkingHours,
} from '../../../shared/calendar/working-hours';

describe('working hours', () => {
  it('accepts the default 07:30–11:30, 13:30–17:00', () => {
    expect(validateWorkingHours(DEFAULT_WORKING_HOURS)).toEqual([]);
    expect(toMinuteIntervals(DEFAULT_WORKING_HOURS)).toEqual([
      { start: 450, end: 690 },
      { start: 810, end: 1020 },
    ]);
  });

  it('parses and formats HH:MM strictly', () => {
    expect(parseHm('00:00')).toBe(0);
    expect(parseHm('23:59')).toBe(1439);
    for (const bad of ['7:30', '24:00', '12:60', '12.30', '1230', ' 07:30', '']) expect(parseHm(bad), bad).toBeNull();
    expect(formatHm(450)).toBe('07:30');
  });

  it('reports a bad format in Vietnamese', () => {
    const errors = validateWorkingHours({ intervals: [{ start: '7:30', end: '11:30' }] });
    expect(errors).toEqual(['Khoảng 1: giờ bắt đầu "7:30" không đúng định dạng HH:MM (00:00–23:59).']);
  });

  it('reports an end before (or equal to) the start', () => {
    expect(validateWorkingHours({ intervals: [{ start: '13:30', end: '11:30' }] })).toEqual([
      'Khoảng 1: giờ kết thúc (11:30) phải sau giờ bắt đầu (13:30).',
    ]);
    expect(validateWorkingHours({ intervals: [{ start: '13:30', end: '13:30' }] })).toHaveLength(1);
  });

  it('reports overlapping intervals but allows touching ones', () => {
    expect(
      validateWorkingHours({
        intervals: [
          { start: '13:00', end: '17:00' },
          { start: '07:30', end: '13:30' },
        ],
      }),
    ).toEqual(['Khoảng 1 (13:00–17:00) chồng lấn với khoảng 2 (07:30–13:30) — hãy sửa để các khoảng không trùng nhau.']);
    expect(
      validateWorkingHours({
        intervals: [
          { start: '07:30', end: '11:30' },
          { start: '11:30', end: '17:00' },
        ],
      }),
    ).toEqual([]);
  });

  it('requires at least one interval and throws from toMinuteIntervals when invalid', () => {
    expect(validateWorkingHours({ intervals: [] })).toEqual(['Cần khai báo ít nhất một khoảng giờ làm việc — hãy nhập giờ bắt đầu và kết thúc.']);
    expect(() => toMinuteIntervals({ intervals: [{ start: '08:00', end: '07:00' }] })).toThrow(/phải sau giờ bắt đầu/);
  });

  it('sorts intervals given out of order', () => {
    expect(
      toMinuteIntervals({
        intervals: [
          { start: '13:30', end: '17:00' },
          { start: '07:30', end: '11:30' },
        ],
      })[0],
    ).toEqual({ start: 450, end: 690 });
  });
});
