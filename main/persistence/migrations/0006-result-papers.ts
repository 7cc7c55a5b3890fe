import type { MigrationInterface, QueryRunner } from 'typeorm';

// Result papers per procedure version (giấy tờ kết quả: [{ code, name, note }] as JSON), so a dossier's result
// can be digitized as a kind-1 file under its national result-type code. NULL: a version recorded before
// results existed (or imported without them); it reads as the single default "Kết quả giải quyết". Seed
// versions made from assets/catalogue/procedures.json get the asset's results at the next start.
export class ResultPapers1764300000006 implements MigrationInterface {
  name = 'ResultPapers1764300000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version ADD COLUMN results_json TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE procedure_version DROP COLUMN results_json');
  }
}
