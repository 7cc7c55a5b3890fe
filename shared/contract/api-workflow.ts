// Processing a dossier to its result (issue 10): one method per transition of shared/workflow/dossier-
// transitions.ts, and the queries the screens need. Each method's roles are the table's (actionRoles): the
// contract refuses a role that may never do it; the core then checks the role against the procedure's steps
// and the dossier's state, and refuses in Vietnamese naming both. Every transition is idempotent by its
// operation id (a repeated call answers as the first did, changes nothing). Merged into the one API table.
import { z } from 'zod';
import { validateIdNumber } from '../validation/id-number';
import { LIMITS } from '../validation/limits';
import { ACTIONS, actionRoles, STAGES, type WorkflowAction } from '../workflow/dossier-transitions';
import { STEP_KINDS } from '../workflow/procedure-workflow';
import { id, instant, isoInstant, optionalMultilineText, optionalText, role, text } from './common';
import { method, STAFF } from './method';
import { componentInput, documentInfoSchema, dossierSummarySchema } from './schemas';

export const workflowAction = z.enum(ACTIONS);
export const workflowStage = z.enum(STAGES as [string, ...string[]]);

/** What every transition carries: the client-made operation id (idempotency) and the dossier. */
const base = {
  operationId: z.string().uuid(),
  dossierId: id,
  /** Free note kept with the status event, the audit and the progress sent to the province. */
  note: optionalMultilineText(LIMITS.note),
};
const reasonRequired = (example: string) =>
   optionalMultilineText(LIMITS.reason).pipe(z.string().min(5, `Ghi rõ lý do, ví dụ: ${example}`));

// ---------------------------------------------------------------------------------------------------------
// Answers

/** One hand-over (a row of form 06): the giver's step ends, the receiver's begins. */
export const handOverSchema = z.object({
  id: z.number().int(),
  /** The giver's step ('counter', 'processing', 'approval'). */
  step: z.enum(STEP_KINDS),
  fromUserId: z.string(), fromName: z.string(),
  /** The receiver: a person, or anyone of a role (the result back to the counter). */
  toUserId: z.string().nullable(), toName: z.string(), toRole: role.nullable(),
  handedAt: isoInstant,
  /** The giver's step due (null: no limit of its own) and how the hand-over kept it (form 06's "kết quả"). */
  stepDueAt: isoInstant.nullable(),
  outcome: z.enum(['early', 'on-time', 'late']),
  /** The receiver's own step due. */
  nextStepDueAt: isoInstant.nullable(),
  confirmedAt: isoInstant.nullable(), confirmedBy: z.string().nullable(), confirmedByName: z.string().nullable(),
  note: z.string(),
});
export type HandOver = z.infer<typeof handOverSchema>;

/** A change of the due date: a pause moves it by the paused working time, an extension sets a new one. */
export const dueChangeSchema = z.object({
  kind: z.enum(['pause', 'extension']),
  at: isoInstant, by: z.string(), byName: z.string(),
  previousDueAt: isoInstant.nullable(), newDueAt: isoInstant.nullable(),
  /** For a pause: when it started and ended, and the working minutes it lasted. */
  pausedFrom: isoInstant.nullable(), pausedTo: isoInstant.nullable(), pausedMinutes: z.number().int(),
  reason: z.string(),
  /** Form 04 of an extension. */
  documentId: z.string().nullable(),
});

/** How the result was returned (item 5, Trả kết quả). */
export const returnRecordSchema = z.object({
  returnedAt: isoInstant, returnedBy: z.string(), returnedByName: z.string(),
  method: z.enum(['counter', 'post']),
  collector: z.object({ kind: z.enum(['applicant', 'authorized']), fullName: z.string(), idNumber: z.string() }).nullable(),
  postalItemNumber: z.string(),
  satisfaction: z.enum(['satisfied', 'unsatisfied']).nullable(),
  note: z.string(),
});

/** Clock marks shown on every list (computed in Asia/Ho_Chi_Minh whatever the PC's time zone). */
export const marksSchema = z.object({
  dueToday: z.boolean(),
  overdue: z.boolean(),
  paused: z.boolean(),
  /** Handed over and not confirmed yet (to anyone). */
  awaitingConfirmation: z.boolean(),
  /** Waiting for the caller's own confirmation. */
  awaitingMyConfirmation: z.boolean(),
  /** The due date was extended (counts as late for the indicators). */
  extended: z.boolean(),
});
export type WorkflowMarks = z.infer<typeof marksSchema>;

/** The dossier's workflow state as the dossier page shows it. */
export const workflowStateSchema = z.object({
  dossierId: id, number: z.string(), status: z.number().int(), statusName: z.string(),
  stage: workflowStage, stageName: z.string(),
  procedureVersionId: z.string(),
  /** The procedure's steps (kind, roles, duration) in force for this dossier. */
  steps: z.array(z.object({
    kind: z.enum(STEP_KINDS), roles: z.array(role),
    duration: z.object({ unit: z.enum(['working-hours', 'working-days']), value: z.number().int() }).nullable(),
  })),
  holderId: z.string().nullable(), holderName: z.string(), holderRole: role.nullable(),
  /** Current due date, the one given at receipt, and the current step's due. */
  dueAt: isoInstant.nullable(), originalDueAt: isoInstant.nullable(), stepDueAt: isoInstant.nullable(),
  /** Since when the clock is paused (null: running or stopped). */
  pausedAt: isoInstant.nullable(),
  /** Working minutes left to the due date (negative: late by that much; frozen while paused). */
  timeLeftMinutes: z.number().int().nullable(),
  marks: marksSchema,
  pendingHandOver: handOverSchema.nullable(),
  handOvers: z.array(handOverSchema),
  dueChanges: z.array(dueChangeSchema),
  returned: returnRecordSchema.nullable(),
  /** For the caller: the actions their role may take now (shared/workflow availableActions). */
  availableActions: z.array(workflowAction),
  rowVersion: z.number().int(),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

/** Every transition answers the new state and the document it produced (form 02, 04 or 05), if any. */
export const transitionResultSchema = z.object({
  state: workflowStateSchema,
  document: documentInfoSchema.nullable(),
  /** True when this operation id had already been applied: nothing changed now. */
  repeated: z.boolean(),
});
export type TransitionResult = z.infer<typeof transitionResultSchema>;

export const queueItemSchema = z.object({
  dossierId: id, number: z.string(), procedureCode: z.string(), procedureName: z.string(),
  applicantName: z.string(), status: z.number().int(), statusName: z.string(),
  stage: workflowStage, stageName: z.string(),
  holderId: z.string().nullable(), holderName: z.string(),
  receivedAt: isoInstant, dueAt: isoInstant.nullable(), stepDueAt: isoInstant.nullable(),
  timeLeftMinutes: z.number().int().nullable(),
  marks: marksSchema,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

const countsSchema = z.object({
  open: z.number().int(), dueToday: z.number().int(), overdue: z.number().int(), paused: z.number().int(),
  awaitingConfirmation: z.number().int(), extended: z.number().int(),
});

export const timelineEntrySchema = z.object({
  at: isoInstant,
  kind: z.enum(['status', 'handover', 'confirm', 'due-change', 'document', 'print', 'return', 'audit']),
  /** Vietnamese, what happened ("Chuyển hồ sơ cho Nguyễn Văn B"). */
  title: z.string(),
  detail: z.string(),
  by: z.string().nullable(), byName: z.string(),
  fromStatus: z.number().int().nullable(), toStatus: z.number().int().nullable(),
  documentId: z.string().nullable(),
});

const collectorInput = z.object({
  kind: z.enum(['applicant', 'authorized']),
  fullName: text(LIMITS.personName).pipe(z.string().min(2, 'Nhập họ tên người nhận kết quả')),
  idNumber: optionalText(LIMITS.idNumber),
});

export const returnResultInput = z.object({
  ...base,
  method: z.enum(['counter', 'post']),
  /** At the counter: who collected it (the applicant, or someone authorized, with their 12-digit ID number). */
  collector: collectorInput.optional(),
  /** By post: the postal item number (số hiệu bưu gửi, e.g. EB123456789VN). */
  postalItemNumber: optionalText(40),
  satisfaction: z.enum(['satisfied', 'unsatisfied']).nullable().default(null),
}).superRefine((r, ctx) => {
  if (r.method === 'counter') {
    if (!r.collector) {
      ctx.addIssue({ code: 'custom', path: ['collector', 'fullName'], message: 'Nhập họ tên người nhận kết quả.' });
      return;
    }
    const idNumber = r.collector.idNumber.replace(/\s+/g, '');
    if (r.collector.kind === 'authorized' || idNumber) {
      const v = validateIdNumber(idNumber);
      if (!idNumber) {
        ctx.addIssue({ code: 'custom', path: ['collector', 'idNumber'], message: 'Người được ủy quyền: nhập số định danh cá nhân 12 chữ số trên thẻ căn cước.' });
      } else if (!v.ok) {
        ctx.addIssue({ code: 'custom', path: ['collector', 'idNumber'], message: v.errors[0] ?? 'Số định danh cá nhân gồm 12 chữ số — hãy nhập lại.' });
      }
    }
  } else if (!/^[A-Za-z0-9]{6,30}$/.test(r.postalItemNumber.replace(/\s+/g, ''))) {
    ctx.addIssue({ code: 'custom', path: ['postalItemNumber'], message: 'Nhập số hiệu bưu gửi in trên phiếu của bưu điện (6–30 chữ cái, chữ số), VD EB123456789VN.' });
  }
});

const access = (a: WorkflowAction) => actionRoles(a) as readonly ('clerk' | 'officer' | 'leader' | 'admin')[];
const transition = <S extends z.ZodType>(action: WorkflowAction, input: S) => method(input, transitionResultSchema, access(action));

export const workflowApi = {
  // ---- transitions (one per action) ----
  /** An online dossier (status 1) accepted at the counter: the clock starts now (due computed like a receipt). */
  'workflow.accept': transition('accept', z.object(base)),
  /** Hand the dossier to a person (an officer from the counter, another officer, …); they confirm receipt. */
  'workflow.handOver': transition('handOver', z.object({ ...base, toUserId: id })),
  /** A procedure without a hand-over: the counter processes it itself. */
  'workflow.startProcessing': transition('startProcessing', z.object(base)),
  /** The receiver of a pending hand-over confirms it (the officer; at result-ready, the counter). */
  'workflow.confirmReceipt': transition('confirmReceipt', z.object(base)),
  /** Completion requested from the applicant (form 02): the clock pauses. */
  'workflow.requestCompletion': transition('requestCompletion', z.object({
    ...base,
    reason: reasonRequired('thiếu bản sao giấy khai sinh của người con.'),
    missingItems: z.array(componentInput).max(60).optional().default([]),
  })),
  /** Waiting for the applicant's financial obligation: the clock pauses. */
  'workflow.requestPayment': transition('requestPayment', z.object({ ...base, reason: reasonRequired('chờ nộp lệ phí đăng ký.') })),
  /** The applicant came back (or paid): the clock resumes and the due date moves by the paused working time. */
  'workflow.resume': transition('resume', z.object(base)),
  'workflow.submitForApproval': transition('submitForApproval', z.object({ ...base, toUserId: id.optional() })),
  'workflow.approve': transition('approve', z.object(base)),
  'workflow.sendBack': transition('sendBack', z.object({ ...base, reason: reasonRequired('cần xác minh lại nơi cư trú.') })),
  /**
   * A new due date with an apology (form 04): the original due date and every new one are kept
   * (NgayHenTraTruoc / NgayHenTraMoi to the province); the dossier counts as late for the indicators.
   */
  'workflow.extend': transition('extend', z.object({
    ...base, newDueAt: instant, reason: reasonRequired('cần xác minh thông tin tại địa phương khác.'),
  })),
  /** The result goes back to the counter (status 9); the counter confirms receiving it. */
  'workflow.resultReady': transition('resultReady', z.object(base)),
  /** Result returned (status 10): who collected it, or the postal item number; optional satisfaction. */
  'workflow.returnResult': transition('returnResult', returnResultInput),
  'workflow.refuse': transition('refuse', z.object({ ...base, reason: reasonRequired('hồ sơ không thuộc thẩm quyền giải quyết.') })),
  /** Withdrawn at the applicant's request (status 7). */
  'workflow.withdraw': transition('withdraw', z.object({ ...base, reason: reasonRequired('công dân có đơn xin rút hồ sơ.') })),
  /** Processing stopped (status 8) with form 05: reason, legal basis, effective date. */
  'workflow.stop': transition('stop', z.object({
    ...base, reason: reasonRequired('người yêu cầu đã chết trước khi có kết quả.'),
    legalBasis: text(LIMITS.reason).pipe(z.string().min(5, 'Ghi căn cứ pháp lý, ví dụ: Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP.')),
  })),

  // ---- queries ----
  /** The dossier's workflow state, with the actions the caller may take now. */
  'workflow.state': method(z.object({ dossierId: id }), workflowStateSchema, STAFF),
  /** Every event of the dossier, who and when: status events, audit, hand-overs, due changes, documents, prints. */
  'workflow.timeline': method(z.object({ dossierId: id }), z.object({ dossierId: id, entries: z.array(timelineEntrySchema) }), STAFF),
  /**
   * Việc của tôi: the caller's open dossiers (held, or waiting for their confirmation; for the counter, the
   * results waiting to be confirmed and returned), least time left first.
   */
  'workflow.myQueue': method(z.object({ limit: z.number().int().min(1).max(2000).default(500) }),
    z.object({ items: z.array(queueItemSchema), counts: countsSchema, now: isoInstant }), STAFF),
  /**
   * Toàn cơ quan: open dossiers per holder, late first, with counts; the dossiers of each holder (least time
   * left first, at most `perHolder`).
   */
  'workflow.officeOverview': method(z.object({ perHolder: z.number().int().min(0).max(500).default(20) }), z.object({
    now: isoInstant,
    totals: countsSchema,
    holders: z.array(countsSchema.extend({
      holderId: z.string().nullable(), holderName: z.string(), holderRole: role.nullable(),
      dossiers: z.array(queueItemSchema),
    })),
  }), STAFF),
  /** Due-today and overdue warnings for the caller and for the office (the status bar's badge). */
  'workflow.warnings': method(z.object({}), z.object({
    mine: z.object({ dueToday: z.number().int(), overdue: z.number().int(), awaitingMyConfirmation: z.number().int() }),
    office: z.object({ dueToday: z.number().int(), overdue: z.number().int() }),
  }), STAFF),
  /** Who may receive a hand-over of this dossier now (active users whose role the next step allows). */
  'workflow.assignees': method(z.object({ dossierId: id, action: z.enum(['handOver', 'submitForApproval']).default('handOver') }),
    z.array(z.object({ id, fullName: z.string(), role })), STAFF),
  /**
   * Trả kết quả: find the dossier by the slip's QR content as a USB scanner types it (maHoSo=…&maTTHC=…&
   * maTraCuu=…, or the look-up URL), by number (provisional or official), name or ID number.
   */
  'workflow.findForReturn': method(z.object({ query: text(600).pipe(z.string().min(1, 'Quét mã QR trên giấy hẹn, hoặc nhập số hồ sơ, họ tên, số định danh.')) }),
    z.object({
      matchedBy: z.enum(['qr', 'number', 'id-number', 'name', 'none']),
      items: z.array(dossierSummarySchema.extend({ stage: workflowStage, stageName: z.string(), ready: z.boolean() })),
    }), STAFF),
} as const;
