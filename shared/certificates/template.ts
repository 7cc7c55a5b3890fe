// Certificate templates as data (issue 11 #3): where each field of a civil-status certificate prints on the
// Ministry's pre-printed blank (phôi), in millimetres from the sheet's top-left corner, with its font, size,
// alignment and box. The official layouts of Thông tư 04/2020/TT-BTP are *unverified* here: the shipped
// positions are plausible, marked `unverified`, and an office adjusts them by importing a template of its own.
// Pure TS (zod only): the contract validates an import with it, the core and the renderer read it.
import { z } from 'zod';

export const CERTIFICATE_KINDS = ['birth', 'marriage', 'death-extract', 'marital-status', 'birth-extract', 'marriage-extract'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];
export const CERTIFICATE_KIND_NAMES: Record<CertificateKind, string> = {
  birth: 'Giấy khai sinh',
  marriage: 'Giấy chứng nhận kết hôn',
  'death-extract': 'Trích lục khai tử',
  'marital-status': 'Giấy xác nhận tình trạng hôn nhân',
  'birth-extract': 'Trích lục khai sinh',
  'marriage-extract': 'Trích lục kết hôn',
};

/**
 * The paper an extract (bản sao trích lục) of an entry prints on: plain paper, full page — never a numbered
 * blank. A death's and a marital-status confirmation's paper are full-page already, their extract is the same.
 */
export const EXTRACT_KIND: Record<CertificateKind, CertificateKind> = {
  birth: 'birth-extract', marriage: 'marriage-extract', 'death-extract': 'death-extract', 'marital-status': 'marital-status',
  'birth-extract': 'birth-extract', 'marriage-extract': 'marriage-extract',
};

/** Which copy a print is: the original certificate (issued once) or an extract (trích lục), counted apart. */
export const COPY_KINDS = ['original', 'extract'] as const;
export type CopyKind = (typeof COPY_KINDS)[number];
export const COPY_KIND_NAMES: Record<CopyKind, string> = { original: 'Bản chính', extract: 'Bản sao trích lục' };

export const FONT_FACES = ['regular', 'bold', 'italic'] as const;
export type FontFace = (typeof FONT_FACES)[number];

/** Sizes of a sheet the blank may be (A4, A5, A3 on its side for the marriage certificate). */
const MAX_PAGE_MM = 450;
const mm = (what: string) => z.number({ error: `${what} phải là số milimét, VD 25.5 — hãy sửa lại.` })
  .min(0, `${what} không được âm — hãy sửa lại.`).max(MAX_PAGE_MM, `${what} tối đa ${MAX_PAGE_MM} mm — hãy sửa lại.`);
const size = (what: string) => z.number({ error: `${what} phải là số (cỡ chữ, pt) — hãy sửa lại.` })
  .min(6, `${what} ít nhất 6 pt — hãy sửa lại.`).max(40, `${what} tối đa 40 pt — hãy sửa lại.`);
const shortText = (what: string, max: number) => z.string({ error: `Thiếu ${what}.` }).min(1, `Thiếu ${what}.`).max(max, `${what} tối đa ${max} ký tự.`);

/**
 * One field printed in a box. `x` is the box's left edge, `y` the baseline of its first line; the box is
 * `width` wide and holds `maxLines` lines `lineHeight` mm apart. A value too long for one line at `size` is
 * first shrunk (down to `minSize`), then wrapped (when `maxLines` > 1), and refused when it still does not fit:
 * nothing ever prints past the box onto the blank's printed words.
 */
export const templateField = z.object({
  key: shortText('khóa trường (key)', 80).regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'Khóa trường chỉ gồm chữ không dấu, số và dấu chấm, VD child.fullName.'),
  label: shortText('tên trường', 120),
  x: mm('Vị trí ngang (x)'),
  y: mm('Vị trí dọc (y)'),
  width: z.number({ error: 'Độ rộng ô phải là số milimét.' }).min(3, 'Độ rộng ô ít nhất 3 mm.').max(MAX_PAGE_MM, `Độ rộng ô tối đa ${MAX_PAGE_MM} mm.`),
  align: z.enum(['left', 'center', 'right'], { error: 'Căn lề chỉ là left, center hoặc right.' }).default('left'),
  font: z.enum(FONT_FACES, { error: 'Kiểu chữ chỉ là regular, bold hoặc italic (phông Tinos).' }).default('regular'),
  size: size('Cỡ chữ'),
  minSize: size('Cỡ chữ nhỏ nhất').optional(),
  maxLines: z.number().int('Số dòng tối đa phải là số nguyên.').min(1, 'Số dòng tối đa ít nhất 1.').max(8, 'Số dòng tối đa là 8.').default(1),
  /** Distance between baselines of wrapped lines, mm; default 1.25 × size. */
  lineHeight: z.number().min(2, 'Khoảng cách dòng ít nhất 2 mm.').max(30, 'Khoảng cách dòng tối đa 30 mm.').optional(),
  /** Upper-case the value (names on some blanks). */
  upperCase: z.boolean().default(false),
});
export type TemplateField = z.output<typeof templateField>;

/** Printed words of a full-page template (extracts, plain-paper documents), which have no blank under them. */
export const staticText = z.object({
  text: shortText('chữ in sẵn', 300),
  x: mm('Vị trí ngang (x)'),
  y: mm('Vị trí dọc (y)'),
  align: z.enum(['left', 'center', 'right']).default('left'),
  font: z.enum(FONT_FACES).default('regular'),
  size: size('Cỡ chữ'),
});
export type StaticText = z.output<typeof staticText>;

export const staticLine = z.object({
  x1: mm('x1'), y1: mm('y1'), x2: mm('x2'), y2: mm('y2'),
  /** Stroke width in points. */
  thickness: z.number().min(0.1).max(5).default(0.5),
  dotted: z.boolean().default(false),
});
export type StaticLine = z.output<typeof staticLine>;

export const certificateTemplate = z.object({
  id: shortText('mã mẫu (id)', 80),
  kind: z.enum(CERTIFICATE_KINDS, { error: `Loại giấy chỉ là: ${CERTIFICATE_KINDS.join(', ')}.` }),
  version: shortText('phiên bản', 40),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày áp dụng (validFrom) có dạng YYYY-MM-DD, VD 2026-01-01.'),
  name: shortText('tên mẫu', 200),
  legalBasis: shortText('căn cứ pháp lý', 300),
  /** True while the positions are not measured on the real blank (the shipped ones). */
  unverified: z.boolean().default(false),
  /** 'blank': only the fields, on a pre-printed blank; 'full-page': also the static words and lines, on plain paper. */
  mode: z.enum(['blank', 'full-page'], { error: 'Chế độ in chỉ là blank (in trên phôi) hoặc full-page (in cả trang).' }),
  page: z.object({ width: mm('Khổ giấy rộng').min(50, 'Khổ giấy rộng ít nhất 50 mm.'), height: mm('Khổ giấy cao').min(50, 'Khổ giấy cao ít nhất 50 mm.') }),
  /**
   * A sheet wider than high (a landscape blank) goes through the printer short edge first like any A4, so it is
   * printed on an upright page with its text turned: 'cw' puts the blank's top edge on the right of the sheet as
   * it enters the printer, 'ccw' on the left. Printers turn a landscape PDF themselves in ways of their own,
   * which would also turn the calibration offset; an upright page keeps the offset in the sheet's own frame.
   */
  landscapeFeed: z.enum(['cw', 'ccw'], { error: 'Chiều đặt phôi ngang chỉ là cw (đầu phôi bên phải) hoặc ccw (đầu phôi bên trái).' }).default('cw'),
  /** Image of the blank for the preview (a file in assets/blanks/ or one the admin uploaded). */
  blankImage: z.string().max(120).optional(),
  fields: z.array(templateField).min(1, 'Mẫu phải có ít nhất một trường.').max(120, 'Mẫu có tối đa 120 trường.'),
  statics: z.array(staticText).max(200).default([]),
  lines: z.array(staticLine).max(200).default([]),
  /** Sample values for the preview and the test print, by field key. */
  sample: z.record(z.string(), z.string().max(500)).default({}),
}).superRefine((t, ctx) => {
  const seen = new Set<string>();
  t.fields.forEach((f, i) => {
    if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `Khóa ${f.key} bị lặp — mỗi khóa chỉ xuất hiện một lần.` });
    seen.add(f.key);
    if (f.minSize !== undefined && f.minSize > f.size) ctx.addIssue({ code: 'custom', path: ['fields', i, 'minSize'], message: 'Cỡ chữ nhỏ nhất lớn hơn cỡ chữ — hãy sửa lại.' });
    if (f.x + f.width > t.page.width + 0.01) ctx.addIssue({ code: 'custom', path: ['fields', i, 'width'], message: `Ô vượt ra ngoài khổ giấy (x + rộng > ${t.page.width} mm) — hãy sửa x hoặc độ rộng.` });
    if (f.y > t.page.height) ctx.addIssue({ code: 'custom', path: ['fields', i, 'y'], message: `Vị trí dọc nằm ngoài khổ giấy (${t.page.height} mm) — hãy sửa y.` });
  });
});
export type CertificateTemplate = z.output<typeof certificateTemplate>;
export type CertificateTemplateInput = z.input<typeof certificateTemplate>;

export const TEMPLATE_FILE_FORMAT = 'mot-cua-desk/certificate-templates';
export const certificateTemplateFile = z.object({
  format: z.literal(TEMPLATE_FILE_FORMAT, { error: `Tệp mẫu phải có "format": "${TEMPLATE_FILE_FORMAT}".` }),
  formatVersion: z.literal(1, { error: 'Tệp mẫu phải có "formatVersion": 1.' }),
  comment: z.string().optional(),
  templates: z.array(certificateTemplate).min(1, 'Tệp không có mẫu nào.').max(50),
});

/** Line height of a field in mm (the template's, else 1.25 × the type size). */
export const lineHeightOf = (f: TemplateField): number => f.lineHeight ?? (f.size * 1.25 * 25.4) / 72;

/** The template in force on a Vietnam day: the latest of its kind whose validFrom is on or before it. */
export function selectTemplate<T extends { kind: string; validFrom: string }>(templates: readonly T[], kind: string, day: string): T | null {
  let best: T | null = null;
  for (const t of templates) {
    if (t.kind !== kind || t.validFrom > day) continue;
    if (!best || t.validFrom >= best.validFrom) best = t;
  }
  return best;
}

/** A printer's calibration: what is added to every position (mm; +x to the right, +y downwards). */
export const CALIBRATION_LIMIT_MM = 15;
export const calibrationOffset = z.object({
  x: z.number({ error: 'Độ lệch ngang phải là số milimét, VD 1.5 hoặc -2.' })
    .min(-CALIBRATION_LIMIT_MM, `Độ lệch tối đa ±${CALIBRATION_LIMIT_MM} mm — hãy đo lại trên trang căn chỉnh.`)
    .max(CALIBRATION_LIMIT_MM, `Độ lệch tối đa ±${CALIBRATION_LIMIT_MM} mm — hãy đo lại trên trang căn chỉnh.`),
  y: z.number({ error: 'Độ lệch dọc phải là số milimét, VD 1.5 hoặc -2.' })
    .min(-CALIBRATION_LIMIT_MM, `Độ lệch tối đa ±${CALIBRATION_LIMIT_MM} mm — hãy đo lại trên trang căn chỉnh.`)
    .max(CALIBRATION_LIMIT_MM, `Độ lệch tối đa ±${CALIBRATION_LIMIT_MM} mm — hãy đo lại trên trang căn chỉnh.`),
});
export type CalibrationOffset = z.infer<typeof calibrationOffset>;

/**
 * The calibration page's cross marks (mm from the sheet's top-left corner, A4). The officer measures where
 * each printed, and the offset is what brings the printed mark back onto its place: expected − measured.
 */
export const CALIBRATION_MARKS = [
  { label: 'A', x: 20, y: 20 },
  { label: 'B', x: 190, y: 20 },
  { label: 'C', x: 105, y: 148 },
  { label: 'D', x: 20, y: 277 },
  { label: 'E', x: 190, y: 277 },
] as const;

/** Offset from measured positions of marks (mean over the marks measured), rounded to 0.1 mm. */
export function offsetFromMeasurements(measured: readonly { label: string; x: number; y: number }[]): CalibrationOffset {
  const pairs = measured.flatMap((m) => {
    const mark = CALIBRATION_MARKS.find((k) => k.label === m.label);
    return mark ? [{ dx: mark.x - m.x, dy: mark.y - m.y }] : [];
  });
  if (!pairs.length) return { x: 0, y: 0 };
  const round = (v: number) => Math.round(v * 10) / 10 || 0;
  return { x: round(pairs.reduce((s, p) => s + p.dx, 0) / pairs.length), y: round(pairs.reduce((s, p) => s + p.dy, 0) / pairs.length) };
}
