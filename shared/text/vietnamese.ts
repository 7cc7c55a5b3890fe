// Vietnamese text hygiene. Input methods (Unikey, VNI, macOS/Windows IMEs, pasted PDFs) deliver the same
// visible text as NFC or NFD code points, sometimes with invisible characters; stored data must be one form
// so equality, sorting and search behave.

// Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, and break equality and search.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Horizontal whitespace, including no-break and other Unicode spaces that pasted text carries.
const HSPACE = /[ \t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/**
 * NFC with invisible characters removed. Also maps the Icelandic eth (Ð U+00D0, ð U+00F0), which legacy
 * TCVN3/VNI converters emit in place of Đ/đ (U+0110/U+0111) and which looks identical on screen.
 * Whitespace is left alone: see cleanText / cleanLine.
 */
export function toNfc(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\u00D0/g, '\u0110').replace(/\u00F0/g, '\u0111').normalize('NFC');
}

/**
 * Free text (notes, addresses over several lines): NFC, CRLF/CR → LF, runs of spaces/tabs → one space,
 * each line trimmed, at most one empty line in a row, leading/trailing blank lines removed.
 */
export function cleanText(s: string): string {
  return toNfc(s)
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .split('\n')
    .map((line) => line.replace(HSPACE, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Single-line fields (names, codes, one-line addresses): NFC, all whitespace including newlines → one space, trimmed. */
export function cleanLine(s: string): string {
  return toNfc(s).replace(/\s+/g, ' ').trim();
}

/**
 * Search key: no tones or diacritics, đ → d, lower case, punctuation → space, single spaces.
 * "Nguyễn Văn Đức" and its NFD form both give "nguyen van duc". Old/new tone placement ("hoà"/"hòa")
 * folds to the same key too.
 */
export function foldForSearch(s: string): string {
  return toNfc(s)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Folds and joins several fields into one search key (e.g. name, ID number, phone). */
export function buildSearchKey(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map(foldForSearch)
    .filter((p) => p.length > 0)
    .join(' ');
}

// Capitalise at a word start and after a hyphen or apostrophe: ethnic-minority names such as "H'Hen Niê".
const WORD_START = /(^|[\s\-'’])(\p{L})/gu;

/**
 * "nguyễn  văn AN" → "Nguyễn Văn An". Works on NFC (after cleanLine) so the first letter of a word is one
 * code point even if the input was NFD. Tone placement is kept as typed: it is part of the registered name.
 */
export function normalizePersonName(s: string): string {
  return cleanLine(s)
    .toLowerCase()
    .replace(WORD_START, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * True when every word of the folded query matches a word of the key (any order):
 * - a word with letters must be a **prefix** of some key word ("ng v an" finds "nguyen van an"; "an" does
 *   not find "tuan", which plain substring search would);
 * - an all-digit word of 3+ digits may occur **anywhere** in a key word, because staff search by the last
 *   digits of a phone or ID number.
 * `haystackKey` must already be a foldForSearch/buildSearchKey result (callers cache it per record);
 * the query is folded here. An empty query matches everything.
 */
export function matchesQuery(haystackKey: string, query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const keyWords = haystackKey.split(' ');
  return words.every((w) => {
    const anywhere = w.length >= 3 && /^\d+$/.test(w);
    return keyWords.some((k) => (anywhere ? k.includes(w) : k.startsWith(w)));
  });
}
