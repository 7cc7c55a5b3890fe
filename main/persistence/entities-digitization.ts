import { EntitySchema } from 'typeorm';

// Tables of scanning and digitization (migrations 0003, 0005). Explicit column types, as in entities.ts.

export interface DigitizedFileRow {
  id: string; dossierId: string; componentPosition: number; componentCode: string; componentName: string;
  kind: number; state: number; path: string; sha256: string; size: number; pageCount: number; dpi: number; colorMode: string;
  scannedBy: string; scannedByName: string; scannedAt: string; profileId: string;
  signed: boolean; certificateSerial: string | null; signingTime: string | null;
  ocrState: string; ocrText: string; ocrError: string | null; syncState: string; jobId: string | null; sourceKey: string;
  replacedBy: string | null; replacedAt: string | null; createdAt: string;
  /** The digitized_file this row reuses (state 2/3; migration 0005), null (or absent) for a scan of its own. */
  reusedFrom?: string | null;
}
export const DigitizedFileEntity = new EntitySchema<DigitizedFileRow>({
  name: 'DigitizedFile', tableName: 'digitized_file',
  columns: {
    id: { type: 'text', primary: true },
    dossierId: { type: 'text', name: 'dossier_id' },
    componentPosition: { type: 'integer', name: 'component_position' },
    componentCode: { type: 'text', name: 'component_code' },
    componentName: { type: 'text', name: 'component_name' },
    kind: { type: 'integer' },
    state: { type: 'integer' },
    path: { type: 'text' },
    sha256: { type: 'text' },
    size: { type: 'integer' },
    pageCount: { type: 'integer', name: 'page_count' },
    dpi: { type: 'integer' },
    colorMode: { type: 'text', name: 'color_mode' },
    scannedBy: { type: 'text', name: 'scanned_by' },
    scannedByName: { type: 'text', name: 'scanned_by_name' },
    scannedAt: { type: 'text', name: 'scanned_at' },
    profileId: { type: 'text', name: 'profile_id' },
    signed: { type: 'boolean' },
    certificateSerial: { type: 'text', name: 'certificate_serial', nullable: true },
    signingTime: { type: 'text', name: 'signing_time', nullable: true },
    ocrState: { type: 'text', name: 'ocr_state' },
    ocrText: { type: 'text', name: 'ocr_text' },
    ocrError: { type: 'text', name: 'ocr_error', nullable: true },
    syncState: { type: 'text', name: 'sync_state' },
    jobId: { type: 'text', name: 'job_id', nullable: true },
    sourceKey: { type: 'text', name: 'source_key' },
    replacedBy: { type: 'text', name: 'replaced_by', nullable: true },
    replacedAt: { type: 'text', name: 'replaced_at', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    reusedFrom: { type: 'text', name: 'reused_from', nullable: true },
  },
});

export interface ScanJobRow {
  id: string; dossierId: string; folder: string; deviceId: string | null; profileId: string; state: string;
  createdBy: string; createdAt: string; updatedAt: string; error: string | null;
}
export const ScanJobEntity = new EntitySchema<ScanJobRow>({
  name: 'ScanJob', tableName: 'scan_job',
  columns: {
    id: { type: 'text', primary: true },
    dossierId: { type: 'text', name: 'dossier_id' },
    folder: { type: 'text' },
    deviceId: { type: 'text', name: 'device_id', nullable: true },
    profileId: { type: 'text', name: 'profile_id' },
    state: { type: 'text' },
    createdBy: { type: 'text', name: 'created_by' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
    error: { type: 'text', nullable: true },
  },
});

export const DIGITIZATION_ENTITIES = [DigitizedFileEntity, ScanJobEntity];
