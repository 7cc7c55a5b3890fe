// What a USB barcode scanner typed into the "Trả kết quả" box. The scanner types the QR of form 01 as
// keys, as fast as it can, and ends with Enter. The QR holds (docs/lookup-code.md, main/documents/qr.ts)
//   maHoSo=<number>&maTTHC=<procedure code>&maTraCuu=<12-character look-up code>
// or the office's look-up URL with those parameters; slips printed before the look-up code carried
// soDinhDanh=<ID number> instead. A Vietnamese typing tool left on (Unikey/EVKey, Telex) turns letters into
// accented ones as they arrive: 'maHoSo' → 'maHố', a code's 'AS' → 'Á', 'EE' → 'Ê', 'DD' → 'Đ'. Every accent
// stands for a key it ate, so the keys are put back (each possible place within the word, as the tool may
// have put a tone typed later onto an earlier vowel) and the candidates are checked against the data: only
// a code or number a dossier really has is taken. What cannot be put back is said, with what to do.
import { foldForSearch } from '../../../shared/text';

/** Crockford's base32 (docs/lookup-code.md): no I, L, O, U. */
export const LOOKUP_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LOOKUP_LENGTH = 12;

export type ScanParse =
  | { kind: 'empty' }
  /** A name, a number or an ID number typed by the clerk: an ordinary search. */
  | { kind: 'text'; query: string }
  | {
    kind: 'qr';
    /** Dossier numbers the content may hold (as printed: possibly provisional). */
    numbers: string[];
    /** Look-up codes it may hold, canonical (upper case, Crockford decoding applied). */
    lookupCodes: string[];
    procedureCode: string | null;
    /** An older slip's soDinhDanh (12 digits). */
    idNumber: string | null;
    /** A Vietnamese typing tool changed what the scanner typed. */
    mangled: boolean;
  };

/** More candidates than this for one value: the content is too damaged to guess from. */
const MAX_CANDIDATES = 512;
/** More keys eaten than this in one value: too damaged to guess from. */
const MAX_EATEN = 6;

/** Reads what was typed into the box; `raw` is the box's text as it stood when Enter came. */
export function parseScan(raw: string): ScanParse {
  const text = raw.normalize('NFC').replace(/[\r\n\t]+/g, '').trim();
  if (!text) return { kind: 'empty' };
  // A name, a number or an ID number never holds '=': anything with one came from a QR.
  if (!text.includes('=')) return { kind: 'text', query: text };
  const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text;
  const out = { kind: 'qr' as const, numbers: [] as string[], lookupCodes: [] as string[], procedureCode: null as string | null, idNumber: null as string | null, mangled: isMangled(query) };
  const pairs = query.split('&').map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? null : { key: keyOf(p.slice(0, at)), value: decodeValue(p.slice(at + 1)) };
  }).filter((p): p is { key: ParamKey; value: string } => p !== null && p.value !== '');

  const unnamed: string[] = [];
  for (const { key, value } of pairs) {
    const codes = lookupCandidates(value);
    const procedure = /^\d\.\d{6}/.exec(value)?.[0] ?? null;
    const id = /^\d{12}$/.test(value) ? value : null;
    if (key === 'code' || (key === 'unknown' && codes.length)) out.lookupCodes.push(...codes);
    else if (key === 'procedure' || (key === 'unknown' && procedure)) out.procedureCode ??= procedure ?? value;
    else if (key === 'id' || (key === 'unknown' && id)) out.idNumber ??= id;
    else if (key === 'number') out.numbers.push(...repairs(value));
    else unnamed.push(...repairs(value));
  }
  // A parameter the look-up URL had of its own is no number; a key the typing tool made unreadable may be.
  if (!out.numbers.length) out.numbers.push(...unnamed);
  out.numbers = out.numbers.map((v) => v.trim()).filter(Boolean);
  out.numbers = unique(out.numbers);
  out.lookupCodes = unique(out.lookupCodes);
  return out;
}

/** True when nothing in the content can lead to a dossier: too damaged to guess from. */
export function unreadable(p: ScanParse): boolean {
  return p.kind === 'qr' && !p.numbers.length && !p.lookupCodes.length && !p.idNumber;
}

type ParamKey = 'number' | 'procedure' | 'code' | 'id' | 'unknown';

/** The parameter a key names, by its letters without accents (the typing tool may have eaten some). */
function keyOf(raw: string): ParamKey {
  const k = foldForSearch(raw).replace(/[^a-z0-9]/g, '');
  if (k.includes('tracuu') || k.startsWith('matr')) return 'code';
  if (k.includes('tthc') || k.startsWith('matt')) return 'procedure';
  if (k.includes('hoso') || /^mah/.test(k)) return 'number';
  if (k.includes('dinhdanh') || k.startsWith('sod')) return 'id';
  return 'unknown';
}

function decodeValue(v: string): string {
  const plus = v.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** Letters a typing tool made (accents, đ) in what should be plain ASCII. */
export function isMangled(s: string): boolean {
  return /[^\p{ASCII}]/u.test(s);
}

/**
 * Canonical look-up code of a typed value, or null: upper case, hyphens and spaces dropped, O → 0 and I/L → 1
 * as Crockford's decoding says; exactly 12 characters of the alphabet.
 */
export function canonicalLookupCode(value: string): string | null {
  const v = value.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (v.length !== LOOKUP_LENGTH) return null;
  for (const ch of v) if (!LOOKUP_ALPHABET.includes(ch)) return null;
  return v;
}

/** Every look-up code the value may have been, the value as typed first. */
export function lookupCandidates(value: string): string[] {
  return unique(repairs(value).map(canonicalLookupCode).filter((c): c is string => c !== null));
}

// What each mark stands for in Telex: the key the tool ate to make it.
const TONE_KEYS: Record<string, string> = { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };
const SHAPE_KEYS: Record<string, (base: string) => string> = { '\u0302': (b) => b, '\u0306': () => 'w', '\u031B': () => 'w' };

interface Eaten { at: number; keys: string[]; alone?: string }
/** An eaten key waiting to be put back, and the first place it may go (right after its letter). */
interface Key { key: string; after: number }

/**
 * The plain strings `value` may have been before a Telex typing tool changed it: each accented letter is its
 * base letter plus the keys it ate (circumflex: the doubled vowel; breve, horn: w; tones: s f r x j; đ: d),
 * each eaten key put back right after the letter or anywhere later in its word. 'ư' may also be a 'w' typed
 * alone. The value itself comes first; nothing when there are too many ways to read it.
 */
export function repairs(value: string): string[] {
  const chars = [...value];
  const eaten: Eaten[] = [];
  const plain = chars.map((ch, i) => {
    const k = eatenKeys(ch);
    if (!k) return ch;
    eaten.push({ at: i, keys: k.keys, alone: k.alone });
    return k.base;
  });
  if (!eaten.length) return [value];
  // Beyond a few eaten keys the ways to read the value grow past anything worth checking.
  if (eaten.reduce((n, e) => n + e.keys.length, 0) > MAX_EATEN) return [value];
  const out: { text: string; cost: number }[] = [];
  let tooMany = false;
  // Left to right: the keys eaten by the letters passed so far wait; before each later character of the
  // same word any of them may go back, in any order; none may be left when the word ends. A key put back
  // further from its letter costs more: the likelier readings (a key right after its letter) come first.
  const walk = (i: number, pending: Key[], acc: string, cost: number) => {
    if (tooMany) return;
    const atEnd = i === plain.length;
    const breaks = atEnd || !/[\p{L}\p{N}]/u.test(plain[i]!);
    for (const [seq, rest] of orderedPicks(pending)) {
      if (tooMany) return;
      if (breaks && rest.length) continue;
      const text = acc + seq.map((k) => k.key).join('');
      const spent = cost + seq.reduce((n, k, j) => n + (i - k.after) + j, 0);
      if (atEnd) {
        out.push({ text, cost: spent });
        if (out.length > MAX_CANDIDATES) tooMany = true;
        continue;
      }
      const eatenHere = (eaten.find((e) => e.at === i)?.keys ?? []).map((key) => ({ key, after: i + 1 }));
      walk(i + 1, [...rest, ...eatenHere], text + plain[i], spent);
    }
  };
  walk(0, [], '', 0);
  const ordered = out.sort((a, b) => a.cost - b.cost).map((c) => c.text);
  // 'ư' from a 'w' typed alone (Telex): the letter is the key itself.
  const alone = eaten.filter((e) => e.alone);
  if (alone.length && !tooMany) {
    const s = plain.map((ch, i) => alone.find((e) => e.at === i)?.alone ?? ch).join('');
    ordered.push(...repairs(s).filter((r) => r !== s || !isMangled(r)));
  }
  if (tooMany) return [value];
  return unique([value, ...ordered]);
}

/** The base letter of an accented one and the keys it ate; null for a plain character. */
function eatenKeys(ch: string): { base: string; keys: string[]; alone?: string } | null {
  if (ch === 'đ' || ch === 'Đ') return { base: ch === 'đ' ? 'd' : 'D', keys: [ch === 'đ' ? 'd' : 'D'] };
  const nfd = ch.normalize('NFD');
  if (nfd.length < 2 || !/^[A-Za-z]$/.test(nfd[0]!)) return null;
  const base = nfd[0]!;
  const upper = base !== base.toLowerCase();
  const caseOf = (k: string) => (upper ? k.toUpperCase() : k.toLowerCase());
  const shape: string[] = [];
  const tone: string[] = [];
  for (const m of nfd.slice(1)) {
    if (SHAPE_KEYS[m]) shape.push(caseOf(SHAPE_KEYS[m]!(base)));
    else if (TONE_KEYS[m]) tone.push(caseOf(TONE_KEYS[m]!));
    else return null;
  }
  const horn = nfd.includes('\u031B');
  // Shape keys come before tone keys: 'â' + 's' = 'ấ' is typed a, a, s.
  return { base, keys: [...shape, ...tone], alone: horn && /[uU]/.test(base) ? caseOf('w') + tone.join('') : undefined };
}

/** Every ordered choice of some of `keys` (the empty one first), with the keys left over. */
function orderedPicks<T>(keys: T[]): [T[], T[]][] {
  const out: [T[], T[]][] = [[[], keys]];
  keys.forEach((k, i) => {
    const rest = [...keys.slice(0, i), ...keys.slice(i + 1)];
    for (const [seq, left] of orderedPicks(rest)) out.push([[k, ...seq], left]);
  });
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
