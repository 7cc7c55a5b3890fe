// The counter's rules for a dossier's other parties (the other spouse of a marriage), shared by the intake
// screen (inline messages) and the core (the boundary check), like validate-intake.ts for the applicant: the
// same normalization, the same 12-digit ID number and birth-date rules, field paths 'parties.<i>.<field>'.
import type { Party, PartyField, PartyInput, PartySpec } from '../contract/parties';
import { cleanLine, normalizePersonName } from '../text';
import { fieldError, parseDateVn, toFieldIssues, validateIdNumber, validatePhoneVn, type FieldIssue } from '../validation';

export type PartyFields = Required<Omit<PartyInput, 'roleLabel'>> & { roleLabel?: string };

const MISSING: Record<PartyField, (label: string) => string> = {
  idNumber: (l) => `Nhập số định danh cá nhân (12 chữ số) của ${l.toLowerCase()}.`,
  birthDate: (l) => `Nhập ngày sinh của ${l.toLowerCase()} (VD 05/03/1990).`,
  address: (l) => `Nhập nơi cư trú của ${l.toLowerCase()}.`,
  phone: (l) => `Nhập số điện thoại của ${l.toLowerCase()}.`,
};

/**
 * Checks the parties typed for a dossier against its version's specs and returns them normalized, in the
 * version's order, each with the version's label, and every problem at once. A receipt needs every party
 * with its required fields; forms 02/03 keep a party only when a name was typed (the format rules still
 * apply). `applicantIdNumber` (normalized): a party cannot be the applicant again.
 */
export function validateParties(
  specs: readonly PartySpec[], typed: readonly PartyFields[], outcome: 'receive' | 'request-completion' | 'refuse',
  today: string, applicantIdNumber = '',
): { parties: Party[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const parties: Party[] = [];
  typed.forEach((p, i) => {
    if (!specs.some((s) => s.role === p.role)) {
      issues.push(fieldError(`parties.${i}.role`, `Thủ tục này không có bên liên quan "${p.roleLabel || p.role}": hãy chọn lại thủ tục hoặc bỏ phần này.`));
    } else if (typed.findIndex((q) => q.role === p.role) !== i) {
      issues.push(fieldError(`parties.${i}.role`, `Bên "${p.roleLabel || p.role}" được nhập hai lần: chỉ giữ một.`));
    }
  });
  const seenIds = new Map<string, string>(applicantIdNumber ? [[applicantIdNumber, 'người nộp hồ sơ']] : []);
  for (const spec of specs) {
    const i = typed.findIndex((p) => p.role === spec.role);
    const at = (f: string) => `parties.${i < 0 ? specs.indexOf(spec) : i}.${f}`;
    const p = i < 0 ? undefined : typed[i]!;
    const fullName = normalizePersonName(p?.fullName ?? '');
    if (outcome !== 'receive' && !fullName) continue;
    if (fullName.length < 2) issues.push(fieldError(at('fullName'), `Nhập họ và tên của ${spec.label.toLowerCase()}.`));

    let birthDate = '';
    if (p?.birthDate.trim()) {
      const r = parseDateVn(p.birthDate, { notAfter: today, label: 'Ngày sinh' });
      if (r.ok) birthDate = r.value;
      else issues.push(fieldError(at('birthDate'), r.error));
    } else if (outcome === 'receive' && spec.required.birthDate) issues.push(fieldError(at('birthDate'), MISSING.birthDate(spec.label)));

    let idNumber = (p?.idNumber ?? '').replace(/\s+/g, '');
    if (idNumber) {
      const r = validateIdNumber(idNumber, { birthYear: birthDate ? Number(birthDate.slice(0, 4)) : undefined, currentYear: Number(today.slice(0, 4)) });
      idNumber = r.value;
      issues.push(...toFieldIssues(at('idNumber'), r));
      const twin = seenIds.get(idNumber);
      if (r.ok && twin) issues.push(fieldError(at('idNumber'), `Số định danh này trùng với số của ${twin}: mỗi bên là một người khác nhau — hãy kiểm tra lại.`));
      if (r.ok) seenIds.set(idNumber, spec.label.toLowerCase());
    } else if (outcome === 'receive' && spec.required.idNumber) issues.push(fieldError(at('idNumber'), MISSING.idNumber(spec.label)));

    const address = cleanLine(p?.address ?? '');
    if (!address && outcome === 'receive' && spec.required.address) issues.push(fieldError(at('address'), MISSING.address(spec.label)));

    let phone = '';
    if (p?.phone.trim()) {
      const r = validatePhoneVn(p.phone);
      if (r.ok) phone = r.value;
      else issues.push(fieldError(at('phone'), r.error));
    } else if (outcome === 'receive' && spec.required.phone) issues.push(fieldError(at('phone'), MISSING.phone(spec.label)));

    parties.push({ role: spec.role, roleLabel: spec.label, fullName, idNumber, birthDate, address, phone });
  }
  return { parties, issues };
}

/** "Ông/Bà A và B": the applicant and the other parties, as the slip names who handed the dossier in. */
export function partiesLine(applicantName: string, parties: readonly Pick<Party, 'fullName'>[]): string {
  const names = [applicantName, ...parties.map((p) => p.fullName)].filter((n) => n.trim());
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} và ${names.at(-1)}`;
}
