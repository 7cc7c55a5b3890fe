// An administrator's fee rules are checked by the core when a version is created (procedures.createVersion):
// each rule alone by the contract, the rules together by the catalogue service, with a Vietnamese message at
// the field to fix (fees.N.when.withinDays, .countFrom…) so the version form can put focus there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Harness } from '../support/core-harness';

let h: Harness;
let n = 0;
beforeAll(async () => { h = await startCore(); });
afterAll(async () => { await h?.close(); });

const BIRTH = { countFrom: 'Ngày sinh của trẻ' };
const onTime = (when: Record<string, unknown>) => ({ name: 'Lệ phí đúng hạn', amount: 0, note: '', when });
const late = (when: Record<string, unknown>) => ({ name: 'Lệ phí quá hạn', amount: 8000, note: '', when });

/** Creates a version of a test procedure with these fee lines; each call a later validFrom. */
async function create(fees: unknown[]) {
  n += 1;
  return h.call('procedures.createVersion', {
    code: '1.999001', name: 'Thủ tục thử phí', sector: 'Hộ tịch', durationUnit: 'same-day', durationValue: 0, cutoff: null,
    validFrom: `2031-01-${String(n).padStart(2, '0')}`, components: [], fees, feeNote: '',
  });
}
const fieldsOf = (r: { error?: { fields?: { field: string; message: string }[] } }) => Object.fromEntries((r.error?.fields ?? []).map((f) => [f.field, f.message]));

describe('a fee rule alone (contract)', () => {
  it('no days: the message is at the days field', async () => {
    const r = await create([onTime({ ...BIRTH }), late({ ...BIRTH, afterDays: 60 })]);
    expect(r.ok).toBe(false);
    expect(fieldsOf(r)).toEqual({ 'fees.0.when.withinDays': 'Nhập số ngày của điều kiện: trong bao nhiêu ngày, hoặc sau bao nhiêu ngày (VD 60).' });
  });

  it('both "within" and "after" on one rule: the message is on the rule', async () => {
    const r = await create([onTime({ ...BIRTH, withinDays: 60, afterDays: 60 }), late({ ...BIRTH, afterDays: 60 })]);
    expect(fieldsOf(r)).toEqual({ 'fees.0.when': 'Ghi một trong hai: áp dụng trong bao nhiêu ngày, hoặc sau bao nhiêu ngày.' });
  });

  it('no date to count from, days out of range or not whole: each at its field, in Vietnamese', async () => {
    const r = await create([onTime({ countFrom: '  ', withinDays: -1 }), late({ ...BIRTH, afterDays: 1.5 })]);
    expect(fieldsOf(r)).toEqual({
      'fees.0.when.countFrom': 'Nhập tên ngày được tính từ, VD Ngày sinh của trẻ',
      'fees.0.when.withinDays': 'Số ngày từ 0 đến 36.500 — hãy nhập lại.',
      'fees.1.when.afterDays': 'Số ngày là số nguyên, VD 60.',
    });
    expect(fieldsOf(await create([onTime({ ...BIRTH, withinDays: 40_000 }), late({ ...BIRTH, afterDays: 60 })])))
      .toEqual({ 'fees.0.when.withinDays': 'Số ngày từ 0 đến 36.500 — hãy nhập lại.' });
  });
});

describe('the rules of a version together (core)', () => {
  it('a rule on the only fee line is refused: that line always applies', async () => {
    const r = await create([onTime({ ...BIRTH, withinDays: 60 })]);
    expect(r.error.code).toBe('VALIDATION');
    expect(fieldsOf(r)).toEqual({ 'fees.0.when': 'Chỉ có một khoản thu thì khoản đó luôn áp dụng: chọn "Luôn áp dụng", hoặc thêm khoản thu thay thế (VD khoản quá hạn).' });
  });

  it('rules counting from different dates are refused: the intake asks one date', async () => {
    const r = await create([onTime({ ...BIRTH, withinDays: 60 }), late({ countFrom: 'Ngày chết', afterDays: 60 })]);
    expect(fieldsOf(r)).toEqual({ 'fees.1.when.countFrom': 'Các khoản có điều kiện phải tính từ cùng một ngày (khoản 1: "Ngày sinh của trẻ") — màn hình tiếp nhận chỉ hỏi một ngày.' });
  });

  it('overlapping rules are refused at the later line\'s days', async () => {
    const r = await create([onTime({ ...BIRTH, withinDays: 60 }), late({ ...BIRTH, afterDays: 30 })]);
    expect(fieldsOf(r)).toEqual({ 'fees.1.when.afterDays': 'Trùng với điều kiện của khoản 1: tiếp nhận từ 31 đến 60 ngày thì cả hai cùng áp dụng — sửa số ngày (VD "trong 60 ngày" và "sau 60 ngày").' });
  });

  it('a day count no rule covers is refused: "within 60" with "after 61" leaves day 61', async () => {
    const r = await create([onTime({ ...BIRTH, withinDays: 60 }), late({ ...BIRTH, afterDays: 61 })]);
    expect(fieldsOf(r)).toEqual({ 'fees.1.when.afterDays': 'Tiếp nhận đúng 61 ngày thì không khoản có điều kiện nào áp dụng — sửa số ngày cho liền nhau (VD "trong 60 ngày" và "sau 60 ngày").' });
    const open = await create([onTime({ ...BIRTH, withinDays: 60 }), { name: 'Lệ phí quá hạn', amount: 8000, note: '' }]);
    expect(fieldsOf(open)).toEqual({ 'fees.0.when.withinDays': 'Tiếp nhận sau 60 ngày thì không khoản có điều kiện nào áp dụng — thêm điều kiện "sau 60 ngày" cho khoản thu còn lại.' });
  });

  it('a complete pair is stored as given, the day-off flag and the basis included; an exemption without rule may sit beside it', async () => {
    const fees = [
      onTime({ ...BIRTH, withinDays: 60, basis: 'Luật Hộ tịch', dayOffExtends: false }),
      late({ ...BIRTH, afterDays: 60, basis: 'Luật Hộ tịch' }),
      { name: 'Miễn cho hộ nghèo', amount: 0, note: '' },
    ];
    const r = await create(fees);
    expect(r.ok).toBe(true);
    expect(r.data.fees).toEqual(fees);
    expect((await h.must('procedures.history', { code: '1.999001' }))[0].fees).toEqual(fees);
  });
});
