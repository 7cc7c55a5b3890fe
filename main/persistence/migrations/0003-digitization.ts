import type { MigrationInterface, QueryRunner } from 'typeorm';

// Scanning and digitization (issue 3): the stored PDFs per dossier component and the scan jobs (a job is a
// folder on disk; the row lets an interrupted job be found and reopened after a restart).
export class Digitization1764300000003 implements MigrationInterface {
  name = 'Digitization1764300000003';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // state: 1 digitized, 2 reused (0 "not digitized" is the absence of a current row); kind: 0 component, 1 result.
      `CREATE TABLE digitized_file (
        id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        component_position INTEGER NOT NULL, component_code TEXT NOT NULL, component_name TEXT NOT NULL,
        kind INTEGER NOT NULL DEFAULT 0, state INTEGER NOT NULL DEFAULT 1,
        path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, page_count INTEGER NOT NULL,
        dpi INTEGER NOT NULL, color_mode TEXT NOT NULL,
        scanned_by TEXT NOT NULL, scanned_by_name TEXT NOT NULL, scanned_at TEXT NOT NULL, profile_id TEXT NOT NULL,
        signed BOOLEAN NOT NULL DEFAULT 0, certificate_serial TEXT, signing_time TEXT,
        ocr_state TEXT NOT NULL, ocr_text TEXT NOT NULL DEFAULT '', ocr_error TEXT,
        sync_state TEXT NOT NULL, job_id TEXT, source_key TEXT NOT NULL,
        replaced_by TEXT, replaced_at TEXT, created_at TEXT NOT NULL)`,
      `CREATE INDEX digitized_file_current ON digitized_file(dossier_id, component_position) WHERE replaced_by IS NULL`,
      `CREATE INDEX digitized_file_ocr ON digitized_file(ocr_state) WHERE ocr_state = 'pending'`,
      `CREATE TABLE scan_job (
        id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        folder TEXT NOT NULL, device_id TEXT, profile_id TEXT NOT NULL, state TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, error TEXT)`,
      `CREATE INDEX scan_job_dossier ON scan_job(dossier_id, state)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS scan_job`);
    await q.query(`DROP TABLE IF EXISTS digitized_file`);
  }
}
