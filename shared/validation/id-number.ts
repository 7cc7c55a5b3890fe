// The 12-digit personal ID number (số định danh cá nhân, printed on the CCCD/Căn cước card).
// Layout: 3 digits province of birth registration, 1 digit sex + century, 2 digits birth year, 6 random.
// Only the format is an error; the meaning of the digits is checked as warnings because old records
// carry numbers issued with anomalies that staff must still be able to enter.
import { provinceNameByCode } from './province-codes';

export type Sex = 'male' | 'female';

export interface IdNumberOptions {
  /** Birth year entered on the form; a different year in the number is a warning. */
  birthYear?: number;
  /** Sex entered on the form; a different sex in the number is a warning. */
  sex?: Sex;
  /** Today's year (Vietnam time); when given, a birth year after it is a warning. */
  currentYear?: number;
}

export interface IdNumberResult {
  ok: boolean;
  /** Input with whitespace removed: digits only whenever ok is true. */
  value: string;
  errors: string[];
  warnings: string[];
}

export interface IdNumberInfo {
  provinceCode: string;
  /** null when the code is not one of the 63 pre-2025 provinces. */
  provinceName: string | null;
  sex: Sex;
  /** First year of the century of birth: 1900 for digit 0/1, 2000 for 2/3, 2100 for 4/5, … */
  century: number;
  birthYearTwoDigits: string;
  /** century + the two year digits, e.g. 1990. */
  birthYear: number;
}

const SEX_LABEL: Record<Sex, string> = { male: 'nam', female: 'nữ' };

function stripSpaces(s: string): string {
  return s.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
}

/**
 * Decodes a well-formed number; null when it is not exactly 12 digits. The sex/century digit follows
 * Thông tư 59/2021/TT-BCA: even = male, odd = female, each pair one century from 1900 (0/1) to 2300 (8/9).
 */
export function describeIdNumber(s: string): IdNumberInfo | null {
  const digits = stripSpaces(s);
  if (!/^\d{12}$/.test(digits)) return null;
  const provinceCode = digits.slice(0, 3);
  const centuryDigit = Number(digits[3]);
  const birthYearTwoDigits = digits.slice(4, 6);
  const century = 1900 + Math.floor(centuryDigit / 2) * 100;
  return {
    provinceCode,
    provinceName: provinceNameByCode(provinceCode),
    sex: centuryDigit % 2 === 0 ? 'male' : 'female',
    century,
    birthYearTwoDigits,
    birthYear: century + Number(birthYearTwoDigits),
  };
}

function formatErrors(value: string): string[] {
  if (value === '') return ['Chưa nhập số định danh cá nhân.'];
  if (!/^\d+$/.test(value)) return ['Số định danh cá nhân chỉ gồm chữ số.'];
  if (value.length === 9) {
    return ['Số định danh cá nhân phải gồm đúng 12 chữ số. Số 9 chữ số là số Chứng minh nhân dân cũ, không dùng thay được.'];
  }
  if (value.length !== 12) {
    return [`Số định danh cá nhân phải gồm đúng 12 chữ số (đang có ${value.length} chữ số).`];
  }
  return [];
}

/** Strict format check (12 digits, spaces allowed) plus warnings about what the digits say. */
export function validateIdNumber(s: string, opts: IdNumberOptions = {}): IdNumberResult {
  const value = stripSpaces(s);
  const errors = formatErrors(value);
  const info = errors.length === 0 ? describeIdNumber(value) : null;
  if (!info) return { ok: false, value, errors, warnings: [] };

  const warnings: string[] = [];
  if (info.provinceName === null) {
    warnings.push(`Mã tỉnh ${info.provinceCode} (3 chữ số đầu) không có trong danh sách 63 tỉnh, thành phố.`);
  }
  if (info.century >= 2100) {
    warnings.push(
      `Chữ số thứ 4 (${value[3]}) chỉ người sinh từ năm ${info.century} trở đi: không hợp lý, đề nghị kiểm tra lại.`,
    );
  } else if (opts.currentYear !== undefined && info.birthYear > opts.currentYear) {
    warnings.push(`Năm sinh theo số định danh (${info.birthYear}) ở tương lai: đề nghị kiểm tra lại.`);
  }
  if (opts.birthYear !== undefined && opts.birthYear !== info.birthYear) {
    warnings.push(
      `Năm sinh theo số định danh (${info.birthYear}) không khớp với năm sinh đã nhập (${opts.birthYear}).`,
    );
  }
  if (opts.sex !== undefined && opts.sex !== info.sex) {
    warnings.push(
      `Giới tính theo số định danh (${SEX_LABEL[info.sex]}) không khớp với giới tính đã nhập (${SEX_LABEL[opts.sex]}).`,
    );
  }
  return { ok: true, value, errors, warnings };
}
