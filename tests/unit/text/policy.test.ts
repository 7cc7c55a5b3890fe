import { describe, expect, it } from 'vitest';
import catalogue from '../../../assets/catalogue/procedures.json';
import { text, multilineText } from '../../../shared/contract';
import { applyTextPolicy, cleanFreeText } from '../../../shared/text/policy';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']; // ngang, huyền, sắc, hỏi, ngã, nặng
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const CONSONANTS = ['b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'v', 'x', 'f', 'j', 'w', 'z'];

/** Every letter of the Vietnamese alphabet with every tone, lower and upper case, as NFC. */
function vietnameseLetters(): string[] {
  const letters = [...CONSONANTS];
  for (const v of VOWELS) for (const t of TONES) letters.push((v + t).normalize('NFC'));
  return [...letters, ...letters.map((l) => l.toUpperCase())];
}

describe('text policy', () => {
  it('lets every letter of the Vietnamese alphabet through, in both cases, typed as NFC or NFD', () => {
    const letters = vietnameseLetters();
    expect(letters).toHaveLength(2 * (21 + 12 * 6));
    for (const letter of letters) {
      expect(letter.length, letter).toBe(1);
      expect(applyTextPolicy(letter), letter).toEqual({ ok: true, value: letter });
      expect(applyTextPolicy(letter.normalize('NFD')), letter).toEqual({ ok: true, value: letter });
    }
    const sentence = 'Nguyễn Thị Ánh Tuyết, 12/3 Đội Cấn – Ba Đình (số 0912.345.678) “ghi chú”… 100% & #5; Ỷ Ỹ Ỵ';
    expect(applyTextPolicy(sentence.normalize('NFD'))).toEqual({ ok: true, value: sentence });
  });

  it('cleans invisible characters, odd spaces and line breaks silently, to NFC', () => {
    expect(cleanFreeText('  Nguy\u200Bễn\u00A0\u00A0Văn\tAn\r\nB\uFEFF ')).toBe('Nguyễn Văn An B');
    expect(cleanFreeText('Đ\u200Eức\u00AD')).toBe('Đức');
    expect(cleanFreeText('\u00D0ào')).toBe('Đào');
    expect(cleanFreeText('dòng 1\r\n\r\n\r\ndòng  2\u2028dòng 3', { multiline: true })).toBe('dòng 1\n\ndòng 2\ndòng 3');
  });

  it('refuses bidi overrides and isolates, naming the code', () => {
    for (const ch of ['\u202E', '\u202A', '\u202D', '\u2066', '\u2069']) {
      const r = applyTextPolicy(`Nguyễn ${ch}nA năV`);
      expect(r.ok, ch).toBe(false);
      expect(!r.ok && r.error, ch).toMatch(/^Có ký tự điều khiển hướng chữ \(U\+20[26][0-9A-E]\) .* — hãy xóa nội dung ô này và gõ lại/);
    }
  });

  it('refuses control characters and broken characters', () => {
    expect(applyTextPolicy('An\u0007')).toEqual({ ok: false, error: 'Có ký tự điều khiển không in được (U+0007) — hãy xóa nội dung ô này và gõ lại.' });
    expect(applyTextPolicy('An\u0000').ok).toBe(false);
    expect(applyTextPolicy('An\u001B[31m').ok).toBe(false);
    expect(applyTextPolicy('An\u009B').ok).toBe(false);
    expect(applyTextPolicy('An\uD83D')).toEqual({ ok: false, error: 'Có ký tự bị hỏng (U+D83D) — hãy xóa nội dung ô này và gõ lại.' });
  });

  it('refuses what the form font cannot draw, naming the character', () => {
    expect(applyTextPolicy('Nguyễn Văn An 😀')).toEqual({ ok: false, error: 'Ký tự “😀” (U+1F600) không in được trên phiếu — hãy xóa hoặc thay bằng chữ thường.' });
    expect(applyTextPolicy('Trần 中').ok).toBe(false);
    expect(applyTextPolicy('ส').ok).toBe(false);
    // A tone mark NFC cannot put on its letter stays alone: refused, shown on a dotted circle.
    expect(applyTextPolicy('q\u0303')).toEqual({ ok: false, error: 'Ký tự “◌\u0303” (U+0303) không in được trên phiếu — hãy xóa hoặc thay bằng chữ thường.' });
  });

  it('is what the contract\'s text schemas apply, then the length', () => {
    expect(text(20).parse(' Nguyễn\u200B  Văn\nAn '.normalize('NFD'))).toBe('Nguyễn Văn An');
    expect(multilineText(100).parse('Thiếu:\r\n- Tờ khai')).toBe('Thiếu:\n- Tờ khai');
    expect(text(5).safeParse('🙂').error?.issues[0].message).toBe('Ký tự “🙂” (U+1F642) không in được trên phiếu — hãy xóa hoặc thay bằng chữ thường.');
    expect(text(5).safeParse('Nguyễn').error?.issues[0].message).toBe('Tối đa 5 ký tự — hãy rút gọn.');
    // Invisible characters do not count towards the limit.
    expect(text(5).parse('A\u200BB\u200BC\u200BD\u200BE')).toBe('ABCDE');
  });

  it('accepts every name and document of the shipped catalogue (they are printed on the forms)', () => {
    const strings: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(catalogue);
    expect(strings.length).toBeGreaterThan(100);
    for (const s of strings) expect(applyTextPolicy(s, { multiline: true }).ok, s).toBe(true);
  });
});
