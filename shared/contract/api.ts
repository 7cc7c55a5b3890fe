import { z } from 'zod';
import { calendarDate, calendarYear, documentKind, id, instant, isoInstant, optionalText, role, text } from './common';
import { dossierCorrectionApi } from './api-dossier-correction';
import { formsApi } from './api-forms';
import { civilStatusApi } from './api-civil-status';
import { certificatesApi } from './api-certificates';
import { feesApi } from './api-fees';
import { scanningApi } from './api-scanning';
import { scanningAdminApi } from './api-scanning-admin';
import { notifyApi } from './api-notify';
import { indicatorsApi } from './api-indicators';
import { syncApi } from './api-sync';
import { usersAdminApi } from './api-users';
import { workflowApi } from './api-workflow';
import { LIMITS } from '../validation/limits';
import { ADMIN_ONLY, COUNTER, method, STAFF } from './method';
import {
  calendarOverrideInput, calendarOverrideSchema, calendarProblemSchema, documentInfoSchema, dossierDetailSchema,
  dossierSummarySchema, holidaySchema, officeSchema, officeViewSchema, printerInfoSchema, procedureVersionInput,
  procedureVersionSchema, receiveInput, userSchema,
} from './schemas';

/**
 * The one API contract. Each method: input schema, output schema, and who may call it
 * ('public' needs only the transport's launch token; otherwise a logged-in user with one of the roles).
 * Both transports (Electron IPC and HTTP on 127.0.0.1) serve exactly this table.
 */
const anyone = 'public' as const;
const staff = STAFF;
const counter = COUNTER;
const adminOnly = ADMIN_ONLY;

const ok = z.object({ ok: z.literal(true) });

export const api = {
  'app.info': method(z.object({}), z.object({
    setupRequired: z.boolean(), version: z.string(), now: isoInstant,
    office: officeViewSchema.nullable(), shell: z.enum(['electron', 'browser']),
    /** Result of the start-up integrity check of the local database (runs in the background). */
    dataIntegrity: z.enum(['checking', 'ok', 'damaged']),
  }), anyone),
  'setup.initialize': method(z.object({
    office: officeSchema,
    admin: z.object({
      username: text(LIMITS.username).pipe(z.string().regex(/^[a-z0-9._-]{3,40}$/, 'Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, . _ -')),
      fullName: text(LIMITS.userFullName).pipe(z.string().min(2, 'Nhập họ tên')),
      password: z.string().min(8, 'Mật khẩu ít nhất 8 ký tự').max(LIMITS.password),
    }),
  }), ok, anyone),
  'auth.login': method(z.object({ username: text(LIMITS.username), password: z.string().max(LIMITS.password) }),
    z.object({ sessionToken: z.string(), user: userSchema }), anyone),
  'auth.logout': method(z.object({}), ok, staff),
  'auth.me': method(z.object({}), userSchema, staff),

  'office.get': method(z.object({}), officeViewSchema, staff),
  'office.update': method(officeSchema, officeViewSchema, adminOnly),

  'users.list': method(z.object({}), z.array(userSchema), adminOnly),
  'users.create': method(z.object({
    username: text(LIMITS.username).pipe(z.string().regex(/^[a-z0-9._-]{3,40}$/, 'Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, . _ -')),
    fullName: text(LIMITS.userFullName).pipe(z.string().min(2, 'Nhập họ tên')), role,
    password: z.string().min(8, 'Mật khẩu ít nhất 8 ký tự').max(LIMITS.password),
  }), userSchema, adminOnly),

  'procedures.search': method(z.object({
    query: optionalText(LIMITS.searchQuery), limit: z.number().int().min(1).max(200).default(20), on: calendarDate.optional(),
  }),
    z.array(procedureVersionSchema), staff),
  'procedures.history': method(z.object({ code: text(LIMITS.procedureCode) }), z.array(procedureVersionSchema), staff),
  'procedures.createVersion': method(procedureVersionInput, procedureVersionSchema, adminOnly),

  'dossiers.previewDue': method(z.object({ procedureVersionId: id, receivedAt: instant.optional() }),
    z.object({ dueAt: isoInstant.nullable(), effectiveReceivedAt: isoInstant, durationText: z.string() }), staff),
  'dossiers.receive': method(receiveInput, z.object({
    dossier: dossierDetailSchema, document: documentInfoSchema, warnings: z.array(z.string()),
  }), counter),
  'dossiers.list': method(z.object({
    query: optionalText(LIMITS.searchQuery), day: calendarDate.optional(), limit: z.number().int().min(1).max(500).default(100),
  }), z.array(dossierSummarySchema), staff),
  'dossiers.get': method(z.object({ id }), dossierDetailSchema, staff),

  'documents.content': method(z.object({ id }), z.object({ base64: z.string(), kind: documentKind, fileName: z.string() }), staff),

  'printing.listPrinters': method(z.object({}), z.array(printerInfoSchema), staff),
  /**
   * `copies`: how many times the whole document is printed (default 1). A form printed in several liên (Mẫu 01:
   * Lưu + Giao người nộp) already holds every liên, so one copy gives all of them. The answer says what was sent:
   * copies, liên per copy, sheets, and the clerk's sentence.
   */
  'printing.print': method(z.object({ documentId: id, copies: z.number().int().min(1).max(20).optional(), printer: optionalText(LIMITS.printerName) }),
    z.object({ printer: z.string(), jobId: z.string().optional(), copies: z.number(), liens: z.number().int(), sheets: z.number().int(), message: z.string() }), staff),
  'printing.getSettings': method(z.object({}), z.record(z.string(), z.string()), staff),
  'printing.setSettings': method(z.record(z.string(), z.string()), z.record(z.string(), z.string()), adminOnly),

  'calendar.holidays': method(z.object({ year: calendarYear }), z.array(holidaySchema), staff),
  'calendar.overrides': method(z.object({ year: calendarYear }), z.array(calendarOverrideSchema), staff),
  /** Stored or shipped calendar entries that are skipped because they are wrong, for the admin to fix. */
  'calendar.problems': method(z.object({}), z.array(calendarProblemSchema), staff),
  'calendar.setOverride': method(calendarOverrideInput, ok, adminOnly),
  /**
   * `date` is the key of a stored row as listed (calendar.overrides or calendar.problems), not a date to
   * interpret: a row an older version stored with an impossible date (2026-02-30) must be deletable too.
   */
  'calendar.removeOverride': method(z.object({ date: z.string().min(1).max(64) }), ok, adminOnly),

  ...scanningApi,
  ...scanningAdminApi,
  ...syncApi,
  ...dossierCorrectionApi,
  ...usersAdminApi,
  ...workflowApi,
  ...notifyApi,
  ...indicatorsApi,
  ...formsApi,
  ...civilStatusApi,
  ...certificatesApi,
  ...feesApi,
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;
export const METHOD_NAMES = Object.keys(api) as MethodName[];
