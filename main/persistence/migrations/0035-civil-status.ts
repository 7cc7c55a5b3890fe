import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Civil-status registers (issue 11): books (sổ hộ tịch) per event type and year, the entries written in them,
 * the people each entry names, and the copies issued. Numbering is safe by construction: a book's number is
 * unique per type and year, only one book of a type and year is open, and an entry's number is unique in its
 * book — the registration's one transaction (serialized writes) proposes max+1, and the UNIQUE indexes refuse a
 * second use whatever the code above does. A cancelled entry keeps its row and its number.
 */
export class CivilStatus1764300000035 implements MigrationInterface {
  name = 'CivilStatus1764300000035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE civil_book (
      id TEXT PRIMARY KEY NOT NULL,
      event_type TEXT NOT NULL,
      year INTEGER NOT NULL,
      book_number INTEGER NOT NULL CHECK (book_number >= 1),
      capacity INTEGER NOT NULL CHECK (capacity >= 1),
      opened_at TEXT NOT NULL,
      closed_at TEXT,
      closed_reason TEXT CHECK (closed_reason IN ('year-end', 'full', 'manual')),
      closed_by TEXT
    )`);
    await q.query(`CREATE UNIQUE INDEX civil_book_number ON civil_book(event_type, year, book_number)`);
    await q.query(`CREATE UNIQUE INDEX civil_book_open ON civil_book(event_type, year) WHERE closed_at IS NULL`);

    await q.query(`CREATE TABLE civil_entry (
      id TEXT PRIMARY KEY NOT NULL,
      operation_id TEXT NOT NULL UNIQUE,
      dossier_id TEXT REFERENCES dossier(id),
      event_type TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      fields_json TEXT NOT NULL,
      book_id TEXT REFERENCES civil_book(id),
      entry_number INTEGER,
      number_source TEXT CHECK (number_source IN ('proposed', 'external')),
      registered_on TEXT NOT NULL,
      registered_at TEXT NOT NULL,
      registered_by TEXT NOT NULL,
      signer_name TEXT NOT NULL DEFAULT '',
      signer_title TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL DEFAULT 'registered' CHECK (state IN ('registered', 'cancelled')),
      cancelled_at TEXT,
      cancelled_by TEXT,
      cancel_reason TEXT NOT NULL DEFAULT '',
      late_registration INTEGER NOT NULL DEFAULT 0,
      valid_until TEXT,
      subject_id_number TEXT,
      purpose_key TEXT,
      target_entry_id TEXT REFERENCES civil_entry(id),
      warnings_json TEXT NOT NULL DEFAULT '[]',
      search_text TEXT NOT NULL DEFAULT '',
      result_code TEXT NOT NULL DEFAULT '',
      result_at TEXT,
      CHECK ((book_id IS NULL) = (entry_number IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX civil_entry_number ON civil_entry(book_id, entry_number) WHERE book_id IS NOT NULL`);
    await q.query(`CREATE INDEX civil_entry_dossier ON civil_entry(dossier_id)`);
    await q.query(`CREATE INDEX civil_entry_validity ON civil_entry(event_type, subject_id_number, purpose_key, valid_until)`);
    await q.query(`CREATE INDEX civil_entry_target ON civil_entry(target_entry_id)`);

    await q.query(`CREATE TABLE civil_entry_person (
      entry_id TEXT NOT NULL REFERENCES civil_entry(id),
      position INTEGER NOT NULL,
      role TEXT NOT NULL,
      party TEXT,
      full_name TEXT NOT NULL,
      id_number TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (entry_id, position)
    )`);
    await q.query(`CREATE INDEX civil_entry_person_id ON civil_entry_person(id_number) WHERE id_number <> ''`);

    await q.query(`CREATE TABLE civil_copy_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      entry_id TEXT NOT NULL REFERENCES civil_entry(id),
      copies INTEGER NOT NULL CHECK (copies >= 1),
      at TEXT NOT NULL,
      by_user TEXT NOT NULL,
      via_entry_id TEXT
    )`);
    await q.query(`CREATE INDEX civil_copy_log_entry ON civil_copy_log(entry_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS civil_copy_log`);
    await q.query(`DROP TABLE IF EXISTS civil_entry_person`);
    await q.query(`DROP TABLE IF EXISTS civil_entry`);
    await q.query(`DROP TABLE IF EXISTS civil_book`);
  }
}
