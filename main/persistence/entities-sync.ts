import { EntitySchema } from 'typeorm';

// Tables of the provincial sync (migration 0002). The drainer's hot path uses prepared statements on the
// raw handle; these schemas keep the tables known to TypeORM for everything else.

export interface SyncDossierRow {
  dossierId: string; portalNumber: string | null; createdOnPortal: boolean; portalStatus: number | null;
  portalChangeSeq: number | null; updatedAt: string;
}
export const SyncDossierEntity = new EntitySchema<SyncDossierRow>({
  name: 'SyncDossier', tableName: 'sync_dossier',
  columns: {
    dossierId: { type: 'text', primary: true, name: 'dossier_id' },
    portalNumber: { type: 'text', name: 'portal_number', nullable: true },
    createdOnPortal: { type: 'boolean', name: 'created_on_portal' },
    portalStatus: { type: 'integer', name: 'portal_status', nullable: true },
    portalChangeSeq: { type: 'integer', name: 'portal_change_seq', nullable: true },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface SyncFileRow {
  fileKey: string; dossierId: string | null; uploadId: string | null; uploadOffset: number; size: number; sha256: string;
  portalFileId: string | null; portalSha256: string | null; updatedAt: string;
}
export const SyncFileEntity = new EntitySchema<SyncFileRow>({
  name: 'SyncFile', tableName: 'sync_file',
  columns: {
    fileKey: { type: 'text', primary: true, name: 'file_key' },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    uploadId: { type: 'text', name: 'upload_id', nullable: true },
    uploadOffset: { type: 'integer', name: 'upload_offset' },
    size: { type: 'integer' },
    sha256: { type: 'text' },
    portalFileId: { type: 'text', name: 'portal_file_id', nullable: true },
    portalSha256: { type: 'text', name: 'portal_sha256', nullable: true },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface DossierNumberHistoryRow { number: string; dossierId: string; replacedBy: string; replacedAt: string }
export const DossierNumberHistoryEntity = new EntitySchema<DossierNumberHistoryRow>({
  name: 'DossierNumberHistory', tableName: 'dossier_number_history',
  columns: {
    number: { type: 'text', primary: true },
    dossierId: { type: 'text', name: 'dossier_id' },
    replacedBy: { type: 'text', name: 'replaced_by' },
    replacedAt: { type: 'text', name: 'replaced_at' },
  },
});

export interface SyncConflictRow {
  id: number; kind: string; entityId: string; dossierId: string | null; localJson: string; portalJson: string;
  message: string; state: string; detectedAt: string; resolvedAt: string | null; resolvedBy: string | null; resolution: string | null;
}
export const SyncConflictEntity = new EntitySchema<SyncConflictRow>({
  name: 'SyncConflict', tableName: 'sync_conflict',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'text' },
    entityId: { type: 'text', name: 'entity_id' },
    dossierId: { type: 'text', name: 'dossier_id', nullable: true },
    localJson: { type: 'text', name: 'local_json' },
    portalJson: { type: 'text', name: 'portal_json' },
    message: { type: 'text' },
    state: { type: 'text' },
    detectedAt: { type: 'text', name: 'detected_at' },
    resolvedAt: { type: 'text', name: 'resolved_at', nullable: true },
    resolvedBy: { type: 'text', name: 'resolved_by', nullable: true },
    resolution: { type: 'text', nullable: true },
  },
});

export interface SyncStateRow { key: string; value: string }
export const SyncStateEntity = new EntitySchema<SyncStateRow>({
  name: 'SyncState', tableName: 'sync_state',
  columns: { key: { type: 'text', primary: true }, value: { type: 'text' } },
});

export const SYNC_ENTITIES = [SyncDossierEntity, SyncFileEntity, DossierNumberHistoryEntity, SyncConflictEntity, SyncStateEntity];
