import { z } from 'zod';
import { checkWorkingHours } from '../calendar/working-hours';
import { LIMITS } from '../validation/limits';
import { numberPatternProblem } from '../validation/number-pattern';
import { DEFAULT_WORKFLOW, procedureWorkflowSchema } from '../workflow/procedure-workflow';
import {
  calendarDate, copyType, documentKind, durationUnit, hhmm, id, isoInstant, optionalMultilineText, optionalText, role, storedDate, text,
} from './common';
import { collectAtSchema, feePricingSchema } from './api-fees';
import { partiesInput, partySchema, partySpecSchema, partySpecsInput } from './parties';

export const workingHoursSchema = z.object({
  intervals: z.array(z.object({ start: hhmm, end: hhmm })).min(1).max(4),
});

export const officeSchema = z.object({
  governingBody: text(LIMITS.governingBody).pipe(z.string().min(1, 'Nhập tên cơ quan chủ quản (VD: UBND PHƯỜNG …)')),
  officeName: text(LIMITS.officeName).pipe(z.string().min(1, 'Nhập tên bộ phận/trung tâm')),
  place: text(LIMITS.place).pipe(z.string().min(1, 'Nhập địa danh ghi trên phiếu')),
  agencyCode: text(LIMITS.agencyCode).pipe(z.string().regex(/^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/, 'Mã định danh cơ quan gồm 13 ký tự, dạng 000.00.13.H42')),
  address: optionalText(LIMITS.officeAddress),
  phone: optionalText(LIMITS.officePhone),
  website: optionalText(LIMITS.website),
  lookupUrl: optionalText(LIMITS.lookupUrl),
  workingHours: workingHoursSchema,
  /** 'end-of-day' or HH:MM: the time printed as the due time on the due day. */
  dueTime: z.union([z.literal('end-of-day'), hhmm]),
  /** Dossier number pattern; tokens {agency} {yy} {MM} {dd} {yyyy} {counter} {seq:4}. */
  numberPattern: text(LIMITS.numberPattern),
  /** Optional per-counter prefix so two PCs of one office never mint the same number. */
  counterCode: optionalText(LIMITS.counterCode),
}).superRefine((o, ctx) => {
  // The same check as the admin screen's: reversed or overlapping hours would make every due date fail.
  for (const issue of checkWorkingHours(o.workingHours)) {
    ctx.addIssue({ code: 'custom', path: issue.interval === null ? ['workingHours'] : ['workingHours', 'intervals', issue.interval], message: issue.message });
  }
  // The pattern's one rule (shared/validation/number-pattern.ts), as the admin screens check it: {seq}, known
  // fields only, nothing that could repeat a number, {counter} when a counter code is set.
  const patternProblem = numberPatternProblem(o.numberPattern, o.counterCode);
  if (patternProblem) ctx.addIssue({ code: 'custom', path: ['numberPattern'], message: patternProblem });
  if (o.counterCode && !/^[0-9A-Z]{1,4}$/.test(o.counterCode)) {
    ctx.addIssue({ code: 'custom', path: ['counterCode'], message: 'Mã quầy gồm 1–4 chữ in hoa hoặc chữ số, VD Q1' });
  }
});
export type Office = z.infer<typeof officeSchema>;

/**
 * The office as the core hands it out: the settings in force. A stored setting that cannot be used as it is
 * (hours an older version accepted reversed, a damaged value) is replaced by the default for the office to
 * keep working, and `problems` says so for the admin to fix. Described, not re-checked, like every answer.
 */
export const officeViewSchema = z.object({
  governingBody: z.string(), officeName: z.string(), place: z.string(), agencyCode: z.string(),
  address: z.string(), phone: z.string(), website: z.string(), lookupUrl: z.string(),
  workingHours: z.object({ intervals: z.array(z.object({ start: z.string(), end: z.string() })) }),
  dueTime: z.string(), numberPattern: z.string(), counterCode: z.string(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).default([]),
});
export type OfficeView = z.infer<typeof officeViewSchema>;

export const userSchema = z.object({
  id, username: z.string(), fullName: z.string(), role, active: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const componentSpecSchema = z.object({
  code: optionalText(LIMITS.componentCode),
  name: text(LIMITS.componentName).pipe(z.string().min(1, 'Nhập tên giấy tờ')),
  copyType,
  quantity: z.number().int().min(1).max(99),
  required: z.boolean(),
});
export type ComponentSpec = z.infer<typeof componentSpecSchema>;

/**
 * When a fee line applies, as data (shared/intake/fees.ts): counted in whole days from a date the clerk
 * enters at intake (`countFrom`, e.g. "Ngày sinh của trẻ") to the Vietnam day the dossier is received —
 * at most `withinDays`, or more than `afterDays`. One of the two.
 */
const ruleDays = z.number('Nhập số ngày là một số nguyên, VD 60.').int('Số ngày là số nguyên, VD 60.')
  .min(0, 'Số ngày từ 0 đến 36.500 — hãy nhập lại.').max(36_500, 'Số ngày từ 0 đến 36.500 — hãy nhập lại.');
export const feeRuleSchema = z.object({
  countFrom: text(LIMITS.feeName).pipe(z.string().min(1, 'Nhập tên ngày được tính từ, VD Ngày sinh của trẻ')),
  withinDays: ruleDays.optional(),
  afterDays: ruleDays.optional(),
  basis: optionalText(LIMITS.feeNote).optional(),
  /**
   * A period whose last day is a day off ends at the end of the next working day (Bộ luật Dân sự 2015,
   * Điều 148 khoản 5; shared/intake/fees.ts). Absent: on. False only where the Ministry says otherwise.
   */
  dayOffExtends: z.boolean().optional(),
}).superRefine((r, ctx) => {
  // The message goes where the administrator types the days; both at once is a caller's error, on the rule.
  if (r.withinDays === undefined && r.afterDays === undefined) {
    ctx.addIssue({ code: 'custom', path: ['withinDays'], message: 'Nhập số ngày của điều kiện: trong bao nhiêu ngày, hoặc sau bao nhiêu ngày (VD 60).' });
  } else if (r.withinDays !== undefined && r.afterDays !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'Ghi một trong hai: áp dụng trong bao nhiêu ngày, hoặc sau bao nhiêu ngày.' });
  }
});

/**
 * A fee line of a procedure version. A version's lines are alternatives: one applies to a dossier, decided
 * by the lines' rules (`when`) where they have them, otherwise chosen by the clerk at intake.
 */
export const feeSpecSchema = z.object({
  name: text(LIMITS.feeName), amount: z.number().int().min(0), note: optionalText(LIMITS.feeNote),
  when: feeRuleSchema.optional(),
  /** How the amount is reached (shared/fees/pricing.ts): fixed, per page in tiers with a cap, per copy. Absent: fixed. */
  pricing: feePricingSchema.optional(),
  /** When it is collected: at receipt 1, on completion 2, on return 4. Absent: at receipt. */
  collect: collectAtSchema.optional(),
});
export type FeeSpec = z.infer<typeof feeSpecSchema>;

/**
 * A result paper of a procedure (giấy tờ kết quả: the birth certificate, the marriage certificate…): the
 * national result-type code where known (e.g. KQ.G15.000032 Giấy chứng nhận kết hôn), '' when not verified;
 * `note` says what is unverified, as the fees' notes do.
 */
export const resultSpecSchema = z.object({
  code: optionalText(LIMITS.resultCode),
  name: text(LIMITS.resultName).pipe(z.string().min(1, 'Nhập tên giấy tờ kết quả')),
  note: optionalText(LIMITS.resultNote),
});
export type ResultSpec = z.infer<typeof resultSpecSchema>;

/** The result of a version recorded without result papers (older versions, portal imports). */
export const DEFAULT_RESULT_PAPER: ResultSpec = { code: '', name: 'Kết quả giải quyết', note: '' };

export const procedureVersionSchema = z.object({
  id, procedureId: id, code: z.string(), name: z.string(), sector: z.string(),
  durationUnit, durationValue: z.number(), cutoff: z.string().nullable(),
  durationText: z.string(), validFrom: storedDate, validTo: storedDate.nullable(),
  components: z.array(componentSpecSchema), fees: z.array(feeSpecSchema), feeNote: z.string(),
  /** Result papers; a version recorded without them has the single default "Kết quả giải quyết". */
  results: z.array(resultSpecSchema).default([DEFAULT_RESULT_PAPER]),
  /** Steps, who does each, how long each may take (shared/workflow); a version recorded without: the default. */
  workflow: procedureWorkflowSchema.default(DEFAULT_WORKFLOW),
  /** The dossier's parties besides the applicant (shared/contract/parties.ts); none for most procedures. */
  parties: z.array(partySpecSchema).default([]),
});
export type ProcedureVersion = z.infer<typeof procedureVersionSchema>;

/**
 * A result paper as entered: the national result-type code, when given, is letters, digits and dots
 * (KQ.G15.000032). Checked on input only, so a version stored earlier still reads.
 */
const resultSpecInput = resultSpecSchema.extend({
  code: optionalText(200).pipe(z.string()
    .max(LIMITS.resultCode, `Mã kết quả dài tối đa ${LIMITS.resultCode} ký tự`)
    .regex(/^[0-9A-Za-z.]*$/, 'Mã kết quả chỉ gồm chữ cái không dấu, chữ số và dấu chấm, VD KQ.G15.000032')),
});

export const procedureVersionInput = z.object({
  code: text(LIMITS.procedureCode).pipe(z.string().regex(/^\d\.\d{6}(\..+)?$/, 'Mã thủ tục có dạng 1.001193')),
  name: text(LIMITS.procedureName).pipe(z.string().min(3, 'Nhập tên thủ tục')),
  sector: text(LIMITS.sector).pipe(z.string().min(1, 'Nhập lĩnh vực')),
  durationUnit,
  durationValue: z.number().int().min(0).max(365),
  cutoff: hhmm.nullable(),
  validFrom: calendarDate,
  components: z.array(componentSpecSchema).max(60),
  fees: z.array(feeSpecSchema).max(20),
  feeNote: optionalText(LIMITS.feeNote),
  /** Result papers; omitted: the previous version's are kept (the default result when there is none). */
  results: z.array(resultSpecInput).max(10, 'Tối đa 10 giấy tờ kết quả cho một phiên bản.').optional(),
  /** The processing steps; omitted: the previous version's are kept (the default workflow when there is none). */
  workflow: procedureWorkflowSchema.optional(),
  /** The parties besides the applicant; omitted: the previous version's are kept (none when there is none). */
  parties: partySpecsInput.optional(),
});

export const applicantInput = z.object({
  fullName: text(LIMITS.personName),
  idNumber: optionalText(LIMITS.idNumber),
  birthDate: optionalText(LIMITS.birthDate),
  address: optionalText(LIMITS.address),
  phone: optionalText(LIMITS.phone),
  email: optionalText(LIMITS.email),
});

export const componentInput = z.object({
  code: optionalText(LIMITS.componentCode), name: text(LIMITS.componentName), copyType, quantity: z.number().int().min(0).max(99),
});

export const deliveryInput = z.object({
  method: z.enum(['counter', 'post']), address: optionalText(LIMITS.deliveryAddress),
});

export const receiveInput = z.object({
  /** Client-made id; repeating a call with the same id returns the first result (idempotent save). */
  operationId: z.string().uuid(),
  procedureVersionId: id,
  applicant: applicantInput,
  /** The other parties the procedure version names (the other spouse of a marriage); checked by the core. */
  parties: partiesInput.optional().default([]),
  components: z.array(componentInput).max(60),
  setCount: z.number().int().min(1).max(20),
  delivery: deliveryInput,
  note: optionalMultilineText(LIMITS.note),
  /** 'receive' prints form 01; 'request-completion' form 02; 'refuse' form 03. */
  outcome: z.enum(['receive', 'request-completion', 'refuse']),
  reason: optionalMultilineText(LIMITS.reason),
  /** For form 02: what the applicant must add. */
  missingItems: z.array(componentInput).max(60).optional().default([]),
  /**
   * What decides the fee of a receipt (shared/intake/fees.ts): the date the version's fee rules count from
   * (the child's birth date), or the clerk's choice of line (position in the version's fees) when more than
   * one could apply. Checked by the core; the fee that applies is recorded with the dossier.
   */
  fee: z.object({
    eventDate: calendarDate.optional(),
    line: z.number().int().min(0).max(19).optional(),
  }).optional().default({}),
});
export type ReceiveInput = z.input<typeof receiveInput>;

export const dossierSummarySchema = z.object({
  id, number: z.string(), provisional: z.boolean(), procedureCode: z.string(), procedureName: z.string(),
  applicantName: z.string(), applicantIdNumber: z.string(), applicantPhone: z.string(),
  receivedAt: isoInstant, dueAt: isoInstant.nullable(), status: z.number().int(), statusName: z.string(),
  channel: z.number().int(),
});
export type DossierSummary = z.infer<typeof dossierSummarySchema>;

export const documentInfoSchema = z.object({
  /** null: a document of the office, of no one dossier (the register book, Mẫu 07). */
  id, dossierId: id.nullable(), kind: documentKind, templateVersion: z.string(), sha256: z.string(),
  size: z.number(), createdAt: isoInstant,
});
export type DocumentInfo = z.infer<typeof documentInfoSchema>;

export const dossierDetailSchema = dossierSummarySchema.extend({
  applicant: z.object({
    fullName: z.string(), idNumber: z.string(), birthDate: z.string(), address: z.string(),
    phone: z.string(), email: z.string(),
  }),
  /** The other parties (the other spouse of a marriage), in the version's order; [] for most dossiers. */
  parties: z.array(partySchema).default([]),
  components: z.array(z.object({ code: z.string(), name: z.string(), copyType, quantity: z.number() })),
  setCount: z.number(), delivery: z.object({ method: z.enum(['counter', 'post']), address: z.string() }),
  note: z.string(), reason: z.string(), receivedBy: z.string(), durationText: z.string(),
  /**
   * The fee recorded at receipt: the line(s) that apply, the date a rule counted from, and how it was
   * decided; null for dossiers saved before fees were recorded, and for forms 02/03.
   */
  fee: z.object({
    lines: z.array(z.object({ name: z.string(), amount: z.number(), note: z.string() })),
    eventDate: z.string().nullable(),
    by: z.enum(['none', 'only', 'rule', 'clerk']),
  }).nullable().default(null),
  documents: z.array(documentInfoSchema),
  events: z.array(z.object({ at: isoInstant, kind: z.string(), fromStatus: z.number().nullable(), toStatus: z.number().nullable(), by: z.string(), note: z.string() })),
  /** Every print attempt of the dossier's documents, with the document's kind and whether it was a reprint. */
  prints: z.array(z.object({
    at: isoInstant, documentId: id, printer: z.string(), copies: z.number(), ok: z.boolean(), error: z.string(), by: z.string(),
    kind: z.string().default(''), reprint: z.boolean().default(false),
  })),
  /**
   * Digitization per component (0 not digitized / 1 digitized / 2 reused / 3 reused from another dossier's
   * result) and "x / y components digitized": `digitized` counts every component with a current file, reused
   * ones included; `reused` is how many of those reuse a file of another dossier (state 2 or 3).
   */
  digitization: z.object({
    digitized: z.number(), reused: z.number().default(0), total: z.number(),
    components: z.array(z.object({
      position: z.number(), code: z.string(), name: z.string(), state: z.number(), fileId: z.string().nullable(), pageCount: z.number(),
      /** For state 2/3: the dossier whose file is reused. */
      reusedFrom: z.object({ fileId: z.string(), dossierId: z.string(), dossierNumber: z.string() }).nullable().default(null),
    })),
    /**
     * The dossier's result papers (kind 1) and whether each has a current digitized file (state 1, or 2/3 if
     * ever reused); `resultDigitized` when every result paper has one (the KPI "share with a digitized result").
     */
    results: z.array(z.object({
      position: z.number(), code: z.string(), name: z.string(), state: z.number(), fileId: z.string().nullable(), pageCount: z.number(),
    })).default([]),
    resultsDigitized: z.number().default(0),
    resultDigitized: z.boolean().default(false),
  }).optional(),
});
export type DossierDetail = z.infer<typeof dossierDetailSchema>;

export const printerInfoSchema = z.object({
  name: z.string(), description: z.string().optional(), isDefault: z.boolean(),
  state: z.enum(['idle', 'printing', 'disabled', 'unknown']), stateMessage: z.string().optional(),
});

export const holidaySchema = z.object({ date: storedDate, name: z.string(), kind: z.string() });
/** An override as an admin enters it. */
export const calendarOverrideInput = z.object({
  date: calendarDate, kind: z.enum(['off', 'work']), name: text(LIMITS.overrideName).pipe(z.string().min(1, 'Nhập lý do/tên ngày')),
});
/** A stored office override (only rows that apply; the others are listed by calendar.problems). */
export const calendarOverrideSchema = z.object({ date: storedDate, kind: z.enum(['off', 'work']), name: z.string() });
/** A calendar entry that is skipped because it is wrong, shown to the admin to fix. */
export const calendarProblemSchema = z.object({
  /** 'office': a stored row of this office (delete it by `key`); 'official': an entry of the shipped schedules. */
  origin: z.enum(['official', 'office']),
  key: z.string(), kind: z.string(), name: z.string(), source: z.string(),
  /** Vietnamese: what is wrong and what to do. */
  message: z.string(),
});
