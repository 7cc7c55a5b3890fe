import type { CopyType, ProcedureVersion, ReceiveInput } from '../../../shared/contract';
import { normalizePersonName } from '../../../shared/text/vietnamese';
import { validateIntake } from '../../../shared/intake/validate-intake';
import { feeDateLabel, type FeeDecision, type FeeFacts, type WorkingDays } from '../../../shared/intake/fees';
import { parseDateVn, validatePhoneVn } from '../../../shared/validation';
import { vnDateKey } from '../lib/format';
import { checkParties, hasPartyInput, partiesInput, type PartyDrafts } from './parties-draft';

export interface ComponentLine {
  key: string;
  code: string;
  name: string;
  copyType: CopyType;
  quantity: number;
  handedIn: boolean;
  required: boolean;
  /** Added at the counter, not in the procedure version. */
  extra: boolean;
  /** The saved line this is (a correction of a saved dossier); absent on a new intake. */
  position?: number | null;
}

export interface Applicant {
  fullName: string; idNumber: string; birthDate: string; address: string; phone: string; email: string;
}

/** What decides the fee: the date a rule counts from, as typed (dd/mm/yyyy), and the clerk's choice of line. */
export interface FeeEntry { eventDate: string; line: number | null }

export const emptyFee = (): FeeEntry => ({ eventDate: '', line: null });

export interface IntakeDraft {
  procedure: ProcedureVersion | null;
  applicant: Applicant;
  components: ComponentLine[];
  setCount: number;
  delivery: { method: 'counter' | 'post'; address: string };
  note: string;
  /** At intake; a correction has none (the fee recorded at receipt stands). */
  fee?: FeeEntry;
  /** The other parties typed, by role (parties-draft.ts); absent: not edited here (they stay as saved). */
  parties?: PartyDrafts;
}

export const emptyApplicant: Applicant = { fullName: '', idNumber: '', birthDate: '', address: '', phone: '', email: '' };

export function emptyDraft(): IntakeDraft {
  return { procedure: null, applicant: { ...emptyApplicant }, components: [], setCount: 1, delivery: { method: 'counter', address: '' }, note: '', fee: emptyFee(), parties: {} };
}

let lineSeq = 0;
export const newLineKey = () => `line-${++lineSeq}`;

/** The checklist of a procedure version: nothing ticked yet, quantities as the version requires. */
export function linesFor(p: ProcedureVersion): ComponentLine[] {
  return p.components.map((c) => ({
    key: newLineKey(), code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity,
    handedIn: false, required: c.required, extra: false,
  }));
}

export type Outcome = ReceiveInput['outcome'];

/**
 * Field path (as the core reports it, e.g. 'applicant.idNumber') → messages; and the fee as decided from
 * what is entered so far (null before a procedure is chosen, and for forms 02/03).
 */
export interface Issues { errors: Record<string, string>; warnings: Record<string, string[]>; fee?: FeeDecision | null }

/** The fee facts to send: the typed date when it reads as a date (else its message), and the choice. */
export function feeFacts(d: Pick<IntakeDraft, 'procedure' | 'fee'>, today: string): { facts: FeeFacts; error?: string } {
  const entry = d.fee ?? emptyFee();
  const facts: FeeFacts = entry.line === null ? {} : { line: entry.line };
  const label = d.procedure ? feeDateLabel(d.procedure.fees) : null;
  if (!label || !entry.eventDate.trim()) return { facts };
  const r = parseDateVn(entry.eventDate, { notAfter: today, label });
  return r.ok ? { facts: { ...facts, eventDate: r.value } } : { facts, error: r.error };
}

/**
 * Inline checks: the core's own intake rules (shared/intake) for the chosen outcome, plus what only the
 * form knows (a procedure chosen, the number of sets, names of extra lines). `calendar`: the office's working
 * days (useOfficeWorkingDays), for a fee rule's period ending on a day off.
 */
export function checkDraft(d: IntakeDraft, outcome: Outcome = 'receive', now = new Date(), calendar?: WorkingDays): Issues {
  const errors: Record<string, string> = {};
  const warnings: Record<string, string[]> = {};
  if (!d.procedure) errors.procedureVersionId = 'Chọn thủ tục hành chính.';
  const handedIn = d.components.filter((c) => c.handedIn);
  const today = vnDateKey(now);
  const fee = feeFacts(d, today);
  if (fee.error && outcome === 'receive') errors['fee.eventDate'] = fee.error;
  const { issues, fee: decision } = validateIntake({
    applicant: d.applicant, components: handedIn, delivery: d.delivery, outcome,
    // The dialogs of forms 02 and 03 ask for these themselves.
    reason: outcome === 'receive' ? '' : 'x', missingItems: outcome === 'request-completion' ? [{ name: 'x' }] : [],
    // The fee is settled at intake; a correction keeps the one recorded at receipt.
    fees: d.fee ? d.procedure?.fees : undefined, fee: fee.facts, calendar,
  }, today);
  // The other parties the version names, by the same rules (the core checks them again).
  if (d.parties) issues.push(...checkParties(d.procedure, d.parties, outcome, today, d.applicant.idNumber));
  for (const i of issues) {
    if (i.severity === 'error') errors[i.field] ??= i.message;
    else (warnings[i.field] ??= []).push(i.message);
  }
  if (!Number.isInteger(d.setCount) || d.setCount < 1 || d.setCount > 20) errors.setCount = 'Số bộ hồ sơ từ 1 đến 20.';
  d.components.forEach((c, i) => {
    if (c.handedIn && !c.name.trim()) errors[`components.${i}.name`] = 'Nhập tên giấy tờ.';
    if (c.handedIn && (!Number.isInteger(c.quantity) || c.quantity < 1 || c.quantity > 99)) errors[`components.${i}.quantity`] = 'Số lượng từ 1 đến 99.';
  });
  const missing = missingRequired(d);
  if (missing.length && outcome === 'receive') {
    (warnings.components ??= []).push(`Chưa nhận: ${missing.map((c) => c.name).join('; ')}. Nếu thiếu, lập Phiếu yêu cầu bổ sung (F7).`);
  }
  return { errors, warnings, fee: decision };
}

export function missingRequired(d: IntakeDraft): ComponentLine[] {
  return d.components.filter((c) => c.required && !c.handedIn);
}

/** The receive call without its operationId: equal inputs are the same attempt. */
export function toReceiveInput(
  d: IntakeDraft, outcome: Outcome, extra: { reason?: string; missingItems?: ComponentLine[] } = {},
): Omit<ReceiveInput, 'operationId'> {
  const a = d.applicant;
  const birth = a.birthDate.trim() ? parseDateVn(a.birthDate) : null;
  const phone = validatePhoneVn(a.phone);
  const line = (c: ComponentLine) => ({ code: c.code, name: c.name.trim(), copyType: c.copyType, quantity: c.quantity });
  return {
    procedureVersionId: d.procedure?.id ?? '',
    applicant: {
      fullName: normalizePersonName(a.fullName),
      idNumber: a.idNumber.replace(/\s/g, ''),
      birthDate: birth?.ok ? birth.value : a.birthDate.trim(),
      address: a.address.trim(),
      phone: phone.ok ? phone.value : a.phone.trim(),
      email: a.email.trim(),
    },
    components: d.components.filter((c) => c.handedIn).map(line),
    setCount: d.setCount,
    delivery: { method: d.delivery.method, address: d.delivery.method === 'post' ? d.delivery.address.trim() : '' },
    note: d.note.trim(),
    outcome,
    reason: extra.reason?.trim() ?? '',
    missingItems: (extra.missingItems ?? []).map(line),
    ...(d.fee ? { fee: feeFacts(d, vnDateKey(new Date())).facts } : {}),
    ...(d.parties ? { parties: partiesInput(d.procedure, d.parties) } : {}),
  };
}

/** True when the clerk has entered anything (a procedure, a field, a tick): F2 then asks before discarding. */
export function hasInput(d: IntakeDraft): boolean {
  const blank = emptyDraft();
  if (d.procedure) return true;
  if (Object.values(d.applicant).some((v) => v.trim() !== '')) return true;
  if (d.components.some((c) => c.handedIn || c.extra)) return true;
  if (d.fee && (d.fee.eventDate.trim() !== '' || d.fee.line !== null)) return true;
  if (hasPartyInput(d.parties)) return true;
  return d.setCount !== blank.setCount || d.delivery.method !== blank.delivery.method || d.delivery.address.trim() !== '' || d.note.trim() !== '';
}

/** A few words naming the dossier being typed ("Đăng ký khai sinh · Nguyễn Văn An"). */
export function draftSummary(d: IntakeDraft): string {
  return [d.procedure?.name, normalizePersonName(d.applicant.fullName)].filter(Boolean).join(' · ');
}

/** Field paths ('applicant.fullName') whose value differs between two applicants: what the clerk changed. */
export function changedApplicantFields(before: Applicant, after: Applicant): string[] {
  return (Object.keys(after) as Array<keyof Applicant>).filter((k) => before[k] !== after[k]).map((k) => `applicant.${k}`);
}
