// The counter's intake rules, shared by the UI (inline messages) and the core (the boundary check).
import { cleanLine, normalizePersonName } from '../text';
import { decideFee, type FeeDecision, type FeeFacts, type FeeLine, type WorkingDays } from './fees';
import {
  fieldError, parseDateVn, toFieldIssues, validateEmail, validateIdNumber, validatePhoneVn, type FieldIssue,
} from '../validation';

export interface ApplicantFields {
  fullName: string; idNumber: string; birthDate: string; address: string; phone: string; email: string;
}

export interface IntakeFields {
  applicant: ApplicantFields;
  components: { name: string; quantity: number }[];
  delivery: { method: 'counter' | 'post'; address: string };
  outcome: 'receive' | 'request-completion' | 'refuse';
  reason: string;
  missingItems: { name: string }[];
  /** The procedure version's fee lines and what the clerk entered about them: which one applies is decided here. */
  fees?: readonly FeeLine[];
  fee?: FeeFacts;
  /** The office's working days: a fee rule's period that ends on a day off runs to the next working day. */
  calendar?: WorkingDays;
}

/**
 * Checks an intake and returns the normalized applicant with every problem at once
 * (field paths such as "applicant.idNumber"); warnings never block saving. With the version's fee lines, a
 * receipt also gets the fee that applies (`fee`; problems at 'fee.eventDate' / 'fee.line'); forms 02 and 03
 * carry no fee.
 */
export function validateIntake(input: IntakeFields, today: string): { applicant: ApplicantFields; issues: FieldIssue[]; fee: FeeDecision | null } {
  const issues: FieldIssue[] = [];
  const a = input.applicant;
  const fullName = normalizePersonName(a.fullName);
  if (fullName.length < 2) issues.push(fieldError('applicant.fullName', 'Nhập họ và tên người nộp hồ sơ.'));

  let birthDate = '';
  if (a.birthDate.trim()) {
    const r = parseDateVn(a.birthDate, { notAfter: today, label: 'Ngày sinh' });
    if (r.ok) birthDate = r.value;
    else issues.push(fieldError('applicant.birthDate', r.error));
  }

  let idNumber = a.idNumber.replace(/\s+/g, '');
  if (idNumber) {
    const r = validateIdNumber(idNumber, { birthYear: birthDate ? Number(birthDate.slice(0, 4)) : undefined, currentYear: Number(today.slice(0, 4)) });
    idNumber = r.value;
    issues.push(...toFieldIssues('applicant.idNumber', r));
  } else if (input.outcome === 'receive') {
    issues.push(fieldError('applicant.idNumber', 'Nhập số định danh cá nhân (12 chữ số) của người nộp.'));
  }

  let phone = '';
  if (a.phone.trim()) {
    const r = validatePhoneVn(a.phone);
    if (r.ok) phone = r.value;
    else issues.push(fieldError('applicant.phone', r.error));
  }
  let email = '';
  if (a.email.trim()) {
    const r = validateEmail(a.email);
    if (r.ok) email = r.value;
    else issues.push(fieldError('applicant.email', r.error));
  }

  if (input.outcome === 'receive') {
    if (!input.components.some((c) => c.quantity > 0 && c.name.trim())) {
      issues.push(fieldError('components', 'Đánh dấu ít nhất một giấy tờ đã nhận.'));
    }
    if (input.delivery.method === 'post' && !input.delivery.address.trim()) {
      issues.push(fieldError('delivery.address', 'Nhập địa chỉ nhận kết quả qua bưu chính.'));
    }
  }
  if (input.outcome !== 'receive' && !input.reason.trim()) {
    issues.push(fieldError('reason', input.outcome === 'refuse' ? 'Nhập lý do từ chối tiếp nhận.' : 'Nhập lý do yêu cầu bổ sung.'));
  }
  if (input.outcome === 'request-completion' && !input.missingItems.some((m) => m.name.trim())) {
    issues.push(fieldError('missingItems', 'Liệt kê đầy đủ các giấy tờ cần bổ sung (một lần).'));
  }

  let fee: FeeDecision | null = null;
  if (input.fees && input.outcome === 'receive') {
    fee = decideFee(input.fees, input.fee ?? {}, today, input.calendar);
    issues.push(...fee.issues);
  }

  return {
    applicant: { fullName, idNumber, birthDate, address: cleanLine(a.address), phone, email },
    issues,
    fee,
  };
}
