import { EntitySchema } from 'typeorm';
import { DIGITIZATION_ENTITIES } from './entities-digitization';
import { SYNC_ENTITIES } from './entities-sync';
import { WORKFLOW_ENTITIES } from './entities-workflow';
import { PARTY_ENTITIES } from './entities-parties';
import { CIVIL_STATUS_ENTITIES } from './entities-civil-status';

// Every column carries an explicit type: esbuild/Vitest emit no decorator metadata, and EntitySchema
// keeps the model free of decorators altogether. Instants are stored as ISO 8601 UTC text.

export interface OfficeRow {
  id: number; governingBody: string; officeName: string; place: string; agencyCode: string;
  address: string; phone: string; website: string; lookupUrl: string; workingHoursJson: string;
  dueTime: string; numberPattern: string; counterCode: string; updatedAt: string;
}
export const OfficeEntity = new EntitySchema<OfficeRow>({
  name: 'Office', tableName: 'office',
  columns: {
    id: { type: 'integer', primary: true },
    governingBody: { type: 'text', name: 'governing_body' },
    officeName: { type: 'text', name: 'office_name' },
    place: { type: 'text' },
    agencyCode: { type: 'text', name: 'agency_code' },
    address: { type: 'text' },
    phone: { type: 'text' },
    website: { type: 'text' },
    lookupUrl: { type: 'text', name: 'lookup_url' },
    workingHoursJson: { type: 'text', name: 'working_hours_json' },
    dueTime: { type: 'text', name: 'due_time' },
    numberPattern: { type: 'text', name: 'number_pattern' },
    counterCode: { type: 'text', name: 'counter_code' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface UserRow {
  id: string; username: string; fullName: string; role: string; passwordHash: string; active: boolean; createdAt: string;
}
export const UserEntity = new EntitySchema<UserRow>({
  name: 'User', tableName: 'app_user',
  columns: {
    id: { type: 'text', primary: true },
    username: { type: 'text', unique: true },
    fullName: { type: 'text', name: 'full_name' },
    role: { type: 'text' },
    passwordHash: { type: 'text', name: 'password_hash' },
    active: { type: 'boolean' },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface ProcedureVersionRow {
  id: string; code: string; name: string; sector: string; durationUnit: string; durationValue: number;
  cutoff: string | null; validFrom: string; validTo: string | null; componentsJson: string; feesJson: string;
  feeNote: string; source: string; createdAt: string; createdBy: string | null;
  /** Result papers as JSON (migration 0006); null for versions recorded before (the default result applies). */
  resultsJson?: string | null;
  /** The sector's code in the national catalogue (MaLinhVuc, migration 0008); null when not known. */
  sectorCode?: string | null;
  /** The workflow (steps, roles, durations) as JSON (migration 0020); null: the default workflow. */
  workflowJson?: string | null;
  /** The dossier's parties besides the applicant as JSON (migration 0027); null: none. */
  partiesJson?: string | null;
}
export const ProcedureVersionEntity = new EntitySchema<ProcedureVersionRow>({
  name: 'ProcedureVersion', tableName: 'procedure_version',
  columns: {
    id: { type: 'text', primary: true },
    code: { type: 'text' },
    name: { type: 'text' },
    sector: { type: 'text' },
    durationUnit: { type: 'text', name: 'duration_unit' },
    durationValue: { type: 'integer', name: 'duration_value' },
    cutoff: { type: 'text', nullable: true },
    validFrom: { type: 'text', name: 'valid_from' },
    validTo: { type: 'text', name: 'valid_to', nullable: true },
    componentsJson: { type: 'text', name: 'components_json' },
    feesJson: { type: 'text', name: 'fees_json' },
    feeNote: { type: 'text', name: 'fee_note' },
    source: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
    createdBy: { type: 'text', name: 'created_by', nullable: true },
    resultsJson: { type: 'text', name: 'results_json', nullable: true },
    sectorCode: { type: 'text', name: 'sector_code', nullable: true },
    workflowJson: { type: 'text', name: 'workflow_json', nullable: true },
    partiesJson: { type: 'text', name: 'parties_json', nullable: true },
  },
});

export interface DossierRow {
  id: string; number: string; provisional: boolean; counterCode: string; procedureVersionId: string;
  procedureCode: string; procedureName: string; durationText: string; channel: number;
  applicantName: string; applicantIdNumber: string; applicantBirthDate: string; applicantAddress: string;
  applicantPhone: string; applicantEmail: string; receivedAt: string; effectiveReceivedAt: string;
  dueAt: string | null; status: number; deliveryMethod: string; deliveryAddress: string; setCount: number;
  note: string; reason: string; searchText: string; receivedBy: string; operationId: string;
  createdAt: string; updatedAt: string; rowVersion: number;
  /** Random code printed in the QR instead of anything personal (docs/lookup-code.md); '' for portal dossiers. */
  lookupCode: string;
  /** The fee that applies, decided at receipt: JSON {lines, eventDate, by} (shared/intake/fees.ts); null before 0015 and for forms 02/03. */
  feeJson?: string | null;
}
export const DossierEntity = new EntitySchema<DossierRow>({
  name: 'Dossier', tableName: 'dossier',
  columns: {
    id: { type: 'text', primary: true },
    number: { type: 'text', unique: true },
    provisional: { type: 'boolean' },
    counterCode: { type: 'text', name: 'counter_code' },
    procedureVersionId: { type: 'text', name: 'procedure_version_id' },
    procedureCode: { type: 'text', name: 'procedure_code' },
    procedureName: { type: 'text', name: 'procedure_name' },
    durationText: { type: 'text', name: 'duration_text' },
    channel: { type: 'integer' },
    applicantName: { type: 'text', name: 'applicant_name' },
    applicantIdNumber: { type: 'text', name: 'applicant_id_number' },
    applicantBirthDate: { type: 'text', name: 'applicant_birth_date' },
    applicantAddress: { type: 'text', name: 'applicant_address' },
    applicantPhone: { type: 'text', name: 'applicant_phone' },
    applicantEmail: { type: 'text', name: 'applicant_email' },
    receivedAt: { type: 'text', name: 'received_at' },
    effectiveReceivedAt: { type: 'text', name: 'effective_received_at' },
    dueAt: { type: 'text', name: 'due_at', nullable: true },
    status: { type: 'integer' },
    deliveryMethod: { type: 'text', name: 'delivery_method' },
    deliveryAddress: { type: 'text', name: 'delivery_address' },
    setCount: { type: 'integer', name: 'set_count' },
    note: { type: 'text' },
    reason: { type: 'text' },
    searchText: { type: 'text', name: 'search_text' },
    receivedBy: { type: 'text', name: 'received_by' },
    operationId: { type: 'text', name: 'operation_id', unique: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
    rowVersion: { type: 'integer', name: 'row_version' },
    lookupCode: { type: 'text', name: 'lookup_code', default: '' },
    feeJson: { type: 'text', name: 'fee_json', nullable: true },
  },
});

export interface DossierComponentRow {
  id: number; dossierId: string; position: number; code: string; name: string; copyType: string; quantity: number; missing: boolean;
}
export const DossierComponentEntity = new EntitySchema<DossierComponentRow>({
  name: 'DossierComponent', tableName: 'dossier_component',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dossierId: { type: 'text', name: 'dossier_id' },
    position: { type: 'integer' },
    code: { type: 'text' },
    name: { type: 'text' },
    copyType: { type: 'text', name: 'copy_type' },
    quantity: { type: 'integer' },
    missing: { type: 'boolean' },
  },
});

export interface DossierEventRow {
  id: number; dossierId: string; kind: string; fromStatus: number | null; toStatus: number | null;
  at: string; userId: string; note: string;
}
export const DossierEventEntity = new EntitySchema<DossierEventRow>({
  name: 'DossierEvent', tableName: 'dossier_event',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    dossierId: { type: 'text', name: 'dossier_id' },
    kind: { type: 'text' },
    fromStatus: { type: 'integer', name: 'from_status', nullable: true },
    toStatus: { type: 'integer', name: 'to_status', nullable: true },
    at: { type: 'text' },
    userId: { type: 'text', name: 'user_id' },
    note: { type: 'text' },
  },
});

export interface AuditEventRow {
  id: number; at: string; userId: string | null; action: string; entity: string; entityId: string;
  beforeJson: string | null; afterJson: string | null;
}
export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent', tableName: 'audit_event',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    at: { type: 'text' },
    userId: { type: 'text', name: 'user_id', nullable: true },
    action: { type: 'text' },
    entity: { type: 'text' },
    entityId: { type: 'text', name: 'entity_id' },
    beforeJson: { type: 'text', name: 'before_json', nullable: true },
    afterJson: { type: 'text', name: 'after_json', nullable: true },
  },
});

export interface OutboxRow {
  seq: number; operationId: string; dossierId: string | null; kind: string; payloadJson: string; createdAt: string;
  state: string; attempts: number; nextAttemptAt: string | null; lastError: string | null;
}
export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'Outbox', tableName: 'outbox',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    operationId: { type: 'text', name: 'operation_id', unique: true },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    kind: { type: 'text' },
    payloadJson: { type: 'text', name: 'payload_json' },
    createdAt: { type: 'text', name: 'created_at' },
    state: { type: 'text' },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'text', name: 'next_attempt_at', nullable: true },
    lastError: { type: 'text', name: 'last_error', nullable: true },
  },
});

export interface CalendarOverrideRow { date: string; kind: string; name: string; source: string; createdBy: string | null; createdAt: string }
export const CalendarOverrideEntity = new EntitySchema<CalendarOverrideRow>({
  name: 'CalendarOverride', tableName: 'calendar_override',
  columns: {
    date: { type: 'text', primary: true },
    kind: { type: 'text' },
    name: { type: 'text' },
    source: { type: 'text' },
    createdBy: { type: 'text', name: 'created_by', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface DocumentRow {
  /** null for a document of the office, of no one dossier (the register book, Mẫu 07). */
  id: string; dossierId: string | null; kind: string; templateVersion: string; path: string; sha256: string;
  size: number; createdAt: string; createdBy: string;
  /** 'pending': recorded, its PDF not written yet (sha256 '', size 0); rendered from payloadJson. 'ready': written. */
  state: 'pending' | 'ready';
  /** The form's data as rendered (JSON, dates as ISO strings), so a pending slip can be rendered again. */
  payloadJson: string;
}
/** A document of a dossier (every form but the register book). */
export type DossierDocumentRow = DocumentRow & { dossierId: string };
export const DocumentEntity = new EntitySchema<DocumentRow>({
  name: 'Document', tableName: 'document',
  columns: {
    id: { type: 'text', primary: true },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    kind: { type: 'text' },
    templateVersion: { type: 'text', name: 'template_version' },
    path: { type: 'text' },
    sha256: { type: 'text' },
    size: { type: 'integer' },
    createdAt: { type: 'text', name: 'created_at' },
    createdBy: { type: 'text', name: 'created_by' },
    state: { type: 'text', default: 'ready' },
    payloadJson: { type: 'text', name: 'payload_json', default: '' },
  },
});

export interface PrintJobRow {
  id: number; documentId: string; dossierId: string | null; printer: string; copies: number; ok: boolean;
  jobId: string; error: string; at: string; userId: string;
  /** The document's kind (form01 … form07), so the log reads without the document. */
  kind: string;
  /** An earlier print of the same document went through: this one is a reprint. */
  reprint: boolean;
}
export const PrintJobEntity = new EntitySchema<PrintJobRow>({
  name: 'PrintJob', tableName: 'print_job',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    documentId: { type: 'text', name: 'document_id' },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    printer: { type: 'text' },
    copies: { type: 'integer' },
    ok: { type: 'boolean' },
    jobId: { type: 'text', name: 'job_id' },
    error: { type: 'text' },
    at: { type: 'text' },
    userId: { type: 'text', name: 'user_id' },
    kind: { type: 'text', default: '' },
    reprint: { type: 'boolean', default: false },
  },
});

export interface SettingRow { key: string; valueJson: string }
export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting', tableName: 'setting',
  columns: { key: { type: 'text', primary: true }, valueJson: { type: 'text', name: 'value_json' } },
});

export const ALL_ENTITIES = [
  OfficeEntity, UserEntity, ProcedureVersionEntity, DossierEntity, DossierComponentEntity, DossierEventEntity,
  AuditEventEntity, OutboxEntity, CalendarOverrideEntity, DocumentEntity, PrintJobEntity, SettingEntity,
  ...SYNC_ENTITIES, ...DIGITIZATION_ENTITIES, ...WORKFLOW_ENTITIES, ...PARTY_ENTITIES, ...CIVIL_STATUS_ENTITIES,
];
