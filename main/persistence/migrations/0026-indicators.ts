import type { MigrationInterface, QueryRunner } from 'typeorm';

// Whether a dossier counts as "received" for the indicators: it has a due date (a dossier refused or sent
// back for completion at the counter never had one) and is not an online submission not yet accepted.
const COUNTED = (d: string) => `(${d}.due_at IS NOT NULL AND ${d}.status <> 1)`;
/** The Vietnam calendar day of a stored instant (UTC+7, whatever the PC's zone). */
const DAY = (col: string) => `strftime('%Y-%m-%d', ${col}, '+7 hours')`;
// Every present component has a current file of its own or reused (kind 0); at least one component.
const DIGITIZED = (id: string) => `(EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = ${id} AND c.missing = 0)
  AND NOT EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = ${id} AND c.missing = 0
    AND NOT EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = ${id} AND f.kind = 0 AND f.component_position = c.position AND f.replaced_by IS NULL)))`;
const RESULT_DIGITIZED = (id: string) => `EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = ${id} AND f.kind = 1 AND f.replaced_by IS NULL)`;
const SYNCED = (id: string) => `EXISTS (SELECT 1 FROM sync_dossier s WHERE s.dossier_id = ${id} AND s.created_on_portal = 1)`;
// Resolved: the workflow's result-ready with its outcome (early / on-time / late), and how many days it took.
const RESOLVED_SET = (w: string) => `resolved_at = CASE WHEN ${w}.outcome IS NOT NULL THEN ${w}.finished_at END,
  resolved_day = CASE WHEN ${w}.outcome IS NOT NULL THEN ${DAY(`${w}.finished_at`)} END, outcome = ${w}.outcome,
  resolve_days = CASE WHEN ${w}.outcome IS NOT NULL THEN max(0, julianday(${w}.finished_at) - julianday(received_at)) END`;

// The day counters: +1 for a dossier's (or a rating's) new facts, -1 for its old ones.
const addReceived = (k: string, sign: 1 | -1) => `INSERT INTO kpi_received_day (day, online, digitized, synced, n)
  SELECT ${k}.received_day, ${k}.channel = 2, ${k}.digitized, ${k}.synced, ${sign} WHERE ${k}.counted = 1
  ON CONFLICT (day, online, digitized, synced) DO UPDATE SET n = n + ${sign};`;
const addResolved = (k: string, sign: 1 | -1) => `INSERT INTO kpi_resolved_day (day, procedure_code, outcome, result_digitized, n, days)
  SELECT ${k}.resolved_day, ${k}.procedure_code, ${k}.outcome, ${k}.result_digitized, ${sign}, ${sign} * ${k}.resolve_days WHERE ${k}.outcome IS NOT NULL
  ON CONFLICT (day, procedure_code, outcome, result_digitized) DO UPDATE SET n = n + ${sign}, days = days + excluded.days;`;
const addRated = (r: string, sign: 1 | -1) => `INSERT INTO kpi_rated_day (day, satisfied, n)
  SELECT ${DAY(`${r}.returned_at`)}, ${r}.satisfaction = 'satisfied', ${sign} WHERE ${r}.satisfaction IS NOT NULL
  ON CONFLICT (day, satisfied) DO UPDATE SET n = n + ${sign};`;

/**
 * The office's indicators (issue 10, item 6) for any period of any office size in a millisecond or two, kept
 * up to date by triggers whoever writes the facts (the counter, Số hóa, the drainer, the workflow, inbound sync):
 * - dossier_kpi: per dossier what the figures count — received when and whether it counts, channel, procedure,
 *   every component digitized, a result digitized, on the provincial system, resolved when/how/in how many
 *   days; the lists behind the figures read it through its indexes;
 * - kpi_received_day, kpi_resolved_day, kpi_rated_day: how many dossiers (and ratings) of each Vietnam day have
 *   each combination of those facts; a period's figures are sums over its days (a month of 200,000 dossiers is a
 *   few hundred rows), whatever the period's size. Measured: tests/bench/indicators-bench.ts, workflow-bench.ts.
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
        received_at TEXT NOT NULL, received_day TEXT NOT NULL, counted INTEGER NOT NULL, channel INTEGER NOT NULL, procedure_code TEXT NOT NULL,
        digitized INTEGER NOT NULL DEFAULT 0, result_digitized INTEGER NOT NULL DEFAULT 0, synced INTEGER NOT NULL DEFAULT 0,
        resolved_at TEXT, resolved_day TEXT, outcome TEXT, resolve_days REAL)`,
      `CREATE INDEX dossier_kpi_received ON dossier_kpi(received_at, channel, digitized, synced) WHERE counted = 1`,
      `CREATE INDEX dossier_kpi_resolved ON dossier_kpi(resolved_at, procedure_code, outcome, result_digitized) WHERE outcome IS NOT NULL`,
      `CREATE TABLE kpi_received_day (day TEXT NOT NULL, online INTEGER NOT NULL, digitized INTEGER NOT NULL, synced INTEGER NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (day, online, digitized, synced)) WITHOUT ROWID`,
      `CREATE TABLE kpi_resolved_day (day TEXT NOT NULL, procedure_code TEXT NOT NULL, outcome TEXT NOT NULL, result_digitized INTEGER NOT NULL,
        n INTEGER NOT NULL, days REAL NOT NULL, PRIMARY KEY (day, procedure_code, outcome, result_digitized)) WITHOUT ROWID`,
      `CREATE TABLE kpi_rated_day (day TEXT NOT NULL, satisfied INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, satisfied)) WITHOUT ROWID`,
      // An office upgrading: its dossiers, results and ratings so far.
      `INSERT INTO dossier_kpi (dossier_id, received_at, received_day, counted, channel, procedure_code, digitized, result_digitized, synced)
        SELECT d.id, d.received_at, ${DAY('d.received_at')}, ${COUNTED('d')}, d.channel, d.procedure_code, ${DIGITIZED('d.id')}, ${RESULT_DIGITIZED('d.id')}, ${SYNCED('d.id')}
        FROM dossier d`,
      `UPDATE dossier_kpi SET ${RESOLVED_SET('w')} FROM (SELECT dossier_id, finished_at, outcome FROM dossier_workflow WHERE outcome IS NOT NULL) w
        WHERE w.dossier_id = dossier_kpi.dossier_id`,
      `INSERT INTO kpi_received_day (day, online, digitized, synced, n)
        SELECT received_day, channel = 2, digitized, synced, count(*) FROM dossier_kpi WHERE counted = 1 GROUP BY 1, 2, 3, 4`,
      `INSERT INTO kpi_resolved_day (day, procedure_code, outcome, result_digitized, n, days)
        SELECT resolved_day, procedure_code, outcome, result_digitized, count(*), sum(resolve_days) FROM dossier_kpi WHERE outcome IS NOT NULL GROUP BY 1, 2, 3, 4`,
      `INSERT INTO kpi_rated_day (day, satisfied, n)
        SELECT ${DAY('returned_at')}, satisfaction = 'satisfied', count(*) FROM dossier_return WHERE satisfaction IS NOT NULL GROUP BY 1, 2`,
      // From now on: the dossier's row follows its facts, the day counters follow the rows.
      `CREATE TRIGGER dossier_kpi_on_insert AFTER INSERT ON dossier BEGIN
        INSERT OR IGNORE INTO dossier_kpi (dossier_id, received_at, received_day, counted, channel, procedure_code, digitized, result_digitized, synced)
          VALUES (NEW.id, NEW.received_at, ${DAY('NEW.received_at')}, ${COUNTED('NEW')}, NEW.channel, NEW.procedure_code,
            ${DIGITIZED('NEW.id')}, ${RESULT_DIGITIZED('NEW.id')}, ${SYNCED('NEW.id')});
      END`,
      // Explicit (whatever the foreign-key settings), so the day counters lose a deleted dossier too.
      `CREATE TRIGGER dossier_kpi_on_delete AFTER DELETE ON dossier BEGIN DELETE FROM dossier_kpi WHERE dossier_id = OLD.id; END`,
      `CREATE TRIGGER dossier_kpi_on_update AFTER UPDATE OF received_at, due_at, status, channel, procedure_code ON dossier BEGIN
        UPDATE dossier_kpi SET received_at = NEW.received_at, received_day = ${DAY('NEW.received_at')}, counted = ${COUNTED('NEW')},
          channel = NEW.channel, procedure_code = NEW.procedure_code WHERE dossier_id = NEW.id;
      END`,
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
      ...['INSERT', 'UPDATE OF finished_at, outcome'].map((event) => `CREATE TRIGGER dossier_kpi_workflow_${event.split(' ')[0]!.toLowerCase()}
        AFTER ${event} ON dossier_workflow BEGIN
          UPDATE dossier_kpi SET ${RESOLVED_SET('NEW')} WHERE dossier_id = NEW.dossier_id;
        END`),
      `CREATE TRIGGER kpi_day_on_insert AFTER INSERT ON dossier_kpi BEGIN ${addReceived('NEW', 1)} ${addResolved('NEW', 1)} END`,
      `CREATE TRIGGER kpi_day_on_delete AFTER DELETE ON dossier_kpi BEGIN ${addReceived('OLD', -1)} ${addResolved('OLD', -1)} END`,
      `CREATE TRIGGER kpi_day_on_update AFTER UPDATE ON dossier_kpi BEGIN
        ${addReceived('OLD', -1)} ${addResolved('OLD', -1)} ${addReceived('NEW', 1)} ${addResolved('NEW', 1)} END`,
      `CREATE TRIGGER kpi_rated_on_insert AFTER INSERT ON dossier_return BEGIN ${addRated('NEW', 1)} END`,
      `CREATE TRIGGER kpi_rated_on_delete AFTER DELETE ON dossier_return BEGIN ${addRated('OLD', -1)} END`,
      `CREATE TRIGGER kpi_rated_on_update AFTER UPDATE OF returned_at, satisfaction ON dossier_return BEGIN ${addRated('OLD', -1)} ${addRated('NEW', 1)} END`,
    ]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const triggers = ['dossier_kpi_on_insert', 'dossier_kpi_on_delete', 'dossier_kpi_on_update', 'dossier_kpi_workflow_insert', 'dossier_kpi_workflow_update',
      ...['component', 'file', 'sync'].flatMap((t) => ['insert', 'delete', 'update'].map((e) => `dossier_kpi_${t}_${e}`)),
      ...['insert', 'delete', 'update'].flatMap((e) => [`kpi_day_on_${e}`, `kpi_rated_on_${e}`])];
    for (const t of triggers) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    for (const t of ['kpi_rated_day', 'kpi_resolved_day', 'kpi_received_day', 'dossier_kpi']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    for (const i of ['dossier_return_rated', 'dossier_component_present', 'digitized_file_current_kind']) await q.query(`DROP INDEX IF EXISTS ${i}`);
  }
}
