import { EntitySchema } from 'typeorm';

// Tables of civil-status registration (migration 0035). Their one owner is main/services/civil-status/
// (register-store.ts); every column has an explicit type; instants are ISO 8601 UTC text, days 'YYYY-MM-DD'.

export interface CivilBookRow {
  id: string; eventType: string; year: number; bookNumber: number; capacity: number;
  openedAt: string; closedAt: string | null; closedReason: string | null; closedBy: string | null;
}
export const CivilBookEntity = new EntitySchema<CivilBookRow>({
  name: 'CivilBook', tableName: 'civil_book',
  columns: {
    id: { type: 'text', primary: true },
    eventType: { type: 'text', name: 'event_type' },
    year: { type: 'integer' },
    bookNumber: { type: 'integer', name: 'book_number' },
    capacity: { type: 'integer' },
    openedAt: { type: 'text', name: 'opened_at' },
    closedAt: { type: 'text', name: 'closed_at', nullable: true },
    closedReason: { type: 'text', name: 'closed_reason', nullable: true },
    closedBy: { type: 'text', name: 'closed_by', nullable: true },
  },
});

export interface CivilEntryRow {
  id: string; operationId: string; dossierId: string | null; eventType: string; schemaVersion: number; fieldsJson: string;
  bookId: string | null; entryNumber: number | null; numberSource: string | null;
  registeredOn: string; registeredAt: string; registeredBy: string; signerName: string; signerTitle: string;
  state: string; cancelledAt: string | null; cancelledBy: string | null; cancelReason: string;
  lateRegistration: number; validUntil: string | null; subjectIdNumber: string | null; purposeKey: string | null;
  targetEntryId: string | null; warningsJson: string; searchText: string; resultCode: string; resultAt: string | null;
}
export const CivilEntryEntity = new EntitySchema<CivilEntryRow>({
  name: 'CivilEntry', tableName: 'civil_entry',
  columns: {
    id: { type: 'text', primary: true },
    operationId: { type: 'text', name: 'operation_id' },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    eventType: { type: 'text', name: 'event_type' },
    schemaVersion: { type: 'integer', name: 'schema_version' },
    fieldsJson: { type: 'text', name: 'fields_json' },
    bookId: { type: 'text', name: 'book_id', nullable: true },
    entryNumber: { type: 'integer', name: 'entry_number', nullable: true },
    numberSource: { type: 'text', name: 'number_source', nullable: true },
    registeredOn: { type: 'text', name: 'registered_on' },
    registeredAt: { type: 'text', name: 'registered_at' },
    registeredBy: { type: 'text', name: 'registered_by' },
    signerName: { type: 'text', name: 'signer_name' },
    signerTitle: { type: 'text', name: 'signer_title' },
    state: { type: 'text' },
    cancelledAt: { type: 'text', name: 'cancelled_at', nullable: true },
    cancelledBy: { type: 'text', name: 'cancelled_by', nullable: true },
    cancelReason: { type: 'text', name: 'cancel_reason' },
    lateRegistration: { type: 'integer', name: 'late_registration' },
    validUntil: { type: 'text', name: 'valid_until', nullable: true },
    subjectIdNumber: { type: 'text', name: 'subject_id_number', nullable: true },
    purposeKey: { type: 'text', name: 'purpose_key', nullable: true },
    targetEntryId: { type: 'text', name: 'target_entry_id', nullable: true },
    warningsJson: { type: 'text', name: 'warnings_json' },
    searchText: { type: 'text', name: 'search_text' },
    resultCode: { type: 'text', name: 'result_code' },
    resultAt: { type: 'text', name: 'result_at', nullable: true },
  },
});

export interface CivilEntryPersonRow { entryId: string; position: number; role: string; party: string | null; fullName: string; idNumber: string }
export const CivilEntryPersonEntity = new EntitySchema<CivilEntryPersonRow>({
  name: 'CivilEntryPerson', tableName: 'civil_entry_person',
  columns: {
    entryId: { type: 'text', primary: true, name: 'entry_id' },
    position: { type: 'integer', primary: true },
    role: { type: 'text' },
    party: { type: 'text', nullable: true },
    fullName: { type: 'text', name: 'full_name' },
    idNumber: { type: 'text', name: 'id_number' },
  },
});

export interface CivilCopyLogRow { id: number; entryId: string; copies: number; at: string; byUser: string; viaEntryId: string | null }
export const CivilCopyLogEntity = new EntitySchema<CivilCopyLogRow>({
  name: 'CivilCopyLog', tableName: 'civil_copy_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    entryId: { type: 'text', name: 'entry_id' },
    copies: { type: 'integer' },
    at: { type: 'text' },
    byUser: { type: 'text', name: 'by_user' },
    viaEntryId: { type: 'text', name: 'via_entry_id', nullable: true },
  },
});

export const CIVIL_STATUS_ENTITIES = [CivilBookEntity, CivilEntryEntity, CivilEntryPersonEntity, CivilCopyLogEntity];
