// Vietnamese in an SMS. A phone shows diacritics only from a UCS-2 message (70 characters a part); a GSM
// 7-bit message (160 a part) has no ă, ơ, ư, đ or tone marks at all, and a gateway handed Vietnamese for a
// 7-bit message drops or garbles them ("H? s?"). So the text is made for the encoding the office's gateway
// setting names: 'unicode' keeps the diacritics in composed form (NFC: one UTF-16 unit per letter, as UCS-2
// needs), 'unaccented' writes Vietnamese without marks ("Hồ sơ đã có kết quả" → "Ho so da co ket qua") using
// only the GSM 7-bit alphabet, so nothing is left for the gateway to mangle.

// GSM 03.38 default alphabet and its extension table (an extension character takes two septets).
const GSM_BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const GSM_EXTENSION = new Set([...'^{}\\[~]|€']);

// Typography that Vietnamese text carries (pasted from a word processor) and its plain equivalent.
const PLAIN: Record<string, string> = {
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"', '\u2026': '...',
  '\u00A0': ' ', '\u00AB': '"', '\u00BB': '"', '\u2022': '-', '\t': ' ',
};

export type SmsEncoding = 'unicode' | 'unaccented';

/** Vietnamese without diacritics, in the GSM 7-bit alphabet ("Đắk Nông – hồ sơ" → "Dak Nong - ho so"). */
export function unaccented(text: string): string {
  const bare = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  let out = '';
  for (const ch of bare) {
    const plain = PLAIN[ch] ?? ch;
    for (const c of plain) out += GSM_BASIC.has(c) || GSM_EXTENSION.has(c) ? c : '?';
  }
  return out;
}

/** Composed Vietnamese for a UCS-2 message: NFC, and what UCS-2 cannot carry (emoji, beyond the BMP) as '?'. */
export function unicodeText(text: string): string {
  return text.normalize('NFC').replace(/[\u{10000}-\u{10FFFF}]/gu, '?');
}

/** The SMS text for the gateway's encoding (line breaks kept, spaces tidied). */
export function smsText(text: string, encoding: SmsEncoding): string {
  const tidy = text.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
  return encoding === 'unicode' ? unicodeText(tidy) : unaccented(tidy);
}

/** How many SMS parts the text takes (a long message is split and joined again on the phone). */
export function smsParts(text: string, encoding: SmsEncoding): number {
  if (encoding === 'unicode') {
    const units = text.length; // UTF-16 code units = UCS-2 characters after unicodeText
    return units <= 70 ? 1 : Math.ceil(units / 67);
  }
  let septets = 0;
  for (const ch of text) septets += GSM_EXTENSION.has(ch) ? 2 : 1;
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
