// The transition table (shared/workflow): every row allowed to the roles the procedure gives it and refused
// to every other role with a Vietnamese message naming the state and the role; every open stage has an exit;
// the procedure's shape (hand-over, approval) switches rows on and off; the person checks.
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/contract/common';
import {
  ACTIONS, actionRoles, availableActions, checkAction, rowFor, rowRoles, STAGE_NAMES, STAGE_STATUS, STAGES, STATUS_STAGE, TERMINAL_STAGES,
  TRANSITIONS, type DossierWorkflowState, type Stage, type TransitionRow,
} from '../../../shared/workflow/dossier-transitions';
import {
  checkWorkflow, DEFAULT_WORKFLOW, procedureWorkflowSchema, readWorkflow, ROLE_NAMES, type ProcedureWorkflow,
} from '../../../shared/workflow/procedure-workflow';
import { workflowApi } from '../../../shared/contract/api-workflow';

const ROWS = TRANSITIONS as readonly TransitionRow[];
// Every shape a procedure can have, with every role that may do each step, so each row's bound is exercised.
const FULL: ProcedureWorkflow = { steps: [
  { kind: 'counter', roles: ['clerk', 'officer'], duration: null },
  { kind: 'processing', roles: ['officer', 'leader', 'clerk'], duration: null },
  { kind: 'approval', roles: ['leader'], duration: null },
] };
const NO_APPROVAL: ProcedureWorkflow = { steps: FULL.steps.slice(0, 2) };
const COUNTER_ONLY: ProcedureWorkflow = { steps: [FULL.steps[0]!] };
const SHAPES = { FULL, NO_APPROVAL, COUNTER_ONLY, DEFAULT: DEFAULT_WORKFLOW };

const holds = (row: TransitionRow, w: ProcedureWorkflow) => {
  const has = (k: string) => w.steps.some((s) => s.kind === k);
  return row.when === undefined || (row.when === 'handOver' ? has('processing') : row.when === 'noHandOver' ? !has('processing')
    : row.when === 'approval' ? has('approval') : !has('approval'));
};
/** A dossier in the row's stage that this actor holds and that waits for this actor's confirmation. */
const stateFor = (stage: Stage, actor: { id: string; role: Role }): DossierWorkflowState => ({
  stage, holderId: actor.id, pendingHandOver: { toUserId: actor.id, toRole: actor.role },
});

describe('the table', () => {
  it('has each (from, action) pair once, and every stage and action is known', () => {
    const pairs = ROWS.map((r) => `${r.from}/${r.action}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const r of ROWS) {
      expect(STAGES).toContain(r.from);
      expect(STAGES).toContain(r.to);
      expect(ACTIONS).toContain(r.action);
      expect(r.roles).not.toContain('admin');
    }
  });

  it('leaves no terminal stage and leaves every open stage, for every shape of procedure', () => {
    for (const t of TERMINAL_STAGES) expect(ROWS.filter((r) => r.from === t)).toEqual([]);
    for (const [name, w] of Object.entries(SHAPES)) {
      for (const stage of STAGES.filter((s) => !(TERMINAL_STAGES as readonly string[]).includes(s))) {
        const exits = ROWS.filter((r) => r.from === stage && r.to !== stage && holds(r, w) && rowRoles(r, w).length > 0);
        expect(exits.length, `${name}: ${stage} has no exit`).toBeGreaterThan(0);
      }
    }
  });

  it('maps every stage to one national status and every status to a stage of it', () => {
    for (const [status, stage] of Object.entries(STATUS_STAGE)) expect(STAGE_STATUS[stage]).toBe(Number(status));
    for (const s of STAGES) expect(STAGE_NAMES[s]).toBeTruthy();
  });

  it('gives each contract method the roles of its rows, never the administrator', () => {
    for (const a of ACTIONS) {
      const m = (workflowApi as Record<string, { access: readonly string[] }>)[`workflow.${a}`];
      expect(m, a).toBeDefined();
      expect([...m!.access].sort()).toEqual(actionRoles(a));
      expect(m!.access).not.toContain('admin');
    }
  });
});

describe.each(ROWS.map((r) => [`${r.from} —${r.action}→ ${r.to}`, r] as const))('%s', (_label, row) => {
  // The widest shape of procedure in which the row applies.
  const w = Object.values(SHAPES).find((shape) => holds(row, shape))!;
  const allowed = rowRoles(row, w);

  it('is allowed to each role the procedure gives it', () => {
    expect(allowed.length).toBeGreaterThan(0);
    for (const role of allowed) {
      const actor = { id: `u-${role}`, role };
      const r = checkAction(stateFor(row.from, actor), actor, row.action, w);
      expect(r.ok, `${role}`).toBe(true);
      expect(availableActions(stateFor(row.from, actor), actor, w)).toContain(row.action);
    }
  });

  it('is refused to every other role, naming the state and the role', () => {
    for (const role of ROLES.filter((x) => !allowed.includes(x))) {
      const actor = { id: `u-${role}`, role };
      const r = checkAction(stateFor(row.from, actor), actor, row.action, w);
      expect(r.ok, role).toBe(false);
      if (r.ok) continue;
      expect(r.code).toBe('FORBIDDEN');
      expect(r.message).toContain(STAGE_NAMES[row.from]);
      expect(r.message).toContain(ROLE_NAMES[role]);
      expect(availableActions(stateFor(row.from, actor), actor, w)).not.toContain(row.action);
    }
  });

  it('is refused in every other stage that has no such row (CONFLICT, naming the state)', () => {
    const actor = { id: 'u', role: allowed[0]! };
    for (const stage of STAGES.filter((s) => !rowFor(s, row.action))) {
      const r = checkAction(stateFor(stage, actor), actor, row.action, w);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('CONFLICT');
        expect(r.message).toContain(STAGE_NAMES[stage]);
      }
    }
  });
});

describe('the procedure decides', () => {
  const clerk = { id: 'c', role: 'clerk' as const };
  const officer = { id: 'o', role: 'officer' as const };
  const leader = { id: 'l', role: 'leader' as const };

  it('a hand-over where there is an officer step, processing at the counter where there is not', () => {
    const s = stateFor('received', clerk);
    expect(availableActions(s, clerk, DEFAULT_WORKFLOW)).toContain('handOver');
    expect(availableActions(s, clerk, DEFAULT_WORKFLOW)).not.toContain('startProcessing');
    expect(availableActions(s, clerk, COUNTER_ONLY)).toContain('startProcessing');
    const r = checkAction(s, clerk, 'handOver', COUNTER_ONLY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('không có bước đó');
  });

  it('approval before the result where the procedure needs it', () => {
    expect(availableActions(stateFor('processing', officer), officer, DEFAULT_WORKFLOW)).toContain('submitForApproval');
    expect(availableActions(stateFor('processing', officer), officer, DEFAULT_WORKFLOW)).not.toContain('resultReady');
    expect(availableActions(stateFor('processing', officer), officer, NO_APPROVAL)).toContain('resultReady');
  });

  it('the steps\' roles narrow the rows: a counter step given to officers only leaves the clerk out', () => {
    const w: ProcedureWorkflow = { steps: [{ kind: 'counter', roles: ['officer'], duration: null }, FULL.steps[1]!] };
    expect(availableActions(stateFor('received', clerk), clerk, w)).toEqual([]);
    expect(availableActions(stateFor('received', officer), officer, w)).toContain('handOver');
  });

  it('only the holder (or a leader) acts on a dossier being processed', () => {
    const held: DossierWorkflowState = { stage: 'processing', holderId: 'someone-else', pendingHandOver: null };
    const r = checkAction(held, officer, 'requestCompletion', DEFAULT_WORKFLOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('Cán bộ xử lý');
    expect(checkAction(held, { id: 'l', role: 'leader' }, 'extend', DEFAULT_WORKFLOW).ok).toBe(true);
  });

  it('only the receiver confirms a hand-over; a role-wide one by anyone of the role', () => {
    const toOther: DossierWorkflowState = { stage: 'handed-over', holderId: 'x', pendingHandOver: { toUserId: 'x', toRole: 'officer' } };
    expect(checkAction(toOther, officer, 'confirmReceipt', DEFAULT_WORKFLOW).ok).toBe(false);
    const atCounter: DossierWorkflowState = { stage: 'result-ready', holderId: null, pendingHandOver: { toUserId: null, toRole: 'clerk' } };
    expect(checkAction(atCounter, clerk, 'confirmReceipt', DEFAULT_WORKFLOW).ok).toBe(true);
    expect(availableActions({ ...atCounter, pendingHandOver: null }, clerk, DEFAULT_WORKFLOW)).toEqual(['returnResult']);
    expect(checkAction(atCounter, leader, 'returnResult', DEFAULT_WORKFLOW).ok).toBe(false);
  });
});

describe('procedure workflow data', () => {
  it('reads the default for a version without it, or with one that cannot be read', () => {
    expect(readWorkflow(null)).toEqual(DEFAULT_WORKFLOW);
    expect(readWorkflow('{oops')).toEqual(DEFAULT_WORKFLOW);
    expect(readWorkflow(JSON.stringify({ steps: [{ kind: 'approval', roles: ['leader'] }] }))).toEqual(DEFAULT_WORKFLOW);
    expect(readWorkflow(JSON.stringify(NO_APPROVAL))).toEqual(NO_APPROVAL);
  });

  it('refuses a workflow at the field to fix, in Vietnamese', () => {
    expect(checkWorkflow({ steps: [{ kind: 'processing', roles: ['officer'] }] })[0]).toMatchObject({ path: ['steps', 0, 'kind'] });
    expect(checkWorkflow({ steps: [{ kind: 'counter', roles: [] }] })[0]).toMatchObject({ path: ['steps', 0, 'roles'] });
    const wrong = checkWorkflow({ steps: [{ kind: 'counter', roles: ['clerk'] }, { kind: 'approval', roles: ['clerk'] }] });
    expect(wrong[0]).toMatchObject({ path: ['steps', 1, 'roles'] });
    expect(wrong[0]!.message).toContain('Lãnh đạo');
    expect(checkWorkflow({ steps: [{ kind: 'counter', roles: ['clerk'] }, { kind: 'approval', roles: ['leader'] }, { kind: 'processing', roles: ['officer'] }] })
      .some((i) => i.path[1] === 2)).toBe(true);
    const parsed = procedureWorkflowSchema.safeParse({ steps: [{ kind: 'counter', roles: ['clerk'], duration: { unit: 'working-hours', value: 0 } }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['steps', 0, 'duration', 'value']);
  });
});
