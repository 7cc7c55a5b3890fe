// A Telex typing tool left on while a barcode scanner types (tests only): what Unikey/EVKey do to the keys
// when their spelling check is off, the worst case. Keys are taken one at a time; within a word (letters,
// and digits too unless `digitsBreakWords`) s f r x j put a tone on a vowel, z removes it, a doubled a/e/o
// gets a circumflex, w a breve or horn (or makes 'ư' alone), a second d makes 'đ'. Typing the same mark again
// undoes it and prints the key. Tone placement follows the usual rule (a vowel with a shape mark, else the
// last vowel, or the one before it in an open two-vowel ending).

const TONES: Record<string, string> = { s: '\u0301', f: '\u0300', r: '\u0309', x: '\u0303', j: '\u0323' };
const TONE_MARKS = Object.values(TONES);
const SHAPES = ['\u0302', '\u0306', '\u031B'];

interface Ch { base: string; shape: string; tone: string }

const render = (c: Ch) => (c.base + c.shape + c.tone).normalize('NFC');
const isVowel = (c: Ch) => /[aeiouy]/i.test(c.base);

export function telex(keys: string, opts: { digitsBreakWords?: boolean } = {}): string {
  const out: Ch[] = [];
  let wordStart = 0;
  for (const key of keys) {
    const lower = key.toLowerCase();
    const isLetter = /[a-z]/i.test(key);
    const breaks = !isLetter && (opts.digitsBreakWords || !/[0-9]/.test(key));
    if (breaks) {
      out.push({ base: key, shape: '', tone: '' });
      wordStart = out.length;
      continue;
    }
    const word = out.slice(wordStart);
    const vowels = word.filter(isVowel);
    const literal = () => out.push({ base: key, shape: '', tone: '' });
    if (TONES[lower] && vowels.length) {
      const target = tonePlace(word);
      if (target.tone === TONES[lower]) { target.tone = ''; literal(); } else target.tone = TONES[lower]!;
    } else if (lower === 'z' && vowels.some((v) => v.tone)) {
      for (const v of vowels) v.tone = '';
    } else if ('aeo'.includes(lower) && isLetter) {
      const same = [...word].reverse().find((c) => c.base.toLowerCase() === lower);
      if (same && !same.shape) same.shape = '\u0302';
      else if (same && same.shape === '\u0302') { same.shape = ''; literal(); } else literal();
    } else if (lower === 'w') {
      const last = [...word].reverse().find((c) => /[aou]/i.test(c.base) && !c.shape);
      if (last) last.shape = /a/i.test(last.base) ? '\u0306' : '\u031B';
      else if (!vowels.length) out.push({ base: key === 'W' ? 'U' : 'u', shape: '\u031B', tone: '' });
      else literal();
    } else if (lower === 'd' && word.some((c) => c.base.toLowerCase() === 'd' && !c.shape)) {
      const d = word.find((c) => c.base.toLowerCase() === 'd' && !c.shape)!;
      d.base = d.base === 'd' ? 'đ' : 'Đ';
      d.shape = '-';
    } else literal();
  }
  return out.map((c) => (c.shape === '-' ? c.base + c.tone : render(c))).join('');
}

function tonePlace(word: Ch[]): Ch {
  const vowels = word.filter(isVowel);
  const shaped = [...vowels].reverse().find((v) => SHAPES.includes(v.shape));
  if (shaped) return shaped;
  const toned = vowels.find((v) => TONE_MARKS.includes(v.tone));
  if (toned) return toned;
  const endsOpen = isVowel(word[word.length - 1]!);
  if (vowels.length >= 2 && endsOpen) return vowels[vowels.length - 2]!;
  return vowels[vowels.length - 1]!;
}
