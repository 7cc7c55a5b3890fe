// Every SQL statement of the office's indicators (issue 10, item 6), in one place (the per-dossier facts they
// read are kept by migration 0026's triggers in dossier_kpi). Three populations, each one index range:
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

const RECEIVED = `k.received_at >= @from AND k.received_at < @to AND k.counted = 1`;
const RESOLVED = `k.resolved_at >= @from AND k.resolved_at < @to AND k.outcome IS NOT NULL`;
const RATED = `r.returned_at >= @from AND r.returned_at < @to AND r.satisfaction IS NOT NULL`;

const DIGITIZED = 'k.digitized = 1';
const SYNCED = 'k.synced = 1';
const ONLINE = 'k.channel = 2';
const RESULT_DIGITIZED = 'k.result_digitized = 1';
const ON_TIME = `k.outcome IN ('early', 'on-time')`;

export interface ReceivedMonth { month: string; total: number; digitized: number; synced: number; online: number }
export interface ResolvedGroup { month: string; code: string; name: string; total: number; early: number; onTime: number; late: number; days: number; resultDigitized: number }
export interface RatedMonth { month: string; rated: number; satisfied: number }

export function receivedByMonth(raw: Raw, span: Span): ReceivedMonth[] {
  return prepared(raw, `SELECT k.received_month AS month, count(*) AS total, sum(k.digitized) AS digitized, sum(k.synced) AS synced, sum(${ONLINE}) AS online
    FROM dossier_kpi k INDEXED BY dossier_kpi_received WHERE ${RECEIVED} GROUP BY month ORDER BY month`).all(span) as ReceivedMonth[];
}

export function resolvedByMonthAndProcedure(raw: Raw, span: Span): ResolvedGroup[] {
  const groups = prepared(raw, `SELECT k.resolved_month AS month, k.procedure_code AS code, count(*) AS total,
      sum(k.outcome = 'early') AS early, sum(k.outcome = 'on-time') AS onTime, sum(k.outcome = 'late') AS late,
      sum(k.resolve_days) AS days, sum(k.result_digitized) AS resultDigitized
    FROM dossier_kpi k INDEXED BY dossier_kpi_resolved WHERE ${RESOLVED} GROUP BY month, code ORDER BY month, code`).all(span) as Omit<ResolvedGroup, 'name'>[];
  const names = procedureNames(raw, [...new Set(groups.map((g) => g.code))]);
  return groups.map((g) => ({ ...g, name: names.get(g.code) ?? g.code }));
}

/** The catalogue's name of each procedure code (its latest version). */
function procedureNames(raw: Raw, codes: string[]): Map<string, string> {
  if (!codes.length) return new Map();
  const rows = prepared(raw, `SELECT code, name FROM procedure_version WHERE code IN (SELECT value FROM json_each(?)) ORDER BY code, valid_from`)
    .all(JSON.stringify(codes)) as { code: string; name: string }[];
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function ratedByMonth(raw: Raw, span: Span): RatedMonth[] {
  return prepared(raw, `SELECT strftime('%Y-%m', r.returned_at, '+7 hours') AS month, count(*) AS rated, sum(r.satisfaction = 'satisfied') AS satisfied
    FROM dossier_return r INDEXED BY dossier_return_rated WHERE ${RATED} GROUP BY month ORDER BY month`).all(span) as RatedMonth[];
}

/** The dossiers behind one figure (the 'resolved' list: every dossier resolved in the period, for the time per procedure). */
export type FigureKey = IndicatorKey | 'resolved';

export interface FigureRow {
  id: string; number: string; applicantName: string; procedureCode: string; procedureName: string; receivedAt: string;
  dueAt: string | null; resolvedAt: string | null; status: number; met: number;
  outcome: string | null; extensions: number | null; components: number | null; digitizedComponents: number | null; channel: number; satisfaction: string | null;
}

// Per figure: its population (FROM … WHERE) and what counts as met, as SQL over the aliases k, d, w, r.
const BY_RECEIVED = `dossier_kpi k INDEXED BY dossier_kpi_received`;
const BY_RESOLVED = `dossier_kpi k INDEXED BY dossier_kpi_resolved`;
const FIGURES: Record<FigureKey, { from: string; where: string; met: string; resolvedAt: string; order: string }> = {
  'on-time': { from: BY_RESOLVED, where: RESOLVED, met: ON_TIME, resolvedAt: 'k.resolved_at', order: 'k.resolved_at' },
  resolved: { from: BY_RESOLVED, where: RESOLVED, met: ON_TIME, resolvedAt: 'k.resolved_at', order: 'k.resolved_at' },
  'result-digitized': { from: BY_RESOLVED, where: RESOLVED, met: RESULT_DIGITIZED, resolvedAt: 'k.resolved_at', order: 'k.resolved_at' },
  digitized: { from: BY_RECEIVED, where: RECEIVED, met: DIGITIZED, resolvedAt: 'k.resolved_at', order: 'k.received_at' },
  synced: { from: BY_RECEIVED, where: RECEIVED, met: SYNCED, resolvedAt: 'k.resolved_at', order: 'k.received_at' },
  online: { from: BY_RECEIVED, where: RECEIVED, met: ONLINE, resolvedAt: 'k.resolved_at', order: 'k.received_at' },
  satisfied: {
    from: `dossier_return r INDEXED BY dossier_return_rated JOIN dossier_kpi k ON k.dossier_id = r.dossier_id`,
    where: RATED, met: `r.satisfaction = 'satisfied'`, resolvedAt: 'r.returned_at', order: 'r.returned_at',
  },
};

const PART = { met: (m: string) => `(${m})`, missed: (m: string) => `NOT (${m})`, all: () => '1' } as const;

/** One page of the figure's dossiers (oldest first) and how many there are in all. */
export function figureDossiers(raw: Raw, key: FigureKey, part: keyof typeof PART, span: Span & { procedureCode?: string; limit: number; offset: number }):
  { total: number; rows: FigureRow[] } {
  const f = FIGURES[key];
  const where = `${f.where} AND ${PART[part](f.met)}${span.procedureCode ? ' AND k.procedure_code = @procedureCode' : ''}`;
  const params = { from: span.from, to: span.to, procedureCode: span.procedureCode ?? null, limit: span.limit, offset: span.offset };
  const total = (prepared(raw, `SELECT count(*) AS n FROM ${f.from} WHERE ${where}`).get(params) as { n: number }).n;
  // The page only is joined to the dossier and its workflow and return, for what the list shows.
  const rows = prepared(raw, `SELECT d.id, d.number, d.applicant_name AS applicantName, d.procedure_code AS procedureCode, d.procedure_name AS procedureName,
      d.received_at AS receivedAt, d.due_at AS dueAt, p.resolvedAt, d.status, p.met, k.outcome, w.extensions, d.channel, rr.satisfaction,
      (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0) AS components,
      (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0 AND EXISTS (SELECT 1 FROM digitized_file df
        WHERE df.dossier_id = d.id AND df.kind = 0 AND df.component_position = c.position AND df.replaced_by IS NULL)) AS digitizedComponents
    FROM (SELECT k.dossier_id AS id, ${f.resolvedAt} AS resolvedAt, (${f.met}) AS met, ${f.order} AS sortKey FROM ${f.from} WHERE ${where}
          ORDER BY ${f.order} LIMIT @limit OFFSET @offset) p
    JOIN dossier d ON d.id = p.id JOIN dossier_kpi k ON k.dossier_id = d.id LEFT JOIN dossier_workflow w ON w.dossier_id = d.id
    LEFT JOIN dossier_return rr ON rr.dossier_id = d.id
    ORDER BY p.sortKey, d.number`).all(params) as FigureRow[];
  return { total, rows };
}
