// A version's fee lines carry their pricing and when they are collected (issue 11): created by the
// administrator through the contract, checked at the field to fix, stored, and used when the fee is collected.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';

let h: Harness;
const clock = new SettableClock(fromVnParts(2026, 5, 4, 9, 0));
beforeAll(async () => { h = await startCore({ clock }); }, 120_000);
afterAll(async () => { await h?.close(); });

async function copyOf(code: string) {
  const seed = (await h.must('procedures.history', { code })).at(-1);
  const { id: _i, procedureId: _p, validTo: _t, durationText: _d, ...copy } = seed;
  return copy;
}

describe('pricing rules in the version form', () => {
  it('the shipped certification of copies is priced per page with its tiers and cap', async () => {
    const copy = await copyOf('2.000815');
    expect(copy.fees[0]).toMatchObject({ amount: 2000, pricing: { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 200_000 } });
  });

  it('refuses tiers out of order or not from page 1, at the field, in Vietnamese', async () => {
    const copy = await copyOf('2.000815');
    const bad = await h.call('procedures.createVersion', {
      ...copy, validFrom: '2026-05-01',
      fees: [{ ...copy.fees[0], pricing: { kind: 'per-page', tiers: [{ fromPage: 2, amount: 2000 }, { fromPage: 2, amount: 1000 }] } }],
    });
    expect(bad.error.code).toBe('VALIDATION');
    const fields = bad.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toContain('fees.0.pricing.tiers.0.fromPage');
    expect(fields).toContain('fees.0.pricing.tiers.1.fromPage');
    const collect = await h.call('procedures.createVersion', { ...copy, validFrom: '2026-05-01', fees: [{ ...copy.fees[0], collect: 3 }] });
    expect(collect.error.fields.map((f: { field: string }) => f.field)).toContain('fees.0.collect');
  });

  it('a new version with its own tiers prices the next dossier by them', async () => {
    await h.must('fees.setSettings', {
      bank: { bin: '', account: '', accountName: '' }, exemptions: [], printers: { a5: '', thermal: '' }, eReceiptProvider: 'local',
      templates: [{ id: 'bl', formSymbol: '01BLP0-001', seriesPattern: 'CT/{yy}E', paper: 'thermal', active: true }],
    });
    const copy = await copyOf('2.000815');
    const v = await h.must('procedures.createVersion', {
      ...copy, validFrom: '2026-05-01',
      fees: [{ ...copy.fees[0], pricing: { kind: 'per-page', tiers: [{ fromPage: 1, amount: 3000 }, { fromPage: 5, amount: 500 }], cap: 10_000 } }],
    });
    const d = (await h.must('dossiers.receive', intake(v.id, { components: [{ code: '', name: 'Bản chính', copyType: 'original', quantity: 1 }] }))).dossier;
    const r = await h.must('fees.collect', { operationId: crypto.randomUUID(), dossierId: d.id, pages: [6, 2], method: 'cash' });
    // 6 pages: 4 × 3.000 + 2 × 500 = 13.000, capped at 10.000; 2 pages: 6.000.
    expect(r.receipt).toMatchObject({ amount: 16_000, quantity: 8, series: 'CT/26E', paper: 'thermal', amountWords: 'Mười sáu nghìn đồng' });
    expect(r.fee.record.detail).toContain('6 trang: 10.000 đ (mức tối đa)');
  });
});
