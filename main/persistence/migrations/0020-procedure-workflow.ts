import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A procedure version's workflow (issue 10): its steps, who does each, how long each may take, as JSON
 * (shared/workflow/procedure-workflow.ts). NULL for versions recorded before: they read as the default.
 */
export class ProcedureWorkflow1764300000020 implements MigrationInterface {
  name = 'ProcedureWorkflow1764300000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version ADD COLUMN workflow_json TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedure_version DROP COLUMN workflow_json`);
  }
}
