import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provisional and official dossier numbers get separate unique spaces (issue 8, item 1). A provisional number
 * is minted at the counter; the province's GetNextValue mints official ones in the same national format and
 * can hand out a number another dossier of this office still holds as its provisional number. With one
 * UNIQUE on `dossier.number` that official number could never be recorded, and both dossiers' items stuck.
 * Now a number is unique among the official numbers and among the provisional ones: UNIQUE(number,
 * provisional), which also serves look-ups by number.
 *
 * SQLite cannot drop a column's inline UNIQUE, so `dossier` is rebuilt (the documented 12-step way: new
 * table, copy with the same rowids so the full-text index stays valid, drop, rename, its indexes and
 * triggers again). TypeORM runs each migration with foreign keys off (BetterSqlite3QueryRunner
 * .beforeMigration), so dropping the old table cascades nothing. Written from the stored definition, so
 * columns added by earlier migrations are kept whatever they are.
 *
 * Also: outbox.failure_streak — how many times in a row an item failed the same way (the drainer parks an
 * item that keeps failing the same way instead of retrying it in the dark).
 */
export class NumberSpaces1764300000007 implements MigrationInterface {
  name = 'NumberSpaces1764300000007';

  async up(q: QueryRunner): Promise<void> {
    const fk = (await q.query(`PRAGMA foreign_keys`)) as { foreign_keys: number }[];
    if (fk[0]?.foreign_keys) throw new Error('migration 0007 must run with foreign keys off (dropping dossier would cascade)');
    const [table] = (await q.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'dossier'`)) as { sql: string }[];
    const inlineUnique = /(\bnumber\s+TEXT\s+NOT\s+NULL)\s+UNIQUE\b/i;
    if (table && inlineUnique.test(table.sql)) {
      const companions = (await q.query(`SELECT sql FROM sqlite_master WHERE tbl_name = 'dossier' AND type IN ('index', 'trigger') AND sql IS NOT NULL`)) as { sql: string }[];
      const columns = ((await q.query(`PRAGMA table_info(dossier)`)) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
      const createNew = table.sql.replace(inlineUnique, '$1').replace(/^CREATE TABLE\s+("?)dossier\1/i, 'CREATE TABLE dossier_0007');
      await q.query(createNew);
      await q.query(`INSERT INTO dossier_0007 (rowid, ${columns}) SELECT rowid, ${columns} FROM dossier`);
      await q.query(`DROP TABLE dossier`);
      await q.query(`ALTER TABLE dossier_0007 RENAME TO dossier`);
      for (const c of companions) await q.query(c.sql);
    }
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS dossier_number_space ON dossier(number, provisional)`);
    const broken = (await q.query(`PRAGMA foreign_key_check`)) as unknown[];
    if (broken.length) throw new Error(`migration 0007: ${broken.length} foreign key problems after rebuilding dossier`);
    await q.query(`ALTER TABLE outbox ADD COLUMN failure_streak INTEGER NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The single unique space is not restored: official and provisional numbers may now coincide.
    await q.query(`ALTER TABLE outbox DROP COLUMN failure_streak`);
  }
}
