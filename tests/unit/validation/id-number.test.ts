import { describe, expect, it } from 'vitest';
import { describeIdNumber, validateIdNumber } from '../../../shared/validation/id-number';
import { PROVINCE_CODES, provinceNameByCode } from '../../../shared/validation/province-codes';

describe('province codes', () => {
  it('has the 63 pre-2025 provinces with three-digit codes', () => {
    const codes = Object.keys(PROVINCE_CODES);
    expect(codes).toHaveLength(63);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
    expect(new Set(Object.values(PROVINCE_CODES)).size).toBe(63);
  });

  it('looks names up and returns null for gaps in the numbering', () => {
    expect(provinceNameByCode('001')).toBe('Hà Nội');
    expect(provinceNameByCode('079')).toBe('TP. Hồ Chí Minh');
    expect(provinceNameByCode('096')).toBe('Cà Mau');
    expect(provinceNameByCode('003')).toBeNull();
    expect(provinceNameByCode('097')).toBeNull();
    expect(provinceNameByCode('toString')).toBeNull();
  });
});

describe('validateIdNumber: format errors', () => {
  it('accepts exactly 12 digits, with spaces removed', () => {
    const r = validateIdNumber(' 001 090 123\u00A0456 ');
    expect(r).toEqual({ ok: true, value: '001090123456', errors: [], warnings: [] });
  });

  it.each([
    ['00109012345', 'Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 11 chữ số).'],
    ['0010901234567', 'Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 13 chữ số).'],
    ['00109012345A', 'Số định danh cá nhân chỉ gồm chữ số.'],
    ['001-090-123456', 'Số định danh cá nhân chỉ gồm chữ số.'],
    ['', 'Chưa nhập số định danh cá nhân.'],
    ['   ', 'Chưa nhập số định danh cá nhân.'],
  ])('%j is an error', (input, message) => {
    const r = validateIdNumber(input);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([message]);
    expect(r.warnings).toEqual([]);
  });

  it('explains that a 9-digit number is an old CMND', () => {
    const r = validateIdNumber('012345678');
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^Số định danh cá nhân phải gồm đúng 12 chữ số\. .*Chứng minh nhân dân/);
  });

  it('refuses full-width digits instead of treating them as digits', () => {
    expect(validateIdNumber('００１０９０１２３４５６').ok).toBe(false);
  });
});

describe('validateIdNumber: warnings', () => {
  it('warns about an unknown province code but stays ok', () => {
    const r = validateIdNumber('003090123456');
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['Mã tỉnh 003 (3 chữ số đầu) không có trong danh sách 63 tỉnh, thành phố.']);
  });

  it('warns about a 22nd-century or later birth', () => {
    for (const digit of ['4', '5', '9']) {
      const r = validateIdNumber(`001${digit}90123456`);
      expect(r.ok).toBe(true);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toContain(`Chữ số thứ 4 (${digit})`);
    }
  });

  it('warns about a birth year after the current year when it is given', () => {
    expect(validateIdNumber('001224123456', { currentYear: 2026 }).warnings).toEqual([]);
    expect(validateIdNumber('001226123456', { currentYear: 2026 }).warnings).toEqual([]);
    expect(validateIdNumber('001299123456').warnings).toEqual([]);
    expect(validateIdNumber('001299123456', { currentYear: 2026 }).warnings).toEqual([
      'Năm sinh theo số định danh (2099) ở tương lai: đề nghị kiểm tra lại.',
    ]);
  });

  it('checks consistency with the birth year and sex entered on the form', () => {
    expect(validateIdNumber('001190123456', { birthYear: 1990, sex: 'female' }).warnings).toEqual([]);
    expect(validateIdNumber('001203123456', { birthYear: 2003, sex: 'male' }).warnings).toEqual([]);
    const r = validateIdNumber('001090123456', { birthYear: 1991, sex: 'female' });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      'Năm sinh theo số định danh (1990) không khớp với năm sinh đã nhập (1991).',
      'Giới tính theo số định danh (nam) không khớp với giới tính đã nhập (nữ).',
    ]);
  });

  it('a century mismatch is a year mismatch', () => {
    expect(validateIdNumber('001005123456', { birthYear: 2005 }).warnings).toEqual([
      'Năm sinh theo số định danh (1905) không khớp với năm sinh đã nhập (2005).',
    ]);
  });

  it('does not warn when the number is malformed (errors only)', () => {
    expect(validateIdNumber('12345', { birthYear: 1990, sex: 'male' }).warnings).toEqual([]);
  });
});

describe('describeIdNumber', () => {
  it('decodes province, sex, century and year', () => {
    expect(describeIdNumber('079 303 000001')).toEqual({
      provinceCode: '079',
      provinceName: 'TP. Hồ Chí Minh',
      sex: 'female',
      century: 2000,
      birthYearTwoDigits: '03',
      birthYear: 2003,
    });
    expect(describeIdNumber('038085000001')).toMatchObject({
      provinceName: 'Thanh Hóa',
      sex: 'male',
      century: 1900,
      birthYear: 1985,
    });
    expect(describeIdNumber('001500000001')).toMatchObject({ sex: 'female', century: 2100, birthYear: 2100 });
  });

  it('keeps an unknown province as null and returns null for a malformed number', () => {
    expect(describeIdNumber('999090123456')?.provinceName).toBeNull();
    expect(describeIdNumber('12345678901')).toBeNull();
    expect(describeIdNumber('1234567890ab')).toBeNull();
  });
});
