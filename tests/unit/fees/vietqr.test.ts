import { describe, expect, it } from 'vitest';
import {
  buildVietQr, crc16CcittFalse, foldTransferContent, parseTlv, parseVietQr, vietQrPayload, VietQrError,
} from '../../../shared/fees/vietqr';

// Published example (subiz/vietqr README, quoted in fees.md): 120.000 đ to VietinBank 0011001932418.
const PUBLISHED =
  '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the catalogue check value (CRC RevEng: "123456789" → 0x29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });
  it('pads to four upper-case hex digits', () => {
    expect(crc16CcittFalse('')).toBe('FFFF');
    for (const s of ['a', 'VN', '6304', PUBLISHED]) expect(crc16CcittFalse(s)).toMatch(/^[0-9A-F]{4}$/);
  });
});

describe('VietQR payload', () => {
  it('reproduces the published example exactly', () => {
    expect(vietQrPayload({ bin: '970415', account: '0011001932418', amount: 120000, content: 'ung ho lu lut' })).toBe(PUBLISHED);
  });

  it('parses the published example back, CRC checked', () => {
    expect(parseVietQr(PUBLISHED)).toMatchObject({
      payloadFormat: '01', initiation: 'dynamic', guid: 'A000000727', bin: '970415', account: '0011001932418',
      service: 'account', currency: '704', amount: 120000, country: 'VN', content: 'ung ho lu lut', crc: 'C15C',
    });
  });

  it('static code: initiation 11 and no amount field', () => {
    const p = vietQrPayload({ bin: '970436', account: '1234567890', content: 'Lệ phí hồ sơ' });
    const fields = parseTlv(p);
    expect(fields.map((f) => f.id)).toEqual(['00', '01', '38', '53', '58', '62', '63']);
    expect(fields[1]).toEqual({ id: '01', value: '11' });
    expect(parseVietQr(p)).toMatchObject({ initiation: 'static', amount: undefined, bin: '970436', content: 'Le phi ho so' });
    expect(p.slice(-4)).toBe(crc16CcittFalse(p.slice(0, -4)));
  });

  it('dynamic code: fields in EMVCo order, lengths right, CRC over "6304"', () => {
    const p = vietQrPayload({ bin: '970405', account: '1500201234567', amount: 15000, content: '000.00.13.H42-261128-0001' });
    const fields = parseTlv(p);
    expect(fields.map((f) => f.id)).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(Object.fromEntries(fields.map((f) => [f.id, f.value]))).toMatchObject({ '00': '01', '01': '12', '53': '704', '54': '15000', '58': 'VN' });
    const merchant = parseTlv(fields[2].value);
    expect(merchant).toEqual([
      { id: '00', value: 'A000000727' },
      { id: '01', value: '0006970405' + '0113' + '1500201234567' },
      { id: '02', value: 'QRIBFTTA' },
    ]);
    expect(p).toContain('6304');
    expect(p.slice(-8, -4)).toBe('6304');
    expect(p.slice(-4)).toBe(crc16CcittFalse(p.slice(0, -4)));
    expect(parseVietQr(p).content).toBe('000.00.13.H42-261128-0001');
  });

  it('no content → no field 62; card service → QRIBFTTC', () => {
    const p = vietQrPayload({ bin: '970418', account: '9704180000000001', amount: 8000, service: 'card' });
    expect(parseTlv(p).map((f) => f.id)).not.toContain('62');
    expect(parseVietQr(p)).toMatchObject({ service: 'card', content: undefined, amount: 8000 });
  });

  it.each([
    [{ bin: '97041', account: '123' }, /BIN.*6 chữ số/],
    [{ bin: '97041A', account: '123' }, /BIN.*6 chữ số/],
    [{ bin: '', account: '123' }, /BIN/],
    [{ bin: '970415', account: '' }, /Số tài khoản/],
    [{ bin: '970415', account: '0011 0019' }, /Số tài khoản/],
    [{ bin: '970415', account: 'Tài khoản' }, /Số tài khoản/],
    [{ bin: '970415', account: '12345678901234567890' }, /tối đa|1 đến 19/],
    [{ bin: '970415', account: '123', amount: 0 }, /Số tiền/],
    [{ bin: '970415', account: '123', amount: -5 }, /Số tiền/],
    [{ bin: '970415', account: '123', amount: 1500.5 }, /Số tiền/],
    [{ bin: '970415', account: '123', amount: 1e14 }, /Số tiền/],
  ])('refuses %o with a Vietnamese message', (input, message) => {
    expect(() => buildVietQr(input)).toThrow(VietQrError);
    expect(() => buildVietQr(input)).toThrow(message);
  });
});

describe('transfer content', () => {
  it.each([
    ['ung ho lu lut', 'ung ho lu lut', ''],
    ['Lệ phí xác nhận tình trạng hôn nhân', 'Le phi xac nhan tinh tran', 'g hon nhan'],
    ['Đặng Thị Ánh — HS 0001', 'Dang Thi Anh HS 0001', ''],
    ['Nộp phí: hồ sơ #12 (bản sao)', 'Nop phi ho so 12 ban sao', ''],
    ['  nhiều   khoảng   trắng  ', 'nhieu khoang trang', ''],
    ['Lệ phí ĐĂNG KÝ KHAI SINH lần 2', 'Le phi DANG KY KHAI SINH', 'lan 2'],
    ['', '', ''],
  ])('%s → "%s" (cut "%s")', (text, content, cut) => {
    expect(foldTransferContent(text)).toEqual({ content, cut });
  });

  it('NFD input folds like NFC', () => {
    expect(foldTransferContent('Nguyễn Văn Đức'.normalize('NFD')).content).toBe('Nguyen Van Duc');
  });

  it('always ASCII and at most 25 characters', () => {
    for (const text of ['ưởng ượng ỹ ỵ ữ', 'x'.repeat(100), '中文 テスト 😀 abc', '\u0000\u001f tab\tnew\nline']) {
      const { content } = foldTransferContent(text);
      expect(content).toMatch(/^[\x20-\x7e]*$/);
      expect(content.length).toBeLessThanOrEqual(25);
      expect(content).toBe(content.trim());
    }
  });

  it('buildVietQr reports what it cut', () => {
    const r = buildVietQr({ bin: '970415', account: '1', amount: 15000, content: 'Lệ phí cấp bản sao trích lục khai sinh' });
    expect(r.content).toEqual({ content: 'Le phi cap ban sao trich', cut: 'luc khai sinh' });
    expect(parseVietQr(r.payload).content).toBe('Le phi cap ban sao trich');
  });
});

describe('parseVietQr refuses broken codes', () => {
  it.each([
    [PUBLISHED.slice(0, -4) + 'C15D', /mã kiểm tra là C15D, đúng ra phải là C15C/],
    [PUBLISHED.replace('120000', '920000'), /mã kiểm tra/],
    [PUBLISHED.slice(0, -8), /thiếu mã kiểm tra/],
    [PUBLISHED.slice(0, 30), /cắt cụt|không đọc được|thiếu/],
    ['hello', /không đọc được/],
    ['', /thiếu mã kiểm tra/],
  ])('%s', (payload, message) => {
    expect(() => parseVietQr(payload)).toThrow(VietQrError);
    expect(() => parseVietQr(payload)).toThrow(message);
  });

  it('a valid EMVCo payload that is not VietQR', () => {
    const body = '000201010211' + '26100006abcdef' + '5303704' + '5802VN' + '6304';
    expect(() => parseVietQr(body + crc16CcittFalse(body))).toThrow(/Không phải mã VietQR/);
  });
});
