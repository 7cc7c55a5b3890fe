// A fee rule's period whose last day is a day off (Bộ luật Dân sự 2015, Điều 148 khoản 5): "Khi ngày cuối
// cùng của thời hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc
// ngày làm việc tiếp theo ngày nghỉ đó". Counted on the office's calendar as the core builds it: statutory
// holidays, the official schedules shipped with the app, the office's overrides on top.
import { describe, expect, it } from 'vitest';
import catalogue from '../../../assets/catalogue/procedures.json';
import official from '../../../assets/calendar/official-overrides.json';
import { addDays, buildWorkCalendar, type CalendarOverride } from '../../../shared/calendar';
import { DAY_OFF_BASIS, decideFee, feeText, ruleReason, type FeeLine } from '../../../shared/intake/fees';
import { validateIntake } from '../../../shared/intake/validate-intake';

const BIRTH = catalogue.procedures.find((p) => p.code === '1.001193')!.fees as FeeLine[];
const office = (overrides: CalendarOverride[] = []) => buildWorkCalendar({ official: official.overrides, office: overrides }).calendar;
const CAL = office();
const fee = (eventDate: string, today: string, fees = BIRTH, calendar = CAL) => decideFee(fees, { eventDate }, today, calendar);
const amount = (d: ReturnType<typeof fee>) => d.applied.map((l) => l.amount);

describe('day 60 of a birth registration falls on a day off: the period runs to the next working day', () => {
  it('a Sunday (15/03/2026): Monday is still on time, Tuesday is late', () => {
    expect(CAL.isWorkingDay('2026-03-15')).toBe(false);
    const monday = fee('2026-01-14', '2026-03-16');
    expect(monday).toMatchObject({ by: 'rule', days: 61, dayOff: { lastDay: '2026-03-15', extendedTo: '2026-03-16' } });
    expect(feeText(monday.applied)).toBe('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
    expect(ruleReason(monday)).toBe('Tiếp nhận sau 61 ngày kể từ ngày sinh của trẻ; ngày cuối của thời hạn (15/03/2026) là ngày nghỉ nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo, 16/03/2026 (Bộ luật Dân sự 2015, Điều 148 khoản 5).');
    expect(amount(fee('2026-01-14', '2026-03-17'))).toEqual([8000]);
    expect(fee('2026-01-14', '2026-03-17').dayOff).toBeNull();
  });

  it('Tết (mùng 1, 17/02/2026): the nine days off of Tết 2026 carry it to Monday 23/02', () => {
    expect(amount(fee('2025-12-19', '2026-02-23'))).toEqual([0]);
    expect(fee('2025-12-19', '2026-02-23')).toMatchObject({ days: 66, dayOff: { lastDay: '2026-02-17', extendedTo: '2026-02-23' } });
    expect(amount(fee('2025-12-19', '2026-02-24'))).toEqual([8000]);
  });

  it('a substitute day off (Monday 27/04/2026, for Giỗ Tổ on Sunday 26/04): Tuesday is on time, Wednesday late', () => {
    expect(CAL.holidays(2026).find((h) => h.date === '2026-04-27')?.kind).toBe('substitute');
    expect(amount(fee('2026-02-26', '2026-04-28'))).toEqual([0]);
    expect(amount(fee('2026-02-26', '2026-04-29'))).toEqual([8000]);
  });

  it('an official swap day off (Friday 02/01/2026, Tết Dương lịch) carries it to Monday 05/01', () => {
    expect(amount(fee('2025-11-03', '2026-01-05'))).toEqual([0]);
    expect(amount(fee('2025-11-03', '2026-01-06'))).toEqual([8000]);
  });
});

describe('a Saturday that is a working day is the last day itself', () => {
  it('the official make-up Saturday 10/01/2026: the period ends that day, Monday is late', () => {
    expect(CAL.isWorkingDay('2026-01-10')).toBe(true);
    expect(fee('2025-11-11', '2026-01-12')).toMatchObject({ days: 62, dayOff: null });
    expect(amount(fee('2025-11-11', '2026-01-12'))).toEqual([8000]);
    // On the statutory calendar alone that Saturday is a day off, so the same receipt would be on time.
    expect(amount(decideFee(BIRTH, { eventDate: '2025-11-11' }, '2026-01-12'))).toEqual([0]);
  });

  it('an office override making Saturday 14/03/2026 a working day', () => {
    const withOverride = office([{ date: '2026-03-14', kind: 'work', name: 'Làm bù' }]);
    expect(amount(fee('2026-01-13', '2026-03-16', BIRTH, withOverride))).toEqual([8000]);
    expect(amount(fee('2026-01-13', '2026-03-16'))).toEqual([0]);
  });
});

describe('the extension is data on the rule', () => {
  it('the shipped birth rule carries it, on', () => {
    expect(BIRTH.map((f) => f.when?.dayOffExtends)).toEqual([true, true]);
    expect(DAY_OFF_BASIS).toBe('Bộ luật Dân sự 2015, Điều 148 khoản 5');
  });

  it('off: day 60 on a Sunday ends that Sunday, Monday is late', () => {
    const strict = BIRTH.map((f) => ({ ...f, when: { ...f.when!, dayOffExtends: false } }));
    expect(amount(fee('2026-01-14', '2026-03-16', strict))).toEqual([8000]);
  });

  it('absent means on (a version written before the flag)', () => {
    const older = BIRTH.map((f) => ({ ...f, when: { countFrom: f.when!.countFrom, withinDays: f.when!.withinDays, afterDays: f.when!.afterDays } }));
    expect(amount(fee('2026-01-14', '2026-03-16', older))).toEqual([0]);
  });

  it('the core\'s intake rules count with the calendar they are given', () => {
    const base = {
      applicant: { fullName: 'Lê Văn Hùng', idNumber: '001090012345', birthDate: '', address: '', phone: '', email: '' },
      components: [{ name: 'Tờ khai đăng ký khai sinh', quantity: 1 }], delivery: { method: 'counter' as const, address: '' },
      reason: '', missingItems: [], outcome: 'receive' as const, fees: BIRTH, fee: { eventDate: '2025-11-11' },
    };
    expect(validateIntake({ ...base, calendar: CAL }, '2026-01-12').fee?.applied[0]!.amount).toBe(8000);
    expect(validateIntake({ ...base, calendar: office([{ date: '2026-01-10', kind: 'off', name: 'Nghỉ' }]) }, '2026-01-12').fee?.applied[0]!.amount).toBe(0);
  });
});

describe('the intake screen counts on the same days as the core', () => {
  it('working days rebuilt from the listed holidays equal the office calendar, day by day', async () => {
    const { workingDaysFromHolidays } = await import('../../../shared/intake/office-days');
    const cal = office([{ date: '2026-03-14', kind: 'work', name: 'Làm bù' }, { date: '2026-06-05', kind: 'off', name: 'Nghỉ' }]);
    const days = workingDaysFromHolidays(new Map([2025, 2026].map((y) => [y, cal.holidays(y)])));
    const differ: string[] = [];
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (days.isWorkingDay(d) !== cal.isWorkingDay(d)) differ.push(d);
    expect(differ).toEqual([]);
  });
});
