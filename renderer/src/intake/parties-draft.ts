// The other parties as the intake form keeps them (issue 11: the other spouse of a marriage). Typed values are
// kept by role, so changing the procedure (to another marriage procedure, or away and back) loses nothing, as
// the applicant's fields are kept; only the chosen version's roles are shown, checked and sent.
import type { PartyInput, PartySpec, ProcedureVersion } from '../../../shared/contract';
import { validateParties, type PartyFields } from '../../../shared/intake/parties';
import { normalizePersonName } from '../../../shared/text/vietnamese';
import { parseDateVn, validatePhoneVn, type FieldIssue } from '../../../shared/validation';

export interface PartyDraft { fullName: string; idNumber: string; birthDate: string; address: string; phone: string }
/** Typed parties by role. */
export type PartyDrafts = Record<string, PartyDraft>;

export const emptyParty = (): PartyDraft => ({ fullName: '', idNumber: '', birthDate: '', address: '', phone: '' });

const specsOf = (p: ProcedureVersion | null): PartySpec[] => p?.parties ?? [];

/** The chosen version's parties, as typed (an empty one for a role not typed yet). */
export function shownParties(procedure: ProcedureVersion | null, drafts: PartyDrafts | undefined): Array<{ spec: PartySpec; value: PartyDraft }> {
  return specsOf(procedure).map((spec) => ({ spec, value: drafts?.[spec.role] ?? emptyParty() }));
}

const asFields = (procedure: ProcedureVersion | null, drafts: PartyDrafts | undefined): PartyFields[] =>
  shownParties(procedure, drafts).map(({ spec, value }) => ({ role: spec.role, ...value }));

/** The core's own party rules on what is typed (field paths 'parties.<i>.<field>', i in the version's order). */
export function checkParties(procedure: ProcedureVersion | null, drafts: PartyDrafts | undefined, outcome: 'receive' | 'request-completion' | 'refuse',
  today: string, applicantIdNumber: string): FieldIssue[] {
  return validateParties(specsOf(procedure), asFields(procedure, drafts), outcome, today, applicantIdNumber.replace(/\s/g, '')).issues;
}

/** The parties to send: the chosen version's, typed ones tidied as the applicant's are; untyped ones left out. */
export function partiesInput(procedure: ProcedureVersion | null, drafts: PartyDrafts | undefined): PartyInput[] {
  return shownParties(procedure, drafts)
    .filter(({ value }) => Object.values(value).some((v) => v.trim()))
    .map(({ spec, value }) => {
      const birth = value.birthDate.trim() ? parseDateVn(value.birthDate) : null;
      const phone = validatePhoneVn(value.phone);
      return {
        role: spec.role, roleLabel: spec.label, fullName: normalizePersonName(value.fullName), idNumber: value.idNumber.replace(/\s/g, ''),
        birthDate: birth?.ok ? birth.value : value.birthDate.trim(), address: value.address.trim(), phone: phone.ok ? phone.value : value.phone.trim(),
      };
    });
}

/** True when anything was typed for a party. */
export const hasPartyInput = (drafts: PartyDrafts | undefined) => Object.values(drafts ?? {}).some((p) => Object.values(p).some((v) => v.trim()));
