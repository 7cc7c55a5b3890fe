// The lists of open dossiers: Việc của tôi (the caller's, least time left first), Toàn cơ quan (by holder,
// late first, with counts) and the warnings badge. Read straight from the open rows of dossier_workflow
// (a partial index), joined to the dossier and the hand-over waiting for confirmation, if any.
import type { Database as Raw } from 'better-sqlite3';
import { statusName, type Role, type User } from '../../../shared/contract';
import type { QueueItem, WorkflowMarks } from '../../../shared/contract/api-workflow';
import { isPaused, STAGE_NAMES, type Stage } from '../../../shared/workflow/dossier-transitions';
import { prepared } from '../../persistence/prepared';
import { marksOf, timeLeftMinutes, type ClockFacts, type OfficeClock } from './clock';
import { stageOf } from './records';
import { roleGroup } from './state-view';

interface OpenRow {
  id: string; number: string; procedure_code: string; procedure_name: string; applicant_name: string; status: number;
  received_at: string; due_at: string | null; stage: string; holder_id: string | null; holder_role: string | null;
  step_due_at: string | null; paused_at: string | null; extensions: number; pending_user: string | null; pending_role: string | null;
  has_pending: number;
}

const OPEN_SQL = `SELECT d.id, d.number, d.procedure_code, d.procedure_name, d.applicant_name, d.status, d.received_at, d.due_at,
    w.stage, w.holder_id, w.holder_role, w.step_due_at, w.paused_at, w.extensions,
    h.to_user_id AS pending_user, h.to_role AS pending_role, h.id IS NOT NULL AS has_pending
  FROM dossier_workflow w JOIN dossier d ON d.id = w.dossier_id
  LEFT JOIN hand_over h ON h.dossier_id = w.dossier_id AND h.confirmed_at IS NULL
  WHERE w.open = 1`;

// Mine: held by me, held by my role with nobody named (the result back at the counter), or handed to me.
const MINE_SQL = `${OPEN_SQL} AND (w.holder_id = @me OR (w.holder_id IS NULL AND w.holder_role = @role)
    OR h.to_user_id = @me OR (h.id IS NOT NULL AND h.to_user_id IS NULL AND h.to_role = @role))`;

interface Shaped { row: OpenRow; stage: Stage; facts: ClockFacts; marks: WorkflowMarks }

function shape(r: OpenRow, now: Date, me: User | null): Shaped {
  const stage = stageOf({ stage: r.stage }, r.status);
  const facts: ClockFacts = {
    stage, dueAt: r.due_at, pausedAt: r.paused_at, extensions: r.extensions,
    pendingTo: r.has_pending ? { userId: r.pending_user, role: r.pending_role } : null,
  };
  return { row: r, stage, facts, marks: marksOf(facts, now, me) };
}

function item(s: Shaped, clock: OfficeClock, now: Date, names: Map<string, string>): QueueItem {
  const r = s.row;
  return {
    dossierId: r.id, number: r.number, procedureCode: r.procedure_code, procedureName: r.procedure_name, applicantName: r.applicant_name,
    status: r.status, statusName: statusName(r.status), stage: s.stage, stageName: STAGE_NAMES[s.stage],
    holderId: r.holder_id, holderName: r.holder_id ? names.get(r.holder_id) ?? r.holder_id : roleGroup(r.holder_role),
    receivedAt: r.received_at, dueAt: r.due_at, stepDueAt: r.step_due_at,
    timeLeftMinutes: timeLeftMinutes(clock, s.facts, now), marks: s.marks,
  };
}

/**
 * An order by time left without counting working time for every row: the due instant for a running clock;
 * a paused one as if it resumed now (its wall-clock time left at the pause). Working time is monotone in
 * wall-clock time, so running dossiers sort exactly; the result at the counter goes last.
 */
function sortKey(s: Shaped, now: Date): number {
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
  const rows = (prepared(raw, MINE_SQL).all({ me: me.id, role: me.role }) as OpenRow[]).map((r) => shape(r, now, me));
  const counts = zero();
  for (const s of rows) add(counts, s.marks);
  const names = userNames(raw);
  const items = rows.map((s) => ({ s, item: item(s, clock, now, names) }));
  // Least working time left first (late ones are negative), then those without a clock (the counter's results).
  items.sort((a, b) => (a.item.timeLeftMinutes ?? Number.MAX_SAFE_INTEGER) - (b.item.timeLeftMinutes ?? Number.MAX_SAFE_INTEGER)
    || sortKey(a.s, now) - sortKey(b.s, now));
  return { items: items.slice(0, limit).map((x) => x.item), counts, now: now.toISOString() };
}

export function officeOverview(raw: Raw, me: User, now: Date, clock: OfficeClock, perHolder: number) {
  const rows = (prepared(raw, OPEN_SQL).all() as OpenRow[]).map((r) => shape(r, now, me));
  const names = userNames(raw);
  const roles = new Map((prepared(raw, `SELECT id, role FROM app_user`).all() as { id: string; role: string }[]).map((u) => [u.id, u.role as Role]));
  const totals = zero();
  const groups = new Map<string, { holderId: string | null; holderRole: Role | null; counts: Counts; rows: Shaped[] }>();
  for (const s of rows) {
    add(totals, s.marks);
    const key = s.row.holder_id ?? `role:${s.row.holder_role ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { holderId: s.row.holder_id, holderRole: (s.row.holder_id ? roles.get(s.row.holder_id) ?? s.row.holder_role : s.row.holder_role) as Role | null, counts: zero(), rows: [] };
      groups.set(key, g);
    }
    add(g.counts, s.marks);
    g.rows.push(s);
  }
  const holders = [...groups.values()]
    .sort((a, b) => b.counts.overdue - a.counts.overdue || b.counts.dueToday - a.counts.dueToday || b.counts.open - a.counts.open)
    .map((g) => {
      const shown = perHolder > 0 ? g.rows.sort((a, b) => sortKey(a, now) - sortKey(b, now)).slice(0, perHolder) : [];
      return {
        ...g.counts, holderId: g.holderId, holderRole: g.holderRole,
        holderName: g.holderId ? names.get(g.holderId) ?? g.holderId : roleGroup(g.holderRole) || 'Chưa giao',
        dossiers: shown.map((s) => item(s, clock, now, names)),
      };
    });
  return { now: now.toISOString(), totals, holders };
}

export function warnings(raw: Raw, me: User, now: Date) {
  const mine = (prepared(raw, MINE_SQL).all({ me: me.id, role: me.role }) as OpenRow[]).map((r) => shape(r, now, me).marks);
  const all = (prepared(raw, OPEN_SQL).all() as OpenRow[]).map((r) => shape(r, now, me).marks);
  return {
    mine: { dueToday: mine.filter((m) => m.dueToday).length, overdue: mine.filter((m) => m.overdue).length, awaitingMyConfirmation: mine.filter((m) => m.awaitingMyConfirmation).length },
    office: { dueToday: all.filter((m) => m.dueToday).length, overdue: all.filter((m) => m.overdue).length },
  };
}
