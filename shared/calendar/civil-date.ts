// Plain calendar dates ('YYYY-MM-DD', proleptic Gregorian) handled as integer day numbers, so nothing here
// depends on the machine's time zone or on Date's local-time methods.

export interface CivilParts {
  year: number;
  month: number; // 1–12
  day: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses and validates 'YYYY-MM-DD'; null for bad format or a date that does not exist (2025-02-29). */
export function parseCivilDate(text: string): CivilParts | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidCivilDate(text: string): boolean {
  return parseCivilDate(text) !== null;
}

export function assertCivilDate(text: string): CivilParts {
  const parts = parseCivilDate(text);
  if (!parts) throw new RangeError(`Invalid calendar date '${text}' (expected an existing date as YYYY-MM-DD)`);
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatCivilDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 (the UTC epoch day); Hinnant's days_from_civil, exact integer arithmetic. */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function partsFromDayNumber(dayNumber: number): CivilParts {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function toDayNumber(date: string): number {
  const p = assertCivilDate(date);
  return dayNumberFromParts(p.year, p.month, p.day);
}

export function fromDayNumber(dayNumber: number): string {
  const p = partsFromDayNumber(dayNumber);
  return formatCivilDate(p.year, p.month, p.day);
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`addDays needs an integer number of days, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function isoWeekday(date: string): number {
  return isoWeekdayOfDayNumber(toDayNumber(date));
}

/** -1, 0 or 1; both arguments are validated. */
export function compareCivilDates(a: string, b: string): number {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}
