import type { MigrationInterface, QueryRunner } from 'typeorm';

// The stage a national status stands for, and back: mirrors STATUS_STAGE / STAGE_STATUS of
// shared/workflow/dossier-transitions.ts. A migration keeps its own copy, so it never changes meaning later.
const stageOf = (s: string) => `CASE ${s} WHEN 1 THEN 'submitted' WHEN 2 THEN 'received' WHEN 3 THEN 'refused' WHEN 4 THEN 'processing'
  WHEN 5 THEN 'completion-requested' WHEN 6 THEN 'awaiting-payment' WHEN 7 THEN 'withdrawn' WHEN 8 THEN 'stopped'
  WHEN 9 THEN 'result-ready' WHEN 10 THEN 'returned' ELSE 'processing' END`;
const statusOf = (s: string) => `CASE ${s} WHEN 'submitted' THEN 1 WHEN 'received' THEN 2 WHEN 'handed-over' THEN 2
  WHEN 'processing' THEN 4 WHEN 'awaiting-approval' THEN 4 WHEN 'approved' THEN 4 WHEN 'completion-requested' THEN 5
  WHEN 'awaiting-payment' THEN 6 WHEN 'result-ready' THEN 9 WHEN 'returned' THEN 10 WHEN 'refused' THEN 3
  WHEN 'withdrawn' THEN 7 WHEN 'stopped' THEN 8 END`;
// Terminal, or form 02 at the counter (status 5 without a due date: the dossier was never received).
const closed = (status: string, due: string) => `(${status} IN (3, 7, 8, 10) OR (${status} = 5 AND ${due} IS NULL))`;
const columns = `dossier_id, stage, holder_id, holder_role, step, step_started_at, step_due_at, due_at, original_due_at, open, finished_at, updated_at`;
const values = (d: string) => `${d}.id, ${stageOf(`${d}.status`)},
  CASE WHEN ${d}.status = 2 THEN ${d}.received_by END,
  CASE WHEN ${d}.status IN (1, 2, 9) THEN 'clerk' END,
  CASE WHEN ${d}.status IN (4, 5, 6) THEN 'processing' ELSE 'counter' END,
  ${d}.received_at, ${d}.due_at, ${d}.due_at, ${d}.due_at,
  CASE WHEN ${closed(`${d}.status`, `${d}.due_at`)} THEN 0 ELSE 1 END,
  CASE WHEN ${closed(`${d}.status`, `${d}.due_at`)} THEN ${d}.updated_at END, ${d}.updated_at`;

/**
 * Every dossier has its workflow row (issue 10): the ones saved before get it now; triggers give one to every
 * dossier inserted later, whoever inserts it (the counter, an online dossier from the portal), and keep the
 * due date with the dossier's and the stage with the status when something other than the workflow changes the status (the portal's status
 * applied by the sync). The workflow itself writes the stage first, so its own status changes match.
 */
export class WorkflowBackfill1764300000021 implements MigrationInterface {
  name = 'WorkflowBackfill1764300000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT OR IGNORE INTO dossier_workflow (${columns}) SELECT ${values('d')} FROM dossier d`);
    await q.query(`CREATE TRIGGER dossier_workflow_on_insert AFTER INSERT ON dossier BEGIN
        INSERT OR IGNORE INTO dossier_workflow (${columns}) VALUES (${values('NEW')});
      END`);
    await q.query(`CREATE TRIGGER dossier_workflow_on_status AFTER UPDATE OF status ON dossier
      WHEN NEW.status IS NOT (SELECT ${statusOf('w.stage')} FROM dossier_workflow w WHERE w.dossier_id = NEW.id) BEGIN
        UPDATE dossier_workflow SET stage = ${stageOf('NEW.status')},
          open = CASE WHEN ${closed('NEW.status', 'NEW.due_at')} THEN 0 ELSE 1 END,
          finished_at = CASE WHEN ${closed('NEW.status', 'NEW.due_at')} THEN NEW.updated_at ELSE finished_at END,
          updated_at = NEW.updated_at
        WHERE dossier_id = NEW.id;
      END`);
    // The lists read the due date from the workflow row: it follows the dossier's, whoever changes it.
    await q.query(`CREATE TRIGGER dossier_workflow_on_due AFTER UPDATE OF due_at ON dossier BEGIN
        UPDATE dossier_workflow SET due_at = NEW.due_at WHERE dossier_id = NEW.id AND due_at IS NOT NEW.due_at;
      END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS dossier_workflow_on_due`);
    await q.query(`DROP TRIGGER IF EXISTS dossier_workflow_on_status`);
    await q.query(`DROP TRIGGER IF EXISTS dossier_workflow_on_insert`);
    await q.query(`DELETE FROM dossier_workflow`);
  }
}
