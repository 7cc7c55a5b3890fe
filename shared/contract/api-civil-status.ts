// Civil-status registration (issue 11): the event schemas (shared/civil-status), entries registered in the
// office's register books (sổ hộ tịch), and the certificate or extract as the dossier's result. Merged into the
// one API table.
//
// Roles: the civil-status officer registers, cancels and makes the result; the leader views and may close a
// book and cancel an entry (both are the office's decision); the counter clerk views — it hands certificates
// back and answers citizens about their entries — but never registers. The administrator does not process
// dossiers and sees no personal data here, only the schemas.
import { z } from 'zod';
import { EVENT_TYPES, FIELD_KINDS, PARTIES, PARTY_ATTRIBUTES } from '../civil-status/types';
import { LIMITS } from '../validation/limits';
import { calendarYear, id, isoInstant, optionalText, storedDate, text } from './common';
import { method, STAFF } from './method';
import { documentInfoSchema } from './schemas';

export const eventType = z.enum(EVENT_TYPES);

const OFFICER = ['officer'] as const;
const OFFICER_LEADER = ['officer', 'leader'] as const;
const VIEWERS = ['clerk', 'officer', 'leader'] as const;

/** An entry's field values by flat key ('child.fullName'); each value free text under the text policy. */
const fieldKey = z.string().max(80).regex(/^[a-z][A-Za-z0-9]*(\.[a-zA-Z][A-Za-z0-9]*)*$/, 'Khóa trường không hợp lệ');
export const entryFieldsInput = z.record(fieldKey, text(500)).refine((r) => Object.keys(r).length <= 120, 'Tối đa 120 trường.');

export const fieldDefSchema = z.object({
  key: z.string(), label: z.string(), kind: z.enum(FIELD_KINDS), required: z.boolean(), group: z.string(),
  max: z.number().optional(), min: z.number().optional(), options: z.array(z.string()).readonly().optional(),
  defaultValue: z.string().optional(),
  from: z.object({ party: z.enum(PARTIES), attribute: z.enum(PARTY_ATTRIBUTES) }).optional(),
  allowFuture: z.boolean().optional(), inRegister: z.boolean().optional(), hint: z.string().optional(),
});

export const eventSchemaSchema = z.object({
  type: eventType, version: z.number().int(), validFrom: storedDate,
  name: z.string(), registerName: z.string(), resultName: z.string(), resultCode: z.string(),
  procedureCodes: z.array(z.string()).readonly(), bookCapacity: z.number().int(), numbered: z.boolean(),
  groups: z.array(z.object({ key: z.string(), label: z.string() })).readonly(),
  fields: z.array(fieldDefSchema).readonly(),
});

/** A register book (sổ hộ tịch): per event type and year, Quyển số from 01 each year. */
export const bookSchema = z.object({
  id, eventType, year: z.number().int(), bookNumber: z.number().int(),
  /** As printed: "01/2026". */
  label: z.string(),
  name: z.string(),
  capacity: z.number().int(),
  /** Entries written (cancelled ones included: they keep their number). */
  entryCount: z.number().int(),
  /** The number the next proposed entry gets (null when closed). */
  nextNumber: z.number().int().nullable(),
  openedAt: isoInstant,
  closedAt: isoInstant.nullable(),
  closedReason: z.enum(['year-end', 'full', 'manual']).nullable(),
  closedBy: z.string().nullable(),
});
export type RegisterBook = z.infer<typeof bookSchema>;

export const linkedPersonSchema = z.object({
  /** Where the person stands in the entry: the field group ('child', 'husband', 'subject', 'declarant'…). */
  role: z.string(), fullName: z.string(), idNumber: z.string(),
  /** The dossier's party the person was taken from, if any. */
  party: z.enum(PARTIES).nullable(),
});

export const issueMessage = z.object({ field: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) });

export const entrySchema = z.object({
  id, dossierId: id.nullable(), dossierNumber: z.string(),
  eventType, schemaVersion: z.number().int(), eventName: z.string(),
  fields: z.record(z.string(), z.string()),
  bookId: z.string().nullable(), bookLabel: z.string(), entryNumber: z.number().int().nullable(),
  /** 'proposed': the app's next number; 'external': the number given by the Ministry's shared software. */
  numberSource: z.enum(['proposed', 'external']).nullable(),
  registeredOn: storedDate, registeredAt: isoInstant, registeredBy: z.string(), registeredByName: z.string(),
  signerName: z.string(), signerTitle: z.string(),
  state: z.enum(['registered', 'cancelled']),
  cancelledAt: isoInstant.nullable(), cancelledByName: z.string(), cancelReason: z.string(),
  lateRegistration: z.boolean(),
  /** Marital-status confirmation: valid through this Vietnam day; its purpose. */
  validUntil: storedDate.nullable(),
  persons: z.array(linkedPersonSchema),
  /** The entry an extract copy or a change refers to. */
  targetEntryId: z.string().nullable(),
  /** Copies issued so far (extracts; certificates re-issued as extracts), logged one row per issue. */
  copiesIssued: z.number().int(),
  warnings: z.array(issueMessage),
  resultCode: z.string(),
  /** Changes, corrections and additions registered on this entry (not cancelled), oldest first. */
  changes: z.array(z.object({
    entryId: id, registeredOn: storedDate, kind: z.string(), fieldKey: z.string(), fieldLabel: z.string(),
    oldValue: z.string(), newValue: z.string(), reason: z.string(),
  })).default([]),
});
export type CivilStatusEntry = z.infer<typeof entrySchema>;

const numberChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('propose') }),
  z.object({
    mode: z.literal('external'),
    /** Số as given by the Ministry of Justice's shared civil-status software. */
    entryNumber: z.number('Nhập số do phần mềm hộ tịch dùng chung cấp, VD 15.').int('Số là số nguyên, VD 15.')
      .min(1, 'Số từ 1 trở lên.').max(99_999, 'Số tối đa 99.999.'),
    /** Quyển số given with it; when given it must be the open book's. */
    bookNumber: z.number().int().min(1).max(99).optional(),
  }),
]);

export const registerInput = z.object({
  /** Client-made id: the same id again answers as the first call and writes nothing (like dossiers.receive). */
  operationId: z.string().uuid(),
  dossierId: id,
  eventType,
  /** The schema version the screen was drawn from; must be the one in force today. */
  schemaVersion: z.number().int().min(1).max(999),
  fields: entryFieldsInput,
  number: numberChoice.default({ mode: 'propose' }),
  signerName: optionalText(LIMITS.personName),
  signerTitle: optionalText(200),
  /** Register despite warnings (the ID number's digits, a late birth registration): errors always refuse. */
  acceptWarnings: z.boolean().default(true),
});
export type RegisterInput = z.input<typeof registerInput>;

export const civilStatusApi = {
  /** Every event type's schema in force today (and older versions entries may still carry, with `all`). */
  'civilStatus.eventTypes': method(z.object({ all: z.boolean().default(false) }), z.array(eventSchemaSchema), STAFF),
  /**
   * What the entry screen of a dossier starts from: its event type (from the procedure), the schema, fields
   * filled from the dossier's parties (applicant; second party when the intake recorded one), the book and the
   * number the app would propose, the dossier's existing entries, and warnings (e.g. a marital-status
   * confirmation for the same person still valid).
   */
  'civilStatus.draft': method(z.object({ dossierId: id, eventType: eventType.optional() }), z.object({
    dossierId: id, dossierNumber: z.string(), procedureCode: z.string(),
    eventType, schema: eventSchemaSchema,
    fields: z.record(z.string(), z.string()),
    parties: z.array(z.object({ party: z.enum(PARTIES), role: z.string(), label: z.string(), fullName: z.string(), idNumber: z.string() })),
    book: bookSchema.nullable(),
    proposedNumber: z.number().int().nullable(),
    entries: z.array(entrySchema),
    warnings: z.array(z.string()),
  }), VIEWERS),
  /** Checks fields against the schema without saving: errors and warnings per field. */
  'civilStatus.validate': method(z.object({ eventType, schemaVersion: z.number().int().min(1).max(999), fields: entryFieldsInput }),
    z.object({ ok: z.boolean(), fields: z.record(z.string(), z.string()), issues: z.array(issueMessage), lateRegistration: z.boolean() }), VIEWERS),
  /** Registers the entry in the open book of its type and year (a proposed or a recorded external number). */
  'civilStatus.register': method(registerInput, z.object({ entry: entrySchema, repeated: z.boolean() }), OFFICER),
  'civilStatus.get': method(z.object({ id }), entrySchema, VIEWERS),
  /** The entries of a dossier (its registration, extract copies issued for it). */
  'civilStatus.forDossier': method(z.object({ dossierId: id }), z.array(entrySchema), VIEWERS),
  /** Registered entries of a type found by name or ID number (for changes and extract copies). */
  'civilStatus.search': method(z.object({ eventType: eventType.optional(), query: text(LIMITS.searchQuery).pipe(z.string().min(1, 'Nhập họ tên, số định danh hoặc số đăng ký để tìm.')), limit: z.number().int().min(1).max(200).default(50) }),
    z.array(entrySchema), VIEWERS),
  /** A cancelled entry stays in its book with its number, marked, with the reason. */
  'civilStatus.cancel': method(z.object({
    entryId: id,
    reason: text(LIMITS.reason).pipe(z.string().min(5, 'Ghi rõ lý do hủy, ví dụ: đăng ký trùng với mục số 12.')),
  }), entrySchema, OFFICER_LEADER),
  'civilStatus.books': method(z.object({ year: calendarYear.optional(), eventType: eventType.optional() }), z.array(bookSchema), VIEWERS),
  'civilStatus.bookEntries': method(z.object({ bookId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(2000).default(500) }),
    z.object({ book: bookSchema, entries: z.array(entrySchema), total: z.number().int() }), VIEWERS),
  /** Closes a book before 31 December (full, damaged): the next entry opens Quyển số n+1 of the year. */
  'civilStatus.closeBook': method(z.object({ bookId: id }), bookSchema, OFFICER_LEADER),
  /** The register book printed (PDF, A4 landscape) or exported (Excel), entries with cancelled ones marked. */
  'civilStatus.bookPdf': method(z.object({ bookId: id }), z.object({ base64: z.string(), fileName: z.string(), pages: z.number().int() }), VIEWERS),
  'civilStatus.bookXlsx': method(z.object({ bookId: id }), z.object({ base64: z.string(), fileName: z.string() }), VIEWERS),
  /** The flat values a certificate or extract prints (keys: shared/civil-status/certificate-fields.ts). */
  'civilStatus.certificateFields': method(z.object({ entryId: id }), z.object({
    entryId: id, eventType, values: z.record(z.string(), z.string()),
    /** What a printer of the paper needs besides the values: the dossier, whether the entry is cancelled, the cited entry's type. */
    dossierId: id.nullable(), state: z.enum(['registered', 'cancelled']), targetEventType: eventType.nullable(),
  }), VIEWERS),
  /** Logs copies issued of an entry (extracts): who, when, how many. */
  'civilStatus.logCopies': method(z.object({ entryId: id, copies: z.number().int().min(1).max(50) }),
    z.object({ entryId: id, copiesIssued: z.number().int() }), OFFICER),
  /**
   * The registered entry's certificate or extract becomes the dossier's result: the event type's result code is
   * recorded on the dossier's result paper and the dossier moves to "result ready" through the workflow.
   */
  'civilStatus.resultReady': method(z.object({ operationId: z.string().uuid(), entryId: id }),
    z.object({ entry: entrySchema, resultCode: z.string(), resultName: z.string(), stage: z.string(), status: z.number().int(), document: documentInfoSchema.nullable(), repeated: z.boolean() }), OFFICER),
} as const;
