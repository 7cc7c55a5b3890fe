// Certificates printed on pre-printed blanks (issue 11 #3), merged into the one API table: the templates (list,
// export, import with validation), each printer's calibration (get/set, the calibration page), the preview
// over an image of the blank, the test print, printing an entry's certificate, the reprint after a spoiled
// blank (its serial recorded), and the log of issued copies by entry and by day.
import { z } from 'zod';
import {
  CERTIFICATE_KINDS, COPY_KINDS, calibrationOffset, CALIBRATION_MARKS,
} from '../certificates/template';
import { LIMITS } from '../validation/limits';
import { calendarDate, id, isoInstant, multilineText, storedDate, text } from './common';
import { method } from './method';

/** Who prints certificates: the civil-status officer (and the administrator, who sets the printers up). */
export const CERTIFICATE_PRINTERS = ['officer', 'admin'] as const;
/** Who reads the templates, calibrations and the log of issued copies: also the leader. */
export const CERTIFICATE_READERS = ['officer', 'leader', 'admin'] as const;

export const certificateKind = z.enum(CERTIFICATE_KINDS, { error: `Loại giấy chỉ là: ${CERTIFICATE_KINDS.join(', ')}.` });
export const copyKind = z.enum(COPY_KINDS, { error: 'Loại bản chỉ là original (bản chính) hoặc extract (bản sao trích lục).' });
const printer = text(LIMITS.printerName).pipe(z.string().min(1, 'Chọn máy in.'));
/** A blank's serial as printed on it (số seri phôi), typed by the officer. */
const serial = text(40);
const fieldKey = z.string().max(80).regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'Khóa trường chỉ gồm chữ không dấu, số và dấu chấm.');
/** Values by field key, for the preview and the test print (an entry's print takes them from the entry). */
const fieldValues = z.record(fieldKey, multilineText(600)).refine((r) => Object.keys(r).length <= 200, 'Tối đa 200 trường.');
const pdf = z.object({ base64: z.string(), fileName: z.string() });

const templateSummary = z.object({
  kind: certificateKind, kindName: z.string(), id: z.string(), version: z.string(), validFrom: storedDate, name: z.string(),
  mode: z.enum(['blank', 'full-page']), unverified: z.boolean(), source: z.enum(['shipped', 'imported']),
  page: z.object({ width: z.number(), height: z.number() }),
  /** A landscape blank goes in upright, its top edge on this side of the sheet (see the template schema). */
  landscapeFeed: z.enum(['cw', 'ccw']),
  fields: z.array(z.object({ key: z.string(), label: z.string() })),
  /** The blank's image: the office's scan, the shipped stand-in, or none. */
  image: z.enum(['scan', 'stand-in', 'none']),
});

const calibration = z.object({ printer: z.string(), x: z.number(), y: z.number(), updatedAt: isoInstant.nullable(), updatedBy: z.string().nullable() });

export const issueSchema = z.object({
  id: z.string(), entryId: z.string(), dossierId: z.string().nullable(), kind: certificateKind, kindName: z.string(),
  copyKind: copyKind, copyKindName: z.string(), copies: z.number().int(),
  templateId: z.string(), templateVersion: z.string(), printer: z.string(), offset: z.object({ x: z.number(), y: z.number() }),
  blankSerial: z.string(), reprintOf: z.string().nullable(),
  spoiled: z.boolean(), spoiledSerial: z.string().nullable(), spoiledAt: isoInstant.nullable(),
  /** 'pending' while the spooler has not answered (or the app stopped meanwhile). */
  state: z.enum(['pending', 'sent', 'failed']), jobId: z.string(), error: z.string(),
  at: isoInstant, day: storedDate, userId: z.string(), userName: z.string(),
  /** Counted and charged: sent and not spoiled. */
  charged: z.boolean(),
});
export type CertificateIssue = z.infer<typeof issueSchema>;

const printAnswer = z.object({ issue: issueSchema, message: z.string() });

export const certificatesApi = {
  'certificates.templates': method(z.object({ on: calendarDate.optional() }), z.array(templateSummary), CERTIFICATE_READERS),
  /** The templates in force (or all of them) as one JSON file, the format importTemplates takes back. */
  'certificates.exportTemplates': method(z.object({ all: z.boolean().default(false) }),
    z.object({ json: z.string(), fileName: z.string() }), CERTIFICATE_READERS),
  /**
   * A template file (format mot-cua-desk/certificate-templates) as text. Every template is checked (positions
   * inside the sheet, sizes, keys, no field key twice) and the file is refused whole with the first problems,
   * each named by its template and field. An imported template replaces the one of its kind and validFrom.
   */
  'certificates.importTemplates': method(z.object({ json: z.string().max(2_000_000, 'Tệp mẫu quá lớn (tối đa 2 MB).') }),
    z.object({ imported: z.array(z.object({ kind: certificateKind, id: z.string(), version: z.string(), validFrom: storedDate })) }), ['admin']),
  /** The blank's image for the preview: the office's scan, else the shipped stand-in. */
  'certificates.blankImage': method(z.object({ kind: certificateKind, on: calendarDate.optional() }),
    z.object({ base64: z.string(), mime: z.string(), image: z.enum(['scan', 'stand-in']) }).nullable(), CERTIFICATE_READERS),
  /** Replaces the stand-in with a scan of the office's real blank (PNG or JPEG of the whole sheet). */
  'certificates.setBlankImage': method(z.object({
    kind: certificateKind, validFrom: calendarDate, mime: z.enum(['image/png', 'image/jpeg'], { error: 'Ảnh phôi phải là PNG hoặc JPEG.' }),
    base64: z.string().min(1, 'Chưa chọn ảnh phôi.').max(20_000_000, 'Ảnh quá lớn (tối đa 15 MB): hãy quét ở 150 dpi.'),
  }), z.object({ ok: z.literal(true) }), ['admin']),

  'certificates.calibrations': method(z.object({}), z.array(calibration), CERTIFICATE_READERS),
  'certificates.calibration': method(z.object({ printer }), calibration, CERTIFICATE_READERS),
  /** The offset (mm, +x right, +y down) added to every position printed on this printer. */
  'certificates.setCalibration': method(z.object({ printer }).extend(calibrationOffset.shape), calibration, CERTIFICATE_PRINTERS),
  /**
   * The calibration page (A4 grid with cross marks A–E at known positions): as PDF, and printed on the printer
   * when `print`. `applyOffset` adds the stored offset, to check it after measuring.
   */
  'certificates.calibrationPage': method(z.object({ printer, applyOffset: z.boolean().default(false), print: z.boolean().default(false) }),
    z.object({ pdf, marks: z.array(z.object({ label: z.string(), x: z.number(), y: z.number() })), printed: z.string().nullable() }), CERTIFICATE_PRINTERS),

  /**
   * The certificate drawn over the blank's image, without any printer offset (the image is the sheet itself):
   * the entry's values, or the given values (the template's sample for the missing ones) when no entry.
   */
  'certificates.preview': method(z.object({ kind: certificateKind, entryId: id.optional(), fields: fieldValues.optional(), on: calendarDate.optional() }),
    z.object({ pdf, template: templateSummary }), CERTIFICATE_READERS),
  /** The template with its sample values (or the given ones) printed with the printer's offset, logged nowhere. */
  'certificates.testPrint': method(z.object({ kind: certificateKind, printer, fields: fieldValues.optional() }),
    z.object({ printer: z.string(), jobId: z.string(), offset: z.object({ x: z.number(), y: z.number() }), message: z.string() }), CERTIFICATE_PRINTERS),
  /**
   * Prints the entry's certificate (its values from the civil-status register) with the printer's offset and
   * logs the issue. The original is issued once per entry (a spoiled one is reprinted with reprintSpoiled);
   * further copies are extracts.
   */
  'certificates.print': method(z.object({
    entryId: id, copyKind, copies: z.number().int('Số bản phải là số nguyên.').min(1, 'Ít nhất 1 bản.').max(20, 'Tối đa 20 bản một lần.').default(1),
    printer, blankSerial: serial.optional().default(''), kind: certificateKind.optional(),
  }), printAnswer, CERTIFICATE_PRINTERS),
  /** The blank of `issueId` was spoiled in the printer: it is marked with its serial and printed again. */
  'certificates.reprintSpoiled': method(z.object({
    issueId: id, spoiledSerial: serial.pipe(z.string().min(1, 'Nhập số seri của phôi bị hỏng (in trên phôi).')),
    blankSerial: serial.optional().default(''), printer: printer.optional(),
  }), printAnswer, CERTIFICATE_PRINTERS),
  /**
   * A print cut off by a stop or a crash (still 'pending', its error says so): the officer says from the blank
   * whether it printed. Printed: sent. Not printed: failed, its blank serial free again.
   */
  'certificates.settleInterrupted': method(z.object({ issueId: id, printed: z.boolean({ error: 'Chọn đã in ra hay chưa in ra.' }) }), printAnswer, CERTIFICATE_PRINTERS),
  /** Issued copies of an entry, or of a Vietnam day (with the day's totals by kind of copy). */
  'certificates.issues': method(z.union([z.object({ entryId: id }), z.object({ day: calendarDate })]),
    z.object({
      issues: z.array(issueSchema),
      totals: z.object({ original: z.number().int(), extract: z.number().int(), spoiled: z.number().int(), failed: z.number().int() }),
    }), CERTIFICATE_READERS),
} as const;

export { CALIBRATION_MARKS };
