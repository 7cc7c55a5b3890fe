import { z } from 'zod';
import { applyTextPolicy } from '../text/policy';
import { validationMessageVi, type IssueLike } from '../validation/messages';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, checkServedDate, checkServedInstant } from '../calendar/served';

// Messages for checks without a message of their own come out in Vietnamese, with the limit and what to do
// (shared/validation/messages.ts); zod's own Vietnamese locale stays underneath as a fallback.
z.config(z.locales.vi());
z.config({ customError: (issue) => validationMessageVi(issue as IssueLike) });

/**
 * THE schema of free text (names, addresses, notes, reasons…): the text policy of shared/text/policy.ts —
 * NFC, invisible characters and odd spaces cleaned, bidi overrides, control characters and characters the
 * form font cannot draw refused with a message naming them — then the length limit (shared/validation/limits).
 * `text` is one line (line breaks become spaces); `multilineText` keeps line breaks.
 */
const freeText = (max: number, multiline: boolean) =>
  // A first bound before any work on the input: cleaning can only shorten it by invisible characters.
  z.string().max(max * 4 + 64, `Tối đa ${max} ký tự — hãy rút gọn.`).transform((raw, ctx) => {
    const r = applyTextPolicy(raw, { multiline });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error, input: raw });
      return z.NEVER;
    }
    if (r.value.length > max) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: r.value });
      return z.NEVER;
    }
    return r.value;
  });
/** Marks the free-text schemas in zod's registry, so a contract test can find every field they guard. */
export const FREE_TEXT_META = 'free-text';
export const text = (max = 500) => freeText(max, false).describe(FREE_TEXT_META);
export const multilineText = (max = 2000) => freeText(max, true).describe(FREE_TEXT_META);
export const optionalText = (max = 500) => text(max).optional().default('');
export const optionalMultilineText = (max = 2000) => multilineText(max).optional().default('');

/**
 * THE date schema of every date a caller gives ('YYYY-MM-DD'): a day that exists, in the years the calendar
 * serves. Use it for every date field of every method's input; nothing else may parse a date from a caller.
 */
export const calendarDate = z.string().max(40).superRefine((s, ctx) => {
  const r = checkServedDate(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
});

/**
 * THE instant schema of every instant a caller gives: ISO 8601 with an offset (2026-02-17T09:30:00+07:00),
 * every part existing (no 30 February, no hour 24), its Vietnam day in the served years.
 */
export const instant = z.string().max(60).superRefine((s, ctx) => {
  const r = checkServedInstant(s);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
});

/** A year of the calendar (holiday lists). */
export const calendarYear = z.number().int(`Năm phải là số nguyên, VD 2026 — hãy nhập lại.`)
  .min(CALENDAR_FIRST_YEAR, `Năm phải từ ${CALENDAR_FIRST_YEAR} đến ${CALENDAR_LAST_YEAR} — hãy nhập lại.`)
  .max(CALENDAR_LAST_YEAR, `Năm phải từ ${CALENDAR_FIRST_YEAR} đến ${CALENDAR_LAST_YEAR} — hãy nhập lại.`);

// What the core hands out is described, not re-checked: a row stored by an older version (or typed before a
// check existed) must still be shown, so that someone can see and fix it, instead of failing the whole answer.
/** A stored date in an answer. Output only: inputs use `calendarDate`. */
export const storedDate = z.string();
/** A stored instant in an answer (ISO 8601 text). Output only: inputs use `instant`. */
export const isoInstant = z.string();

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM, VD 07:30 — hãy nhập lại.');
export const id = z.string().min(1).max(64);

export const ROLES = ['clerk', 'officer', 'leader', 'admin'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const COPY_TYPES = ['original', 'certified-copy', 'copy'] as const;
export const copyType = z.enum(COPY_TYPES);
export type CopyType = z.infer<typeof copyType>;

export const DURATION_UNITS = ['working-days', 'days', 'working-hours', 'same-day'] as const;
export const durationUnit = z.enum(DURATION_UNITS);
export type DurationUnitName = z.infer<typeof durationUnit>;

/** Mẫu 01–07 (Thông tư 03/2025/TT-VPCP): 01–03 at the counter, 04–05 from the workflow, 06–07 on request. */
export const DOCUMENT_KINDS = ['form01', 'form02', 'form03', 'form04', 'form05', 'form06', 'form07'] as const;
export const documentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKind>;

/** Errors every method may return; `message` is Vietnamese and shown to the user as is. */
export const ERROR_CODES = [
  'VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SETUP_REQUIRED',
  'PRINT_FAILED', 'DATA_DAMAGED', 'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface FieldError { field: string; message: string; severity: 'error' | 'warning' }
export interface ApiErrorBody { code: ErrorCode; message: string; fields?: FieldError[] }
export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };
