// Forms made on request (issue 10, item 4), merged into the one API table: the control sheet of a dossier
// (Mẫu 06, from its hand-over log) and the register book of a period (Mẫu 07, PDF and Excel). Both answer a
// stored document, printed and reprinted with printing.print (every print logged with its kind). Forms 04 and
// 05 come with the workflow's extension and stop (api-workflow.ts).
import { z } from 'zod';
import { calendarDate, id, text } from './common';
import { method, STAFF } from './method';
import { documentInfoSchema } from './schemas';

/** A register book holds at most a year (366 days) of dossiers. */
export const REGISTER_BOOK_MAX_DAYS = 366;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const registerBookInput = z.object({
  from: calendarDate,
  to: calendarDate,
  /** Quyển số as written on the book's cover, e.g. "01/2026". */
  bookNumber: text(40).pipe(z.string().min(1, 'Nhập số quyển sổ, VD 01/2026.')),
}).superRefine((v, ctx) => {
  if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Ngày kết thúc trước ngày bắt đầu — hãy chọn ngày kết thúc từ ngày bắt đầu trở đi.' });
  else if (daysBetween(v.from, v.to) > REGISTER_BOOK_MAX_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `Một quyển sổ theo dõi tối đa ${REGISTER_BOOK_MAX_DAYS} ngày — hãy chọn ngày kết thúc sớm hơn.` });
  }
});

const xlsxFile = z.object({ base64: z.string(), fileName: z.string() });

export const formsApi = {
  /**
   * Mẫu 06 of the dossier as its hand-over log stands now, one row per hand-over, signatures blank. When
   * nothing changed since the last sheet, that sheet is answered again (`reused`): printing it is a reprint.
   */
  'forms.controlSheet': method(z.object({ dossierId: id }),
    z.object({ document: documentInfoSchema, handOvers: z.number().int(), reused: z.boolean() }), STAFF),
  /**
   * Mẫu 07 for a period (Vietnam days, both included) and a book number: the PDF as a document of the office
   * (dossierId null) and the same rows as an Excel workbook (.xlsx, base64). The same book asked for again
   * with nothing changed answers the same document (`reused`).
   */
  'forms.registerBook': method(registerBookInput,
    z.object({ document: documentInfoSchema, entries: z.number().int(), reused: z.boolean(), xlsx: xlsxFile }), STAFF),
  /** The workbook of a register book made before (its rows as they were when the book was made). */
  'forms.registerBookXlsx': method(z.object({ documentId: id }), xlsxFile, STAFF),
  /** Register books made so far, newest first, with how many times each was printed. */
  'forms.registerBooks': method(z.object({ limit: z.number().int().min(1).max(200).default(50) }),
    z.array(z.object({
      document: documentInfoSchema, bookNumber: z.string(), from: z.string(), to: z.string(), entries: z.number().int(), prints: z.number().int(),
    })), STAFF),
} as const;
