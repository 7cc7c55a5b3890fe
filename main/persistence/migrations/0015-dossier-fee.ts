import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fee that applies to a dossier (issue 9, item 14), recorded when it is received: the version lists the
 * alternatives (on-time birth registration, free; late, 8.000 đ), the dossier keeps the one decided at the
 * counter — JSON {lines, eventDate, by}, see shared/intake/fees.ts. NULL for dossiers saved before (their
 * version's fees stand for them, as before) and for forms 02/03.
 */
export class DossierFee1764300000015 implements MigrationInterface {
  name = 'DossierFee1764300000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier ADD COLUMN fee_json TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier DROP COLUMN fee_json`);
  }
}
