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

/** A period: its stored instants [from, to) in ISO 8601 UTC, and its Vietnam days (inclusive). */
export interface Span { from: string; to: string; fromDay: string; toDay: string }

const RECEIVED = `k.received_at >= @from AND k.received_at < @to AND k.counted = 1`;
const RESOLVED = `k.resolved_at >= @from AND k.resolved_at < @to AND k.outcome IS NOT NULL`;
const RATED = `r.returned_at >= @from AND r.returned_at < @to AND r.satisfaction IS NOT NULL`;
const DAYS = `day >= @fromDay AND day <= @toDay`;

const DIGITIZED = 'k.digitized = 1';
const SYNCED = 'k.synced = 1';
const ONLINE = 'k.channel = 2';
const RESULT_DIGITIZED = 'k.result_digitized = 1';
const ON_TIME = `k.outcome IN ('early', 'on-time')`;

export interface ReceivedMonth { month: string; total: number; digitized: number; synced: number; online: number }
export interface ResolvedGroup { month: string; code: string; name: string; total: number; early: number; onTime: number; late: number; days: number; resultDigitized: number }
export interface RatedMonth { month: string; rated: number; satisfied: number }

// The figures of a period are sums over its days' counters (kpi_*_day, kept by migration 0026's triggers).
const days = (span: Span) => ({ fromDay: span.fromDay, toDay: span.toDay });

export function receivedByMonth(raw: Raw, span: Span): ReceivedMonth[] {
  return prepared(raw, `SELECT substr(day, 1, 7) AS month, sum(n) AS total, sum(n * digitized) AS digitized, sum(n * synced) AS synced, sum(n * online) AS online
    FROM kpi_received_day WHERE ${DAYS} GROUP BY month HAVING total > 0 ORDER BY month`).all(days(span)) as ReceivedMonth[];
}

export function resolvedByMonthAndProcedure(raw: Raw, span: Span): ResolvedGroup[] {
  const groups = prepared(raw, `SELECT substr(day, 1, 7) AS month, procedure_code AS code, sum(n) AS total,
      sum(CASE outcome WHEN 'early' THEN n ELSE 0 END) AS early, sum(CASE outcome WHEN 'on-time' THEN n ELSE 0 END) AS onTime,
      sum(CASE outcome WHEN 'late' THEN n ELSE 0 END) AS late, sum(days) AS days, sum(n * result_digitized) AS resultDigitized
    FROM kpi_resolved_day WHERE ${DAYS} GROUP BY month, code HAVING total > 0 ORDER BY month, code`).all(days(span)) as Omit<ResolvedGroup, 'name'>[];
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
  return prepared(raw, `SELECT substr(day, 1, 7) AS month, sum(n) AS rated, sum(n * satisfied) AS satisfied
    FROM kpi_rated_day WHERE ${DAYS} GROUP BY month HAVING rated > 0 ORDER BY month`).all(days(span)) as RatedMonth[];
}

/** The dossiers behind one figure (the 'resolved' list: every dossier resolved in the period, for the time per procedure). */
export type FigureKey = IndicatorKey | 'resolved';

export interface FigureRow {
  id: string; number: string; applicantName: string; procedureCode: string; procedureName: string; receivedAt: string;
  dueAt: string | null; resolvedAt: string | null; status: number; met: number;
  outcome: string | null; extensions: number | null; components: number | null; digitizedComponents: number | null; channel: number; satisfaction: string | null;
}

// Per figure: its population (FROM … WHERE) and what counts as met, as SQL over the aliases k and r; and where
// its totals are counted (a day counter table and the flag that means met).
const BY_RECEIVED = `dossier_kpi k INDEXED BY dossier_kpi_received`;
const BY_RESOLVED = `dossier_kpi k INDEXED BY dossier_kpi_resolved`;
interface Figure { from: string; where: string; met: string; resolvedAt: string; order: string; counter: string; metCount: string }
const RESOLVED_FIGURE = { from: BY_RESOLVED, where: RESOLVED, resolvedAt: 'k.resolved_at', order: 'k.resolved_at', counter: 'kpi_resolved_day' };
const RECEIVED_FIGURE = { from: BY_RECEIVED, where: RECEIVED, resolvedAt: 'k.resolved_at', order: 'k.received_at', counter: 'kpi_received_day' };
const ON_TIME_COUNT = `CASE WHEN outcome IN ('early', 'on-time') THEN n ELSE 0 END`;
const FIGURES: Record<FigureKey, Figure> = {
  'on-time': { ...RESOLVED_FIGURE, met: ON_TIME, metCount: ON_TIME_COUNT },
  resolved: { ...RESOLVED_FIGURE, met: ON_TIME, metCount: ON_TIME_COUNT },
  'result-digitized': { ...RESOLVED_FIGURE, met: RESULT_DIGITIZED, metCount: 'n * result_digitized' },
  digitized: { ...RECEIVED_FIGURE, met: DIGITIZED, metCount: 'n * digitized' },
  synced: { ...RECEIVED_FIGURE, met: SYNCED, metCount: 'n * synced' },
  online: { ...RECEIVED_FIGURE, met: ONLINE, metCount: 'n * online' },
  satisfied: {
    from: `dossier_return r INDEXED BY dossier_return_rated JOIN dossier_kpi k ON k.dossier_id = r.dossier_id`,
    where: RATED, met: `r.satisfaction = 'satisfied'`, resolvedAt: 'r.returned_at', order: 'r.returned_at', counter: 'kpi_rated_day', metCount: 'n * satisfied',
  },
};

const PART = { met: (m: string) => `(${m})`, missed: (m: string) => `NOT (${m})`, all: () => '1' } as const;

/** One page of the figure's dossiers (oldest first) and how many there are in all. */
export function figureDossiers(raw: Raw, key: FigureKey, part: keyof typeof PART, span: Span & { procedureCode?: string; limit: number; offset: number }):
  { total: number; rows: FigureRow[] } {
  const f = FIGURES[key];
  const where = `${f.where} AND ${PART[part](f.met)}${span.procedureCode ? ' AND k.procedure_code = @procedureCode' : ''}`;
  const params = { from: span.from, to: span.to, procedureCode: span.procedureCode ?? null, limit: span.limit, offset: span.offset };
  // The total from the day counters (a month of a large office is many thousand dossiers to count one by one).
  const count = part === 'met' ? f.metCount : part === 'missed' ? `n - (${f.metCount})` : 'n';
  const total = (prepared(raw, `SELECT coalesce(sum(${count}), 0) AS n FROM ${f.counter} WHERE ${DAYS}${span.procedureCode ? ' AND procedure_code = @procedureCode' : ''}`)
    .get({ ...days(span), ...(span.procedureCode ? { procedureCode: span.procedureCode } : {}) }) as { n: number }).n;
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
