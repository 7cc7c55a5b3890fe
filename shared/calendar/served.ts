// The dates the calendar can answer for, and the strict checks every date and instant entering the app goes
// through (the API contract's date and instant schemas, the CLI). A date that does not exist (2026-02-30) or
// that lies outside the lunar tables would otherwise be rolled over by Date or throw deep inside a due-date
// computation, long after it was stored.
import { dayNumberFromParts, daysInMonth, formatCivilDate, partsFromDayNumber } from './civil-date';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR } from './lunar';

/** Years the holiday rules can be computed for: Tết and Giỗ Tổ come from the lunar tables. */
export const CALENDAR_FIRST_YEAR = LUNAR_MIN_YEAR;
export const CALENDAR_LAST_YEAR = LUNAR_MAX_YEAR;

/**
 * Years a date or instant given to the app may fall in. The last two years of the tables are kept free
 * because a due date runs past its receipt (at most 365 working days, under two years), and a due date
 * past the tables cannot be computed.
 */
export const SERVED_FIRST_YEAR = CALENDAR_FIRST_YEAR;
export const SERVED_LAST_YEAR = CALENDAR_LAST_YEAR - 2;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

function checkParts(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `Không có tháng ${month} — hãy nhập lại ngày.`;
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) {
    return `Ngày ${pad(day)}/${pad(month)}/${year} không có (tháng ${month} năm ${year} có ${max} ngày) — hãy nhập lại.`;
  }
  if (year < SERVED_FIRST_YEAR || year > SERVED_LAST_YEAR) {
    return `Năm ${year} nằm ngoài lịch của ứng dụng (${SERVED_FIRST_YEAR}–${SERVED_LAST_YEAR}) — hãy nhập lại.`;
  }
  return null;
}

/** A calendar date 'YYYY-MM-DD' that exists and lies in the served years; the error is Vietnamese. */
export function checkServedDate(text: string): Checked<string> {
  const m = DATE_RE.exec(text);
  if (!m) return { ok: false, error: 'Ngày phải có dạng năm-tháng-ngày, VD 2026-02-17 — hãy nhập lại.' };
  const error = checkParts(Number(m[1]), Number(m[2]), Number(m[3]));
  return error ? { ok: false, error } : { ok: true, value: text };
}

export function isServedDate(text: string): boolean {
  return checkServedDate(text).ok;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;
const INSTANT_FORMAT = 'Thời điểm phải có dạng 2026-02-17T09:30:00+07:00 (có múi giờ) — hãy nhập lại.';
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * An ISO 8601 instant with an explicit offset (or Z) whose every part exists: Date.parse would turn
 * 2026-02-30 into 2 March and accept hour 24. Its Vietnam calendar day must lie in the served years.
 */
export function checkServedInstant(text: string): Checked<Date> {
  const m = INSTANT_RE.exec(text);
  if (!m) return { ok: false, error: INSTANT_FORMAT };
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const dateError = checkParts(year, month, day);
  if (dateError && !dateError.startsWith('Năm')) return { ok: false, error: dateError };
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: `Giờ ${pad(hour)}:${pad(minute)}:${pad(second)} không có — hãy nhập giờ từ 00:00 đến 23:59.` };
  }
  let offsetMs = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 14 || om > 59) return { ok: false, error: `Múi giờ ${m[8]} không có — hãy dùng +07:00 (giờ Việt Nam).` };
    offsetMs = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const ms = (dayNumberFromParts(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + fraction - offsetMs;
  // The served years are those of the Vietnam calendar day the instant falls on.
  const vn = partsFromDayNumber(Math.floor((ms + VN_OFFSET_MS) / 86_400_000));
  if (vn.year < SERVED_FIRST_YEAR || vn.year > SERVED_LAST_YEAR) {
    return { ok: false, error: `Năm ${vn.year} nằm ngoài lịch của ứng dụng (${SERVED_FIRST_YEAR}–${SERVED_LAST_YEAR}) — hãy nhập lại.` };
  }
  return { ok: true, value: new Date(ms) };
}

/** The served range as 'YYYY-MM-DD' keys, for messages and pickers. */
export const SERVED_RANGE = {
  first: formatCivilDate(SERVED_FIRST_YEAR, 1, 1),
  last: formatCivilDate(SERVED_LAST_YEAR, 12, 31),
} as const;
