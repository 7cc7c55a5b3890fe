import { z } from 'zod';

// Messages for checks without a message of their own come out in Vietnamese.
z.config(z.locales.vi());

// Text crossing the boundary is normalized to NFC here, once, whatever the input method produced.
export const text = (max = 500) =>
  z.string().max(max).transform((s) => s.normalize('NFC').replace(/[\u200B-\u200D\uFEFF]/g, '').trim());
export const optionalText = (max = 500) => text(max).optional().default('');

export const dateKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM');
/** An instant with an explicit offset, carried as ISO 8601 text. */
export const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'Thời điểm không hợp lệ');
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

export const DOCUMENT_KINDS = ['form01', 'form02', 'form03'] as const;
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
