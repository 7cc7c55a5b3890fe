import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The other parties of a dossier (issue 11): one row per party, in the version's order, written in the same
 * transaction as the dossier. Each row keeps its own folded search text, indexed by FTS5 like the dossier's
 * (dossier_fts), so the counter finds a marriage by the other spouse's name or ID number; it is not mixed into
 * dossier.search_text, which the sync rewrites when the official number arrives.
 */
export class DossierParty1764300000028 implements MigrationInterface {
  name = 'DossierParty1764300000028';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE dossier_party (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossier(id), position INTEGER NOT NULL,
        role TEXT NOT NULL, role_label TEXT NOT NULL, full_name TEXT NOT NULL, id_number TEXT NOT NULL DEFAULT '',
        birth_date TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT '', UNIQUE (dossier_id, position))`,
      `CREATE INDEX dossier_party_id_number ON dossier_party(id_number) WHERE id_number <> ''`,
      `CREATE VIRTUAL TABLE dossier_party_fts USING fts5(search_text, content='dossier_party', content_rowid='id', tokenize='unicode61', prefix='1 2 3')`,
      `CREATE TRIGGER dossier_party_fts_ai AFTER INSERT ON dossier_party BEGIN
         INSERT INTO dossier_party_fts(rowid, search_text) VALUES (new.id, new.search_text); END`,
      `CREATE TRIGGER dossier_party_fts_ad AFTER DELETE ON dossier_party BEGIN
         INSERT INTO dossier_party_fts(dossier_party_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END`,
      `CREATE TRIGGER dossier_party_fts_au AFTER UPDATE OF search_text ON dossier_party BEGIN
         INSERT INTO dossier_party_fts(dossier_party_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
         INSERT INTO dossier_party_fts(rowid, search_text) VALUES (new.id, new.search_text); END`,
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of ['DROP TRIGGER IF EXISTS dossier_party_fts_au', 'DROP TRIGGER IF EXISTS dossier_party_fts_ad',
      'DROP TRIGGER IF EXISTS dossier_party_fts_ai', 'DROP TABLE IF EXISTS dossier_party_fts', 'DROP TABLE IF EXISTS dossier_party']) await q.query(sql);
  }
}
