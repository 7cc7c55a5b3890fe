// The dossier's life as data (EXAMPLES.md §3): every transition is one row — from, action, to, who, what it
// does to the clock. The core's guard and the renderer's buttons both read it through availableActions and
// checkAction; nothing else decides what may happen to a dossier.
import type { Role } from '../contract/common';
import type { DossierStatusCode } from '../contract/dossier-status';
import { effectiveStep, ROLE_NAMES, type ProcedureWorkflow, type StepKind } from './procedure-workflow';

/**
 * Where a dossier stands. The national status code (TrangThaiHoSo) says too little for the office (a dossier
 * handed over but not yet confirmed, one waiting for the leader are all "4 Đang xử lý" or "2"), so the office
 * keeps a finer stage; each stage reports exactly one national code.
 */
export const STAGE_STATUS = {
  submitted: 1,
  received: 2,
  'handed-over': 2,
  processing: 4,
  'awaiting-approval': 4,
  approved: 4,
  'completion-requested': 5,
  'awaiting-payment': 6,
  'result-ready': 9,
  returned: 10,
  refused: 3,
  withdrawn: 7,
  stopped: 8,
} as const satisfies Record<string, DossierStatusCode>;
export type Stage = keyof typeof STAGE_STATUS;
export const STAGES = Object.keys(STAGE_STATUS) as Stage[];

export const STAGE_NAMES: Record<Stage, string> = {
  submitted: 'Mới đăng ký (chưa tiếp nhận)',
  received: 'Đã tiếp nhận, chưa chuyển xử lý',
  'handed-over': 'Đã chuyển, chờ người nhận xác nhận',
  processing: 'Đang xử lý',
  'awaiting-approval': 'Chờ lãnh đạo phê duyệt',
  approved: 'Lãnh đạo đã phê duyệt',
  'completion-requested': 'Chờ công dân bổ sung (tạm dừng tính thời gian)',
  'awaiting-payment': 'Chờ thực hiện nghĩa vụ tài chính (tạm dừng tính thời gian)',
  'result-ready': 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  refused: 'Không được tiếp nhận / từ chối giải quyết',
  withdrawn: 'Công dân đã rút hồ sơ',
  stopped: 'Dừng xử lý',
};

export const TERMINAL_STAGES = ['returned', 'refused', 'withdrawn', 'stopped'] as const satisfies readonly Stage[];
export const isTerminal = (s: Stage): boolean => (TERMINAL_STAGES as readonly Stage[]).includes(s);
/** Stages in which the clock does not run (the applicant has to act). */
export const PAUSED_STAGES = ['completion-requested', 'awaiting-payment'] as const satisfies readonly Stage[];
export const isPaused = (s: Stage): boolean => (PAUSED_STAGES as readonly Stage[]).includes(s);

/** The stage a national status stands for when nothing finer is known (older dossiers, changes from the portal). */
export const STATUS_STAGE: Record<DossierStatusCode, Stage> = {
  1: 'submitted', 2: 'received', 3: 'refused', 4: 'processing', 5: 'completion-requested', 6: 'awaiting-payment',
  7: 'withdrawn', 8: 'stopped', 9: 'result-ready', 10: 'returned',
};
export function stageForStatus(status: number): Stage {
  return STATUS_STAGE[status as DossierStatusCode] ?? 'processing';
}

export const ACTIONS = [
  'accept', 'handOver', 'startProcessing', 'confirmReceipt', 'requestCompletion', 'requestPayment', 'resume',
  'submitForApproval', 'approve', 'sendBack', 'extend', 'resultReady', 'returnResult', 'refuse', 'withdraw', 'stop',
] as const;
export type WorkflowAction = (typeof ACTIONS)[number];

export const ACTION_NAMES: Record<WorkflowAction, string> = {
  accept: 'Tiếp nhận hồ sơ trực tuyến',
  handOver: 'Chuyển hồ sơ',
  startProcessing: 'Bắt đầu xử lý',
  confirmReceipt: 'Xác nhận đã nhận hồ sơ',
  requestCompletion: 'Yêu cầu bổ sung',
  requestPayment: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  resume: 'Tiếp tục xử lý',
  submitForApproval: 'Trình lãnh đạo phê duyệt',
  approve: 'Phê duyệt',
  sendBack: 'Trả lại để xử lý lại',
  extend: 'Gia hạn (Mẫu 04)',
  resultReady: 'Chuyển kết quả về bộ phận một cửa',
  returnResult: 'Trả kết quả',
  refuse: 'Từ chối giải quyết',
  withdraw: 'Rút hồ sơ theo yêu cầu của công dân',
  stop: 'Dừng xử lý (Mẫu 05)',
};

/** What a transition does to the dossier's clock (calendar.md, "Counting a due date"). */
export type ClockEffect = 'start' | 'pause' | 'resume' | 'extend' | 'stop' | 'none';

/** Which procedures a row applies to: those with (or without) a processing hand-over / a leader's approval. */
export type RowCondition = 'handOver' | 'noHandOver' | 'approval' | 'noApproval';

/**
 * Extra checks about the person, beyond the role:
 * - holder: the person holding the dossier now (a leader may always act for them);
 * - receiver: the person (or role) the pending hand-over names;
 * - unconfirmed: there is a hand-over waiting for this person's confirmation.
 */
export type PersonCheck = 'holder' | 'receiver';

export interface TransitionRow {
  from: Stage;
  action: WorkflowAction;
  to: Stage;
  /** The outer bound of who may ever do it (the contract's roles); the procedure's steps narrow it. */
  roles: readonly Role[];
  /** The procedure steps whose roles may do it (union). */
  steps: readonly StepKind[];
  clock: ClockEffect;
  when?: RowCondition;
  person?: PersonCheck;
}

const COUNTER_ROLES = ['clerk', 'officer'] as const;
const WORK_ROLES = ['officer', 'leader', 'clerk'] as const;

/** Every transition. A (from, action) pair appears once; a status without a row cannot be left. */
export const TRANSITIONS = [
  // Online dossier accepted (or refused) at the counter: the clock starts now.
  { from: 'submitted', action: 'accept', to: 'received', roles: COUNTER_ROLES, steps: ['counter'], clock: 'start' },
  { from: 'submitted', action: 'refuse', to: 'refused', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  // The counter hands the dossier to the officer who processes it (first row of form 06) …
  { from: 'received', action: 'handOver', to: 'handed-over', roles: COUNTER_ROLES, steps: ['counter'], clock: 'none', when: 'handOver' },
  // … or processes it itself when the procedure has no hand-over.
  { from: 'received', action: 'startProcessing', to: 'processing', roles: COUNTER_ROLES, steps: ['counter'], clock: 'none', when: 'noHandOver' },
  { from: 'received', action: 'refuse', to: 'refused', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'received', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  // The receiver confirms receipt; until then the dossier shows as handed over, not confirmed.
  { from: 'handed-over', action: 'confirmReceipt', to: 'processing', roles: WORK_ROLES, steps: ['processing'], clock: 'none', person: 'receiver' },
  { from: 'handed-over', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'handed-over', action: 'extend', to: 'handed-over', roles: ['officer', 'leader'], steps: ['processing', 'approval'], clock: 'extend', person: 'holder' },
  // Processing.
  { from: 'processing', action: 'handOver', to: 'handed-over', roles: WORK_ROLES, steps: ['processing'], clock: 'none', when: 'handOver', person: 'holder' },
  { from: 'processing', action: 'requestCompletion', to: 'completion-requested', roles: WORK_ROLES, steps: ['processing'], clock: 'pause', person: 'holder' },
  { from: 'processing', action: 'requestPayment', to: 'awaiting-payment', roles: WORK_ROLES, steps: ['processing'], clock: 'pause', person: 'holder' },
  { from: 'processing', action: 'submitForApproval', to: 'awaiting-approval', roles: WORK_ROLES, steps: ['processing'], clock: 'none', when: 'approval', person: 'holder' },
  { from: 'processing', action: 'resultReady', to: 'result-ready', roles: WORK_ROLES, steps: ['processing'], clock: 'none', when: 'noApproval', person: 'holder' },
  { from: 'processing', action: 'extend', to: 'processing', roles: ['officer', 'leader', 'clerk'], steps: ['processing', 'approval'], clock: 'extend', person: 'holder' },
  { from: 'processing', action: 'refuse', to: 'refused', roles: WORK_ROLES, steps: ['processing', 'approval'], clock: 'stop', person: 'holder' },
  { from: 'processing', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'processing', action: 'stop', to: 'stopped', roles: WORK_ROLES, steps: ['processing', 'approval'], clock: 'stop', person: 'holder' },
  // Waiting for the applicant (clock paused): they come back to the counter, or the officer resumes.
  { from: 'completion-requested', action: 'resume', to: 'processing', roles: WORK_ROLES, steps: ['counter', 'processing'], clock: 'resume' },
  { from: 'completion-requested', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'completion-requested', action: 'stop', to: 'stopped', roles: WORK_ROLES, steps: ['processing', 'approval'], clock: 'stop', person: 'holder' },
  { from: 'awaiting-payment', action: 'resume', to: 'processing', roles: WORK_ROLES, steps: ['counter', 'processing'], clock: 'resume' },
  { from: 'awaiting-payment', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'awaiting-payment', action: 'stop', to: 'stopped', roles: WORK_ROLES, steps: ['processing', 'approval'], clock: 'stop', person: 'holder' },
  // The leader's approval.
  { from: 'awaiting-approval', action: 'approve', to: 'approved', roles: ['leader'], steps: ['approval'], clock: 'none' },
  { from: 'awaiting-approval', action: 'sendBack', to: 'processing', roles: ['leader'], steps: ['approval'], clock: 'none' },
  { from: 'awaiting-approval', action: 'extend', to: 'awaiting-approval', roles: ['leader'], steps: ['approval'], clock: 'extend' },
  { from: 'awaiting-approval', action: 'stop', to: 'stopped', roles: ['leader'], steps: ['approval'], clock: 'stop' },
  { from: 'awaiting-approval', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  { from: 'approved', action: 'resultReady', to: 'result-ready', roles: WORK_ROLES, steps: ['processing'], clock: 'none', person: 'holder' },
  { from: 'approved', action: 'extend', to: 'approved', roles: ['officer', 'leader', 'clerk'], steps: ['processing', 'approval'], clock: 'extend', person: 'holder' },
  { from: 'approved', action: 'withdraw', to: 'withdrawn', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
  // The result is back at the counter (last row of form 06): the counter confirms it, then returns it.
  { from: 'result-ready', action: 'confirmReceipt', to: 'result-ready', roles: COUNTER_ROLES, steps: ['counter'], clock: 'none', person: 'receiver' },
  { from: 'result-ready', action: 'returnResult', to: 'returned', roles: COUNTER_ROLES, steps: ['counter'], clock: 'stop' },
] as const satisfies readonly TransitionRow[];

/** The roles a method of an action may ever be called with: the contract's access list. */
export function actionRoles(action: WorkflowAction): Role[] {
  const roles = new Set<Role>();
  for (const row of TRANSITIONS as readonly TransitionRow[]) if (row.action === action) row.roles.forEach((r) => roles.add(r));
  return [...roles].sort();
}

/** What the guard needs to know about the dossier. */
export interface DossierWorkflowState {
  stage: Stage;
  /** Who holds the dossier now (null: a role holds it, e.g. the counter when the result came back). */
  holderId: string | null;
  /** The hand-over waiting for confirmation, if any: to a person, or to anyone of a role. */
  pendingHandOver: { toUserId: string | null; toRole: Role | null } | null;
}

export interface Actor { id: string; role: Role }

export function rowFor(stage: Stage, action: WorkflowAction): TransitionRow | null {
  return (TRANSITIONS as readonly TransitionRow[]).find((r) => r.from === stage && r.action === action) ?? null;
}

function conditionHolds(when: RowCondition | undefined, w: ProcedureWorkflow): boolean {
  const hasProcessing = w.steps.some((s) => s.kind === 'processing');
  const hasApproval = w.steps.some((s) => s.kind === 'approval');
  switch (when) {
    case undefined: return true;
    case 'handOver': return hasProcessing;
    case 'noHandOver': return !hasProcessing;
    case 'approval': return hasApproval;
    case 'noApproval': return !hasApproval;
  }
}

/** The roles that may do a row for this procedure: the row's bound narrowed by the procedure's steps. */
export function rowRoles(row: TransitionRow, w: ProcedureWorkflow): Role[] {
  const fromSteps = new Set<Role>();
  for (const kind of row.steps) effectiveStep(w, kind)?.roles.forEach((r) => fromSteps.add(r as Role));
  return row.roles.filter((r) => fromSteps.has(r));
}

export type ActionCheck =
  | { ok: true; row: TransitionRow }
  | { ok: false; code: 'CONFLICT' | 'FORBIDDEN'; message: string };

/**
 * May this person do this action on this dossier now? The refusal names the state and the role, in
 * Vietnamese, and says what can be done instead.
 */
export function checkAction(d: DossierWorkflowState, actor: Actor, action: WorkflowAction, w: ProcedureWorkflow): ActionCheck {
  const name = ACTION_NAMES[action];
  const stageText = `"${STAGE_NAMES[d.stage]}"`;
  const roleText = `"${ROLE_NAMES[actor.role]}"`;
  const row = rowFor(d.stage, action);
  if (!row || !conditionHolds(row.when, w)) {
    const possible = availableActions(d, actor, w).map((a) => ACTION_NAMES[a]);
    return {
      ok: false, code: 'CONFLICT',
      message: `Không thể "${name}": hồ sơ đang ở trạng thái ${stageText}${row ? ' và thủ tục này không có bước đó' : ''}. `
        + (possible.length ? `Với vai trò ${roleText} bạn có thể: ${possible.join('; ')}.` : `Với vai trò ${roleText} bạn không có thao tác nào trên hồ sơ này lúc này.`),
    };
  }
  const roles = rowRoles(row, w);
  if (!roles.includes(actor.role)) {
    return {
      ok: false, code: 'FORBIDDEN',
      message: `Vai trò ${roleText} không được "${name}" khi hồ sơ đang ở trạng thái ${stageText}`
        + (roles.length ? ` — việc này do ${roles.map((r) => `"${ROLE_NAMES[r]}"`).join(' hoặc ')} thực hiện.` : ' — thủ tục này không giao việc đó cho vai trò nào; hãy báo quản trị viên.'),
    };
  }
  if (row.person === 'holder' && d.holderId !== null && d.holderId !== actor.id && actor.role !== 'leader') {
    return {
      ok: false, code: 'FORBIDDEN',
      message: `Không thể "${name}": hồ sơ ở trạng thái ${stageText} đang do người khác giữ; với vai trò ${roleText} chỉ người đang giữ hồ sơ (hoặc lãnh đạo) mới làm được — hãy đề nghị họ chuyển hồ sơ cho bạn.`,
    };
  }
  if (row.person === 'receiver') {
    const p = d.pendingHandOver;
    const forMe = p !== null && (p.toUserId === actor.id || (p.toUserId === null && p.toRole === actor.role));
    if (!forMe) {
      return {
        ok: false, code: p ? 'FORBIDDEN' : 'CONFLICT',
        message: p
          ? `Không thể "${name}": hồ sơ ở trạng thái ${stageText} được chuyển cho người khác; với vai trò ${roleText} bạn không xác nhận thay được.`
          : `Không thể "${name}": hồ sơ ở trạng thái ${stageText} không có lần chuyển nào chờ xác nhận.`,
      };
    }
  }
  return { ok: true, row };
}

/** The actions this person may take on this dossier now, in the table's order: the buttons to show. */
export function availableActions(d: DossierWorkflowState, actor: Actor, w: ProcedureWorkflow): WorkflowAction[] {
  const out: WorkflowAction[] = [];
  for (const row of TRANSITIONS as readonly TransitionRow[]) {
    // The procedure's shape first: checkAction explains a missing step by listing these actions.
    if (row.from !== d.stage || out.includes(row.action) || !conditionHolds(row.when, w)) continue;
    if (checkAction(d, actor, row.action, w).ok) out.push(row.action);
  }
  return out;
}
