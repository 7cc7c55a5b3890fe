import { EntitySchema } from 'typeorm';

/** A party of a dossier besides the applicant (migration 0028); owned by main/services/dossier/parties.ts. */
export interface DossierPartyRow {
  id: number; dossierId: string; position: number; role: string; roleLabel: string; fullName: string;
  idNumber: string; birthDate: string; address: string; phone: string; searchText: string;
}
export const DossierPartyEntity = new EntitySchema<DossierPartyRow>({
  name: 'DossierParty', tableName: 'dossier_party',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dossierId: { type: 'text', name: 'dossier_id' },
    position: { type: 'integer' },
    role: { type: 'text' },
    roleLabel: { type: 'text', name: 'role_label' },
    fullName: { type: 'text', name: 'full_name' },
    idNumber: { type: 'text', name: 'id_number', default: '' },
    birthDate: { type: 'text', name: 'birth_date', default: '' },
    address: { type: 'text', default: '' },
    phone: { type: 'text', default: '' },
    searchText: { type: 'text', name: 'search_text', default: '' },
  },
});

export const PARTY_ENTITIES = [DossierPartyEntity];
