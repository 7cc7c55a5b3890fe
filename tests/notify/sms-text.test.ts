import { describe, expect, it } from 'vitest';
import { smsParts, smsText, unaccented, unicodeText } from '../../main/notify/sms-text';
import { renderTemplate, unknownFields, DEFAULT_TEMPLATES } from '../../main/notify/templates';
import { buildSmsRequest } from '../../main/notify/sms-transport';
import { smsSettingsSchema, NOTICE_KINDS } from '../../shared/contract/api-notify';

describe('Vietnamese in an SMS', () => {
  it('unaccented: every Vietnamese letter loses its marks, đ/Đ become d/D, typography becomes plain, only GSM 7-bit remains', () => {
    const all = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    expect(unaccented(all)).toBe('aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd');
    expect(unaccented(all.toUpperCase())).toBe('AAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD');
    expect(unaccented('Đắk Nông – “hồ sơ” đã xong…')).toBe('Dak Nong - "ho so" da xong...');
    // NFD input (macOS, some IMEs) folds the same.
    expect(unaccented('Nguyễn Văn Đức'.normalize('NFD'))).toBe('Nguyen Van Duc');
    expect(unaccented('Lịch hẹn 😀 ngày 01/12')).toBe('Lich hen ? ngay 01/12');
  });

  it('unicode: composed (one UCS-2 unit per letter), nothing beyond the BMP', () => {
    const nfd = 'Hồ sơ đã có kết quả'.normalize('NFD');
    expect(unicodeText(nfd)).toBe('Hồ sơ đã có kết quả');
    expect(unicodeText(nfd).length).toBe(19);
    expect(unicodeText('Xin chào 😀')).toBe('Xin chào ?');
  });

  it('counts SMS parts per encoding: 70/67 for UCS-2, 160/153 septets for GSM (extension characters count twice)', () => {
    expect(smsParts('a'.repeat(70), 'unicode')).toBe(1);
    expect(smsParts('a'.repeat(71), 'unicode')).toBe(2);
    expect(smsParts('a'.repeat(134), 'unicode')).toBe(2);
    expect(smsParts('a'.repeat(160), 'unaccented')).toBe(1);
    expect(smsParts('a'.repeat(159) + '€', 'unaccented')).toBe(2);
    expect(smsParts('a'.repeat(306), 'unaccented')).toBe(2);
    expect(smsText('  Hồ  sơ \n  xong ', 'unaccented')).toBe('Ho so\nxong');
  });
});

describe('templates and the gateway request', () => {
  it('fills the fields, drops empty brackets, names unknown fields', () => {
    expect(renderTemplate('Hồ sơ {so_ho_so} ({thu_tuc}) của {nguoi_nop}', { so_ho_so: 'H42-1', nguoi_nop: 'An' })).toBe('Hồ sơ H42-1 của An');
    expect(unknownFields('{so_ho_so} {ten} {ten} {ho_ten}')).toEqual(['ten', 'ho_ten']);
    for (const kind of NOTICE_KINDS) for (const part of ['subject', 'email', 'sms'] as const) expect(unknownFields(DEFAULT_TEMPLATES[kind][part])).toEqual([]);
  });

  it('builds a JSON body with the values escaped, or a form body URL-encoded; the key and idempotency headers', () => {
    const s = smsSettingsSchema.parse({ enabled: true, url: 'https://sms.example.vn/send' });
    const r = buildSmsRequest(s, 'Bearer k', { to: '0912345678', text: 'Hồ sơ "A"\nxong', messageId: 'notice-1' });
    expect(JSON.parse(r.body)).toEqual({ to: '84912345678', text: 'Hồ sơ "A"\nxong', requestId: 'notice-1', unicode: 1 });
    expect(r.headers).toMatchObject({ authorization: 'Bearer k', 'idempotency-key': 'notice-1', 'content-type': 'application/json; charset=utf-8' });
    const form = buildSmsRequest({ ...s, contentType: 'form', phonePrefix: '0', encoding: 'unaccented', bodyTemplate: 'Phone={to}&Content={text}&SmsId={messageId}&IsUnicode={unicode}' },
      null, { to: '0912345678', text: 'Hồ sơ & kết quả', messageId: 'notice-2' });
    expect(Object.fromEntries(new URLSearchParams(form.body))).toEqual({ Phone: '0912345678', Content: 'Ho so & ket qua', SmsId: 'notice-2', IsUnicode: '0' });
    expect(form.headers.authorization).toBeUndefined();
  });
});
