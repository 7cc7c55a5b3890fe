import type { MigrationInterface, QueryRunner } from 'typeorm';

// Provincial sync (issue 4): drainer state on the outbox, portal-side ids, number history, conflicts.
export class Sync1764300000002 implements MigrationInterface {
  name = 'Sync1764300000002';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Per-dossier order: files (0), then the create (1), then updates and progress (2), each by seq.
      // Generated, so every writer of the outbox (audit.ts enqueueOutbox included) gets it for free.
      `ALTER TABLE outbox ADD COLUMN phase INTEGER GENERATED ALWAYS AS
         (CASE kind WHEN 'file.upload' THEN 0 WHEN 'dossier.create' THEN 1 ELSE 2 END) VIRTUAL`,
      `ALTER TABLE outbox ADD COLUMN error_kind TEXT`,
      `ALTER TABLE outbox ADD COLUMN updated_at TEXT`,
      `ALTER TABLE outbox ADD COLUMN done_at TEXT`,
      `CREATE INDEX outbox_lane ON outbox(dossier_id, phase, seq) WHERE state IN ('pending','in_flight','needs_attention')`,
      `CREATE INDEX outbox_open ON outbox(seq) WHERE state IN ('pending','in_flight')`,
      `CREATE TABLE sync_dossier (
        dossier_id TEXT PRIMARY KEY REFERENCES dossier(id) ON DELETE CASCADE, portal_number TEXT,
        created_on_portal BOOLEAN NOT NULL DEFAULT 0, portal_status INTEGER, portal_change_seq INTEGER,
        updated_at TEXT NOT NULL)`,
      `CREATE TABLE sync_file (
        file_key TEXT PRIMARY KEY, dossier_id TEXT, upload_id TEXT, upload_offset INTEGER NOT NULL DEFAULT 0,
        size INTEGER NOT NULL, sha256 TEXT NOT NULL, portal_file_id TEXT, portal_sha256 TEXT, updated_at TEXT NOT NULL)`,
      `CREATE INDEX sync_file_dossier ON sync_file(dossier_id)`,
      // Former (provisional) numbers: slips printed before the official number still find the dossier.
      `CREATE TABLE dossier_number_history (
        number TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        replaced_by TEXT NOT NULL, replaced_at TEXT NOT NULL)`,
      `CREATE INDEX dossier_number_history_dossier ON dossier_number_history(dossier_id)`,
      `CREATE TABLE sync_conflict (
        id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, entity_id TEXT NOT NULL, dossier_id TEXT,
        local_json TEXT NOT NULL, portal_json TEXT NOT NULL, message TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'open',
        detected_at TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT, resolution TEXT)`,
      `CREATE INDEX sync_conflict_state ON sync_conflict(state, id)`,
      `CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sync_state', 'sync_conflict', 'dossier_number_history', 'sync_file', 'sync_dossier']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    for (const i of ['outbox_open', 'outbox_lane']) await q.query(`DROP INDEX IF EXISTS ${i}`);
    for (const c of ['done_at', 'updated_at', 'error_kind', 'phase']) await q.query(`ALTER TABLE outbox DROP COLUMN ${c}`);
  }
}
