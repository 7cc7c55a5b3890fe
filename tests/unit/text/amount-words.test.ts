import { describe, expect, it } from 'vitest';
import {
  amountInWords, AMOUNT_WORDS_PRESETS, type AmountWordsVariant, MAX_AMOUNT_IN_WORDS, numberInWords, resolveAmountWordsVariant,
} from '../../../shared/text';

// Hand-checked readings (northern/official default: linh, nghìn, lăm, tư).
const CASES: [number, string][] = [
  [0, 'không'],
  [1, 'một'],
  [4, 'bốn'],
  [5, 'năm'],
  [9, 'chín'],
  [10, 'mười'],
  [11, 'mười một'],
  [14, 'mười bốn'],
  [15, 'mười lăm'],
  [19, 'mười chín'],
  [20, 'hai mươi'],
  [21, 'hai mươi mốt'],
  [24, 'hai mươi tư'],
  [25, 'hai mươi lăm'],
  [31, 'ba mươi mốt'],
  [44, 'bốn mươi tư'],
  [55, 'năm mươi lăm'],
  [70, 'bảy mươi'],
  [91, 'chín mươi mốt'],
  [99, 'chín mươi chín'],
  [100, 'một trăm'],
  [101, 'một trăm linh một'],
  [104, 'một trăm linh bốn'],
  [105, 'một trăm linh năm'],
  [110, 'một trăm mười'],
  [111, 'một trăm mười một'],
  [115, 'một trăm mười lăm'],
  [121, 'một trăm hai mươi mốt'],
  [124, 'một trăm hai mươi tư'],
  [205, 'hai trăm linh năm'],
  [999, 'chín trăm chín mươi chín'],
  [1000, 'một nghìn'],
  [1001, 'một nghìn không trăm linh một'],
  [1005, 'một nghìn không trăm linh năm'],
  [1010, 'một nghìn không trăm mười'],
  [1014, 'một nghìn không trăm mười bốn'],
  [1015, 'một nghìn không trăm mười lăm'],
  [1021, 'một nghìn không trăm hai mươi mốt'],
  [1050, 'một nghìn không trăm năm mươi'],
  [1100, 'một nghìn một trăm'],
  [2001, 'hai nghìn không trăm linh một'],
  [2005, 'hai nghìn không trăm linh năm'],
  [2010, 'hai nghìn không trăm mười'],
  [2014, 'hai nghìn không trăm mười bốn'],
  [2021, 'hai nghìn không trăm hai mươi mốt'],
  [2024, 'hai nghìn không trăm hai mươi tư'],
  [2026, 'hai nghìn không trăm hai mươi sáu'],
  [8000, 'tám nghìn'],
  [10000, 'mười nghìn'],
  [11000, 'mười một nghìn'],
  [15000, 'mười lăm nghìn'],
  [21000, 'hai mươi mốt nghìn'],
  [25000, 'hai mươi lăm nghìn'],
  [100000, 'một trăm nghìn'],
  [105000, 'một trăm linh năm nghìn'],
  [200000, 'hai trăm nghìn'],
  [215500, 'hai trăm mười lăm nghìn năm trăm'],
  [1000000, 'một triệu'],
  [1000005, 'một triệu không trăm linh năm'],
  [1000010, 'một triệu không trăm mười'],
  [1001000, 'một triệu không trăm linh một nghìn'],
  [1005000, 'một triệu không trăm linh năm nghìn'],
  [1010000, 'một triệu không trăm mười nghìn'],
  [1100000, 'một triệu một trăm nghìn'],
  [1250000, 'một triệu hai trăm năm mươi nghìn'],
  [10000000, 'mười triệu'],
  [15000000, 'mười lăm triệu'],
  [21000000, 'hai mươi mốt triệu'],
  [100000001, 'một trăm triệu không trăm linh một'],
  [1000000000, 'một tỷ'],
  [1000000001, 'một tỷ không trăm linh một'],
  [1000001000, 'một tỷ không trăm linh một nghìn'],
  [1001000000, 'một tỷ không trăm linh một triệu'],
  [1200000000, 'một tỷ hai trăm triệu'],
  [1234567890, 'một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi'],
  [25000000000, 'hai mươi lăm tỷ'],
  [105000000000, 'một trăm linh năm tỷ'],
  [
    999999999999,
    'chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín',
  ],
];

describe('numberInWords (default: linh, nghìn, lăm, tư)', () => {
  it.each(CASES)('%d', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('reads beyond the receipt range for counts (một nghìn tỷ)', () => {
    expect(numberInWords(1_000_000_000_000)).toBe('một nghìn tỷ');
    expect(numberInWords(2_000_000_000_005)).toBe('hai nghìn tỷ không trăm linh năm');
  });

  it('never says "một mươi", never "mười mốt", never "mười tư"/"mười nhăm"', () => {
    for (let n = 0; n < 10000; n++) {
      for (const variant of [AMOUNT_WORDS_PRESETS.north, AMOUNT_WORDS_PRESETS.south, { five: 'nhăm' as const }]) {
        const w = numberInWords(n, { variant });
        expect(w).not.toMatch(/một mươi|mười mốt|mười tư|mười nhăm|không mươi|linh mốt|lẻ mốt/);
        expect(w).not.toMatch(/^không ./);
        expect(w).not.toMatch(/ {2}|^ | $/);
      }
    }
  });
});

describe('amountInWords', () => {
  it.each(CASES)('%d đồng', (n, words) => {
    expect(amountInWords(n)).toBe(`${words.charAt(0).toUpperCase()}${words.slice(1)} đồng`);
  });

  it('prints as the receipt does', () => {
    expect(amountInWords(15000)).toBe('Mười lăm nghìn đồng');
    expect(amountInWords(0)).toBe('Không đồng');
    expect(amountInWords(8000)).toBe('Tám nghìn đồng');
    expect(amountInWords(200000)).toBe('Hai trăm nghìn đồng');
  });

  it.each([
    [-1, /không được âm/],
    [-15000, /không được âm/],
    [15000.5, /số nguyên đồng/],
    [0.1, /số nguyên đồng/],
    [NaN, /không hợp lệ/],
    [Infinity, /không hợp lệ/],
    [MAX_AMOUNT_IN_WORDS + 1, /quá lớn/],
    [1e15, /quá lớn/],
  ])('refuses %d with a Vietnamese message', (n, message) => {
    expect(() => amountInWords(n)).toThrow(RangeError);
    expect(() => amountInWords(n)).toThrow(message);
  });

  it('refuses non-numbers (e.g. a string from a form)', () => {
    expect(() => amountInWords('15000' as unknown as number)).toThrow(/không hợp lệ/);
  });

  it('numberInWords refuses negatives and fractions', () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
    expect(() => numberInWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('variants (the office\'s choice as data)', () => {
  it.each([
    [105, { zeroTens: 'lẻ' as const }, 'Một trăm lẻ năm đồng'],
    [1005000, { zeroTens: 'lẻ' as const }, 'Một triệu không trăm lẻ năm nghìn đồng'],
    [15000, { thousand: 'ngàn' as const }, 'Mười lăm ngàn đồng'],
    [1000000000, { thousand: 'ngàn' as const }, 'Một tỷ đồng'],
    [25000, { five: 'nhăm' as const }, 'Hai mươi nhăm nghìn đồng'],
    [15000, { five: 'nhăm' as const }, 'Mười lăm nghìn đồng'],
    [105, { five: 'nhăm' as const }, 'Một trăm linh năm đồng'],
    [5, { five: 'nhăm' as const }, 'Năm đồng'],
    [24000, { four: 'bốn' as const }, 'Hai mươi bốn nghìn đồng'],
    [24000, {}, 'Hai mươi tư nghìn đồng'],
    [14000, { four: 'tư' as const }, 'Mười bốn nghìn đồng'],
    [104, { four: 'tư' as const }, 'Một trăm linh bốn đồng'],
    [4, { four: 'tư' as const }, 'Bốn đồng'],
  ])('%d with %o', (n, variant, words) => {
    expect(amountInWords(n, { variant })).toBe(words);
  });

  it('south preset: lẻ, ngàn, bốn', () => {
    expect(amountInWords(1_024_105, { variant: AMOUNT_WORDS_PRESETS.south })).toBe(
      'Một triệu không trăm hai mươi bốn ngàn một trăm lẻ năm đồng',
    );
  });

  it('a bad stored choice falls back to the default field by field', () => {
    expect(resolveAmountWordsVariant({ zeroTens: 'lẻ', thousand: 'k' as never })).toEqual({
      zeroTens: 'lẻ', thousand: 'nghìn', five: 'lăm', four: 'tư',
    });
    expect(resolveAmountWordsVariant(null)).toEqual(AMOUNT_WORDS_PRESETS.north);
  });
});

// An independent reader: says the digits of each group in full, then removes what Vietnamese drops.
// Built differently from the implementation (string rewriting instead of case analysis) to cross-check
// every amount that differs in its low six digits pattern.
function referenceReading(n: number): string {
  if (n === 0) return 'không';
  const d = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
  const units = ['', ' nghìn', ' triệu', ' tỷ'];
  const groups: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 1000)) groups.push(x % 1000);
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) continue;
    const [h, t, u] = [Math.floor(g / 100), Math.floor(g / 10) % 10, g % 10];
    let s = `${d[h]} trăm ${d[t]} mươi ${d[u]}`;
    s = s.replace(/ mươi không$/, ' mươi').replace(/không mươi$/, '').replace(/không mươi /, 'linh ');
    s = s.replace(/một mươi/, 'mười').replace(/mười năm$/, 'mười lăm');
    s = s.replace(/ mươi một$/, ' mươi mốt').replace(/ mươi năm$/, ' mươi lăm').replace(/ mươi bốn$/, ' mươi tư');
    if (i === groups.length - 1) s = s.replace(/^không trăm (linh )?/, '');
    parts.push(s.trim() + units[i]);
  }
  return parts.join(' ');
}

describe('cross-check against an independent reader', () => {
  it('agrees on 0..2100, every 997th number to a million and a spread up to 999.999.999.999', () => {
    const samples: number[] = [];
    for (let n = 0; n <= 2100; n++) samples.push(n);
    for (let n = 0; n < 1_000_000; n += 997) samples.push(n);
    for (let n = 1; n < MAX_AMOUNT_IN_WORDS; n = n * 7 + 13) samples.push(n, n * 10, n * 1000 + 5);
    for (const n of samples.filter((x) => x <= MAX_AMOUNT_IN_WORDS)) {
      expect(numberInWords(n), String(n)).toBe(referenceReading(n));
    }
  });
});

// Words → number, written independently of the reader: a running chunk below a thousand, multiplied out at
// nghìn/triệu/tỷ. Every variant must read back to the number it was made from.
function wordsToNumber(words: string): number {
  const digits: Record<string, number> = {
    không: 0, một: 1, mốt: 1, hai: 2, ba: 3, bốn: 4, tư: 4, năm: 5, lăm: 5, nhăm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9,
  };
  let result = 0;
  let chunk = 0;
  let last = 0;
  for (const w of words.split(' ')) {
    if (w in digits) {
      last = digits[w];
      chunk += last;
    } else if (w === 'mười') chunk += 10;
    else if (w === 'mươi') chunk += last * 9;
    else if (w === 'trăm') chunk += last * 99;
    else if (w === 'linh' || w === 'lẻ') continue;
    else if (w === 'nghìn' || w === 'ngàn') [result, chunk] = [result + chunk * 1000, 0];
    else if (w === 'triệu') [result, chunk] = [result + chunk * 1_000_000, 0];
    else if (w === 'tỷ') [result, chunk] = [(result + chunk) * 1_000_000_000, 0];
    else throw new Error(`unknown word "${w}" in "${words}"`);
  }
  return result + chunk;
}

describe('round trip through an independent words → number reader, every variant', () => {
  const variants: AmountWordsVariant[] = [];
  for (const zeroTens of ['linh', 'lẻ'] as const)
    for (const thousand of ['nghìn', 'ngàn'] as const)
      for (const five of ['lăm', 'nhăm'] as const)
        for (const four of ['tư', 'bốn'] as const) variants.push({ zeroTens, thousand, five, four });

  it('16 variants × 0..1100 and 3000 spread amounts up to 999.999.999.999', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = Array.from({ length: 1101 }, (_, i) => i);
    for (let i = 0; i < 3000; i++) {
      // Mix of magnitudes and of zero groups (the cases that need "không trăm" and "linh").
      const digits = 1 + Math.floor(random() * 12);
      let n = Math.floor(random() * 10 ** digits);
      if (random() < 0.5) n -= n % 10 ** Math.floor(random() * digits);
      samples.push(Math.min(n, MAX_AMOUNT_IN_WORDS));
    }
    const wrong: string[] = [];
    for (const variant of variants) {
      for (const n of samples) {
        const words = numberInWords(n, { variant });
        if (wordsToNumber(words) !== n) wrong.push(`${n} → ${words}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
