import { describe, expect, it } from 'vitest';
import { daysInMonth, isValidDateKey, parseDateVn } from '../../../shared/validation/date';

const value = (s: string, opts = {}) => {
  const r = parseDateVn(s, opts);
  if (!r.ok) throw new Error(`unexpected error: ${r.error}`);
  return r.value;
};
const error = (s: string, opts = {}) => {
  const r = parseDateVn(s, opts);
  if (r.ok) throw new Error(`unexpected success: ${r.value}`);
  return r.error;
};

describe('parseDateVn: accepted layouts', () => {
  it.each([
    ['05/03/1990', '1990-03-05'],
    ['5/3/1990', '1990-03-05'],
    ['05-03-1990', '1990-03-05'],
    ['5.3.1990', '1990-03-05'],
    ['05031990', '1990-03-05'],
    [' 05 / 03 / 1990 ', '1990-03-05'],
    ['1990-03-05', '1990-03-05'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['31/12/1899', '1899-12-31'],
  ])('%j → %s', (input, expected) => {
    expect(value(input)).toBe(expected);
  });
});

describe('parseDateVn: errors', () => {
  it('empty input names the field', () => {
    expect(error('')).toBe('Chưa nhập ngày.');
    expect(error('  ', { label: 'Ngày sinh' })).toBe('Chưa nhập ngày sinh.');
  });

  it('impossible dates', () => {
    expect(error('29/02/2023')).toBe('Ngày không hợp lệ: tháng 2 năm 2023 chỉ có 28 ngày.');
    expect(error('29/02/1900')).toBe('Ngày không hợp lệ: tháng 2 năm 1900 chỉ có 28 ngày.');
    expect(error('31/04/2024')).toBe('Ngày không hợp lệ: tháng 4 năm 2024 chỉ có 30 ngày.');
    expect(error('32/01/2024')).toBe('Ngày không hợp lệ: không có ngày 32.');
    expect(error('00/01/2024')).toBe('Ngày không hợp lệ: không có ngày 0.');
    expect(error('15/13/2024')).toBe('Ngày không hợp lệ: không có tháng 13.');
    expect(error('15/00/2024')).toBe('Ngày không hợp lệ: không có tháng 0.');
    expect(error('01/01/0990')).toBe('Ngày không hợp lệ: năm 990.');
  });

  it('two-digit years are refused with a specific message', () => {
    expect(error('5/3/90', { label: 'Ngày sinh' })).toBe('Ngày sinh: năm phải ghi đủ 4 chữ số (ví dụ 05/03/1990).');
    expect(error('050390')).toBe('Ngày: năm phải ghi đủ 4 chữ số (ví dụ 05/03/1990).');
  });

  it('unrecognized layouts', () => {
    for (const s of ['5 tháng 3 1990', '1990/03/05', '05/03', 'abc', '5/3/19900', '0503199']) {
      expect(error(s)).toBe('Ngày phải ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1990.');
    }
  });

  it('notAfter rejects future birth dates but accepts the bound itself', () => {
    const opts = { label: 'Ngày sinh', notAfter: '2026-11-28' };
    expect(value('28/11/2026', opts)).toBe('2026-11-28');
    expect(error('29/11/2026', opts)).toBe('Ngày sinh không được sau ngày 28/11/2026.');
  });

  it('notBefore', () => {
    const opts = { label: 'Ngày đăng ký', notBefore: '1990-03-05' };
    expect(value('05/03/1990', opts)).toBe('1990-03-05');
    expect(error('04/03/1990', opts)).toBe('Ngày đăng ký không được trước ngày 05/03/1990.');
  });

  it('a malformed bound is a programming error', () => {
    expect(() => parseDateVn('01/01/2000', { notAfter: '28/11/2026' })).toThrow(RangeError);
    expect(() => parseDateVn('01/01/2000', { notBefore: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('date keys', () => {
  it('daysInMonth follows Gregorian leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });

  it('isValidDateKey', () => {
    expect(isValidDateKey('2024-02-29')).toBe(true);
    expect(isValidDateKey('2023-02-29')).toBe(false);
    expect(isValidDateKey('2024-2-9')).toBe(false);
    expect(isValidDateKey('2024-13-01')).toBe(false);
  });
});
