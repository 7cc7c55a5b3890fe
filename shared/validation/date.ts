// Calendar dates typed at the counter (birth, death, marriage dates). Stored as 'YYYY-MM-DD' keys: a date
// of birth is a calendar day, not an instant, so it never goes through Date and time zones.
import { formatDateKeyVn, padNumber } from '../text/format';
import type { Checked } from './result';

export interface DateParseOptions {
  /** Latest accepted date, 'YYYY-MM-DD' (e.g. today for a birth date). */
  notAfter?: string;
  /** Earliest accepted date, 'YYYY-MM-DD'. */
  notBefore?: string;
  /** Field name at the start of messages, e.g. "Ngày sinh"; default "Ngày". */
  label?: string;
}

// Below this a typed year is a typo rather than an old record.
const MIN_YEAR = 1800;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian days in a month (month 1–12); arithmetic rather than Date, which maps years 0–99 to 19xx. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** True for a real calendar day written as 'YYYY-MM-DD'. */
export function isValidDateKey(key: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function toKey(y: number, m: number, d: number): string {
  return `${padNumber(y, 4)}-${padNumber(m, 2)}-${padNumber(d, 2)}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Day, month, year from the accepted layouts, or null. */
function splitTyped(text: string): [number, number, number] | null {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => [number, number, number]]> = [
    [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, (m) => [Number(m[1]), Number(m[2]), Number(m[3])]], // d/m/yyyy
    [/^(\d{2})(\d{2})(\d{4})$/, (m) => [Number(m[1]), Number(m[2]), Number(m[3])]], // ddmmyyyy
    [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (m) => [Number(m[3]), Number(m[2]), Number(m[1])]], // pasted ISO
  ];
  for (const [re, pick] of patterns) {
    const m = re.exec(text);
    if (m) return pick(m);
  }
  return null;
}

function checkBound(bound: string | undefined, name: string): void {
  if (bound !== undefined && !isValidDateKey(bound)) throw new RangeError(`${name} không phải ngày YYYY-MM-DD: ${bound}`);
}

/**
 * Parses dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy and pasted yyyy-mm-dd) to
 * 'YYYY-MM-DD', with a Vietnamese message for empty, malformed or impossible dates or dates outside
 * notBefore..notAfter. Two-digit years are refused: for birth dates the century is genuinely ambiguous.
 */
export function parseDateVn(input: string, opts: DateParseOptions = {}): Checked<string> {
  checkBound(opts.notAfter, 'notAfter');
  checkBound(opts.notBefore, 'notBefore');
  const label = opts.label ?? 'Ngày';
  const text = input.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '');
  if (text === '') return { ok: false, error: `Chưa nhập ${lowerFirst(label)}.` };

  const parts = splitTyped(text);
  if (!parts) {
    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text) || /^\d{6}$/.test(text)) {
      return { ok: false, error: `${label}: năm phải ghi đủ 4 chữ số (ví dụ 05/03/1990).` };
    }
    return { ok: false, error: `${label} phải ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1990.` };
  }
  const [d, m, y] = parts;
  if (m < 1 || m > 12) return { ok: false, error: `${label} không hợp lệ: không có tháng ${m}.` };
  if (y < MIN_YEAR) return { ok: false, error: `${label} không hợp lệ: năm ${y}.` };
  const maxDay = daysInMonth(y, m);
  if (d < 1 || d > maxDay) {
    const reason = d < 1 || d > 31 ? `không có ngày ${d}` : `tháng ${m} năm ${y} chỉ có ${maxDay} ngày`;
    return { ok: false, error: `${label} không hợp lệ: ${reason}.` };
  }
  const value = toKey(y, m, d);
  // 'YYYY-MM-DD' keys compare correctly as strings.
  if (opts.notAfter !== undefined && value > opts.notAfter) {
    return { ok: false, error: `${label} không được sau ngày ${formatDateKeyVn(opts.notAfter)}.` };
  }
  if (opts.notBefore !== undefined && value < opts.notBefore) {
    return { ok: false, error: `${label} không được trước ngày ${formatDateKeyVn(opts.notBefore)}.` };
  }
  return { ok: true, value };
}
