// A calendar date in Vietnamese words, as civil-status papers write it next to the figures (Luật Hộ tịch
// Điều 14: the date of birth "bằng số và bằng chữ"): '2026-03-15' → "ngày mười lăm tháng ba năm hai nghìn
// không trăm hai mươi sáu".
//
// Choices (each one an option, because offices and the Ministry's guidance vary):
// - Day: the plain number by default, "ngày một", "ngày mười": the written register of dates in words on
//   issued certificates, where "ngày" already introduces the number; "mùng"/"mồng" before days 1–10 is the
//   spoken form (and the lunar calendar's), available as dayPrefix for offices that write it so. The exact
//   wording of Thông tư 04/2020/TT-BTP's filling guidance is unverified here (civil-status.md), hence the option.
// - Month: "tháng tư" for April (never "tháng bốn"), "tháng một" for January and "tháng mười hai" for December
//   (the lunar "tháng giêng"/"tháng chạp" are not used for solar dates).
// - Numbers inside follow the office's amount-words variant (linh/lẻ, nghìn/ngàn, lăm/nhăm, tư/bốn):
//   2001 → "hai nghìn không trăm linh một", 2024 → "hai nghìn không trăm hai mươi tư", day 24 → "hai mươi tư".
import { numberInWords, type AmountWordsVariant } from './amount-words';

export interface DateWordsOptions {
  /** Word before days 1–10 ("mùng một"); 'none' (default) writes "ngày một". */
  dayPrefix?: 'none' | 'mùng' | 'mồng';
  /** Upper-case first letter ("Ngày …") when the words open a line on the paper. */
  capitalise?: boolean;
  /** Number words (linh/lẻ …); defaults to the office-wide default of amount-words.ts. */
  variant?: Partial<AmountWordsVariant>;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** 'YYYY-MM-DD' → [y, m, d] for a real calendar day (no 31 April, 29 February only in leap years). */
export function parseDateKey(key: string): [number, number, number] {
  const m = typeof key === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(key) : null;
  if (!m) throw new RangeError(`Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-03-15 (nhận được: ${String(key)}).`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12) throw new RangeError(`Không có tháng ${m[2]} năm ${m[1]}: hãy kiểm tra lại ngày ${key}.`);
  const last = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1];
  if (d < 1 || d > last) throw new RangeError(`Tháng ${mo}/${y} không có ngày ${m[3]} (chỉ có ${last} ngày): hãy kiểm tra lại ngày ${key}.`);
  return [y, mo, d];
}

/** The month's name after "tháng": 4 → "tư", 1 → "một", 12 → "mười hai". */
export function monthInWords(month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Tháng phải từ 1 đến 12 (nhận được: ${month}).`);
  return month === 4 ? 'tư' : numberInWords(month);
}

/** '2026-03-15' → "ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu". */
export function dateInWords(key: string, options: DateWordsOptions = {}): string {
  const [y, m, d] = parseDateKey(key);
  const words = { variant: options.variant };
  const prefix = options.dayPrefix && options.dayPrefix !== 'none' && d <= 10 ? `${options.dayPrefix} ` : '';
  const text = `ngày ${prefix}${numberInWords(d, words)} tháng ${monthInWords(m)} năm ${numberInWords(y, words)}`;
  return options.capitalise ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
