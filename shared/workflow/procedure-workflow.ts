// What a procedure's processing looks like, as data on its version (effective-dated like the rest of the
// catalogue): which steps it has, who may do each, how long each may take. A version recorded without it
// reads as DEFAULT_WORKFLOW.
import { z } from 'zod';
import { ROLES, type Role } from '../contract/common';

/**
 * The steps a dossier can go through at a commune office (one-stop-forms.md, form 06):
 * - counter: the one-stop counter receives, hands over, and returns the result (always present);
 * - processing: an officer handles it (absent: the counter processes it itself, no hand-over);
 * - approval: the leader approves before the result is ready (absent: no approval).
 */
export const STEP_KINDS = ['counter', 'processing', 'approval'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_NAMES: Record<StepKind, string> = {
  counter: 'Tiếp nhận và trả kết quả',
  processing: 'Xử lý hồ sơ',
  approval: 'Lãnh đạo phê duyệt',
};

/** The roles each step may ever be given to; the administrator picks among them per procedure. */
export const STEP_ALLOWED_ROLES = {
  counter: ['clerk', 'officer'],
  processing: ['officer', 'leader', 'clerk'],
  approval: ['leader'],
} as const satisfies Record<StepKind, readonly Role[]>;

export const ROLE_NAMES: Record<Role, string> = {
  clerk: 'Cán bộ một cửa',
  officer: 'Cán bộ xử lý',
  leader: 'Lãnh đạo',
  admin: 'Quản trị viên',
};

/** How long a step may take, in office working time; null: no limit of its own (the dossier's due date). */
export const STEP_DURATION_UNITS = ['working-hours', 'working-days'] as const;
export const stepDurationSchema = z.object({
  unit: z.enum(STEP_DURATION_UNITS),
  value: z.number('Nhập số giờ hoặc số ngày là một số nguyên, VD 4.').int('Thời hạn là số nguyên, VD 4.')
    .min(1, 'Thời hạn của bước ít nhất là 1 — hãy nhập lại hoặc bỏ trống để theo hạn của hồ sơ.')
    .max(365, 'Thời hạn của bước tối đa 365 — hãy nhập lại.'),
});
export type StepDuration = z.infer<typeof stepDurationSchema>;

export const workflowStepSchema = z.object({
  kind: z.enum(STEP_KINDS),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  duration: stepDurationSchema.nullable().default(null),
});
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

/**
 * A procedure version's workflow: its steps in order, the counter first. Checked as a whole so each message
 * lands on the field to fix (steps.N.roles, steps.N.kind).
 */
export const procedureWorkflowSchema = z.object({
  steps: z.array(workflowStepSchema).min(1).max(STEP_KINDS.length),
}).superRefine((w, ctx) => {
  for (const issue of checkWorkflow(w)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type ProcedureWorkflow = z.infer<typeof procedureWorkflowSchema>;

export interface WorkflowIssue { path: (string | number)[]; message: string }

/** Every problem of a workflow, in Vietnamese at the field to fix: the admin form and the core use this one check. */
export function checkWorkflow(w: { steps: { kind: StepKind; roles: readonly string[] }[] }): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  if (w.steps[0]?.kind !== 'counter') {
    issues.push({ path: ['steps', 0, 'kind'], message: 'Bước đầu tiên phải là "Tiếp nhận và trả kết quả" của bộ phận một cửa.' });
  }
  const seen = new Set<string>();
  w.steps.forEach((s, i) => {
    if (seen.has(s.kind)) issues.push({ path: ['steps', i, 'kind'], message: `Bước "${STEP_NAMES[s.kind]}" đã có — mỗi bước chỉ khai báo một lần.` });
    seen.add(s.kind);
    const order = STEP_KINDS.indexOf(s.kind);
    const prev = i > 0 ? STEP_KINDS.indexOf(w.steps[i - 1]!.kind) : -1;
    if (i > 0 && order < prev) issues.push({ path: ['steps', i, 'kind'], message: `Bước "${STEP_NAMES[s.kind]}" phải đứng trước bước "${STEP_NAMES[w.steps[i - 1]!.kind]}".` });
    if (s.roles.length === 0) {
      issues.push({ path: ['steps', i, 'roles'], message: `Chọn ít nhất một vai trò được làm bước "${STEP_NAMES[s.kind]}".` });
    }
    const allowed: readonly string[] = STEP_ALLOWED_ROLES[s.kind];
    const wrong = s.roles.filter((r) => !allowed.includes(r));
    if (wrong.length) {
      issues.push({
        path: ['steps', i, 'roles'],
        message: `Bước "${STEP_NAMES[s.kind]}" chỉ giao được cho: ${allowed.map((r) => ROLE_NAMES[r as Role]).join(', ')} — bỏ ${wrong.map((r) => ROLE_NAMES[r as Role] ?? r).join(', ')}.`,
      });
    }
  });
  return issues;
}

/**
 * The workflow of a version recorded without one: the full commune flow — the counter hands the dossier to an
 * officer, the leader approves — each step bounded only by the dossier's due date. Nothing the law asks for is
 * skipped; an administrator shortens it per procedure.
 */
export const DEFAULT_WORKFLOW: ProcedureWorkflow = {
  steps: [
    { kind: 'counter', roles: ['clerk'], duration: null },
    { kind: 'processing', roles: ['officer'], duration: null },
    { kind: 'approval', roles: ['leader'], duration: null },
  ],
};

/** The version's step of a kind, or null when the procedure does not have it. */
export function stepOf(w: ProcedureWorkflow, kind: StepKind): WorkflowStep | null {
  return w.steps.find((s) => s.kind === kind) ?? null;
}

/**
 * Who does the work of a step: a procedure without a processing step is processed at the counter, so the
 * counter's step stands in for it.
 */
export function effectiveStep(w: ProcedureWorkflow, kind: StepKind): WorkflowStep | null {
  const s = stepOf(w, kind);
  if (s || kind !== 'processing') return s;
  return stepOf(w, 'counter');
}

/** A stored workflow (JSON text or null) as the version's workflow; unreadable or absent: the default. */
export function readWorkflow(json: string | null | undefined): ProcedureWorkflow {
  if (!json) return DEFAULT_WORKFLOW;
  try {
    const r = procedureWorkflowSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : DEFAULT_WORKFLOW;
  } catch {
    return DEFAULT_WORKFLOW;
  }
}
