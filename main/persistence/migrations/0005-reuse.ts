import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reuse of documents already digitized (Đề án 06, Thông tư 01/2023): a component of a new dossier may point at
// the stored file of another dossier of the same citizen instead of asking for the paper again.
// reused_from: the digitized_file the row reuses (state 2 reused, 3 reused from another dossier's result);
// the row shares that file (same path and SHA-256), nothing is copied on disk.
export class Reuse1764300000005 implements MigrationInterface {
  name = 'Reuse1764300000005';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE digitized_file ADD COLUMN reused_from TEXT`,
      // Which rows reuse a file (before a file could ever be removed, and for the reuse statistics).
      `CREATE INDEX digitized_file_reused_from ON digitized_file(reused_from) WHERE reused_from IS NOT NULL`,
      // "Files of this citizen": dossiers by the owner's ID number (0001 already has it; kept for databases
      // made before it), then each dossier's current files through digitized_file_current.
      `CREATE INDEX IF NOT EXISTS dossier_id_number ON dossier(applicant_id_number)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS digitized_file_reused_from');
    await q.query('ALTER TABLE digitized_file DROP COLUMN reused_from');
  }
}
