// The office's counts are summed in SQL (queues.ts MARKS_SQL) while each shown dossier's marks come from
// marksOf (clock.ts): the two must say the same of every open dossier. 3,000 open rows at every stage, due
// dates around now, the end of the Vietnam day and the pause, with and without a pending hand-over, compared
// holder by holder, and the warnings of every person.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/contract';
import { STAGES, TERMINAL_STAGES } from '../../shared/workflow/dossier-transitions';
import { endOfVnDay, marksOf } from '../../main/services/workflow/clock';
import { officeOverview, warnings } from '../../main/services/workflow/queues';
import { SettableClock, startCore, type Harness } from '../support/core-harness';
import { fromVnParts } from '../../shared/time/vn-time';

const now = fromVnParts(2026, 3, 10, 14, 20);
const clock = new SettableClock(now);
let h: Harness;
const people: User[] = [];

beforeAll(async () => {
  h = await startCore({ clock });
  for (const [i, role] of (['clerk', 'clerk', 'officer', 'officer', 'officer', 'leader'] as const).entries()) {
    people.push(await h.must('users.create', { username: `nguoi${i}`, fullName: `Người Số ${i}`, role, password: 'matkhau-123' }));
  }
  const raw = h.core.services.db.raw;
  const version = (raw.prepare(`SELECT id FROM procedure_version WHERE code = '1.004873'`).get() as { id: string }).id;
  const cols = `id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text, channel, applicant_name,
    applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at, effective_received_at, due_at, status,
    delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id, created_at, updated_at, row_version, lookup_code`;
  const insert = raw.prepare(`INSERT INTO dossier (${cols}) VALUES (?, ?, 0, '', ?, '1.004873', 'Thủ tục', '', 1, 'Người nộp', '', '', '', '', '',
    ?, ?, ?, 4, 'counter', '', 1, '', '', '', ?, ?, ?, ?, 1, '')`);
  const set = raw.prepare(`UPDATE dossier_workflow SET stage = ?, holder_id = ?, holder_role = ?, paused_at = ?, pending_user_id = ?, pending_role = ?,
    extensions = ?, due_at = ?, open = 1 WHERE dossier_id = ?`);
  const open = STAGES.filter((s) => !(TERMINAL_STAGES as readonly string[]).includes(s));
  const dayEnd = endOfVnDay(now);
  // Due dates on the edges that matter: now, the end of the day, a pause's start, and spread around them.
  const edges = [now.getTime(), now.getTime() - 1, now.getTime() + 1, dayEnd, dayEnd - 1, dayEnd + 1];
  raw.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const id = crypto.randomUUID();
      const pick = <T>(xs: readonly T[]) => xs[crypto.randomInt(xs.length)]!;
      const due = i % 17 === 0 ? null : new Date(i % 5 === 0 ? pick(edges) : now.getTime() + crypto.randomInt(-5 * 86_400_000, 5 * 86_400_000)).toISOString();
      insert.run(id, `SO-${i}`, version, now.toISOString(), now.toISOString(), due, people[0]!.id, crypto.randomUUID(), now.toISOString(), now.toISOString());
      const holder = i % 7 === 0 ? null : pick(people);
      const pausedAt = i % 3 === 0 ? (due && i % 2 ? due : new Date(now.getTime() - crypto.randomInt(0, 6 * 86_400_000)).toISOString()) : null;
      const pendingTo = i % 4 === 0 ? pick([...people, null]) : undefined;
      set.run(pick(open), holder?.id ?? null, holder?.role ?? pick(['clerk', 'leader', null]), pausedAt,
        pendingTo === undefined ? null : pendingTo?.id ?? null, pendingTo === undefined ? null : pendingTo?.role ?? pick(['clerk', 'officer']),
        i % 6 === 0 ? 1 : 0, due, id);
    }
  })();
}, 60_000);
afterAll(async () => { await h?.close(); });

describe('SQL counts and JS marks', () => {
  it('agree for every holder and every person\'s warnings', async () => {
    const raw = h.core.services.db.raw;
    const rows = raw.prepare(`SELECT * FROM dossier_workflow WHERE open = 1`).all() as Record<string, string | number | null>[];
    expect(rows.length).toBe(3000);
    const marks = rows.map((r) => ({
      r, m: marksOf({
        stage: r.stage as never, dueAt: r.due_at as string | null, pausedAt: r.paused_at as string | null, extensions: r.extensions as number,
        pendingTo: r.pending_user_id !== null || r.pending_role !== null ? { userId: r.pending_user_id as string | null, role: r.pending_role as string | null } : null,
      }, now, people[0]!),
    }));
    const meClock = await h.core.services.workflow.clock();
    const overview = officeOverview(raw, people[0]!, now, meClock, 0);
    const sum = (xs: typeof marks) => ({
      open: xs.length, dueToday: xs.filter((x) => x.m.dueToday).length, overdue: xs.filter((x) => x.m.overdue).length,
      paused: xs.filter((x) => x.m.paused).length, awaitingConfirmation: xs.filter((x) => x.m.awaitingConfirmation).length,
      extended: xs.filter((x) => x.m.extended).length,
    });
    expect(overview.totals).toEqual(sum(marks));
    expect(overview.totals.overdue).toBeGreaterThan(100);
    expect(overview.totals.dueToday).toBeGreaterThan(20);
    for (const g of overview.holders) {
      const mine = marks.filter((x) => x.r.holder_id === g.holderId && (g.holderId !== null || x.r.holder_role === g.holderRole));
      const { holderId: _a, holderName: _b, holderRole: _c, dossiers: _d, ...counts } = g;
      expect(counts, g.holderName).toEqual(sum(mine));
    }
    for (const p of people) {
      const held = marks.filter(({ r }) => r.holder_id === p.id || (r.holder_id === null && r.holder_role === p.role)
        || r.pending_user_id === p.id || (r.pending_user_id === null && r.pending_role === p.role));
      const w = warnings(raw, p, now);
      expect(w.office).toEqual({ dueToday: sum(marks).dueToday, overdue: sum(marks).overdue });
      const awaitingMine = marks.filter(({ r, m }) => m.awaitingConfirmation && (r.pending_user_id === p.id || (r.pending_user_id === null && r.pending_role === p.role)));
      expect(w.mine).toEqual({ dueToday: sum(held).dueToday, overdue: sum(held).overdue, awaitingMyConfirmation: awaitingMine.length });
    }
  });
});
