// The marital-status confirmation (Giấy xác nhận tình trạng hôn nhân) is valid for 6 months from the day it is
// issued (Nghị định 123/2015/NĐ-CP Điều 23), and is issued for one purpose: a second one for the same person and
// purpose is refused while the first is still valid.
import { addDays, daysInMonth, formatCivilDate, parseCivilDate } from '../calendar/civil-date';

export const MARITAL_STATUS_VALID_MONTHS = 6;

/**
 * The last Vietnam day the paper is valid: the day before the same day of the month six months on
 * (issued 15/03 → valid through 14/09); when that month has no such day, through its last day
 * (issued 31/08 → through 28/02 or 29/02).
 */
export function maritalStatusValidUntil(issuedOn: string, months = MARITAL_STATUS_VALID_MONTHS): string {
  const p = parseCivilDate(issuedOn);
  if (!p) throw new RangeError(`not a date: ${issuedOn}`);
  const m0 = p.month - 1 + months;
  const year = p.year + Math.floor(m0 / 12);
  const month = (m0 % 12) + 1;
  const last = daysInMonth(year, month);
  if (p.day > last) return formatCivilDate(year, month, last);
  return addDays(formatCivilDate(year, month, p.day), -1);
}

export function isValidOn(validUntil: string, day: string): boolean {
  return day <= validUntil;
}

/**
 * The purpose as compared for "the same purpose": NFC, lower case, single spaces, no closing punctuation.
 * "Để đăng ký kết hôn." and "để  đăng ký kết hôn" are the same purpose.
 */
export function purposeKey(purpose: string): string {
  return purpose.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim().replace(/[.;,!\s]+$/u, '');
}
