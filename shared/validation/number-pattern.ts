// The dossier-number pattern (office setting numberPattern): its tokens, the period its sequence counts in, and
// the patterns refused because they could give two dossiers the same number. One rule for the core (office
// schema, office.update, setup) and the screens that edit it (setup, Quản trị → Cơ quan), so the admin reads
// the same Vietnamese message next to the field before saving as the core would answer.

/** Fields a pattern may print, besides the sequence {seq} / {seq:N}. */
export const NUMBER_PATTERN_TOKENS = ['{agency}', '{yyyy}', '{yy}', '{MM}', '{dd}', '{counter}'] as const;

/** The sequence token; group 1 is its width (one digit), 4 when absent. */
export const SEQ_TOKEN = /\{seq(?::(\d))?\}/;

/** How often the sequence restarts: only when what the pattern prints changes. */
export type SequencePeriod = 'day' | 'month' | 'year' | 'ever';

/**
 * Daily when the pattern has the day (with its month and year), monthly with month and year, yearly with the
 * year alone, never without a date: a pattern without the date keeps counting instead of printing yesterday's
 * numbers again.
 */
export function sequencePeriod(pattern: string): SequencePeriod {
  const year = pattern.includes('{yyyy}') || pattern.includes('{yy}');
  const month = pattern.includes('{MM}');
  if (year && month && pattern.includes('{dd}')) return 'day';
  if (year && month) return 'month';
  return year ? 'year' : 'ever';
}

/** The period in words, for the field's hint. */
export const SEQUENCE_PERIOD_TEXT: Record<SequencePeriod, string> = {
  day: 'Số thứ tự bắt đầu lại mỗi ngày.',
  month: 'Số thứ tự bắt đầu lại mỗi tháng.',
  year: 'Số thứ tự bắt đầu lại mỗi năm.',
  ever: 'Mẫu không có ngày tháng: số thứ tự tăng mãi, không bắt đầu lại.',
};

/**
 * Why the pattern cannot be used (it could give two dossiers the same number, or prints something that is
 * not a field), in Vietnamese with what to do; null when it is fine. `counterCode`: the PC's counter code,
 * which the number must then carry (two counters of one office share the agency's sequence space).
 */
export function numberPatternProblem(pattern: string, counterCode = ''): string | null {
  const example = 'VD {agency}-{yy}{MM}{dd}-{seq:4}';
  // What is written wrongly first ({seq:12}, {DD}), then what is missing.
  const unknown = (pattern.match(/\{[^{}]*\}/g) ?? []).find((t) => !(NUMBER_PATTERN_TOKENS as readonly string[]).includes(t) && !/^\{seq(?::\d)?\}$/.test(t));
  if (unknown) return `Mẫu số hồ sơ có "${unknown}" không phải trường được hỗ trợ; chỉ dùng {agency} {yyyy} {yy} {MM} {dd} {counter} {seq:4}.`;
  if (/[{}]/.test(pattern.replace(/\{[^{}]*\}/g, ''))) return `Mẫu số hồ sơ có dấu { hoặc } lẻ; mỗi trường phải có đủ hai dấu, ${example}.`;
  if (!SEQ_TOKEN.test(pattern)) return `Mẫu số hồ sơ phải có {seq} (số thứ tự), ${example}.`;
  const year = pattern.includes('{yyyy}') || pattern.includes('{yy}');
  if (pattern.includes('{dd}') && !pattern.includes('{MM}')) {
    return 'Mẫu số hồ sơ có ngày {dd} nhưng thiếu tháng {MM}: số cấp ngày 5 tháng này và ngày 5 tháng sau sẽ trùng nhau. Thêm {MM} (và năm {yy}).';
  }
  if (pattern.includes('{MM}') && !year) {
    return 'Mẫu số hồ sơ có tháng {MM} nhưng thiếu năm {yy} hoặc {yyyy}: số cấp năm nay và năm sau sẽ trùng nhau. Thêm {yy}.';
  }
  if (counterCode && !pattern.includes('{counter}')) return 'Đã đặt mã quầy thì mẫu số hồ sơ phải có {counter}, để hai máy không cấp trùng số.';
  return null;
}
