// Contact fields typed at the counter or copied from old records. Both are optional on most forms, so an
// empty input is valid here and the form decides whether the field is required.
import { toNfc } from '../text/vietnamese';
import type { Checked } from './result';

export type PhoneKind = 'mobile' | 'landline';

export type PhoneResult = { ok: true; value: string; kind: PhoneKind | null } | { ok: false; error: string };

const MOBILE_PREFIXES = new Set(['03', '05', '07', '08', '09']);

// 11-digit mobile numbers were moved to 10 digits in 2018 (Bộ TT&TT); the subscriber part was kept, so the
// new number can be suggested for old records.
const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038',
  '0169': '039', '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078', '0123': '083',
  '0124': '084', '0125': '085', '0127': '081', '0129': '082', '0186': '056', '0188': '058', '0199': '059',
};

/** National digits ("0…") from what was typed, after removing separators and a +84 / 84 / 0084 prefix. */
function toNationalDigits(text: string): string {
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) digits = digits.slice(2); // the caller has checked it is +84
  else if (digits.startsWith('0084')) digits = digits.slice(4);
  // National numbers start with 0, so a leading 84 on a long enough number can only be the country code.
  else if (digits.startsWith('84') && digits.length >= 11) digits = digits.slice(2);
  else return digits;
  return digits.startsWith('0') ? digits : `0${digits}`; // "+84 (0) 912 …" is also seen
}

/**
 * Vietnamese phone number → "0912345678". Mobile: 10 digits starting 03/05/07/08/09; landline: 11 digits
 * starting 02. Accepts +84, 84 and 0084 prefixes and spaces, dots, dashes and parentheses.
 */
export function validatePhoneVn(s: string): PhoneResult {
  const text = toNfc(s).trim();
  if (text === '') return { ok: true, value: '', kind: null };
  if (!/^\+?[\d\s.\-()]+$/.test(text)) {
    return { ok: false, error: 'Số điện thoại chỉ gồm chữ số; được dùng dấu cách, dấu chấm, dấu gạch ngang.' };
  }
  if (text.startsWith('+') && !text.replace(/\D/g, '').startsWith('84')) {
    return { ok: false, error: 'Chỉ nhận số điện thoại Việt Nam (mã quốc gia +84).' };
  }
  const national = toNationalDigits(text);
  if (!national.startsWith('0')) {
    return { ok: false, error: 'Số điện thoại phải bắt đầu bằng 0 hoặc +84.' };
  }
  const prefix = national.slice(0, 2);
  if (MOBILE_PREFIXES.has(prefix)) {
    if (national.length === 10) return { ok: true, value: national, kind: 'mobile' };
    return { ok: false, error: `Số di động phải gồm đúng 10 chữ số (đang có ${national.length}), ví dụ 0912 345 678.` };
  }
  if (prefix === '02') {
    if (national.length === 11) return { ok: true, value: national, kind: 'landline' };
    return {
      ok: false,
      error: `Số cố định phải gồm đúng 11 chữ số kể cả mã vùng (đang có ${national.length}), ví dụ 024 3825 1234.`,
    };
  }
  const newPrefix = OLD_MOBILE_PREFIXES[national.slice(0, 4)];
  if (newPrefix && national.length === 11) {
    const suggestion = newPrefix + national.slice(4);
    return {
      ok: false,
      error: `Đầu số ${national.slice(0, 4)} đã chuyển thành ${newPrefix} từ năm 2018; số mới có thể là ${suggestion}.`,
    };
  }
  return { ok: false, error: `Đầu số ${prefix} không phải đầu số điện thoại Việt Nam đang dùng.` };
}

/** Display form of a normalized number: "0912 345 678", "024 3825 1234"; anything else unchanged. */
export function formatPhoneVn(national: string): string {
  if (/^0[35789]\d{8}$/.test(national)) {
    return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  }
  if (/^02\d{9}$/.test(national)) {
    return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  }
  return national;
}

const EMAIL_FORMAT_ERROR = 'Địa chỉ thư điện tử phải có dạng ten@tenmien (ví dụ nguyenvanan@gmail.com).';
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Practical e-mail check (not full RFC 5322): one @, dot-separated local part, a domain of at least two
 * labels ending in an alphabetic TLD. Returns the address with the domain lower-cased.
 */
export function validateEmail(s: string): Checked<string> {
  const text = toNfc(s).trim();
  if (text === '') return { ok: true, value: '' };
  // Typing an address with the Vietnamese keyboard still on is the commonest mistake at the counter.
  if (/[^\x20-\x7E]/.test(text)) {
    return { ok: false, error: 'Địa chỉ thư điện tử không được có chữ có dấu hoặc ký tự đặc biệt (hãy tắt bộ gõ tiếng Việt).' };
  }
  if (/\s/.test(text)) return { ok: false, error: 'Địa chỉ thư điện tử không được có dấu cách.' };
  const parts = text.split('@');
  if (parts.length !== 2) return { ok: false, error: EMAIL_FORMAT_ERROR };
  const [local, domain] = parts;
  const labels = domain.split('.');
  const valid =
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
  if (!valid) return { ok: false, error: EMAIL_FORMAT_ERROR };
  return { ok: true, value: `${local}@${domain.toLowerCase()}` };
}
