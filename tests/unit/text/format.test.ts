import { describe, expect, it } from 'vitest';
import {
  dateKeyToWordsVn,
  formatDateKeyVn,
  formatDateTimeVn,
  formatDateVn,
  formatLongDateKeyVn,
  formatLongDateVn,
  formatMoney,
  formatNumberVn,
  formatTimeWordsVn,
  moneyToWords,
  numberToWords,
  padNumber,
} from '../../../shared/text/format';
import { fromVnParts } from '../../../shared/time/vn-time';

describe('formatNumberVn / formatMoney', () => {
  it.each([
    [0, '0 đ'],
    [5, '5 đ'],
    [999, '999 đ'],
    [1000, '1.000 đ'],
    [15000, '15.000 đ'],
    [200000, '200.000 đ'],
    [1005000, '1.005.000 đ'],
    [1000000000, '1.000.000.000 đ'],
    [-15000, '-15.000 đ'],
  ])('formatMoney(%d) = %s', (n, expected) => {
    expect(formatMoney(n)).toBe(expected);
  });

  it('rounds to whole đồng and never prints -0', () => {
    expect(formatMoney(1999.6)).toBe('2.000 đ');
    expect(formatMoney(-0.2)).toBe('0 đ');
  });

  it('uses a comma for decimals', () => {
    expect(formatNumberVn(1234567.891, 2)).toBe('1.234.567,89');
    expect(formatNumberVn(-0.5, 1)).toBe('-0,5');
    expect(formatNumberVn(12)).toBe('12');
  });

  it('refuses non-finite values rather than printing NaN on a receipt', () => {
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
    expect(() => formatNumberVn(Infinity)).toThrow(RangeError);
  });
});

describe('padNumber', () => {
  it('pads with zeros and keeps the sign in front', () => {
    expect(padNumber(7, 3)).toBe('007');
    expect(padNumber(1234, 3)).toBe('1234');
    expect(padNumber(-7, 3)).toBe('-007');
    expect(() => padNumber(1.5, 2)).toThrow(RangeError);
  });
});

describe('moneyToWords', () => {
  it.each([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [11, 'Mười một đồng'],
    [14, 'Mười bốn đồng'],
    [15, 'Mười lăm đồng'],
    [20, 'Hai mươi đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi bốn đồng'],
    [25, 'Hai mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [91, 'Chín mươi mốt đồng'],
    [100, 'Một trăm đồng'],
    [101, 'Một trăm linh một đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [111, 'Một trăm mười một đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [121, 'Một trăm hai mươi mốt đồng'],
    [1000, 'Một nghìn đồng'],
    [1005, 'Một nghìn không trăm linh năm đồng'],
    [1010, 'Một nghìn không trăm mười đồng'],
    [1050, 'Một nghìn không trăm năm mươi đồng'],
    [2000, 'Hai nghìn đồng'],
    [8000, 'Tám nghìn đồng'],
    [10000, 'Mười nghìn đồng'],
    [15000, 'Mười lăm nghìn đồng'],
    [21000, 'Hai mươi mốt nghìn đồng'],
    [30000, 'Ba mươi nghìn đồng'],
    [200000, 'Hai trăm nghìn đồng'],
    [215500, 'Hai trăm mười lăm nghìn năm trăm đồng'],
    [1000000, 'Một triệu đồng'],
    [1000005, 'Một triệu không trăm linh năm đồng'],
    [1001000, 'Một triệu không trăm linh một nghìn đồng'],
    [1005000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1250000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [1000000000, 'Một tỷ đồng'],
    [1000001000, 'Một tỷ không trăm linh một nghìn đồng'],
    [1200000000, 'Một tỷ hai trăm triệu đồng'],
    [25000000000, 'Hai mươi lăm tỷ đồng'],
    [
      999999999999,
      'Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng',
    ],
    [1000000000000, 'Một nghìn tỷ đồng'],
  ])('moneyToWords(%d)', (n, expected) => {
    expect(moneyToWords(n)).toBe(expected);
  });

  it('refuses fractions of a đồng and unsafe integers', () => {
    expect(() => moneyToWords(15000.5)).toThrow(RangeError);
    expect(() => moneyToWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('reads negatives with "âm"', () => {
    expect(numberToWords(-21)).toBe('âm hai mươi mốt');
    expect(moneyToWords(-5000)).toBe('Âm năm nghìn đồng');
  });
});

describe('numberToWords (years)', () => {
  it.each([
    [1990, 'một nghìn chín trăm chín mươi'],
    [2005, 'hai nghìn không trăm linh năm'],
    [2010, 'hai nghìn không trăm mười'],
    [2026, 'hai nghìn không trăm hai mươi sáu'],
  ])('%d', (n, expected) => {
    expect(numberToWords(n)).toBe(expected);
  });
});

describe('dates', () => {
  const afternoon = fromVnParts(2026, 11, 28, 14, 5);

  it('re-exports dd/mm/yyyy helpers', () => {
    expect(formatDateVn(afternoon)).toBe('28/11/2026');
    expect(formatDateTimeVn(afternoon)).toBe('14:05 28/11/2026');
  });

  it('formatLongDateVn uses Vietnam time, not UTC', () => {
    expect(formatLongDateVn(afternoon)).toBe('ngày 28 tháng 11 năm 2026');
    // 2026-11-28 20:00 UTC is already 29 November in Vietnam.
    expect(formatLongDateVn(new Date('2026-11-28T20:00:00Z'))).toBe('ngày 29 tháng 11 năm 2026');
  });

  it('pads days below 10 and months 1–2 only (administrative style)', () => {
    expect(formatLongDateVn(fromVnParts(2026, 1, 5))).toBe('ngày 05 tháng 01 năm 2026');
    expect(formatLongDateVn(fromVnParts(2026, 2, 9))).toBe('ngày 09 tháng 02 năm 2026');
    expect(formatLongDateVn(fromVnParts(2026, 3, 15))).toBe('ngày 15 tháng 3 năm 2026');
  });

  it('formatTimeWordsVn', () => {
    expect(formatTimeWordsVn(afternoon)).toBe('14 giờ 05 phút');
    expect(formatTimeWordsVn(fromVnParts(2026, 11, 28, 8, 30))).toBe('08 giờ 30 phút');
    expect(formatTimeWordsVn(new Date('2026-11-28T00:00:00Z'))).toBe('07 giờ 00 phút');
  });

  it('formats date keys without going through time zones', () => {
    expect(formatDateKeyVn('1990-03-05')).toBe('05/03/1990');
    expect(formatLongDateKeyVn('1990-03-05')).toBe('ngày 05 tháng 3 năm 1990');
    expect(() => formatDateKeyVn('05/03/1990')).toThrow(RangeError);
  });

  it('dateKeyToWordsVn reads the date for birth certificates', () => {
    expect(dateKeyToWordsVn('2026-11-28')).toBe('Ngày hai mươi tám tháng mười một năm hai nghìn không trăm hai mươi sáu');
    expect(dateKeyToWordsVn('2005-04-15')).toBe('Ngày mười lăm tháng tư năm hai nghìn không trăm linh năm');
    expect(dateKeyToWordsVn('1990-01-21')).toBe('Ngày hai mươi mốt tháng một năm một nghìn chín trăm chín mươi');
  });
});
