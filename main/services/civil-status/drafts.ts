// What an entry screen starts from: the dossier's people put into the schema's fields (the applicant; the second
// party the intake recorded for a marriage), and what the officer should know before registering.
import { emptyFields, type EventSchema, type Party, type PartyAttribute } from '../../../shared/civil-status/event-schemas';
import { toDateKey } from '../../../shared/civil-status/validate';
import type { DossierDetail } from '../../../shared/contract';

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

/** Defaults, then every field that names a party's fact takes it from the dossier (when the dossier has it). */
export function draftFields(schema: EventSchema, parties: DraftParty[]): Record<string, string> {
  const fields = emptyFields(schema);
  for (const f of schema.fields) {
    if (!f.from) continue;
    const v = parties.find((p) => p.party === f.from!.party)?.facts[f.from.attribute];
    if (v) fields[f.key] = v;
  }
  return fields;
}
