// Numbers and amounts in Vietnamese words, as receipts ("Bằng chữ: Mười lăm nghìn đồng") and certificates
// (dates in words) print them. Pure and locale-independent.
//
// Regional readings differ and offices choose theirs, so the choice is data (AmountWordsVariant):
//   zeroTens  "linh" (north, official) | "lẻ" (south)          105 → một trăm linh năm / một trăm lẻ năm
//   thousand  "nghìn" (north, official) | "ngàn" (south)        1.000 → một nghìn / một ngàn
//   five      "lăm" | "nhăm" (colloquial north)  only after a tens word ≥ 20: 25 → hai mươi lăm / hai mươi nhăm
//             (15 is always "mười lăm"; 5 and 105 are always "năm")
//   four      "tư" | "bốn"                       only after a tens word ≥ 20: 24 → hai mươi tư / hai mươi bốn
//             (14 is always "mười bốn"; 4 and 104 are always "bốn")
// The default is the northern style of school textbooks and administrative papers: linh, nghìn, lăm, tư.
// Fixed rules whatever the variant: 1 after a tens word ≥ 20 is "mốt" (21 hai mươi mốt, 11 mười một),
// 10–19 are "mười …" never "một mươi", and a group after a higher one is read in full ("không trăm", "linh"):
// 1.005.000 → một triệu không trăm linh năm nghìn; an all-zero group is skipped: 1.000.005 → một triệu không
// trăm linh năm.

export interface AmountWordsVariant {
  zeroTens: 'linh' | 'lẻ';
  thousand: 'nghìn' | 'ngàn';
  five: 'lăm' | 'nhăm';
  four: 'tư' | 'bốn';
}

export const DEFAULT_AMOUNT_WORDS_VARIANT: Readonly<AmountWordsVariant> = Object.freeze({
  zeroTens: 'linh',
  thousand: 'nghìn',
  five: 'lăm',
  four: 'tư',
});

/** Named presets an office can pick from; any field can still be set on its own. */
export const AMOUNT_WORDS_PRESETS: Readonly<Record<'north' | 'south', Readonly<AmountWordsVariant>>> = Object.freeze({
  north: DEFAULT_AMOUNT_WORDS_VARIANT,
  south: Object.freeze({ zeroTens: 'lẻ', thousand: 'ngàn', five: 'lăm', four: 'bốn' } as const),
});

const VARIANT_CHOICES: { [K in keyof AmountWordsVariant]: readonly AmountWordsVariant[K][] } = {
  zeroTens: ['linh', 'lẻ'],
  thousand: ['nghìn', 'ngàn'],
  five: ['lăm', 'nhăm'],
  four: ['tư', 'bốn'],
};

/**
 * The full variant from an office's stored (possibly partial, possibly stale) choice: unknown fields and
 * unknown values fall back to the default, so a bad setting never stops a receipt from printing.
 */
export function resolveAmountWordsVariant(choice?: Partial<AmountWordsVariant> | null): AmountWordsVariant {
  const out: AmountWordsVariant = { ...DEFAULT_AMOUNT_WORDS_VARIANT };
  if (!choice || typeof choice !== 'object') return out;
  for (const key of Object.keys(VARIANT_CHOICES) as (keyof AmountWordsVariant)[]) {
    const value = choice[key];
    if ((VARIANT_CHOICES[key] as readonly string[]).includes(value as string)) {
      (out as unknown as Record<string, string>)[key] = value as string;
    }
  }
  return out;
}

/** Largest amount a receipt reads: 999.999.999.999 đ (just under a thousand tỷ). */
export const MAX_AMOUNT_IN_WORDS = 999_999_999_999;

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** One group of three digits; `full` = a higher group was already read, so hundreds and "linh" are spoken. */
function readTriple(n: number, full: boolean, v: AmountWordsVariant): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const out: string[] = [];
  if (full || h > 0) out.push(DIGITS[h], 'trăm');
  if (t === 0) {
    if (u > 0 && (full || h > 0)) out.push(v.zeroTens);
  } else if (t === 1) {
    out.push('mười');
  } else {
    out.push(DIGITS[t], 'mươi');
  }
  if (u === 0) return out;
  if (t >= 2 && u === 1) out.push('mốt');
  else if (t >= 2 && u === 4) out.push(v.four);
  else if (t >= 2 && u === 5) out.push(v.five);
  else if (t === 1 && u === 5) out.push('lăm');
  else out.push(DIGITS[u]);
  return out;
}

function readBelowBillion(n: number, full: boolean, v: AmountWordsVariant): string[] {
  const groups: [number, string][] = [
    [Math.floor(n / 1_000_000), 'triệu'],
    [Math.floor(n / 1_000) % 1_000, v.thousand],
    [n % 1_000, ''],
  ];
  const out: string[] = [];
  let started = full;
  for (const [value, unit] of groups) {
    if (value === 0) continue;
    out.push(...readTriple(value, started, v));
    if (unit) out.push(unit);
    started = true;
  }
  return out;
}

// Above a billion the count of tỷ is itself read as a number: 1.000.000.000.000 → "một nghìn tỷ".
function readPositive(n: number, full: boolean, v: AmountWordsVariant): string[] {
  if (n < 1_000_000_000) return readBelowBillion(n, full, v);
  const out = [...readPositive(Math.floor(n / 1_000_000_000), full, v), 'tỷ'];
  const low = n % 1_000_000_000;
  if (low > 0) out.push(...readBelowBillion(low, true, v));
  return out;
}

export interface WordsOptions {
  variant?: Partial<AmountWordsVariant>;
}

/**
 * A non-negative whole number in words, lower case, no unit: 21 → "hai mươi mốt", 2001 → "hai nghìn không
 * trăm linh một". For counts and years; amounts go through amountInWords.
 */
export function numberInWords(n: number, options: WordsOptions = {}): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Chỉ đọc được số nguyên không âm (nhận được: ${String(n)}). Hãy nhập số nguyên từ 0 trở lên.`);
  }
  if (n === 0) return 'không';
  return readPositive(n, false, resolveAmountWordsVariant(options.variant)).join(' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * An amount in đồng as the receipt prints it after "Bằng chữ:", capitalised, with "đồng":
 * 15000 → "Mười lăm nghìn đồng", 0 → "Không đồng". Whole đồng from 0 to 999.999.999.999 only.
 */
export function amountInWords(amount: number, options: WordsOptions = {}): string {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw new RangeError(`Số tiền không hợp lệ (${String(amount)}). Hãy nhập số tiền bằng chữ số, ví dụ 15000.`);
  }
  if (!Number.isInteger(amount)) {
    throw new RangeError(`Số tiền phải là số nguyên đồng (nhận được: ${amount}). Hãy bỏ phần lẻ sau dấu phẩy.`);
  }
  if (amount < 0) {
    throw new RangeError(`Số tiền không được âm (nhận được: ${amount}). Hãy nhập số tiền từ 0 trở lên.`);
  }
  if (amount > MAX_AMOUNT_IN_WORDS) {
    throw new RangeError(`Số tiền quá lớn (nhận được: ${amount}). Chỉ đọc được đến 999.999.999.999 đồng.`);
  }
  return `${capitalise(numberInWords(amount, options))} đồng`;
}
