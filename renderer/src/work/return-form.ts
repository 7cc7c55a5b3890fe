// The return at the counter as form state: who collects the result (the applicant, someone they authorized
// with the 12-digit ID number on their card) or the postal item number when it goes by post, and the quick
// satisfaction question. Checked with the shared rules (validateIdNumber), in the contract's words, at the
// contract's field paths, so the core's answer lands on the same fields.
import type { MethodInput } from '../../../shared/contract';
import { validateIdNumber } from '../../../shared/validation/id-number';

export type Receiver = 'applicant' | 'authorized' | 'post';

export interface ReturnValues {
  receiver: Receiver;
  fullName: string;
  idNumber: string;
  postalItemNumber: string;
  satisfaction: '' | 'satisfied' | 'unsatisfied';
}

export interface ReturnDossier {
  id: string;
  applicant: { fullName: string; idNumber: string };
  delivery: { method: 'counter' | 'post'; address: string };
}

/** The form as it opens: by post when the applicant asked for it, else the applicant at the counter. */
export function initialReturn(d: ReturnDossier): ReturnValues {
  return {
    receiver: d.delivery.method === 'post' ? 'post' : 'applicant',
    fullName: '', idNumber: '', postalItemNumber: '', satisfaction: '',
  };
}

/** Problems by the contract's field path; empty when the return can be recorded. */
export function checkReturn(v: ReturnValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (v.receiver === 'authorized') {
    if (v.fullName.trim().length < 2) errors['collector.fullName'] = 'Nhập họ tên người nhận kết quả.';
    const id = v.idNumber.replace(/\s+/g, '');
    if (!id) errors['collector.idNumber'] = 'Người được ủy quyền: nhập số định danh cá nhân 12 chữ số trên thẻ căn cước.';
    else {
      const r = validateIdNumber(id);
      if (!r.ok) errors['collector.idNumber'] = r.errors[0] ?? 'Số định danh cá nhân gồm 12 chữ số — hãy nhập lại.';
    }
  }
  if (v.receiver === 'post' && !/^[A-Za-z0-9]{6,30}$/.test(v.postalItemNumber.replace(/\s+/g, ''))) {
    errors.postalItemNumber = 'Nhập số hiệu bưu gửi in trên phiếu của bưu điện (6–30 chữ cái, chữ số), VD EB123456789VN.';
  }
  return errors;
}

/** The call's input without the operation id. */
export function toReturnInput(d: ReturnDossier, v: ReturnValues): Omit<MethodInput<'workflow.returnResult'>, 'operationId'> {
  const satisfaction = v.satisfaction || null;
  if (v.receiver === 'post') {
    return { dossierId: d.id, note: '', method: 'post', postalItemNumber: v.postalItemNumber.replace(/\s+/g, '').toUpperCase(), satisfaction };
  }
  const collector = v.receiver === 'applicant'
    ? { kind: 'applicant' as const, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber }
    : { kind: 'authorized' as const, fullName: v.fullName.trim(), idNumber: v.idNumber.replace(/\s+/g, '') };
  return { dossierId: d.id, note: '', method: 'counter', collector, postalItemNumber: '', satisfaction };
}
