// Numbers, money and dates as Vietnamese documents print them: "15.000 đ", "Mười lăm nghìn đồng",
// "ngày 05 tháng 3 năm 2026". Pure and locale-independent (no Intl) so output never depends on the PC.
import { formatDateTimeVn, formatDateVn, toVnParts } from '../time/vn-time';
import { numberInWords } from './amount-words';
import { dateInWords } from './date-words';

export { formatDateTimeVn, formatDateVn };

/** "1.234.567" / with fractionDigits: "1.234,50". Dot groups thousands, comma marks decimals. */
export function formatNumberVn(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) {
    throw new RangeError(`Không định dạng được số: ${value}`);
  }
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  // No "-0" when a small negative rounds to zero.
  const negative = value < 0 && /[1-9]/.test(fixed);
  return (negative ? '-' : '') + grouped + (frac ? `,${frac}` : '');
}

/** "15.000 đ"; VND has no minor unit, so amounts are rounded to whole đồng. */
export function formatMoney(amount: number): string {
  return `${formatNumberVn(amount, 0)} đ`;
}

/** Zero-padded integer: padNumber(7, 3) → "007"; the sign stays in front: padNumber(-7, 3) → "-007". */
export function padNumber(n: number, width: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Không phải số nguyên: ${n}`);
  const digits = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${digits}` : digits;
}

// The wording these older helpers always had ("hai mươi bốn"); amount-words.ts's default says "tư".
const LEGACY_VARIANT = { four: 'bốn' } as const;

/**
 * An integer in Vietnamese words, lower case: 21 → "hai mươi mốt", 105 → "một trăm linh năm",
 * 2026 → "hai nghìn không trăm hai mươi sáu"; negatives with "âm". Keeps its original choice of "bốn" after
 * "mươi". @deprecated Read through amount-words.ts (numberInWords / amountInWords), the one reader, which
 * takes the office's variant; this wrapper only keeps older callers' wording.
 */
export function numberToWords(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Không đọc được số: ${n}`);
  const words = numberInWords(Math.abs(n), { variant: LEGACY_VARIANT });
  return n < 0 ? `âm ${words}` : words;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Amount in words for receipts ("Bằng chữ: …"): 15000 → "Mười lăm nghìn đồng", 0 → "Không đồng". */
export function moneyToWords(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Số tiền phải là số nguyên đồng: ${amount}`);
  return `${capitalise(numberToWords(amount))} đồng`;
}

// Administrative style (Nghị định 30/2020/NĐ-CP): days below 10 and months 1 and 2 get a leading zero
// so that nobody can turn "1" into "11" or "12" on a signed paper.
function longDate(year: number, month: number, day: number): string {
  const mm = month <= 2 ? padNumber(month, 2) : String(month);
  return `ngày ${padNumber(day, 2)} tháng ${mm} năm ${year}`;
}

/** "ngày 28 tháng 11 năm 2026", "ngày 05 tháng 01 năm 2026" (Vietnam time). */
export function formatLongDateVn(instant: Date): string {
  const p = toVnParts(instant);
  return longDate(p.year, p.month, p.day);
}

/** "14 giờ 05 phút" (Vietnam time), as on printed receipts and appointment slips. */
export function formatTimeWordsVn(instant: Date): string {
  const p = toVnParts(instant);
  return `${padNumber(p.hour, 2)} giờ ${padNumber(p.minute, 2)} phút`;
}

// Calendar dates without a time (birth dates) travel as 'YYYY-MM-DD' keys; formatting them directly
// avoids a round trip through Date and its time zone.
function splitDateKey(key: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new RangeError(`Ngày không đúng dạng YYYY-MM-DD: ${key}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** '2026-11-28' → "28/11/2026". */
export function formatDateKeyVn(key: string): string {
  const [y, m, d] = splitDateKey(key);
  return `${padNumber(d, 2)}/${padNumber(m, 2)}/${padNumber(y, 4)}`;
}

/** '2026-11-28' → "ngày 28 tháng 11 năm 2026". */
export function formatLongDateKeyVn(key: string): string {
  const [y, m, d] = splitDateKey(key);
  return longDate(y, m, d);
}

/**
 * Date in words, capitalised: '2026-04-05' → "Ngày năm tháng tư năm hai nghìn không trăm hai mươi sáu".
 * @deprecated Use dateInWords (date-words.ts), which checks the day exists and takes the office's choices.
 */
export function dateKeyToWordsVn(key: string): string {
  return dateInWords(key, { capitalise: true, variant: LEGACY_VARIANT });
}
