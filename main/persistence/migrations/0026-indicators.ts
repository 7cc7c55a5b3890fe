import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The office's indicators (issue 10, item 6) read three populations of a period: dossiers received, dossiers
 * resolved, results returned with a rating. Each gets an index that holds what its query reads, so a month
 * of a 200,000-dossier office is read from the index instead of the wide dossier rows; the per-dossier checks
 * (every component digitized, a result digitized) become index look-ups.
 */
export class Indicators1764300000026 implements MigrationInterface {
  name = 'Indicators1764300000026';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE INDEX dossier_kpi_received ON dossier(received_at, status, due_at, channel, id)`,
      `CREATE INDEX dossier_workflow_resolved ON dossier_workflow(finished_at, outcome) WHERE outcome IS NOT NULL`,
      `CREATE INDEX dossier_return_rated ON dossier_return(returned_at, satisfaction) WHERE satisfaction IS NOT NULL`,
      `CREATE INDEX digitized_file_current_kind ON digitized_file(dossier_id, kind, component_position) WHERE replaced_by IS NULL`,
      `CREATE INDEX dossier_component_present ON dossier_component(dossier_id, position) WHERE missing = 0`,
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of ['dossier_component_present', 'digitized_file_current_kind', 'dossier_return_rated', 'dossier_workflow_resolved', 'dossier_kpi_received']) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
  }
}
