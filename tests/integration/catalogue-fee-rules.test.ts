// Fee rules reach an office installed before they existed: the catalogue is seeded on first start only, so a
// database made before 6907c7a has a birth registration without its 60-day rule and the clerk is asked to
// choose the fee line. At start the seed's own version gets the asset's rule, audited; a version an
// administrator made is left exactly as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';

const BIRTH = '1.001193';
// The birth registration's fee lines as the asset had them before rules (git show 6907c7a^:assets/catalogue/procedures.json).
const OLD_FEES = [
  { name: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0, note: 'Miễn' },
  { name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 8000, note: 'Chưa xác minh, theo nghị quyết HĐND tỉnh' },
];
const KS = [{ code: 'TKKS', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 1 }];
const clock = new SettableClock(new Date('2026-03-03T03:00:00Z'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-feerules-'));
let h: Harness | undefined;

afterAll(async () => {
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const raw = () => h!.core.services.db.raw;
const auditRows = () => raw().prepare(`SELECT entity_id id, before_json b, after_json a FROM audit_event WHERE action = 'procedure.version.feeRules'`).all() as { id: string; b: string; a: string }[];
const feesJson = (id: string) => raw().prepare('SELECT fees_json FROM procedure_version WHERE id = ?').pluck().get(id) as string;

describe('fee rules of the shipped catalogue on a database made before them', () => {
  it('the seed version gets its rule at the next start, audited; an administrator\'s version is untouched', async () => {
    h = await startCore({ dataDir, clock });
    const seedId = raw().prepare(`SELECT id FROM procedure_version WHERE code = ? AND source = 'seed'`).pluck().get(BIRTH) as string;
    // The database as an older version left it: the seed's birth registration without rules.
    raw().prepare('UPDATE procedure_version SET fees_json = ? WHERE id = ?').run(JSON.stringify(OLD_FEES), seedId);
    h.core.services.catalogue.invalidate();
    // An administrator's new version, copied from it (no rule either), from 2030.
    const seed = (await h.must('procedures.history', { code: BIRTH })).at(-1);
    const { id: _i, procedureId: _p, validTo: _t, durationText: _d, ...copy } = seed;
    const admin = await h.must('procedures.createVersion', { ...copy, validFrom: '2030-01-01' });
    const adminFees = feesJson(admin.id);
    expect(admin.fees.some((f: { when?: unknown }) => f.when)).toBe(false);

    // Today the clerk is asked to choose: the rule-less version cannot decide from the birth date.
    const asked = await h.call('dossiers.receive', intake(seedId, { components: KS, fee: { eventDate: '2026-01-02' } }));
    expect(asked.ok).toBe(false);
    expect(asked.error.fields.map((f: { field: string }) => f.field)).toEqual(['fee.line']);
    await h.close();

    h = await startCore({ dataDir, clock });
    const history = await h.must('procedures.history', { code: BIRTH });
    const filled = history.find((v: { id: string }) => v.id === seedId);
    expect(filled.fees.map((f: { when?: unknown }) => f.when)).toEqual([
      expect.objectContaining({ countFrom: 'Ngày sinh của trẻ', withinDays: 60 }),
      expect.objectContaining({ countFrom: 'Ngày sinh của trẻ', afterDays: 60 }),
    ]);
    expect(filled.fees.map((f: { name: string; amount: number; note: string }) => [f.name, f.amount, f.note])).toEqual(OLD_FEES.map((f) => [f.name, f.amount, f.note]));
    // Audited: before without the rule, after with it, by the seed.
    const audit = auditRows();
    expect(audit.map((a) => a.id)).toEqual([seedId]);
    expect(JSON.parse(audit[0]!.b)).toEqual({ fees: OLD_FEES });
    expect(JSON.parse(audit[0]!.a)).toMatchObject({ source: 'seed', fees: [{ when: { withinDays: 60 } }, { when: { afterDays: 60 } }] });
    // The administrator's version is exactly as it was made.
    expect(feesJson(admin.id)).toBe(adminFees);

    // The rule decides again: 60 days is on time, free, without a choice.
    const r = await h.must('dossiers.receive', intake(seedId, { components: KS, fee: { eventDate: '2026-01-02' } }));
    expect(r.dossier.fee).toMatchObject({ by: 'rule', lines: [{ name: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0 }] });
    await h.close();

    // Once filled, later starts change nothing.
    h = await startCore({ dataDir, clock });
    expect(auditRows()).toHaveLength(1);
  });

  it('a seed version whose lines are not the asset\'s (other names or amounts) is left alone', async () => {
    const other = [{ name: 'Lệ phí đăng ký khai sinh', amount: 5000, note: '' }, { name: 'Miễn lệ phí', amount: 0, note: '' }];
    const seedId = raw().prepare(`SELECT id FROM procedure_version WHERE code = ? AND source = 'seed'`).pluck().get(BIRTH) as string;
    raw().prepare('UPDATE procedure_version SET fees_json = ? WHERE id = ?').run(JSON.stringify(other), seedId);
    await h!.close();
    h = await startCore({ dataDir, clock });
    expect(JSON.parse(feesJson(seedId))).toEqual(other);
    expect(auditRows()).toHaveLength(1);
  });
});
