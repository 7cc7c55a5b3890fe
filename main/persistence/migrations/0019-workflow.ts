import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processing a dossier to its result (issue 10): the dossier's stage and clock, the hand-over log (form 06's
 * data), every change of the due date (pauses and extensions: the original and each new one are kept), the
 * return at the counter, and the operation ids that make each transition idempotent.
 */
export class Workflow1764300000019 implements MigrationInterface {
  name = 'Workflow1764300000019';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      // One row per dossier; `open` is 1 until a terminal stage. The lists' clock facts are kept here too — the
      // dossier's due date (copied by the triggers of 0021) and the hand-over waiting for confirmation — so that
      // Việc của tôi, Toàn cơ quan and the warnings read one covering index of the open rows, not 200,000 dossiers.
      `CREATE TABLE dossier_workflow (
        dossier_id TEXT PRIMARY KEY REFERENCES dossier(id), stage TEXT NOT NULL,
        holder_id TEXT, holder_role TEXT, step TEXT NOT NULL, step_started_at TEXT, step_due_at TEXT,
        due_at TEXT, original_due_at TEXT, paused_at TEXT, paused_minutes INTEGER NOT NULL DEFAULT 0,
        extensions INTEGER NOT NULL DEFAULT 0, pending_user_id TEXT, pending_role TEXT, open INTEGER NOT NULL DEFAULT 1,
        finished_at TEXT, outcome TEXT, updated_at TEXT NOT NULL)`,
      `CREATE INDEX dossier_workflow_open ON dossier_workflow(holder_id, holder_role, pending_user_id, pending_role, stage, due_at,
        paused_at, extensions, step_due_at, dossier_id) WHERE open = 1`,
      `CREATE INDEX dossier_workflow_finished ON dossier_workflow(finished_at)`,
      `CREATE TABLE hand_over (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossier(id),
        step TEXT NOT NULL, from_user_id TEXT NOT NULL, to_user_id TEXT, to_role TEXT, handed_at TEXT NOT NULL,
        step_due_at TEXT, outcome TEXT NOT NULL, next_step_due_at TEXT,
        confirmed_at TEXT, confirmed_by TEXT, note TEXT NOT NULL DEFAULT '', operation_id TEXT NOT NULL)`,
      `CREATE INDEX hand_over_dossier ON hand_over(dossier_id, id)`,
      `CREATE INDEX hand_over_pending ON hand_over(to_user_id, to_role) WHERE confirmed_at IS NULL`,
      `CREATE TABLE due_change (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id TEXT NOT NULL REFERENCES dossier(id), kind TEXT NOT NULL,
        at TEXT NOT NULL, user_id TEXT NOT NULL, previous_due_at TEXT, new_due_at TEXT,
        paused_from TEXT, paused_to TEXT, paused_minutes INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '', document_id TEXT, operation_id TEXT NOT NULL)`,
      `CREATE INDEX due_change_dossier ON due_change(dossier_id, id)`,
      `CREATE TABLE dossier_return (
        dossier_id TEXT PRIMARY KEY REFERENCES dossier(id), returned_at TEXT NOT NULL, returned_by TEXT NOT NULL,
        method TEXT NOT NULL, collector_kind TEXT, collector_name TEXT NOT NULL DEFAULT '',
        collector_id_number TEXT NOT NULL DEFAULT '', postal_item_number TEXT NOT NULL DEFAULT '',
        satisfaction TEXT, note TEXT NOT NULL DEFAULT '', operation_id TEXT NOT NULL)`,
      `CREATE INDEX dossier_return_at ON dossier_return(returned_at)`,
      `CREATE TABLE workflow_operation (
        operation_id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL REFERENCES dossier(id), action TEXT NOT NULL,
        user_id TEXT NOT NULL, at TEXT NOT NULL, document_id TEXT)`,
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['workflow_operation', 'dossier_return', 'due_change', 'hand_over', 'dossier_workflow']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
