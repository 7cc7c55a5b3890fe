import type { MigrationInterface, QueryRunner } from 'typeorm';

// Whether a dossier counts as "received" for the indicators: it has a due date (a dossier refused or sent
// back for completion at the counter never had one) and is not an online submission not yet accepted.
const COUNTED = (d: string) => `(${d}.due_at IS NOT NULL AND ${d}.status <> 1)`;
const MONTH = (col: string) => `strftime('%Y-%m', ${col}, '+7 hours')`;
// Every present component has a current file of its own or reused (kind 0); at least one component.
const DIGITIZED = (id: string) => `(EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = ${id} AND c.missing = 0)
  AND NOT EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = ${id} AND c.missing = 0
    AND NOT EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = ${id} AND f.kind = 0 AND f.component_position = c.position AND f.replaced_by IS NULL)))`;
const RESULT_DIGITIZED = (id: string) => `EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = ${id} AND f.kind = 1 AND f.replaced_by IS NULL)`;
const SYNCED = (id: string) => `EXISTS (SELECT 1 FROM sync_dossier s WHERE s.dossier_id = ${id} AND s.created_on_portal = 1)`;
// Resolved: the workflow's result-ready with its outcome (early / on-time / late).
const RESOLVED_SET = (w: string) => `resolved_at = CASE WHEN ${w}.outcome IS NOT NULL THEN ${w}.finished_at END,
  resolved_month = CASE WHEN ${w}.outcome IS NOT NULL THEN ${MONTH(`${w}.finished_at`)} END, outcome = ${w}.outcome,
  resolve_days = CASE WHEN ${w}.outcome IS NOT NULL THEN max(0, julianday(${w}.finished_at) - julianday(received_at)) END`;

/**
 * The office's indicators (issue 10, item 6) read a month of a 200,000-dossier office in a few milliseconds:
 * one row per dossier in dossier_kpi holds what the figures count — received when and whether it counts,
 * channel, procedure, every component digitized, a result digitized, on the provincial system, resolved when
 * and how — kept by triggers on the tables the facts live in, whoever writes them (the counter, Số hóa, the
 * drainer, the workflow, inbound sync). Each population is then a range of one covering index instead of
 * per-dossier look-ups into five tables (measured: tests/bench/indicators-bench.ts).
 */
export class Indicators1764300000026 implements MigrationInterface {
  name = 'Indicators1764300000026';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      // The per-dossier checks the triggers run become index look-ups.
      `CREATE INDEX digitized_file_current_kind ON digitized_file(dossier_id, kind, component_position, replaced_by)`,
      `CREATE INDEX dossier_component_present ON dossier_component(dossier_id, position) WHERE missing = 0`,
      `CREATE INDEX dossier_return_rated ON dossier_return(returned_at, satisfaction) WHERE satisfaction IS NOT NULL`,
      `CREATE TABLE dossier_kpi (
        dossier_id TEXT PRIMARY KEY REFERENCES dossier(id) ON DELETE CASCADE,
        received_at TEXT NOT NULL, received_month TEXT NOT NULL, counted INTEGER NOT NULL, channel INTEGER NOT NULL, procedure_code TEXT NOT NULL,
        digitized INTEGER NOT NULL DEFAULT 0, result_digitized INTEGER NOT NULL DEFAULT 0, synced INTEGER NOT NULL DEFAULT 0,
        resolved_at TEXT, resolved_month TEXT, outcome TEXT, resolve_days REAL)`,
      `CREATE INDEX dossier_kpi_received ON dossier_kpi(received_at, received_month, channel, digitized, synced) WHERE counted = 1`,
      `CREATE INDEX dossier_kpi_resolved ON dossier_kpi(resolved_at, resolved_month, procedure_code, outcome, result_digitized, resolve_days) WHERE outcome IS NOT NULL`,
      `INSERT INTO dossier_kpi (dossier_id, received_at, received_month, counted, channel, procedure_code, digitized, result_digitized, synced)
        SELECT d.id, d.received_at, ${MONTH('d.received_at')}, ${COUNTED('d')}, d.channel, d.procedure_code, ${DIGITIZED('d.id')}, ${RESULT_DIGITIZED('d.id')}, ${SYNCED('d.id')}
        FROM dossier d`,
      `UPDATE dossier_kpi SET ${RESOLVED_SET('w')} FROM (SELECT dossier_id, finished_at, outcome FROM dossier_workflow WHERE outcome IS NOT NULL) w
        WHERE w.dossier_id = dossier_kpi.dossier_id`,
      // The dossier itself (a new dossier has no outcome yet: that comes with its workflow's result).
      `CREATE TRIGGER dossier_kpi_on_insert AFTER INSERT ON dossier BEGIN
        INSERT OR REPLACE INTO dossier_kpi (dossier_id, received_at, received_month, counted, channel, procedure_code, digitized, result_digitized, synced)
          VALUES (NEW.id, NEW.received_at, ${MONTH('NEW.received_at')}, ${COUNTED('NEW')}, NEW.channel, NEW.procedure_code,
            ${DIGITIZED('NEW.id')}, ${RESULT_DIGITIZED('NEW.id')}, ${SYNCED('NEW.id')});
      END`,
      `CREATE TRIGGER dossier_kpi_on_update AFTER UPDATE OF received_at, due_at, status, channel, procedure_code ON dossier BEGIN
        UPDATE dossier_kpi SET received_at = NEW.received_at, received_month = ${MONTH('NEW.received_at')}, counted = ${COUNTED('NEW')},
          channel = NEW.channel, procedure_code = NEW.procedure_code WHERE dossier_id = NEW.id;
      END`,
      // Components and digitized files: the dossier's two digitization flags again.
      ...['INSERT', 'DELETE', 'UPDATE OF missing, position, dossier_id'].map((event) => {
        const row = event === 'DELETE' ? 'OLD' : 'NEW';
        return `CREATE TRIGGER dossier_kpi_component_${event.split(' ')[0]!.toLowerCase()} AFTER ${event} ON dossier_component BEGIN
          UPDATE dossier_kpi SET digitized = ${DIGITIZED(`${row}.dossier_id`)} WHERE dossier_id = ${row}.dossier_id;
        END`;
      }),
      ...['INSERT', 'DELETE', 'UPDATE OF replaced_by, kind, component_position, dossier_id'].map((event) => {
        const row = event === 'DELETE' ? 'OLD' : 'NEW';
        return `CREATE TRIGGER dossier_kpi_file_${event.split(' ')[0]!.toLowerCase()} AFTER ${event} ON digitized_file BEGIN
          UPDATE dossier_kpi SET digitized = ${DIGITIZED(`${row}.dossier_id`)}, result_digitized = ${RESULT_DIGITIZED(`${row}.dossier_id`)}
            WHERE dossier_id = ${row}.dossier_id;
        END`;
      }),
      ...['INSERT', 'DELETE', 'UPDATE OF created_on_portal'].map((event) => {
        const row = event === 'DELETE' ? 'OLD' : 'NEW';
        return `CREATE TRIGGER dossier_kpi_sync_${event.split(' ')[0]!.toLowerCase()} AFTER ${event} ON sync_dossier BEGIN
          UPDATE dossier_kpi SET synced = ${SYNCED(`${row}.dossier_id`)} WHERE dossier_id = ${row}.dossier_id;
        END`;
      }),
      // The workflow's result: resolved when and how.
      ...['INSERT', 'UPDATE OF finished_at, outcome'].map((event) => `CREATE TRIGGER dossier_kpi_workflow_${event.split(' ')[0]!.toLowerCase()}
        AFTER ${event} ON dossier_workflow BEGIN
          UPDATE dossier_kpi SET ${RESOLVED_SET('NEW')} WHERE dossier_id = NEW.dossier_id;
        END`),
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const triggers = ['dossier_kpi_on_insert', 'dossier_kpi_on_update', 'dossier_kpi_workflow_insert', 'dossier_kpi_workflow_update',
      ...['component', 'file', 'sync'].flatMap((t) => ['insert', 'delete', 'update'].map((e) => `dossier_kpi_${t}_${e}`))];
    for (const t of triggers) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query('DROP TABLE IF EXISTS dossier_kpi');
    for (const i of ['dossier_return_rated', 'dossier_component_present', 'digitized_file_current_kind']) await q.query(`DROP INDEX IF EXISTS ${i}`);
  }
}
