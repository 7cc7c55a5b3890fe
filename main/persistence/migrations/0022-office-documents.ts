import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forms 04–07 (issue 10, item 4). The register book (Mẫu 07, Sổ theo dõi hồ sơ) is a document of the office
 * for a period, of no one dossier, and is printed and reprinted like the others: `document.dossier_id` and
 * `print_job.dossier_id` become nullable (NULL for the book), keeping the reference to the dossier where
 * there is one. Every print is logged with its document's kind and whether it is a reprint (an earlier print
 * of the same document went through), filled in for the prints logged before.
 *
 * SQLite cannot drop a NOT NULL, so both tables are rebuilt the documented way (as 0007 rebuilt dossier):
 * new table from the stored definition, copy with the same rowids, drop, rename, indexes again. TypeORM runs
 * migrations with foreign keys off, so dropping `document` cascades nothing to `print_job` or the
 * corrections that name a document.
 */
export class OfficeDocuments1764300000022 implements MigrationInterface {
  name = 'OfficeDocuments1764300000022';

  async up(q: QueryRunner): Promise<void> {
    const fk = (await q.query(`PRAGMA foreign_keys`)) as { foreign_keys: number }[];
    if (fk[0]?.foreign_keys) throw new Error('migration 0022 must run with foreign keys off (dropping document would cascade)');
    // Only problems the rebuild would make count: rows a database already had wrong are not this migration's.
    const problems = async () => ((await q.query(`PRAGMA foreign_key_check`)) as unknown[]).length;
    const before = await problems();
    await dropNotNull(q, 'document', 'dossier_id');
    await dropNotNull(q, 'print_job', 'dossier_id');
    const after = await problems();
    if (after > before) throw new Error(`migration 0022: ${after - before} new foreign key problems after rebuilding document and print_job`);

    await q.query(`ALTER TABLE print_job ADD COLUMN kind TEXT NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE print_job ADD COLUMN reprint BOOLEAN NOT NULL DEFAULT 0`);
    await q.query(`UPDATE print_job SET kind = COALESCE((SELECT d.kind FROM document d WHERE d.id = print_job.document_id), '')`);
    await q.query(`UPDATE print_job SET reprint = 1 WHERE EXISTS (
      SELECT 1 FROM print_job p WHERE p.document_id = print_job.document_id AND p.ok = 1 AND p.id < print_job.id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS print_job_document ON print_job(document_id, id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS document_kind ON document(kind, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The columns go; NOT NULL is not restored (register books have no dossier).
    await q.query(`DROP INDEX IF EXISTS document_kind`);
    await q.query(`DROP INDEX IF EXISTS print_job_document`);
    await q.query(`ALTER TABLE print_job DROP COLUMN reprint`);
    await q.query(`ALTER TABLE print_job DROP COLUMN kind`);
  }
}

/** Rebuilds `table` with `column` nullable, from its stored definition (columns added later are kept). */
async function dropNotNull(q: QueryRunner, table: string, column: string): Promise<void> {
  const [stored] = (await q.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])) as { sql: string }[];
  if (!stored) throw new Error(`migration 0022: no table ${table}`);
  const notNull = new RegExp(`(\\b${column}\\s+TEXT)\\s+NOT\\s+NULL\\b`, 'i');
  if (!notNull.test(stored.sql)) return;
  const companions = (await q.query(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`, [table])) as
    { sql: string }[];
  const columns = ((await q.query(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
  const temp = `${table}_0022`;
  const create = stored.sql.replace(notNull, '$1').replace(new RegExp(`^CREATE TABLE\\s+("?)${table}\\1`, 'i'), `CREATE TABLE ${temp}`);
  await q.query(create);
  await q.query(`INSERT INTO ${temp} (rowid, ${columns}) SELECT rowid, ${columns} FROM ${table}`);
  await q.query(`DROP TABLE ${table}`);
  await q.query(`ALTER TABLE ${temp} RENAME TO ${table}`);
  for (const c of companions) await q.query(c.sql);
}
