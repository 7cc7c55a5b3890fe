import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sector's code in the national catalogue (MaLinhVuc), as catalogue data of each procedure version:
 * from the starting catalogue (assets/catalogue/procedures.json, empty while unverified), from the
 * province's catalogue (LayThuTuc), kept by later versions. NULL: not known — the sync then sends the
 * administrator's own mapping, or no code, never a made-up one (issue 8, item 6).
 */
export class SectorCodes1764300000008 implements MigrationInterface {
  name = 'SectorCodes1764300000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version ADD COLUMN sector_code TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version DROP COLUMN sector_code`);
  }
}
