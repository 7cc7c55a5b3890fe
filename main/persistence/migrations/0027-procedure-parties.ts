import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parties a procedure version's dossier has besides the applicant (issue 11: the other spouse of a
 * marriage), as JSON [{role, label, required, basis}] (shared/contract/parties.ts). NULL: none, as for every
 * version recorded before; the shipped seed versions get theirs at start (catalogue-seed.ts fillSeedParties).
 */
export class ProcedureParties1764300000027 implements MigrationInterface {
  name = 'ProcedureParties1764300000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version ADD COLUMN parties_json TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version DROP COLUMN parties_json`);
  }
}
