// Which fee line applies (issue 9 #14): the catalogue's rule decides where the law does (a birth registered
// more than 60 days after the birth is late), the clerk chooses where nothing decides, and form 01 prints
// only the line that applies.
import { describe, expect, it } from 'vitest';
import catalogue from '../../../assets/catalogue/procedures.json';
import { decideFee, feeText, ruleReason, type FeeLine } from '../../../shared/intake/fees';
import { validateIntake } from '../../../shared/intake/validate-intake';
import { feeSpecSchema } from '../../../shared/contract';

const fees = (code: string) => catalogue.procedures.find((p) => p.code === code)!.fees as FeeLine[];
const BIRTH = fees('1.001193');
const DEATH = fees('1.000656');
const TODAY = '2026-03-03';

describe('the fee of a birth registration, from the child\'s birth date', () => {
  it('on the 60th day after the birth: on time, free', () => {
    const d = decideFee(BIRTH, { eventDate: '2026-01-02' }, TODAY);
    expect(d).toMatchObject({ by: 'rule', days: 60, issues: [] });
    expect(d.applied.map((l) => l.name)).toEqual(['Lệ phí đăng ký khai sinh đúng hạn']);
    expect(feeText(d.applied)).toBe('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
  });

  it('on the 61st day: late, 8.000 đ — and a clerk\'s other choice does not override the law', () => {
    const d = decideFee(BIRTH, { eventDate: '2026-01-01', line: 0 }, TODAY);
    expect(d).toMatchObject({ by: 'rule', days: 61 });
    expect(feeText(d.applied)).toBe('Lệ phí đăng ký khai sinh quá hạn: 8.000 đ');
    expect(ruleReason(d)).toBe('Tiếp nhận sau 61 ngày kể từ ngày sinh của trẻ.');
  });

  it('leap years count: 29 February is a day', () => {
    expect(decideFee(BIRTH, { eventDate: '2024-01-01' }, '2024-03-01').days).toBe(60);
    expect(decideFee(BIRTH, { eventDate: '2024-01-01' }, '2024-03-01').applied[0]!.amount).toBe(0);
    expect(decideFee(BIRTH, { eventDate: '2024-01-01' }, '2024-03-02').applied[0]!.amount).toBe(8000);
  });

  it('without the birth date nothing is decided: the date is asked, in Vietnamese, at fee.eventDate', () => {
    const d = decideFee(BIRTH, {}, TODAY);
    expect(d.applied).toEqual([]);
    expect(d.dateLabel).toBe('Ngày sinh của trẻ');
    expect(d.issues).toEqual([{ field: 'fee.eventDate', severity: 'error', message: 'Nhập ngày sinh của trẻ (dd/mm/yyyy) để tính phí, lệ phí áp dụng.' }]);
  });

  it('a birth date after the day of receipt is refused', () => {
    const d = decideFee(BIRTH, { eventDate: '2026-03-04' }, TODAY);
    expect(d.applied).toEqual([]);
    expect(d.issues[0]).toMatchObject({ field: 'fee.eventDate', message: 'Ngày sinh của trẻ không được sau ngày tiếp nhận hồ sơ (hôm nay).' });
  });
});

describe('fees the data cannot decide are asked of the clerk', () => {
  it('death registration: on time or late is not in the reference, so the clerk must choose', () => {
    expect(DEATH.some((f) => f.when)).toBe(false);
    const asked = decideFee(DEATH, {}, TODAY);
    expect(asked).toMatchObject({ by: null, choices: [0, 1], applied: [] });
    expect(asked.issues).toEqual([{ field: 'fee.line', severity: 'error', message: 'Chọn khoản phí, lệ phí áp dụng cho hồ sơ này.' }]);
    const chosen = decideFee(DEATH, { line: 1 }, TODAY);
    expect(chosen).toMatchObject({ by: 'clerk', issues: [] });
    expect(feeText(chosen.applied)).toBe('Lệ phí đăng ký khai tử quá hạn: 8.000 đ');
    expect(decideFee(DEATH, { line: 5 }, TODAY).issues[0]!.message).toContain('không áp dụng được');
  });

  it('rules that leave no line (data that does not cover the case) fall back to the clerk', () => {
    const gap: FeeLine[] = [
      { name: 'A', amount: 0, when: { countFrom: 'Ngày xảy ra', withinDays: 10 } },
      { name: 'B', amount: 5000, when: { countFrom: 'Ngày xảy ra', afterDays: 30 } },
    ];
    const d = decideFee(gap, { eventDate: '2026-02-10' }, TODAY); // 21 days: neither
    expect(d).toMatchObject({ choices: [0, 1], applied: [] });
    expect(decideFee(gap, { eventDate: '2026-02-10', line: 1 }, TODAY).applied[0]!.name).toBe('B');
  });

  it('one line applies as it is; no line prints nothing', () => {
    const single = fees('1.004873');
    expect(decideFee(single, {}, TODAY)).toMatchObject({ by: 'only', issues: [] });
    expect(feeText(single)).toBe('Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: 15.000 đ');
    expect(decideFee([], {}, TODAY)).toMatchObject({ by: 'none', applied: [], issues: [] });
    expect(feeText([])).toBeUndefined();
  });
});

describe('the core\'s intake rules carry the fee', () => {
  const base = {
    applicant: { fullName: 'Lê Văn Hùng', idNumber: '001090012345', birthDate: '', address: '', phone: '', email: '' },
    components: [{ name: 'Tờ khai đăng ký khai sinh', quantity: 1 }], delivery: { method: 'counter' as const, address: '' },
    reason: '', missingItems: [],
  };

  it('a receipt must settle its fee; forms 02 and 03 carry none', () => {
    const receipt = validateIntake({ ...base, outcome: 'receive', fees: BIRTH, fee: {} }, TODAY);
    expect(receipt.issues.map((i) => i.field)).toContain('fee.eventDate');
    const ok = validateIntake({ ...base, outcome: 'receive', fees: BIRTH, fee: { eventDate: '2026-01-01' } }, TODAY);
    expect(ok.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(ok.fee?.applied.map((l) => l.amount)).toEqual([8000]);
    const refusal = validateIntake({ ...base, outcome: 'refuse', reason: 'Không thuộc thẩm quyền', fees: BIRTH, fee: {} }, TODAY);
    expect(refusal.fee).toBeNull();
    expect(refusal.issues.map((i) => i.field)).not.toContain('fee.eventDate');
  });
});

describe('the rule is data on the procedure\'s fees', () => {
  it('the shipped catalogue\'s fee lines are valid fee specs, the birth rule among them', () => {
    for (const p of catalogue.procedures) for (const f of p.fees) expect(feeSpecSchema.safeParse(f).success, `${p.code} ${f.name}`).toBe(true);
    expect(BIRTH.map((f) => f.when)).toEqual([
      expect.objectContaining({ countFrom: 'Ngày sinh của trẻ', withinDays: 60 }),
      expect.objectContaining({ countFrom: 'Ngày sinh của trẻ', afterDays: 60 }),
    ]);
  });

  it('a rule says one of "within" or "after"', () => {
    const both = { name: 'X', amount: 0, note: '', when: { countFrom: 'Ngày sinh của trẻ', withinDays: 60, afterDays: 60 } };
    const neither = { name: 'X', amount: 0, note: '', when: { countFrom: 'Ngày sinh của trẻ' } };
    expect(feeSpecSchema.safeParse(both).success).toBe(false);
    expect(feeSpecSchema.safeParse(neither).success).toBe(false);
  });
});
