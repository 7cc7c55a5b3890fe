// Bad input thrown at every method of the contract, derived from the schemas themselves (so a method added
// later is covered): for each field, impossible and out-of-range dates, overlong text, a bidi override,
// emoji, control characters, wrong types. No answer may be INTERNAL; every refusal is Vietnamese; a date,
// instant or free-text field with such a value is refused as VALIDATION at that field; and the office still
// saves a dossier afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, METHOD_NAMES, type MethodName } from '../../shared/contract';
import { template, type Kind, type Leaf, type Schema } from '../unit/contract/schema-walk';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';

const BAD_TEXT = ['Ă'.repeat(5000), 'Nguyễn \u202EnA năV', 'Nguyễn Văn An 😀', 'An\u0000', 'An\u0007\u001B[31m', '\uD83D'];
const BAD_DATES = ['2026-02-30', '9999-12-31', '2026-13-01', '26-11-27', '', '2026-02-30T09:00:00+07:00', '9999-12-31T23:59:59+07:00', '2026-11-27T24:00:00+07:00', '2026-11-27T09:00:00'];
const VARIANTS: Record<Kind, unknown[]> = {
  date: BAD_DATES, instant: BAD_DATES, 'free-text': BAD_TEXT,
  string: [...BAD_TEXT, '2026-02-30', 42, null],
  number: [-1, 1.5, 1e308, '12', null],
  boolean: ['có', null],
  other: ['không-có', 7],
};

function setAt(value: unknown, path: (string | number)[], v: unknown): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return v;
  let node = copy as Record<string | number, unknown>;
  path.slice(0, -1).forEach((key, i) => {
    node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  node[path[path.length - 1]] = v;
  return copy;
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
const ENGLISH = /\b(the|expected|invalid|undefined|cannot|error|failed|received|must|not a|is not)\b/i;
const vietnamese = (m: string) => VIETNAMESE.test(m) && !ENGLISH.test(m);

// Methods whose effect would end the session under test or wait on devices; each is covered by its own tests.
const SKIP = new Set<MethodName>(['auth.logout']);

const clock = new SettableClock(new Date('2026-11-27T09:15:00+07:00'));
let h: Harness;
let procedure: string;
/** Valid inputs for the methods that write, so that each bad value is the only problem and reaches the handler. */
const GOOD: Partial<Record<MethodName, () => unknown>> = {};
/** A session of each staff role: a method the administrator may not call (a dossier's workflow) is called by its role. */
const sessions: Partial<Record<string, string>> = {};
const sessionFor = (m: MethodName) => {
  const access = api[m].access;
  return access === 'public' || access.includes('admin') ? undefined : sessions[access[0]!];
};

beforeAll(async () => {
  h = await startCore({ clock });
  procedure = await versionId(h, 'xac nhan hon nhan');
  for (const role of ['clerk', 'officer', 'leader']) {
    await h.must('users.create', { username: `fuzz.${role}`, fullName: 'Người Thử Nghiệm', role, password: 'matkhau-123' });
    sessions[role] = (await h.must('auth.login', { username: `fuzz.${role}`, password: 'matkhau-123' })).sessionToken;
  }
  const office = await h.must('office.get');
  const [version] = await h.must('procedures.search', { query: '1.004873' });
  GOOD['dossiers.receive'] = () => intake(procedure, { note: 'Ghi chú', reason: '', missingItems: [{ code: '', name: 'Tờ khai', copyType: 'original', quantity: 1 }] });
  GOOD['dossiers.previewDue'] = () => ({ procedureVersionId: procedure, receivedAt: '2026-11-27T09:00:00+07:00' });
  GOOD['office.update'] = () => ({ ...office, problems: undefined });
  GOOD['calendar.setOverride'] = () => ({ date: '2026-12-31', kind: 'off', name: 'Nghỉ thử' });
  GOOD['procedures.createVersion'] = () => ({
    code: version.code, name: version.name, sector: version.sector, durationUnit: 'working-days', durationValue: 2, cutoff: null,
    validFrom: '2027-03-01', components: version.components, fees: [{ name: 'Lệ phí', amount: 0, note: '' }], feeNote: '', results: version.results,
  });
});
afterAll(async () => { await h.close(); });

describe('every method, schema-derived bad input', () => {
  it('derives leaves for every method, dates and free text among them', () => {
    const all = METHOD_NAMES.flatMap((m) => { const leaves: Leaf[] = []; template(api[m].input as Schema, [], leaves); return leaves; });
    expect(all.filter((l) => l.kind === 'date').length).toBeGreaterThanOrEqual(4);
    expect(all.filter((l) => l.kind === 'instant').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((l) => l.kind === 'free-text').length).toBeGreaterThanOrEqual(30);
  });

  it('answers every bad value without INTERNAL, in Vietnamese, and the office keeps saving', async () => {
    for (const [method, good] of Object.entries(GOOD)) expect((await h.call(method, good())).ok, method).toBe(true);
    let calls = 0;
    const failures: string[] = [];
    for (const method of METHOD_NAMES) {
      if (SKIP.has(method)) continue;
      const leaves: Leaf[] = [];
      const shape = template(api[method].input as Schema, [], leaves);
      const base = GOOD[method]?.() ?? shape;
      for (const leaf of leaves) {
        for (const bad of [...VARIANTS[leaf.kind], undefined]) {
          const input = setAt(base, leaf.path, bad);
          const r = await h.call(method, input, sessionFor(method)) as { ok: boolean; error?: { code: string; message: string; fields?: { field: string; message: string }[] } };
          calls++;
          const where = `${method} ${leaf.path.join('.') || '(input)'}=${JSON.stringify(bad)?.slice(0, 40)}`;
          if (r.ok) {
            if (bad !== undefined && (leaf.kind === 'date' || leaf.kind === 'instant' || leaf.kind === 'free-text')) failures.push(`${where}: accepted`);
            continue;
          }
          const e = r.error!;
          if (e.code === 'INTERNAL' || e.code === 'DATA_DAMAGED') failures.push(`${where}: ${e.code} ${e.message}`);
          if (!vietnamese(e.message)) failures.push(`${where}: not Vietnamese: ${e.message}`);
          for (const f of e.fields ?? []) if (!vietnamese(f.message)) failures.push(`${where}: field ${f.field} not Vietnamese: ${f.message}`);
          // Left out, an optional field is fine; any bad value of a date, instant or free text is refused at its field.
          const strict = bad !== undefined && (leaf.kind === 'date' || leaf.kind === 'instant' || leaf.kind === 'free-text');
          if (strict && e.code !== 'VALIDATION') failures.push(`${where}: expected VALIDATION, got ${e.code}`);
          if (strict && !(e.fields ?? []).some((f) => f.field === leaf.path.join('.'))) {
            failures.push(`${where}: no message at the field (${JSON.stringify(e.fields)})`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    console.log(`api fuzz: ${calls} calls over ${METHOD_NAMES.length - SKIP.size} methods`);
    // Whatever was thrown at it, the counter still works.
    const saved = await h.must('dossiers.receive', intake(procedure));
    expect(saved.dossier.number).toMatch(/^000\.00\.13\.H42-/);
    expect((await h.must('dossiers.previewDue', { procedureVersionId: procedure })).dueAt).toBeTruthy();
  });
});
