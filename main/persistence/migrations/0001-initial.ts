import type { MigrationInterface, QueryRunner } from 'typeorm';

// Versioned schema. Never edit a migration that has shipped: add the next one.
export class Initial1764300000001 implements MigrationInterface {
  name = 'Initial1764300000001';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE office (
        id INTEGER PRIMARY KEY CHECK (id = 1), governing_body TEXT NOT NULL, office_name TEXT NOT NULL,
        place TEXT NOT NULL, agency_code TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT '', lookup_url TEXT NOT NULL DEFAULT '', working_hours_json TEXT NOT NULL,
        due_time TEXT NOT NULL, number_pattern TEXT NOT NULL, counter_code TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)`,
      `CREATE TABLE app_user (
        id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk','officer','leader','admin')), password_hash TEXT NOT NULL,
        active BOOLEAN NOT NULL DEFAULT 1, created_at TEXT NOT NULL)`,
      `CREATE TABLE procedure_version (
        id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, sector TEXT NOT NULL,
        duration_unit TEXT NOT NULL CHECK (duration_unit IN ('working-days','days','working-hours','same-day')),
        duration_value INTEGER NOT NULL, cutoff TEXT, valid_from TEXT NOT NULL, valid_to TEXT,
        components_json TEXT NOT NULL, fees_json TEXT NOT NULL, fee_note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT REFERENCES app_user(id),
        UNIQUE (code, valid_from))`,
      `CREATE INDEX procedure_version_code ON procedure_version(code, valid_from)`,
      `CREATE TABLE dossier (
        id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, provisional BOOLEAN NOT NULL, counter_code TEXT NOT NULL,
        procedure_version_id TEXT NOT NULL REFERENCES procedure_version(id), procedure_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL, duration_text TEXT NOT NULL, channel INTEGER NOT NULL,
        applicant_name TEXT NOT NULL, applicant_id_number TEXT NOT NULL, applicant_birth_date TEXT NOT NULL,
        applicant_address TEXT NOT NULL, applicant_phone TEXT NOT NULL, applicant_email TEXT NOT NULL,
        received_at TEXT NOT NULL, effective_received_at TEXT NOT NULL, due_at TEXT,
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10), delivery_method TEXT NOT NULL,
        delivery_address TEXT NOT NULL, set_count INTEGER NOT NULL, note TEXT NOT NULL, reason TEXT NOT NULL,
        search_text TEXT NOT NULL, received_by TEXT NOT NULL REFERENCES app_user(id), operation_id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, row_version INTEGER NOT NULL)`,
      `CREATE INDEX dossier_received ON dossier(received_at)`,
      `CREATE INDEX dossier_id_number ON dossier(applicant_id_number)`,
      `CREATE INDEX dossier_phone ON dossier(applicant_phone)`,
      // Full-text index over the folded search text (number, name without tones, ID, phone).
      // Prefix indexes for 1–3 characters: clerks type the first letters of names ("ng v an").
      `CREATE VIRTUAL TABLE dossier_fts USING fts5(search_text, content='dossier', content_rowid='rowid', tokenize='unicode61', prefix='1 2 3')`,
      `CREATE TRIGGER dossier_fts_ai AFTER INSERT ON dossier BEGIN
         INSERT INTO dossier_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`,
      `CREATE TRIGGER dossier_fts_ad AFTER DELETE ON dossier BEGIN
         INSERT INTO dossier_fts(dossier_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`,
      `CREATE TRIGGER dossier_fts_au AFTER UPDATE OF search_text ON dossier BEGIN
         INSERT INTO dossier_fts(dossier_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
         INSERT INTO dossier_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END`,
      `CREATE TABLE dossier_component (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
        copy_type TEXT NOT NULL CHECK (copy_type IN ('original','certified-copy','copy')), quantity INTEGER NOT NULL,
        missing BOOLEAN NOT NULL DEFAULT 0)`,
      `CREATE INDEX dossier_component_dossier ON dossier_component(dossier_id, position)`,
      `CREATE TABLE dossier_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, from_status INTEGER, to_status INTEGER, at TEXT NOT NULL, user_id TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '')`,
      `CREATE INDEX dossier_event_dossier ON dossier_event(dossier_id, id)`,
      `CREATE TABLE audit_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id TEXT, action TEXT NOT NULL, entity TEXT NOT NULL,
        entity_id TEXT NOT NULL, before_json TEXT, after_json TEXT)`,
      `CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, operation_id TEXT NOT NULL UNIQUE, dossier_id TEXT, kind TEXT NOT NULL,
        payload_json TEXT NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT)`,
      `CREATE INDEX outbox_state ON outbox(state, seq)`,
      `CREATE TABLE calendar_override (
        date TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('off','work')), name TEXT NOT NULL,
        source TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL)`,
      `CREATE TABLE document (
        id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id), kind TEXT NOT NULL,
        template_version TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
        created_at TEXT NOT NULL, created_by TEXT NOT NULL)`,
      `CREATE INDEX document_dossier ON document(dossier_id)`,
      `CREATE TABLE print_job (
        id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES document(id),
        dossier_id TEXT NOT NULL, printer TEXT NOT NULL, copies INTEGER NOT NULL, ok BOOLEAN NOT NULL,
        job_id TEXT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL, user_id TEXT NOT NULL)`,
      `CREATE INDEX print_job_dossier ON print_job(dossier_id)`,
      // Daily sequence per agency and counter: the unique key makes a duplicate number impossible.
      `CREATE TABLE number_sequence (
        scope TEXT NOT NULL, day TEXT NOT NULL, last_value INTEGER NOT NULL, PRIMARY KEY (scope, day))`,
      `CREATE TABLE setting (key TEXT PRIMARY KEY, value_json TEXT NOT NULL)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['setting', 'number_sequence', 'print_job', 'document', 'calendar_override', 'outbox',
      'audit_event', 'dossier_event', 'dossier_component', 'dossier_fts', 'dossier', 'procedure_version', 'app_user', 'office']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
