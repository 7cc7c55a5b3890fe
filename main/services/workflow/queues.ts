// The lists of open dossiers: Việc của tôi (the caller's, least time left first), Toàn cơ quan (by holder,
// late first, with counts) and the warnings badge. Read straight from the open rows of dossier_workflow
// (one covering partial index); the dossiers' own fields are read only for the rows a list shows.
import type { Database as Raw } from 'better-sqlite3';
import { statusName, type Role, type User } from '../../../shared/contract';
import type { QueueItem, WorkflowMarks } from '../../../shared/contract/api-workflow';
import { isPaused, STAGE_NAMES, STAGE_STATUS, STAGES, type Stage } from '../../../shared/workflow/dossier-transitions';
import { prepared } from '../../persistence/prepared';
import { endOfVnDay, marksOf, timeLeftMinutes, type ClockFacts, type OfficeClock } from './clock';
import { roleGroup } from './state-view';

/** The clock facts of an open dossier, all in the covering index of open rows (migration 0019). */
interface OpenRow {
  id: string; stage: string; holder_id: string | null; holder_role: string | null; pending_user_id: string | null; pending_role: string | null;
  due_at: string | null; paused_at: string | null; extensions: number; step_due_at: string | null;
}
/** What a list shows of a dossier, read for the rows it shows only. */
interface ShownRow { id: string; number: string; procedure_code: string; procedure_name: string; applicant_name: string; status: number; received_at: string }

const OPEN_SQL = `SELECT w.dossier_id AS id, w.stage, w.holder_id, w.holder_role, w.pending_user_id, w.pending_role, w.due_at, w.paused_at,
    w.extensions, w.step_due_at FROM dossier_workflow w INDEXED BY dossier_workflow_open WHERE w.open = 1`;
// Mine: held by me, held by my role with nobody named (the result back at the counter), or handed to me.
const MINE_SQL = `${OPEN_SQL} AND (w.holder_id = @me OR (w.holder_id IS NULL AND w.holder_role = @role)
    OR w.pending_user_id = @me OR (w.pending_user_id IS NULL AND w.pending_role = @role))`;
const SHOWN_SQL = `SELECT id, number, procedure_code, procedure_name, applicant_name, status, received_at FROM dossier
  WHERE id IN (SELECT value FROM json_each(?))`;

interface Shaped { row: OpenRow; stage: Stage; facts: ClockFacts; marks: WorkflowMarks; key: number }

const STAGE_SET = new Set<string>(STAGES);
const isStage = (s: string): s is Stage => STAGE_SET.has(s);

function shape(r: OpenRow, now: Date, me: User | null, dayEnd: number): Shaped {
  const stage: Stage = isStage(r.stage) ? r.stage : 'processing';
  const facts: ClockFacts = {
    stage, dueAt: r.due_at, pausedAt: r.paused_at, extensions: r.extensions,
    pendingTo: r.pending_role !== null || r.pending_user_id !== null ? { userId: r.pending_user_id, role: r.pending_role } : null,
  };
  const shaped = { row: r, stage, facts, marks: marksOf(facts, now, me, dayEnd), key: 0 };
  shaped.key = sortKey(shaped, now);
  return shaped;
}

/** The dossiers' own fields for the rows a list shows, in one read by primary key. */
function shownRows(raw: Raw, rows: Shaped[]): Map<string, ShownRow> {
  if (!rows.length) return new Map();
  const found = prepared(raw, SHOWN_SQL).all(JSON.stringify(rows.map((r) => r.row.id))) as ShownRow[];
  return new Map(found.map((r) => [r.id, r]));
}

function item(s: Shaped, shown: ShownRow | undefined, clock: OfficeClock, now: Date, names: Map<string, string>): QueueItem {
  const r = s.row;
  const status = shown?.status ?? STAGE_STATUS[s.stage];
  return {
    dossierId: r.id, number: shown?.number ?? '', procedureCode: shown?.procedure_code ?? '', procedureName: shown?.procedure_name ?? '',
    applicantName: shown?.applicant_name ?? '', status, statusName: statusName(status), stage: s.stage, stageName: STAGE_NAMES[s.stage],
    holderId: r.holder_id, holderName: r.holder_id ? names.get(r.holder_id) ?? r.holder_id : roleGroup(r.holder_role),
    receivedAt: shown?.received_at ?? '', dueAt: r.due_at, stepDueAt: r.step_due_at,
    timeLeftMinutes: timeLeftMinutes(clock, s.facts, now), marks: s.marks,
  };
}

/**
 * An order by time left without counting working time for every row: the due instant for a running clock;
 * a paused one as if it resumed now (its wall-clock time left at the pause). Working time is monotone in
 * wall-clock time, so running dossiers sort exactly; the result at the counter goes last.
 */
function sortKey(s: Pick<Shaped, 'row' | 'stage'>, now: Date): number {
  if (!s.row.due_at || s.stage === 'result-ready') return Number.MAX_SAFE_INTEGER;
  const due = Date.parse(s.row.due_at);
  if (isPaused(s.stage) && s.row.paused_at) return now.getTime() + (due - Date.parse(s.row.paused_at));
  return due;
}

export interface Counts { open: number; dueToday: number; overdue: number; paused: number; awaitingConfirmation: number; extended: number }
const zero = (): Counts => ({ open: 0, dueToday: 0, overdue: 0, paused: 0, awaitingConfirmation: 0, extended: 0 });
function add(c: Counts, m: WorkflowMarks): void {
  c.open++;
  if (m.dueToday) c.dueToday++;
  if (m.overdue) c.overdue++;
  if (m.paused) c.paused++;
  if (m.awaitingConfirmation) c.awaitingConfirmation++;
  if (m.extended) c.extended++;
}

export function userNames(raw: Raw): Map<string, string> {
  return new Map((prepared(raw, `SELECT id, full_name FROM app_user`).all() as { id: string; full_name: string }[]).map((u) => [u.id, u.full_name]));
}

export function myQueue(raw: Raw, me: User, now: Date, clock: OfficeClock, limit: number) {
  const dayEnd = endOfVnDay(now);
  const rows = (prepared(raw, MINE_SQL).all({ me: me.id, role: me.role }) as OpenRow[]).map((r) => shape(r, now, me, dayEnd));
  const counts = zero();
  for (const s of rows) add(counts, s.marks);
  // Least working time left first (late ones are negative), then those without a clock (the counter's results).
  const left = new Map(rows.map((s) => [s, timeLeftMinutes(clock, s.facts, now) ?? Number.MAX_SAFE_INTEGER]));
  const top = rows.sort((a, b) => left.get(a)! - left.get(b)! || a.key - b.key).slice(0, limit);
  const names = userNames(raw);
  const shown = shownRows(raw, top);
  return { items: top.map((s) => item(s, shown.get(s.row.id), clock, now, names)), counts, now: now.toISOString() };
}

// The marks of marksOf (clock.ts) as SQL over the open rows, so the office's counts are summed by SQLite
// without materializing 5,000 rows. Instants are stored as toISOString() text, which sorts as time does.
// tests/integration/workflow-marks-sql.test.ts keeps the two equal.
const PAUSED = `w.stage IN ('completion-requested', 'awaiting-payment')`;
const RUNNING = `w.stage <> 'result-ready'`;
const OVERDUE = `(${RUNNING} AND w.due_at IS NOT NULL AND (CASE WHEN ${PAUSED} AND w.paused_at IS NOT NULL THEN w.paused_at ELSE @now END) > w.due_at)`;
export const MARKS_SQL = {
  overdue: OVERDUE,
  dueToday: `(${RUNNING} AND NOT ${PAUSED} AND w.due_at IS NOT NULL AND NOT ${OVERDUE} AND w.due_at < @dayEnd)`,
  paused: PAUSED,
  awaitingConfirmation: `((w.pending_user_id IS NOT NULL OR w.pending_role IS NOT NULL) AND w.stage IN ('handed-over', 'result-ready'))`,
  extended: `w.extensions > 0`,
} as const;
const HOLDER = `coalesce(w.holder_id, 'role:' || coalesce(w.holder_role, ''))`;
const COUNTS_SQL = `SELECT w.holder_id, max(w.holder_role) AS holder_role, count(*) AS open,
    ${Object.entries(MARKS_SQL).map(([k, e]) => `sum(${e}) AS "${k}"`).join(', ')}
  FROM dossier_workflow w INDEXED BY dossier_workflow_open WHERE w.open = 1 GROUP BY ${HOLDER}`;
// sortKey (above) in SQL: each holder's dossiers with the least time left first, the first @per of them.
const TOP_SQL = `SELECT * FROM (SELECT w.dossier_id AS id, w.stage, w.holder_id, w.holder_role, w.pending_user_id, w.pending_role, w.due_at,
    w.paused_at, w.extensions, w.step_due_at, ROW_NUMBER() OVER (PARTITION BY ${HOLDER} ORDER BY
      CASE WHEN w.due_at IS NULL OR w.stage = 'result-ready' THEN 9e15
        WHEN ${PAUSED} AND w.paused_at IS NOT NULL THEN (julianday(w.due_at) - julianday(w.paused_at)) * 86400000.0 + @nowMs
        ELSE (julianday(w.due_at) - 2440587.5) * 86400000.0 END, w.dossier_id) AS rn
  FROM dossier_workflow w INDEXED BY dossier_workflow_open WHERE w.open = 1) WHERE rn <= @per`;

type CountRow = { holder_id: string | null; holder_role: string | null; open: number } & Record<keyof typeof MARKS_SQL, number>;
const countsOf = (r: CountRow): Counts => ({
  open: r.open, dueToday: r.dueToday, overdue: r.overdue, paused: r.paused, awaitingConfirmation: r.awaitingConfirmation, extended: r.extended,
});

export function officeOverview(raw: Raw, me: User, now: Date, clock: OfficeClock, perHolder: number) {
  const dayEnd = endOfVnDay(now);
  const at = { now: now.toISOString(), dayEnd: new Date(dayEnd).toISOString() };
  const groups = prepared(raw, COUNTS_SQL).all(at) as CountRow[];
  const names = userNames(raw);
  const roles = new Map((prepared(raw, `SELECT id, role FROM app_user`).all() as { id: string; role: string }[]).map((u) => [u.id, u.role as Role]));
  const totals = zero();
  for (const g of groups) for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += countsOf(g)[k];
  const top = perHolder > 0 ? (prepared(raw, TOP_SQL).all({ nowMs: now.getTime(), per: perHolder }) as OpenRow[]).map((r) => shape(r, now, me, dayEnd)) : [];
  const shown = shownRows(raw, top);
  const holders = groups
    .map(countsOf).map((counts, i) => ({ counts, g: groups[i]! }))
    .sort((a, b) => b.counts.overdue - a.counts.overdue || b.counts.dueToday - a.counts.dueToday || b.counts.open - a.counts.open)
    .map(({ counts, g }) => ({
      ...counts, holderId: g.holder_id,
      holderRole: ((g.holder_id ? roles.get(g.holder_id) : null) ?? g.holder_role) as Role | null,
      holderName: g.holder_id ? names.get(g.holder_id) ?? g.holder_id : roleGroup(g.holder_role) || 'Chưa giao',
      dossiers: top.filter((s) => s.row.holder_id === g.holder_id && (g.holder_id !== null || s.row.holder_role === g.holder_role))
        .sort((a, b) => a.key - b.key).map((s) => item(s, shown.get(s.row.id), clock, now, names)),
    }));
  return { now: now.toISOString(), totals, holders };
}

const MINE = `(w.holder_id = @me OR (w.holder_id IS NULL AND w.holder_role = @role) OR w.pending_user_id = @me OR (w.pending_user_id IS NULL AND w.pending_role = @role))`;
const WARNINGS_SQL = `SELECT sum(${MARKS_SQL.dueToday}) AS office_due_today, sum(${MARKS_SQL.overdue}) AS office_overdue,
    sum(${MINE} AND ${MARKS_SQL.dueToday}) AS due_today, sum(${MINE} AND ${MARKS_SQL.overdue}) AS overdue,
    sum(${MARKS_SQL.awaitingConfirmation} AND (w.pending_user_id = @me OR (w.pending_user_id IS NULL AND w.pending_role = @role))) AS awaiting_mine
  FROM dossier_workflow w INDEXED BY dossier_workflow_open WHERE w.open = 1`;

export function warnings(raw: Raw, me: User, now: Date) {
  const r = prepared(raw, WARNINGS_SQL).get({ now: now.toISOString(), dayEnd: new Date(endOfVnDay(now)).toISOString(), me: me.id, role: me.role }) as
    Record<'office_due_today' | 'office_overdue' | 'due_today' | 'overdue' | 'awaiting_mine', number | null>;
  return {
    mine: { dueToday: r.due_today ?? 0, overdue: r.overdue ?? 0, awaitingMyConfirmation: r.awaiting_mine ?? 0 },
    office: { dueToday: r.office_due_today ?? 0, overdue: r.office_overdue ?? 0 },
  };
}
