// Numbers, money and dates as Vietnamese documents print them: "15.000 đ", "Mười lăm nghìn đồng",
// "ngày 05 tháng 3 năm 2026". Pure and locale-independent (no Intl) so output never depends on the PC.
import { formatDateTimeVn, formatDateVn, toVnParts } from '../time/vn-time';

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

const DIGIT_WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/**
 * One group of three digits. `full` = a higher group was already read, so the group is read in full
 * ("không trăm", "linh") as in 1.005.000 → "một triệu không trăm linh năm nghìn".
 */
function readTriple(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const out: string[] = [];
  if (full || h > 0) out.push(DIGIT_WORDS[h], 'trăm');
  if (t === 0) {
    if (u > 0 && (full || h > 0)) out.push('linh');
  } else if (t === 1) {
    out.push('mười');
  } else {
    out.push(DIGIT_WORDS[t], 'mươi');
  }
  if (u === 0) return out;
  if (u === 1 && t >= 2) out.push('mốt');
  else if (u === 5 && t >= 1) out.push('lăm');
  else out.push(DIGIT_WORDS[u]);
  return out;
}

function readBelowBillion(n: number, full: boolean): string[] {
  const groups: Array<[number, string]> = [
    [Math.floor(n / 1_000_000), 'triệu'],
    [Math.floor(n / 1_000) % 1_000, 'nghìn'],
    [n % 1_000, ''],
  ];
  const out: string[] = [];
  let started = full;
  for (const [value, unit] of groups) {
    if (value === 0) continue; // an all-zero group is skipped: 1.000.005 → "một triệu không trăm linh năm"
    out.push(...readTriple(value, started));
    if (unit) out.push(unit);
    started = true;
  }
  return out;
}

// Above a billion the count of tỷ is itself read as a number: 1.000.000.000.000 → "một nghìn tỷ".
function readPositive(n: number, full: boolean): string[] {
  if (n < 1_000_000_000) return readBelowBillion(n, full);
  const high = Math.floor(n / 1_000_000_000);
  const low = n % 1_000_000_000;
  const out = [...readPositive(high, full), 'tỷ'];
  if (low > 0) out.push(...readBelowBillion(low, true));
  return out;
}

/**
 * An integer in Vietnamese words, lower case: 21 → "hai mươi mốt", 105 → "một trăm linh năm",
 * 2026 → "hai nghìn không trăm hai mươi sáu". Choices: "lăm" (not "nhăm"), "linh" (not "lẻ"),
 * "bốn" after "mươi" (not "tư"), "nghìn" (not "ngàn").
 */
export function numberToWords(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Không đọc được số: ${n}`);
  if (n === 0) return 'không';
  const words = readPositive(Math.abs(n), false).join(' ');
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
 * Date in words, as the birth certificate requires next to the figures:
 * '2026-04-05' → "Ngày năm tháng tư năm hai nghìn không trăm hai mươi sáu" (month 4 is read "tư").
 */
export function dateKeyToWordsVn(key: string): string {
  const [y, m, d] = splitDateKey(key);
  const month = m === 4 ? 'tư' : numberToWords(m);
  return `Ngày ${numberToWords(d)} tháng ${month} năm ${numberToWords(y)}`;
}
