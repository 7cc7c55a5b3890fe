import type { MigrationInterface, QueryRunner } from 'typeorm';

// Corrections of a saved dossier's data (issue 8 #5). One row per correction, keyed by the client's
// operation id so a repeated request corrects once (as dossiers.receive keys the dossier by its own); the
// before/after of each correction is in audit_event, the reason also in the dossier's events.
export class DossierCorrection1764300000013 implements MigrationInterface {
  name = 'DossierCorrection1764300000013';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE dossier_correction (
        operation_id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id), at TEXT NOT NULL,
        user_id TEXT NOT NULL, reason TEXT NOT NULL, changed_json TEXT NOT NULL, document_id TEXT)`,
      `CREATE INDEX dossier_correction_dossier ON dossier_correction(dossier_id, at)`,
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS dossier_correction');
  }
}
