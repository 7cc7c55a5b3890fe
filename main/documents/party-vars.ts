// The other parties of a dossier on form 01 (issue 11: both spouses of a marriage on the slip): the template
// has a conditional block per slot (party1…party2, printed only when the slot has a name) and names them all
// after the applicant on its first line ("… tiếp nhận hồ sơ của: A và B").
import { formatDateKeyVn } from '../../shared/text';
import { orBlank, type Vars } from './rich-text';
import type { OtherParty } from './types';

/** Slots in the template: the contract takes at most this many parties (shared/contract/parties.ts). */
export const PARTY_SLOTS = 2;

/** The form-01 variables of the other parties: empty slots are '' (their lines are not printed). */
export function partyVars(parties: readonly OtherParty[] | undefined): Vars {
  const list = (parties ?? []).filter((p) => p.fullName.trim());
  // "A và B", "A, B và C": the last one joined by "và", as partiesLine (shared/intake/parties.ts) writes it.
  const names = list.map((p) => p.fullName.trim());
  const vars: Vars = { partiesAnd: names.map((n, i) => (i === names.length - 1 ? ` và ${n}` : `, ${n}`)).join('') };
  for (let n = 1; n <= PARTY_SLOTS; n++) {
    const p = list[n - 1];
    vars[`party${n}Name`] = p ? p.fullName.trim() : '';
    vars[`party${n}Role`] = p ? p.roleLabel.trim() : '';
    vars[`party${n}Id`] = p ? orBlank(p.idNumber) : '';
    vars[`party${n}BirthDate`] = p ? orBlank(p.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) ? formatDateKeyVn(p.birthDate) : p.birthDate) : '';
    vars[`party${n}Address`] = p ? orBlank(p.address) : '';
  }
  return vars;
}
