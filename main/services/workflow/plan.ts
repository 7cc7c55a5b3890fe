// What each transition changes, decided from the dossier's records before anything is written: the stage
// and holder, the clock (pause, resume, extension), the hand-over log, the return. Pure: the writer (apply.ts)
// puts a plan into the database in one transaction.
import { dueAfterPause, stepOutcome } from '../../../shared/calendar';
import type { Role, User } from '../../../shared/contract';
import { formatDateTimeVn } from '../../../shared/time/vn-time';
import { isPaused, type Stage, type WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { effectiveStep, ROLE_NAMES, stepOf, type StepKind } from '../../../shared/workflow/procedure-workflow';
import { AppError } from '../../base/errors';
import type { DossierReturnRow, DossierWorkflowRow, HandOverRow } from '../../persistence/entities-workflow';
import { stepDueAt, type OfficeClock } from './clock';
import type { UserInfo, WorkflowContext } from './records';

/** A transition as the core's method asked for it (the contract's input, parsed). */
export interface TransitionInput {
  action: WorkflowAction;
  operationId: string;
  dossierId: string;
  note: string;
  toUserId?: string;
  reason?: string;
  newDueAt?: Date;
  legalBasis?: string;
  missingItems?: { code: string; name: string; copyType: 'original' | 'certified-copy' | 'copy'; quantity: number }[];
  returned?: {
    method: 'counter' | 'post';
    collector?: { kind: 'applicant' | 'authorized'; fullName: string; idNumber: string };
    postalItemNumber: string;
    satisfaction: 'satisfied' | 'unsatisfied' | null;
  };
}

export interface Plan {
  to: Stage;
  /** Fields of the workflow row that change. */
  wf: Partial<DossierWorkflowRow>;
  /** The dossier's new due date (undefined: unchanged). */
  dueAt?: string | null;
  /** The pending hand-over is confirmed by this person now. */
  confirmPending?: { at: string; by: string };
  handOver?: Omit<HandOverRow, 'id'>;
  /** A pause begins (a due_change row of kind 'pause', closed when the clock resumes). */
  pauseStarts?: { reason: string };
  /** The open pause ends: how long it lasted and the due dates before and after. */
  pauseEnds?: { pausedTo: string; pausedMinutes: number; previousDueAt: string | null; newDueAt: string | null };
  extension?: { previousDueAt: string | null; newDueAt: string; reason: string };
  returned?: Omit<DossierReturnRow, 'operationId'>;
  /** The form the transition produces. */
  form?: 'form02' | 'form04' | 'form05';
  /** What happened, in Vietnamese: the event's note and the province's NoiDungXuLy. */
  title: string;
}

export interface PlanDeps {
  clock: OfficeClock; users: Map<string, UserInfo>; now: Date; user: User;
  /** For an online dossier accepted now without a due date from the portal: the due date its procedure gives. */
  receiptDue?: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const date = (s: string | null) => (s ? new Date(s) : null);

/** A person the dossier may be handed to for this step: active, and of a role the procedure gives the step. */
function target(d: PlanDeps, c: WorkflowContext, userId: string, kind: StepKind): UserInfo {
  const u = d.users.get(userId);
  const roles = (effectiveStep(c.workflow, kind)?.roles ?? []) as Role[];
  if (!u || !u.active) throw new AppError('VALIDATION', 'Người nhận không có hoặc đã bị khóa — hãy chọn người khác trong danh sách.', [{ field: 'toUserId', message: 'Chọn người nhận trong danh sách', severity: 'error' }]);
  if (!roles.includes(u.role)) {
    throw new AppError('VALIDATION', `${u.fullName} có vai trò "${ROLE_NAMES[u.role]}", không làm được bước này của thủ tục — hãy chọn ${roles.map((r) => `"${ROLE_NAMES[r]}"`).join(' hoặc ')}.`,
      [{ field: 'toUserId', message: 'Người này không làm được bước này', severity: 'error' }]);
  }
  if (u.id === d.user.id) throw new AppError('VALIDATION', 'Không chuyển hồ sơ cho chính mình — hãy chọn người nhận khác.', [{ field: 'toUserId', message: 'Chọn người khác', severity: 'error' }]);
  return u;
}

/** The hand-over that closes the giver's step now. */
function handOverRow(c: WorkflowContext, d: PlanDeps, input: TransitionInput, to: { userId: string | null; role: Role }, nextDue: Date | null,
  confirmed = false): Omit<HandOverRow, 'id'> {
  const stepDue = date(c.wf.stepDueAt);
  const now = d.now.toISOString();
  return {
    dossierId: c.dossier.id, step: c.wf.step, fromUserId: d.user.id, toUserId: to.userId, toRole: to.role, handedAt: now,
    stepDueAt: c.wf.stepDueAt, outcome: stepOutcome(d.now, stepDue), nextStepDueAt: iso(nextDue),
    confirmedAt: confirmed ? now : null, confirmedBy: confirmed ? d.user.id : null, note: input.note, operationId: input.operationId,
  };
}

const withNote = (title: string, input: TransitionInput) => [title, input.reason, input.note].filter(Boolean).join(' — ');

/** The plan of one transition the guard has allowed. */
export function planTransition(c: WorkflowContext, input: TransitionInput, d: PlanDeps, to: Stage): Plan {
  const now = d.now;
  const nowIso = now.toISOString();
  const due = date(c.dossier.dueAt);
  const stepStart = (kind: StepKind, dossierDue: Date | null = due) => ({
    step: kind, stepStartedAt: nowIso, stepDueAt: iso(stepDueAt(d.clock, now, effectiveStep(c.workflow, kind)?.duration ?? null, dossierDue)),
  });
  const closed = { open: 0, finishedAt: nowIso, holderId: null, holderRole: null, pausedAt: null, pendingUserId: null, pendingRole: null };
  // A dossier closed while paused (stopped, withdrawn) ends its pause too, so the pause log has no open row.
  const endOpenPause = isPaused(c.stage) && c.wf.pausedAt
    ? { pauseEnds: { pausedTo: nowIso, pausedMinutes: 0, previousDueAt: c.dossier.dueAt, newDueAt: c.dossier.dueAt } } : {};

  switch (input.action) {
    case 'accept': {
      // The portal's due date stands when it gave one; otherwise the procedure's, counted from now.
      const dossierDue = due ?? d.receiptDue ?? null;
      return {
        to, dueAt: iso(dossierDue), wf: { holderId: d.user.id, holderRole: d.user.role, originalDueAt: iso(dossierDue), ...stepStart('counter', dossierDue) },
        title: withNote('Tiếp nhận hồ sơ nộp trực tuyến', input),
      };
    }
    case 'handOver': {
      const u = target(d, c, input.toUserId ?? '', 'processing');
      const s = stepStart('processing');
      return {
        to, wf: { holderId: u.id, holderRole: u.role, ...s },
        handOver: handOverRow(c, d, input, { userId: u.id, role: u.role }, date(s.stepDueAt)),
        title: withNote(`Chuyển hồ sơ cho ${u.fullName} (${ROLE_NAMES[u.role]})`, input),
      };
    }
    case 'startProcessing':
      return { to, wf: { holderId: d.user.id, holderRole: d.user.role, ...stepStart('processing') }, title: withNote(`${d.user.fullName} bắt đầu xử lý hồ sơ`, input) };
    case 'confirmReceipt': {
      const atCounter = c.stage === 'result-ready';
      return {
        to, wf: { holderId: d.user.id, holderRole: d.user.role }, confirmPending: { at: nowIso, by: d.user.id },
        title: withNote(atCounter ? `Bộ phận một cửa (${d.user.fullName}) đã nhận kết quả` : `${d.user.fullName} xác nhận đã nhận hồ sơ`, input),
      };
    }
    case 'requestCompletion':
    case 'requestPayment': {
      const what = input.action === 'requestCompletion' ? 'Yêu cầu công dân bổ sung, hoàn thiện hồ sơ' : 'Yêu cầu công dân thực hiện nghĩa vụ tài chính';
      const items = (input.missingItems ?? []).filter((m) => m.name.trim()).map((m) => `${m.name} (${m.quantity})`).join('; ');
      return {
        to, wf: { pausedAt: nowIso }, pauseStarts: { reason: [input.reason, items].filter(Boolean).join(': ') },
        form: input.action === 'requestCompletion' ? 'form02' : undefined,
        title: withNote(`${what}; tạm dừng tính thời gian`, input),
      };
    }
    case 'resume': {
      if (!due) throw new AppError('CONFLICT', 'Hồ sơ này chưa được tiếp nhận (đã trả Mẫu 02 tại quầy) nên không có hạn để tính tiếp — khi công dân nộp đủ, hãy tiếp nhận một hồ sơ mới.');
      const pausedFrom = date(c.wf.pausedAt) ?? now;
      const moved = dueAfterPause(due, pausedFrom, now, d.clock.calendar, d.clock.hours);
      const minutes = Math.round(moved.pausedMs / 60_000);
      const stepDue = date(c.wf.stepDueAt);
      const newStepDue = stepDue ? dueAfterPause(stepDue, pausedFrom, now, d.clock.calendar, d.clock.hours).due : null;
      return {
        to, dueAt: moved.due.toISOString(),
        wf: { pausedAt: null, pausedMinutes: c.wf.pausedMinutes + minutes, stepDueAt: iso(newStepDue) },
        pauseEnds: { pausedTo: nowIso, pausedMinutes: minutes, previousDueAt: c.dossier.dueAt, newDueAt: moved.due.toISOString() },
        title: withNote(`Tiếp tục xử lý; hạn trả kết quả mới ${formatDateTimeVn(moved.due)} (cộng ${minutes} phút làm việc tạm dừng)`, input),
      };
    }
    case 'submitForApproval': {
      const u = input.toUserId ? target(d, c, input.toUserId, 'approval') : null;
      const s = stepStart('approval');
      return {
        to, wf: { holderId: u?.id ?? null, holderRole: u?.role ?? 'leader', ...s },
        handOver: handOverRow(c, d, input, { userId: u?.id ?? null, role: u?.role ?? 'leader' }, date(s.stepDueAt)),
        title: withNote(`Trình lãnh đạo${u ? ` ${u.fullName}` : ''} phê duyệt`, input),
      };
    }
    case 'approve':
    case 'sendBack': {
      // The leader's decision confirms the submission and hands the dossier back to the officer who submitted it.
      const back = c.pending?.fromUserId ?? c.wf.holderId;
      const officer = back ? d.users.get(back) : undefined;
      return {
        to, confirmPending: c.pending ? { at: nowIso, by: d.user.id } : undefined,
        wf: { holderId: officer?.id ?? null, holderRole: officer?.role ?? 'officer', step: 'processing', stepStartedAt: nowIso, stepDueAt: c.dossier.dueAt },
        handOver: handOverRow(c, d, input, { userId: officer?.id ?? null, role: officer?.role ?? 'officer' }, due, true),
        title: withNote(input.action === 'approve' ? `Lãnh đạo ${d.user.fullName} phê duyệt` : `Lãnh đạo ${d.user.fullName} trả lại để xử lý lại`, input),
      };
    }
    case 'extend': {
      const newDue = input.newDueAt!;
      if (due && newDue.getTime() <= due.getTime()) {
        throw new AppError('VALIDATION', `Hạn mới phải sau hạn hiện tại (${formatDateTimeVn(due)}) — hãy chọn ngày giờ muộn hơn.`, [{ field: 'newDueAt', message: 'Hạn mới phải sau hạn hiện tại', severity: 'error' }]);
      }
      if (newDue.getTime() <= now.getTime()) {
        throw new AppError('VALIDATION', 'Hạn mới phải sau thời điểm hiện tại — hãy chọn ngày giờ muộn hơn.', [{ field: 'newDueAt', message: 'Hạn mới phải sau bây giờ', severity: 'error' }]);
      }
      // The step that ran to the old due date runs to the new one.
      const stepDue = c.wf.stepDueAt === c.dossier.dueAt || !c.wf.stepDueAt ? newDue.toISOString() : c.wf.stepDueAt;
      return {
        to, dueAt: newDue.toISOString(), wf: { extensions: c.wf.extensions + 1, stepDueAt: stepDue },
        extension: { previousDueAt: c.dossier.dueAt, newDueAt: newDue.toISOString(), reason: input.reason ?? '' }, form: 'form04',
        title: withNote(`Gia hạn giải quyết: hẹn trả mới ${formatDateTimeVn(newDue)}${due ? ` (hẹn cũ ${formatDateTimeVn(due)})` : ''}`, input),
      };
    }
    case 'resultReady': {
      const counter = stepOf(c.workflow, 'counter');
      const s = stepStart('counter');
      // Resolved early / on time / late against the dossier's due date; an extended dossier counts as late.
      const outcome = c.wf.extensions > 0 ? 'late' : stepOutcome(now, due);
      return {
        to, wf: { holderId: null, holderRole: (counter?.roles[0] as Role | undefined) ?? 'clerk', ...s, stepDueAt: s.stepDueAt === c.dossier.dueAt ? null : s.stepDueAt, finishedAt: nowIso, outcome },
        handOver: handOverRow(c, d, input, { userId: null, role: (counter?.roles[0] as Role | undefined) ?? 'clerk' }, null),
        title: withNote('Đã có kết quả; chuyển kết quả về bộ phận một cửa', input),
      };
    }
    case 'returnResult': {
      const r = input.returned!;
      const who = r.method === 'post' ? `gửi qua bưu chính, số hiệu ${r.postalItemNumber}`
        : `${r.collector!.kind === 'applicant' ? 'người nộp' : 'người được ủy quyền'} ${r.collector!.fullName}${r.collector!.idNumber ? ` (số định danh ${r.collector!.idNumber})` : ''} nhận`;
      return {
        to, wf: { open: 0, holderId: null, holderRole: null }, confirmPending: c.pending ? { at: nowIso, by: d.user.id } : undefined,
        returned: {
          dossierId: c.dossier.id, returnedAt: nowIso, returnedBy: d.user.id, method: r.method,
          collectorKind: r.method === 'counter' ? r.collector!.kind : null, collectorName: r.method === 'counter' ? r.collector!.fullName : '',
          collectorIdNumber: r.method === 'counter' ? r.collector!.idNumber.replace(/\s+/g, '') : '',
          postalItemNumber: r.method === 'post' ? r.postalItemNumber.replace(/\s+/g, '').toUpperCase() : '', satisfaction: r.satisfaction, note: input.note,
        },
        title: withNote(`Trả kết quả: ${who}`, input),
      };
    }
    case 'refuse':
      return { to, wf: { ...closed }, ...endOpenPause, title: withNote('Từ chối giải quyết hồ sơ', input) };
    case 'withdraw':
      return { to, wf: { ...closed }, ...endOpenPause, title: withNote('Công dân yêu cầu rút hồ sơ', input) };
    case 'stop':
      return { to, wf: { ...closed }, ...endOpenPause, form: 'form05', title: withNote(`Dừng xử lý hồ sơ${input.legalBasis ? ` (căn cứ: ${input.legalBasis})` : ''}`, input) };
  }
}
