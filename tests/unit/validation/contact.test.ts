import { describe, expect, it } from 'vitest';
import { formatPhoneVn, validateEmail, validatePhoneVn } from '../../../shared/validation/contact';

describe('validatePhoneVn: accepted forms', () => {
  it.each([
    ['0912345678', '0912345678', 'mobile'],
    ['0912 345 678', '0912345678', 'mobile'],
    ['0912.345.678', '0912345678', 'mobile'],
    ['0912-345-678', '0912345678', 'mobile'],
    ['+84 912 345 678', '0912345678', 'mobile'],
    ['+84912345678', '0912345678', 'mobile'],
    ['84912345678', '0912345678', 'mobile'],
    ['0084 912 345 678', '0912345678', 'mobile'],
    ['+84 (0) 912 345 678', '0912345678', 'mobile'],
    ['0321234567', '0321234567', 'mobile'],
    ['0561234567', '0561234567', 'mobile'],
    ['0701234567', '0701234567', 'mobile'],
    ['0812345678', '0812345678', 'mobile'],
    ['0843 123 456', '0843123456', 'mobile'],
    ['024 3825 1234', '02438251234', 'landline'],
    ['(028) 3822-1234', '02838221234', 'landline'],
    ['+84 24 3825 1234', '02438251234', 'landline'],
    ['84 2438251234', '02438251234', 'landline'],
    ['\u00A00912\u00A0345\u00A0678 ', '0912345678', 'mobile'],
  ])('%j → %s', (input, value, kind) => {
    expect(validatePhoneVn(input)).toEqual({ ok: true, value, kind });
  });

  it('treats an empty field as valid (the form decides whether it is required)', () => {
    expect(validatePhoneVn('')).toEqual({ ok: true, value: '', kind: null });
    expect(validatePhoneVn('   ')).toEqual({ ok: true, value: '', kind: null });
  });
});

describe('validatePhoneVn: rejected forms', () => {
  const error = (s: string) => {
    const r = validatePhoneVn(s);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error;
  };

  it('wrong length for mobile and landline', () => {
    expect(error('091234567')).toBe('Số di động phải gồm đúng 10 chữ số (đang có 9), ví dụ 0912 345 678.');
    expect(error('09123456789')).toBe('Số di động phải gồm đúng 10 chữ số (đang có 11), ví dụ 0912 345 678.');
    expect(error('0243825123')).toMatch(/^Số cố định phải gồm đúng 11 chữ số kể cả mã vùng \(đang có 10\)/);
  });

  it('letters and other characters', () => {
    expect(error('0912abc678')).toBe('Số điện thoại chỉ gồm chữ số; được dùng dấu cách, dấu chấm, dấu gạch ngang.');
    expect(error('0912 345 678 (nhà)')).toMatch(/^Số điện thoại chỉ gồm chữ số/);
    expect(error('0912+345678')).toMatch(/^Số điện thoại chỉ gồm chữ số/);
  });

  it('foreign numbers and a missing leading zero', () => {
    expect(error('+1 202 555 0100')).toBe('Chỉ nhận số điện thoại Việt Nam (mã quốc gia +84).');
    expect(error('912345678')).toBe('Số điện thoại phải bắt đầu bằng 0 hoặc +84.');
    expect(error('1900 1234')).toBe('Số điện thoại phải bắt đầu bằng 0 hoặc +84.');
  });

  it('prefixes that are not in use', () => {
    expect(error('0412345678')).toBe('Đầu số 04 không phải đầu số điện thoại Việt Nam đang dùng.');
    expect(error('0612345678')).toBe('Đầu số 06 không phải đầu số điện thoại Việt Nam đang dùng.');
    expect(error('0012345678')).toBe('Đầu số 00 không phải đầu số điện thoại Việt Nam đang dùng.');
  });

  it('old 11-digit mobile numbers suggest the 2018 replacement', () => {
    expect(error('0168 912 3456')).toBe('Đầu số 0168 đã chuyển thành 038 từ năm 2018; số mới có thể là 0389123456.');
    expect(error('01229123456')).toContain('số mới có thể là 0779123456');
    expect(error('0123 456 7890')).toContain('chuyển thành 083');
    expect(error('+84 168 912 3456')).toContain('số mới có thể là 0389123456');
    expect(error('01101234567')).toBe('Đầu số 01 không phải đầu số điện thoại Việt Nam đang dùng.');
  });
});

describe('formatPhoneVn', () => {
  it('groups mobile and landline numbers for display', () => {
    expect(formatPhoneVn('0912345678')).toBe('0912 345 678');
    expect(formatPhoneVn('02438251234')).toBe('024 3825 1234');
    expect(formatPhoneVn('12345')).toBe('12345');
  });
});

describe('validateEmail', () => {
  it.each([
    ['nguyenvanan@gmail.com', 'nguyenvanan@gmail.com'],
    ['  Nguyen.Van.An@Gmail.COM ', 'Nguyen.Van.An@gmail.com'],
    ['ubnd.xa-anphu+motcua@hanoi.gov.vn', 'ubnd.xa-anphu+motcua@hanoi.gov.vn'],
    ['a_b@sub.domain-1.vn', 'a_b@sub.domain-1.vn'],
  ])('accepts %j', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value });
  });

  it('treats an empty field as valid', () => {
    expect(validateEmail(' ')).toEqual({ ok: true, value: '' });
  });

  it.each([
    'nguyenvanan',
    'nguyenvanan@',
    '@gmail.com',
    'a@@gmail.com',
    'a@b@gmail.com',
    'a@gmail',
    'a@gmail.c',
    'a@gmail.123',
    '.a@gmail.com',
    'a.@gmail.com',
    'a..b@gmail.com',
    'a@-gmail.com',
    'a@gmail-.com',
    'a@gmail..com',
    `${'a'.repeat(65)}@gmail.com`,
  ])('rejects %j with the format message', (input) => {
    expect(validateEmail(input)).toEqual({
      ok: false,
      error: 'Địa chỉ thư điện tử phải có dạng ten@tenmien (ví dụ nguyenvanan@gmail.com).',
    });
  });

  it('explains Vietnamese letters and spaces', () => {
    const accented = validateEmail('nguyễnvănan@gmail.com');
    expect(accented.ok).toBe(false);
    expect(!accented.ok && accented.error).toMatch(/chữ có dấu/);
    const nfd = validateEmail('nguyễn@gmail.com'.normalize('NFD'));
    expect(!nfd.ok && nfd.error).toMatch(/chữ có dấu/);
    expect(validateEmail('nguyen van an@gmail.com')).toEqual({
      ok: false,
      error: 'Địa chỉ thư điện tử không được có dấu cách.',
    });
  });
});
