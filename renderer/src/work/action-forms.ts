// What each workflow action asks for before it runs, as data: the fields of its small dialog, their checks
// (the same words as the core's, so a message never changes when the core answers), and the call's input.
// Actions without a form (confirm receipt, resume, …) run on their button at once.
import type { MethodInput } from '../../../shared/contract';
import type { WorkflowAction } from '../../../shared/workflow/dossier-transitions';
import { parseDateVn } from '../../../shared/validation/date';
import { formatIsoVn, fromVnParts, vnDateKey } from '../../../shared/time/vn-time';

export type FieldName = 'toUserId' | 'newDueDate' | 'newDueTime' | 'reason' | 'legalBasis' | 'missingItems' | 'note';

export interface FieldSpec {
  name: FieldName;
  label: string;
  kind: 'assignee' | 'date' | 'time' | 'text' | 'textarea' | 'missing';
  required?: boolean;
  hint?: string;
  placeholder?: string;
}

export interface ActionForm {
  title: string;
  fields: FieldSpec[];
  submit: string;
  /** The form the core makes with it (printed from the preview that follows). */
  makes?: string;
}

const note: FieldSpec = { name: 'note', label: 'Ghi chú', kind: 'text', hint: 'Không bắt buộc. Enter để xác nhận.' };
const reason = (placeholder: string, label = 'Lý do'): FieldSpec => ({ name: 'reason', label, kind: 'textarea', required: true, placeholder });

/** The dialog of each action; null: the action runs on its button (nothing to ask). */
export const ACTION_FORMS: Record<WorkflowAction, ActionForm | null> = {
  accept: null,
  startProcessing: null,
  confirmReceipt: null,
  resume: null,
  handOver: {
    title: 'Chuyển hồ sơ', submit: 'Chuyển',
    fields: [{ name: 'toUserId', label: 'Chuyển cho', kind: 'assignee', required: true, hint: '↑↓ chọn người nhận, Enter để chuyển.' }, note],
  },
  submitForApproval: {
    title: 'Trình lãnh đạo phê duyệt', submit: 'Trình',
    fields: [{ name: 'toUserId', label: 'Trình', kind: 'assignee', hint: 'Bỏ trống: lãnh đạo nào cũng phê duyệt được.' }, note],
  },
  requestCompletion: {
    title: 'Yêu cầu bổ sung hồ sơ (Mẫu 02)', submit: 'Lưu & lập phiếu', makes: 'form02',
    fields: [
      { name: 'missingItems', label: 'Giấy tờ cần bổ sung', kind: 'missing', hint: 'Dấu cách chọn/bỏ; ghi hết một lần, không yêu cầu bổ sung nhiều lần.' },
      reason('Ví dụ: thiếu bản sao giấy khai sinh của người con.'),
    ],
  },
  requestPayment: { title: 'Yêu cầu thực hiện nghĩa vụ tài chính', submit: 'Lưu', fields: [reason('Ví dụ: chờ nộp lệ phí đăng ký.')] },
  approve: { title: 'Phê duyệt', submit: 'Phê duyệt', fields: [note] },
  sendBack: { title: 'Trả lại để xử lý lại', submit: 'Trả lại', fields: [reason('Ví dụ: cần xác minh lại nơi cư trú.')] },
  extend: {
    title: 'Gia hạn, hẹn lại ngày trả (Mẫu 04)', submit: 'Lưu & lập Mẫu 04', makes: 'form04',
    fields: [
      { name: 'newDueDate', label: 'Ngày hẹn trả mới', kind: 'date', required: true, placeholder: 'dd/mm/yyyy' },
      { name: 'newDueTime', label: 'Giờ', kind: 'time', required: true },
      reason('Ví dụ: cần xác minh thông tin tại địa phương khác.', 'Lý do chậm trả'),
    ],
  },
  resultReady: { title: 'Chuyển kết quả về bộ phận một cửa', submit: 'Chuyển kết quả', fields: [note] },
  returnResult: null,
  refuse: { title: 'Từ chối giải quyết', submit: 'Từ chối', fields: [reason('Ví dụ: hồ sơ không thuộc thẩm quyền giải quyết.')] },
  withdraw: { title: 'Rút hồ sơ theo yêu cầu của công dân', submit: 'Rút hồ sơ', fields: [reason('Ví dụ: công dân có đơn xin rút hồ sơ.')] },
  stop: {
    title: 'Dừng xử lý hồ sơ (Mẫu 05)', submit: 'Lưu & lập Mẫu 05', makes: 'form05',
    fields: [
      reason('Ví dụ: người yêu cầu đã chết trước khi có kết quả.'),
      { name: 'legalBasis', label: 'Căn cứ pháp lý', kind: 'text', required: true, placeholder: 'Ví dụ: Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP' },
    ],
  },
};

/** A component line of the dossier, offered for form 02. */
export interface MissingLine { key: string; code: string; name: string; copyType: 'original' | 'certified-copy' | 'copy'; quantity: number }

export interface ActionValues {
  toUserId: string;
  newDueDate: string;
  newDueTime: string;
  reason: string;
  legalBasis: string;
  note: string;
  /** Keys of the component lines ticked as missing. */
  missing: string[];
}

export const emptyValues = (): ActionValues => ({ toUserId: '', newDueDate: '', newDueTime: '17:00', reason: '', legalBasis: '', note: '', missing: [] });

/** Problems the dialog can see before asking the core, by field name (the core says the same words). */
export function checkValues(form: ActionForm, v: ActionValues, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of form.fields) {
    if (f.kind === 'assignee' && f.required && !v.toUserId) errors.toUserId = 'Chọn người nhận hồ sơ.';
    if (f.name === 'reason' && v.reason.trim().length < 5) errors.reason = 'Ghi rõ lý do (ít nhất 5 ký tự).';
    if (f.name === 'legalBasis' && v.legalBasis.trim().length < 5) errors.legalBasis = 'Ghi căn cứ pháp lý, ví dụ: Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP.';
    if (f.name === 'newDueDate') {
      const d = parseDateVn(v.newDueDate, { label: 'Ngày hẹn trả mới', notBefore: today });
      if (!d.ok) errors.newDueDate = d.error;
    }
    if (f.name === 'newDueTime' && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(v.newDueTime.trim())) errors.newDueTime = 'Giờ phải có dạng HH:MM, VD 17:00.';
  }
  return errors;
}

/** The core's field paths, as the dialog names its fields ('newDueAt' is the date and time together). */
export function fieldOfPath(path: string): FieldName | null {
  if (path === 'newDueAt') return 'newDueDate';
  if (path.startsWith('missingItems')) return 'missingItems';
  return (['toUserId', 'reason', 'legalBasis', 'note'] as const).find((f) => f === path) ?? null;
}

type TransitionMethod = `workflow.${Exclude<WorkflowAction, 'returnResult'>}`;

/** The call's input (without the operation id) for the values typed. */
export function toInput(action: WorkflowAction, dossierId: string, v: ActionValues, lines: MissingLine[]): Omit<MethodInput<TransitionMethod>, 'operationId'> & Record<string, unknown> {
  const input: Record<string, unknown> = { dossierId, note: v.note.trim() };
  if (action === 'handOver') input.toUserId = v.toUserId;
  if (action === 'submitForApproval' && v.toUserId) input.toUserId = v.toUserId;
  if (['requestCompletion', 'requestPayment', 'sendBack', 'extend', 'refuse', 'withdraw', 'stop'].includes(action)) input.reason = v.reason.trim();
  if (action === 'stop') input.legalBasis = v.legalBasis.trim();
  if (action === 'requestCompletion') {
    input.missingItems = lines.filter((l) => v.missing.includes(l.key)).map(({ code, name, copyType, quantity }) => ({ code, name, copyType, quantity }));
  }
  if (action === 'extend') {
    const d = parseDateVn(v.newDueDate);
    const [h, m] = v.newDueTime.trim().split(':').map(Number);
    if (d.ok) {
      const [y, mo, day] = d.value.split('-').map(Number);
      input.newDueAt = formatIsoVn(fromVnParts(y!, mo!, day!, h ?? 17, m ?? 0));
    }
  }
  return input as never;
}

/** Today's Vietnam date key, the earliest a new due date may be. */
export const todayKey = (): string => vnDateKey(new Date());
