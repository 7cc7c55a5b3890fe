// Fitting a value into its field's box on a blank: shrink on one line, then wrap, then refuse. What prints
// past the box lands on the blank's pre-printed words (or off the sheet), and a spoiled blank is a numbered
// security paper that must be accounted for — so a value that cannot fit is refused before anything prints.
import { lineHeightOf, type TemplateField } from '../../../shared/certificates/template';
import type { TextMeasure } from '../font-library';
import { wrapRuns } from '../text-layout';

export const MM = 72 / 25.4;
/** Step of the shrinking, in points. */
const STEP = 0.5;

export interface FittedLine {
  text: string;
  /** Width in points at the fitted size. */
  width: number;
}

export interface FittedField {
  size: number;
  lines: FittedLine[];
  /** Distance between baselines, mm. */
  lineHeight: number;
}

/** A value that does not fit its box at the smallest size allowed; the message names the field. */
export class BlankFitError extends Error {
  override readonly name = 'BlankFitError';
  constructor(readonly fieldKey: string, readonly label: string, message: string) {
    super(message);
  }
}

/** The value as printed: NFC, trimmed, upper-cased where the template says so. */
export function printedText(field: TemplateField, value: string): string {
  const text = value.normalize('NFC').split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
  return field.upperCase ? text.toLocaleUpperCase('vi-VN') : text;
}

function layout(field: TemplateField, text: string, size: number, measure: TextMeasure): FittedLine[] {
  const style = field.font;
  const lines = wrapRuns([{ text, style }], field.width * MM, (t, s) => measure(t, s, size));
  return lines.map((l) => ({ text: l.pieces.map((p) => p.text).join(''), width: l.width }));
}

/** Sizes from the field's size down to its smallest, largest first. */
function sizes(field: TemplateField): number[] {
  const min = field.minSize ?? field.size;
  const out: number[] = [];
  for (let s = field.size; s >= min - 1e-9; s -= STEP) out.push(Math.round(s * 100) / 100);
  if (out[out.length - 1] !== min) out.push(min);
  return out;
}

/**
 * Lays `value` out in `field`'s box. A value with line breaks of its own (a signer's "KT. CHỦ TỊCH\nPHÓ CHỦ
 * TỊCH") keeps them and needs as many lines. Returns null for an empty value (the blank's dotted line stays
 * empty); throws BlankFitError when the value does not fit even at the smallest size on the most lines.
 */
export function fitField(field: TemplateField, value: string, measure: TextMeasure): FittedField | null {
  const text = printedText(field, value);
  if (!text) return null;
  const lineHeight = lineHeightOf(field);
  const paragraphs = text.split('\n').length;
  const candidates = sizes(field);
  // 1. Shrink: every paragraph on one line of its own.
  if (paragraphs <= field.maxLines) {
    for (const size of candidates) {
      const lines = layout(field, text, size, measure);
      if (lines.length === paragraphs) return { size, lines, lineHeight };
    }
  }
  // 2. Wrap: as many lines as the box holds, at the largest size that needs no more.
  if (field.maxLines > 1) {
    for (const size of candidates) {
      const lines = layout(field, text, size, measure);
      if (lines.length <= field.maxLines) return { size, lines, lineHeight };
    }
  }
  // 3. Refuse, naming the field and what would make it fit.
  const min = field.minSize ?? field.size;
  const room = field.maxLines > 1 ? `${field.maxLines} dòng rộng ${field.width} mm` : `một dòng rộng ${field.width} mm`;
  throw new BlankFitError(field.key, field.label,
    `Trường «${field.label}» quá dài, không in vừa ô trên phôi (${room}, cỡ chữ nhỏ nhất ${min} pt). ` +
    'Hãy viết gọn lại (VD "thành phố" → "TP.", "huyện" → "H.") rồi in lại; phôi chưa bị in.');
}
