// Date and number wording printed on the forms, in Vietnam time. Kept local so the documents module
// does not depend on other formatting helpers that may change independently.
import { toVnParts } from '../../shared/time/vn-time';

/** Day, month, year as Nghị định 30/2020 writes them: days below 10 and months 1–2 get a leading 0. */
export function dateParts(instant: Date): { day: string; month: string; year: string } {
  const p = toVnParts(instant);
  return {
    day: String(p.day).padStart(2, '0'),
    month: p.month <= 2 ? String(p.month).padStart(2, '0') : String(p.month),
    year: String(p.year),
  };
}

/** "14 giờ 05 phút, ngày 28 tháng 11 năm 2026" */
export function timeAndDateWords(instant: Date): string {
  const p = toVnParts(instant);
  const d = dateParts(instant);
  const hh = String(p.hour).padStart(2, '0');
  const mm = String(p.minute).padStart(2, '0');
  return `${hh} giờ ${mm} phút, ngày ${d.day} tháng ${d.month} năm ${d.year}`;
}

/** Counts on the forms are written with two digits ("01", "12"), as on hand-filled slips. */
export function countText(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Invalid count: ${n}`);
  return String(n).padStart(2, '0');
}

/** "28/11/2026" in Vietnam time. */
export function shortDate(instant: Date): string {
  const p = toVnParts(instant);
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
}

/** "14:05" in Vietnam time. */
export function shortTime(instant: Date): string {
  const p = toVnParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** A calendar day key 'YYYY-MM-DD' as printed, "01/11/2026". */
export function dayKeyText(key: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new Error(`Invalid calendar day: ${key}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}
