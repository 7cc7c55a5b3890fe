import crypto from 'node:crypto';

/**
 * A dossier's look-up code (docs/lookup-code.md): 12 random characters of Crockford's base32 alphabet (no I, L,
 * O, U: nothing to misread when typed from paper), 60 bits. It proves that whoever asks the look-up page about
 * a dossier holds its paper, without the paper's QR disclosing who the citizen is.
 */
export const LOOKUP_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LOOKUP_CODE_LENGTH = 12;

export function newLookupCode(): string {
  // 32 symbols: the low five bits of each random byte are uniform.
  return Array.from(crypto.randomBytes(LOOKUP_CODE_LENGTH), (b) => LOOKUP_CODE_ALPHABET[b & 31]).join('');
}
