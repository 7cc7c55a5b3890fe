// Every SQL statement of the office's indicators (issue 10, item 6), in one place. Three populations, each
// read once per period through its own index (migration 0026):
//  - received: dossiers received in the period (received_at; an online dossier not accepted yet, a dossier
//    refused or sent back for completion at the counter — no due date — was never received);
//  - resolved: dossiers whose result was ready in the period (the workflow's finished_at with its outcome
//    early / on-time / late; an extended dossier is late);
//  - rated returns: results handed over in the period with the applicant's rating.
// Months are Vietnam months (UTC+7), whatever the PC's zone.
import type { Database as Raw } from 'better-sqlite3';
import type { IndicatorKey } from '../../shared/contract/api-indicators';
import { prepared } from '../persistence/prepared';

/** A period as stored instants: [from, to) in ISO 8601 UTC. */
export interface Span { from: string; to: string }

const MONTH = (col: string) => `strftime('%Y-%m', ${col}, '+7 hours')`;

const RECEIVED = `d.received_at >= @from AND d.received_at < @to AND d.due_at IS NOT NULL AND d.status <> 1`;
const RESOLVED = `w.finished_at >= @from AND w.finished_at < @to AND w.outcome IS NOT NULL`;
const RATED = `r.returned_at >= @from AND r.returned_at < @to AND r.satisfaction IS NOT NULL`;

// A dossier is digitized when it has components and each one present has a current file (own scan or reused).
const DIGITIZED = `(EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0)
  AND NOT EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0
    AND NOT EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = d.id AND f.kind = 0 AND f.component_position = c.position AND f.replaced_by IS NULL)))`;
const SYNCED = `EXISTS (SELECT 1 FROM sync_dossier s WHERE s.dossier_id = d.id AND s.created_on_portal = 1)`;
const ONLINE = `d.channel = 2`;
const RESULT_DIGITIZED = `EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = d.id AND f.kind = 1 AND f.replaced_by IS NULL)`;
const ON_TIME = `w.outcome IN ('early', 'on-time')`;

export interface ReceivedMonth { month: string; total: number; digitized: number; synced: number; online: number }
export interface ResolvedGroup { month: string; code: string; name: string; total: number; early: number; onTime: number; late: number; days: number; resultDigitized: number }
export interface RatedMonth { month: string; rated: number; satisfied: number }

export function receivedByMonth(raw: Raw, span: Span): ReceivedMonth[] {
  return prepared(raw, `SELECT ${MONTH('d.received_at')} AS month, count(*) AS total, sum(${DIGITIZED}) AS digitized,
      sum(${SYNCED}) AS synced, sum(${ONLINE}) AS online
    FROM dossier d INDEXED BY dossier_kpi_received WHERE ${RECEIVED} GROUP BY month ORDER BY month`).all(span) as ReceivedMonth[];
}

export function resolvedByMonthAndProcedure(raw: Raw, span: Span): ResolvedGroup[] {
  return prepared(raw, `SELECT ${MONTH('w.finished_at')} AS month, d.procedure_code AS code, max(d.procedure_name) AS name, count(*) AS total,
      sum(w.outcome = 'early') AS early, sum(w.outcome = 'on-time') AS onTime, sum(w.outcome = 'late') AS late,
      sum(max(0, julianday(w.finished_at) - julianday(d.received_at))) AS days, sum(${RESULT_DIGITIZED}) AS resultDigitized
    FROM dossier_workflow w INDEXED BY dossier_workflow_resolved JOIN dossier d ON d.id = w.dossier_id
    WHERE ${RESOLVED} GROUP BY month, code ORDER BY month, code`).all(span) as ResolvedGroup[];
}

export function ratedByMonth(raw: Raw, span: Span): RatedMonth[] {
  return prepared(raw, `SELECT ${MONTH('r.returned_at')} AS month, count(*) AS rated, sum(r.satisfaction = 'satisfied') AS satisfied
    FROM dossier_return r INDEXED BY dossier_return_rated WHERE ${RATED} GROUP BY month ORDER BY month`).all(span) as RatedMonth[];
}

/** The dossiers behind one figure (the 'resolved' list: every dossier resolved in the period, for the time per procedure). */
export type FigureKey = IndicatorKey | 'resolved';

export interface FigureRow {
  id: string; number: string; applicantName: string; procedureCode: string; procedureName: string; receivedAt: string;
  dueAt: string | null; resolvedAt: string | null; status: number; met: number;
  outcome: string | null; extensions: number | null; components: number | null; digitizedComponents: number | null; channel: number; satisfaction: string | null;
}

// Per figure: its population (FROM … WHERE) and what counts as met, as SQL over the aliases d, w, r.
const FIGURES: Record<FigureKey, { from: string; where: string; met: string; resolvedAt: string; order: string }> = {
  'on-time': { from: RESOLVED_FROM(), where: RESOLVED, met: ON_TIME, resolvedAt: 'w.finished_at', order: 'w.finished_at' },
  resolved: { from: RESOLVED_FROM(), where: RESOLVED, met: ON_TIME, resolvedAt: 'w.finished_at', order: 'w.finished_at' },
  'result-digitized': { from: RESOLVED_FROM(), where: RESOLVED, met: RESULT_DIGITIZED, resolvedAt: 'w.finished_at', order: 'w.finished_at' },
  digitized: { from: RECEIVED_FROM(), where: RECEIVED, met: DIGITIZED, resolvedAt: 'w.finished_at', order: 'd.received_at' },
  synced: { from: RECEIVED_FROM(), where: RECEIVED, met: SYNCED, resolvedAt: 'w.finished_at', order: 'd.received_at' },
  online: { from: RECEIVED_FROM(), where: RECEIVED, met: ONLINE, resolvedAt: 'w.finished_at', order: 'd.received_at' },
  satisfied: {
    from: `dossier_return r INDEXED BY dossier_return_rated JOIN dossier d ON d.id = r.dossier_id LEFT JOIN dossier_workflow w ON w.dossier_id = d.id`,
    where: RATED, met: `r.satisfaction = 'satisfied'`, resolvedAt: 'r.returned_at', order: 'r.returned_at',
  },
};
function RESOLVED_FROM() { return `dossier_workflow w INDEXED BY dossier_workflow_resolved JOIN dossier d ON d.id = w.dossier_id LEFT JOIN dossier_return r ON r.dossier_id = d.id`; }
function RECEIVED_FROM() { return `dossier d INDEXED BY dossier_kpi_received LEFT JOIN dossier_workflow w ON w.dossier_id = d.id LEFT JOIN dossier_return r ON r.dossier_id = d.id`; }

const PART = { met: (m: string) => `(${m})`, missed: (m: string) => `NOT (${m})`, all: () => '1' } as const;

/** One page of the figure's dossiers (oldest first) and how many there are in all. */
export function figureDossiers(raw: Raw, key: FigureKey, part: keyof typeof PART, span: Span & { procedureCode?: string; limit: number; offset: number }):
  { total: number; rows: FigureRow[] } {
  const f = FIGURES[key];
  const where = `${f.where} AND ${PART[part](f.met)}${span.procedureCode ? ' AND d.procedure_code = @procedureCode' : ''}`;
  const params = { from: span.from, to: span.to, procedureCode: span.procedureCode ?? null, limit: span.limit, offset: span.offset };
  const total = (prepared(raw, `SELECT count(*) AS n FROM ${f.from} WHERE ${where}`).get(params) as { n: number }).n;
  const rows = prepared(raw, `SELECT d.id, d.number, d.applicant_name AS applicantName, d.procedure_code AS procedureCode, d.procedure_name AS procedureName,
      d.received_at AS receivedAt, d.due_at AS dueAt, ${f.resolvedAt} AS resolvedAt, d.status, (${f.met}) AS met, w.outcome, w.extensions, d.channel,
      r.satisfaction,
      (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0) AS components,
      (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0 AND EXISTS (SELECT 1 FROM digitized_file f
        WHERE f.dossier_id = d.id AND f.kind = 0 AND f.component_position = c.position AND f.replaced_by IS NULL)) AS digitizedComponents
    FROM ${f.from} WHERE ${where} ORDER BY ${f.order}, d.number LIMIT @limit OFFSET @offset`).all(params) as FigureRow[];
  return { total, rows };
}
