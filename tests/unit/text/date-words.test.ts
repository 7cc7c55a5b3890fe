import { describe, expect, it } from 'vitest';
import { dateInWords, monthInWords, parseDateKey } from '../../../shared/text';

// Every day of the month, hand-written: the day is read as a plain number (no "mùng") by default.
const DAYS = [
  'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười',
  'mười một', 'mười hai', 'mười ba', 'mười bốn', 'mười lăm', 'mười sáu', 'mười bảy', 'mười tám', 'mười chín', 'hai mươi',
  'hai mươi mốt', 'hai mươi hai', 'hai mươi ba', 'hai mươi tư', 'hai mươi lăm', 'hai mươi sáu', 'hai mươi bảy',
  'hai mươi tám', 'hai mươi chín', 'ba mươi', 'ba mươi mốt',
];

const MONTHS = ['một', 'hai', 'ba', 'tư', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'mười', 'mười một', 'mười hai'];

describe('dateInWords', () => {
  it('the issue\'s example', () => {
    expect(dateInWords('2026-03-15')).toBe('ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu');
  });

  it.each(DAYS.map((words, i) => [i + 1, words] as const))('day %d', (day, words) => {
    const key = `2026-01-${String(day).padStart(2, '0')}`;
    expect(dateInWords(key)).toBe(`ngày ${words} tháng một năm hai nghìn không trăm hai mươi sáu`);
  });

  it.each(MONTHS.map((words, i) => [i + 1, words] as const))('month %d', (month, words) => {
    const key = `2026-${String(month).padStart(2, '0')}-10`;
    expect(dateInWords(key)).toBe(`ngày mười tháng ${words} năm hai nghìn không trăm hai mươi sáu`);
    expect(monthInWords(month)).toBe(words);
  });

  it.each([
    ['2001-01-01', 'ngày một tháng một năm hai nghìn không trăm linh một'],
    ['2005-04-05', 'ngày năm tháng tư năm hai nghìn không trăm linh năm'],
    ['2010-10-10', 'ngày mười tháng mười năm hai nghìn không trăm mười'],
    ['2014-12-14', 'ngày mười bốn tháng mười hai năm hai nghìn không trăm mười bốn'],
    ['2021-11-21', 'ngày hai mươi mốt tháng mười một năm hai nghìn không trăm hai mươi mốt'],
    ['2024-02-29', 'ngày hai mươi chín tháng hai năm hai nghìn không trăm hai mươi tư'],
    ['2024-04-24', 'ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi tư'],
    ['2025-05-25', 'ngày hai mươi lăm tháng năm năm hai nghìn không trăm hai mươi lăm'],
    ['2000-01-31', 'ngày ba mươi mốt tháng một năm hai nghìn'],
    ['1990-01-21', 'ngày hai mươi mốt tháng một năm một nghìn chín trăm chín mươi'],
    ['1905-07-15', 'ngày mười lăm tháng bảy năm một nghìn chín trăm linh năm'],
    ['2100-12-31', 'ngày ba mươi mốt tháng mười hai năm hai nghìn một trăm'],
  ])('%s', (key, words) => {
    expect(dateInWords(key)).toBe(words);
  });

  it('day prefix "mùng"/"mồng" for days 1–10 only', () => {
    expect(dateInWords('2026-03-01', { dayPrefix: 'mùng' })).toBe('ngày mùng một tháng ba năm hai nghìn không trăm hai mươi sáu');
    expect(dateInWords('2026-03-10', { dayPrefix: 'mồng' })).toBe('ngày mồng mười tháng ba năm hai nghìn không trăm hai mươi sáu');
    expect(dateInWords('2026-03-11', { dayPrefix: 'mùng' })).toBe('ngày mười một tháng ba năm hai nghìn không trăm hai mươi sáu');
    expect(dateInWords('2026-03-01', { dayPrefix: 'none' })).toBe('ngày một tháng ba năm hai nghìn không trăm hai mươi sáu');
  });

  it('capitalised, and with the office\'s number variant', () => {
    expect(dateInWords('2005-06-24', { capitalise: true, variant: { zeroTens: 'lẻ', thousand: 'ngàn', four: 'bốn' } })).toBe(
      'Ngày hai mươi bốn tháng sáu năm hai ngàn không trăm lẻ năm',
    );
    expect(dateInWords('2025-06-25', { variant: { five: 'nhăm' } })).toBe(
      'ngày hai mươi nhăm tháng sáu năm hai nghìn không trăm hai mươi nhăm',
    );
  });

  it.each([
    ['2026-02-29', /không có ngày 29/],
    ['2025-04-31', /không có ngày 31/],
    ['2026-13-01', /Không có tháng 13/],
    ['2026-00-10', /Không có tháng 00/],
    ['2026-01-00', /không có ngày 00/],
    ['15/03/2026', /YYYY-MM-DD/],
    ['2026-3-15', /YYYY-MM-DD/],
    ['', /YYYY-MM-DD/],
  ])('refuses %s with a Vietnamese message', (key, message) => {
    expect(() => dateInWords(key)).toThrow(RangeError);
    expect(() => dateInWords(key)).toThrow(message);
  });

  it('29 February in leap years only (2000 yes, 1900 no)', () => {
    expect(parseDateKey('2000-02-29')).toEqual([2000, 2, 29]);
    expect(() => parseDateKey('1900-02-29')).toThrow(RangeError);
  });
});
