// The text policy of every free-text field (names, addresses, notes, reasons…) at the boundary. What goes in
// is printed on official forms in Tinos and shown to the next clerk, so it must be one normal form, and every
// character must be one the form font can draw and one that shows what is stored.
//
// Per class of character, cleaned silently or refused with a message naming it:
// - Cleaned: the invisible characters input methods and pasting add without anyone meaning them — zero-width
//   space/joiners, word joiner, BOM, soft hyphen, variation selectors, combining grapheme joiner, the
//   left-to-right/right-to-left marks (they only nudge neutral characters and cannot reorder Vietnamese);
//   every kind of space, tab and line break becomes one space (one line) or a line break (multi-line fields);
//   the result is NFC (Unikey, VNI and macOS deliver NFD). The eth (Ð) legacy converters put for Đ becomes Đ.
// - Refused: the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what
//   the screen shows (a name can read differently from what is stored and printed) — never typed in
//   Vietnamese, so they mean a crafted or broken paste; other control and format characters (NUL, BEL, ESC…),
//   which cannot be typed, print nothing and are not seen; a broken character (a lone surrogate); any
//   character the form font cannot draw (emoji, Chinese, Thai…: an empty box on form 01), named in the message
//   so the clerk can find it.
import { DRAWABLE_RANGES } from './drawable-ranges';
import { toNfc } from './vietnamese';

export type PolicyResult = { ok: true; value: string } | { ok: false; error: string };

// Invisible and meaningless in our fields: removed before anything else.
const SILENT = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u200E\u200F\u061C]|\u034F|[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;
const REORDERING = /[\u202A-\u202E\u2066-\u2069]/;
// Spaces of every kind (and NEL) count as one space; line breaks are handled per field kind.
const SPACES = /[ \t\f\v\u0085\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const BREAKS = /\r\n?|[\n\u2028\u2029]/g;

/** True when every face of the form font has a glyph for the code point (and it is ordinary text). */
export function isDrawable(cp: number): boolean {
  let lo = 0;
  let hi = DRAWABLE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = DRAWABLE_RANGES[mid];
    if (cp < from) hi = mid - 1;
    else if (cp > to) lo = mid + 1;
    else return true;
  }
  return false;
}

const code = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function refusal(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (REORDERING.test(ch)) {
    return `Có ký tự điều khiển hướng chữ (${code(cp)}) làm đảo thứ tự chữ khi hiển thị — hãy xóa nội dung ô này và gõ lại, đừng dán từ nơi khác.`;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return `Có ký tự bị hỏng (${code(cp)}) — hãy xóa nội dung ô này và gõ lại.`;
  if (/[\p{Cc}\p{Cf}]/u.test(ch)) return `Có ký tự điều khiển không in được (${code(cp)}) — hãy xóa nội dung ô này và gõ lại.`;
  // A lone combining mark is shown on a dotted circle so the clerk can see which one it is.
  const shown = /\p{M}/u.test(ch) ? `◌${ch}` : ch;
  return `Ký tự “${shown}” (${code(cp)}) không in được trên phiếu — hãy xóa hoặc thay bằng chữ thường.`;
}

/** Normal form of the text: see the policy at the top of this file. */
export function cleanFreeText(raw: string, opts: { multiline?: boolean } = {}): string {
  const text = toNfc(raw.replace(SILENT, ''));
  if (!opts.multiline) return text.replace(BREAKS, ' ').replace(SPACES, ' ').trim();
  return text.replace(BREAKS, '\n').split('\n')
    .map((line) => line.replace(SPACES, ' ').trim())
    .join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Cleans, then refuses the first character that may not be stored, with a Vietnamese message naming it. */
export function applyTextPolicy(raw: string, opts: { multiline?: boolean } = {}): PolicyResult {
  const value = cleanFreeText(raw, opts);
  for (const ch of value) {
    if (ch === '\n') continue;
    if (!isDrawable(ch.codePointAt(0)!)) return { ok: false, error: refusal(ch) };
  }
  return { ok: true, value };
}
