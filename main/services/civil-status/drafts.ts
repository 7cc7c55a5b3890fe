// What an entry screen starts from: the dossier's people put into the schema's fields (the applicant; the second
// party the intake recorded for a marriage), and what the officer should know before registering.
import { emptyFields, type EventSchema, type Party, type PartyAttribute } from '../../../shared/civil-status/event-schemas';
import { toDateKey } from '../../../shared/civil-status/validate';
import type { DossierDetail } from '../../../shared/contract';
import { describeIdNumber } from '../../../shared/validation/id-number';

export interface DraftParty { party: Party; role: string; label: string; facts: Partial<Record<PartyAttribute, string>> }

export function partiesOf(dossier: DossierDetail): DraftParty[] {
  const a = dossier.applicant;
  const out: DraftParty[] = [{
    party: 'applicant', role: 'applicant', label: 'Người nộp hồ sơ',
    facts: { fullName: a.fullName, idNumber: a.idNumber, birthDate: toDateKey(a.birthDate) ?? a.birthDate, address: a.address },
  }];
  const second = (dossier as { parties?: DossierDetail['parties'] }).parties?.[0];
  if (second) {
    out.push({
      party: 'secondParty', role: second.role, label: second.roleLabel,
      facts: { fullName: second.fullName, idNumber: second.idNumber, birthDate: toDateKey(second.birthDate) ?? second.birthDate, address: second.address },
    });
  }
  return out;
}

const sexOf = (p: DraftParty | undefined) => (p?.facts.idNumber ? describeIdNumber(p.facts.idNumber)?.sex : undefined);

/**
 * A marriage's husband fields name the applicant and the wife's the second party; when the ID numbers say the
 * applicant is the woman and the other party the man (the sex digit), the two are put the other way round.
 */
function sides(schema: EventSchema, parties: DraftParty[]): DraftParty[] {
  if (schema.type !== 'marriage') return parties;
  const [a, b] = [parties.find((p) => p.party === 'applicant'), parties.find((p) => p.party === 'secondParty')];
  if (!a || !b || sexOf(a) !== 'female' || sexOf(b) !== 'male') return parties;
  return [{ ...b, party: 'applicant' }, { ...a, party: 'secondParty' }];
}

/** Defaults, then every field that names a party's fact takes it from the dossier (when the dossier has it). */
export function draftFields(schema: EventSchema, dossierParties: DraftParty[]): Record<string, string> {
  const fields = emptyFields(schema);
  const parties = sides(schema, dossierParties);
  for (const f of schema.fields) {
    if (!f.from) continue;
    const v = parties.find((p) => p.party === f.from!.party)?.facts[f.from.attribute];
    if (v) fields[f.key] = v;
  }
  return fields;
}
