// Every transition is refused through the HTTP API (the browser shell, as the UI calls it) to each role the
// procedure does not give it — not only hidden in the UI — with a Vietnamese message naming the dossier's
// state and the role, and the refusal changes nothing; a repeated operation id changes nothing either.
import crypto from 'node:crypto';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/contract/common';
import {
  rowRoles, STAGE_NAMES, TRANSITIONS, type Stage, type TransitionRow,
} from '../../shared/workflow/dossier-transitions';
import { ROLE_NAMES, type ProcedureWorkflow } from '../../shared/workflow/procedure-workflow';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

type Caller = ReturnType<typeof apiCaller>;
const USERS = [
  { key: 'clerk', username: 'motcua', fullName: 'Nguyễn Thị Một Cửa', role: 'clerk' },
  { key: 'officer', username: 'tuphap1', fullName: 'Trần Văn Tư Pháp', role: 'officer' },
  { key: 'officer2', username: 'tuphap2', fullName: 'Đỗ Thị Hộ Tịch', role: 'officer' },
  { key: 'leader', username: 'chutich', fullName: 'Lê Văn Chủ Tịch', role: 'leader' },
] as const;
const PASSWORD = 'matkhau-123';
const ROWS = TRANSITIONS as readonly TransitionRow[];
// Three shapes of procedure from the shipped catalogue: full (hand-over, approval), processed at the counter, no approval.
const PROCEDURES = { full: '1.004873', atCounter: '2.000815', noApproval: '2.000908' } as const;
type Shape = keyof typeof PROCEDURES;

let server: RunningServer;
const callers: Record<string, Caller> = {};
const userIds: Record<string, string> = {};
const versions = {} as Record<Shape, { id: string; workflow: ProcedureWorkflow }>;
let submittedId = '';

async function must(c: Caller, method: string, input: unknown = {}) {
  const r = await c.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}
async function login() {
  const admin = apiCaller(server);
  admin.setSession((await must(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  callers.admin = admin;
  for (const u of USERS) {
    const c = apiCaller(server);
    c.setSession((await must(c, 'auth.login', { username: u.username, password: PASSWORD })).sessionToken);
    callers[u.key] = c;
  }
}
const byRole = (role: Role) => callers[role]!;

const holds = (row: TransitionRow, w: ProcedureWorkflow) => {
  const has = (k: string) => w.steps.some((s) => s.kind === k);
  return row.when === undefined || (row.when === 'handOver' ? has('processing') : row.when === 'noHandOver' ? !has('processing')
    : row.when === 'approval' ? has('approval') : !has('approval'));
};

/** A valid input of the row's method on this dossier, so that only the role can be the problem. */
function inputFor(row: TransitionRow, dossierId: string): Record<string, unknown> {
  const base = { operationId: crypto.randomUUID(), dossierId };
  const reason = { reason: 'Lý do ghi để thử nghiệm' };
  switch (row.action) {
    case 'handOver': return { ...base, toUserId: row.from === 'received' ? userIds.officer : userIds.officer2 };
    case 'requestCompletion': case 'requestPayment': case 'sendBack': case 'refuse': case 'withdraw': return { ...base, ...reason };
    case 'extend': return { ...base, ...reason, newDueAt: '2027-12-30T17:00:00+07:00' };
    case 'stop': return { ...base, ...reason, legalBasis: 'Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP' };
    case 'returnResult': return { ...base, method: 'counter', collector: { kind: 'applicant', fullName: 'Trần Thị Hoà Bình', idNumber: '' } };
    default: return base;
  }
}

/** The shortest way from a receipt to a stage, by rows the procedure has. */
function pathTo(target: Stage, w: ProcedureWorkflow): TransitionRow[] | null {
  const queue: { stage: Stage; path: TransitionRow[] }[] = [{ stage: 'received', path: [] }];
  const seen = new Set<Stage>(['received']);
  while (queue.length) {
    const { stage, path: p } = queue.shift()!;
    if (stage === target) return p;
    for (const row of ROWS) {
      if (row.from !== stage || row.to === stage || seen.has(row.to) || !holds(row, w) || !rowRoles(row, w).length) continue;
      seen.add(row.to);
      queue.push({ stage: row.to, path: [...p, row] });
    }
  }
  return null;
}

/** A dossier of this procedure brought to the stage by the roles that may do each step. */
const atStage = new Map<string, string>();
async function dossierAt(shape: Shape, stage: Stage): Promise<string> {
  if (stage === 'submitted') return submittedId;
  const key = `${shape}/${stage}`;
  if (atStage.has(key)) return atStage.get(key)!;
  const w = versions[shape].workflow;
  const steps = pathTo(stage, w);
  if (!steps) throw new Error(`no way to ${stage} for ${shape}`);
  const id = (await must(callers.clerk!, 'dossiers.receive', intake(versions[shape].id))).dossier.id as string;
  for (const row of steps) await must(byRole(rowRoles(row, w)[0]!), `workflow.${row.action}`, inputFor(row, id));
  atStage.set(key, id);
  return id;
}

beforeAll(async () => {
  server = await startServer();
  const admin = apiCaller(server);
  await must(admin, 'setup.initialize', { office: OFFICE, admin: ADMIN });
  admin.setSession((await must(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  for (const u of USERS) userIds[u.key] = (await must(admin, 'users.create', { username: u.username, fullName: u.fullName, role: u.role, password: PASSWORD })).id;
  for (const [shape, code] of Object.entries(PROCEDURES) as [Shape, string][]) versions[shape] = (await must(admin, 'procedures.search', { query: code }))[0];
  // An online dossier (status 1, not yet accepted) as the portal's inbound sync leaves it: written while the shell is stopped.
  const template = (await must(admin, 'dossiers.receive', intake(versions.full.id))).dossier.id as string;
  await server.stop();
  const db = new Sqlite(path.join(server.dataDir, 'motcua.sqlite'));
  const cols = (db.prepare(`PRAGMA table_info(dossier)`).all() as { name: string }[]).map((c) => c.name);
  submittedId = crypto.randomUUID();
  const over: Record<string, string> = {
    id: '?', number: `'ONLINE-0001'`, status: '1', channel: '2', operation_id: `'${crypto.randomUUID()}'`, lookup_code: `''`, due_at: 'NULL', provisional: '0',
  };
  db.prepare(`INSERT INTO dossier (${cols.join(', ')}) SELECT ${cols.map((c) => over[c] ?? c).join(', ')} FROM dossier WHERE id = ?`).run(submittedId, template);
  db.close();
  server = await startServer({ dataDir: server.dataDir });
  await login();
}, 180_000);
afterAll(async () => { await server?.stop(); });

describe('every transition through the HTTP API', () => {
  const cases = ROWS.map((row) => [`${row.from} —${row.action}→ ${row.to}`, row] as const);
  it.each(cases)('%s is refused to every role without it, naming the state and the role; nothing changes', async (_label, row) => {
    const shape = (Object.keys(PROCEDURES) as Shape[]).find((s) => holds(row, versions[s].workflow) && rowRoles(row, versions[s].workflow).length)!;
    const w = versions[shape].workflow;
    const id = await dossierAt(shape, row.from);
    const before = await must(callers.leader!, 'workflow.state', { dossierId: id });
    expect(before.stage).toBe(row.from);
    const events = (await must(callers.leader!, 'workflow.timeline', { dossierId: id })).entries.length;
    const refusedTo = ROLES.filter((r) => !rowRoles(row, w).includes(r));
    expect(refusedTo).toContain('admin');
    for (const role of refusedTo) {
      const r = await byRole(role).call(`workflow.${row.action}`, inputFor(row, id));
      expect(r.ok, `${role} was allowed`).toBe(false);
      expect(r.error!.code, role).toBe('FORBIDDEN');
      expect(r.error!.message, role).toContain(STAGE_NAMES[row.from]);
      expect(r.error!.message, role).toContain(ROLE_NAMES[role]);
    }
    const after = await must(callers.leader!, 'workflow.state', { dossierId: id });
    expect(after.rowVersion).toBe(before.rowVersion);
    expect(after.stage).toBe(row.from);
    expect((await must(callers.leader!, 'workflow.timeline', { dossierId: id })).entries.length).toBe(events);
  }, 60_000);

  it('a repeated operation id answers as the first call and changes nothing', async () => {
    const id = await dossierAt('full', 'processing');
    const input = { operationId: crypto.randomUUID(), dossierId: id, reason: 'Thiếu bản sao giấy khai sinh' };
    const first = await must(callers.officer!, 'workflow.requestCompletion', input);
    expect(first.repeated).toBe(false);
    const timeline = (await must(callers.leader!, 'workflow.timeline', { dossierId: id })).entries.length;
    const again = await must(callers.officer!, 'workflow.requestCompletion', input);
    expect(again.repeated).toBe(true);
    expect(again.document.id).toBe(first.document.id);
    expect(again.state.rowVersion).toBe(first.state.rowVersion);
    expect(again.state.dueChanges).toEqual(first.state.dueChanges);
    expect((await must(callers.leader!, 'workflow.timeline', { dossierId: id })).entries.length).toBe(timeline);
    // The same id for another action is refused rather than taken for the first one.
    const other = await callers.officer!.call('workflow.resume', { operationId: input.operationId, dossierId: id });
    expect(other.ok).toBe(false);
    expect(other.error!.code).toBe('CONFLICT');
  }, 60_000);
});
