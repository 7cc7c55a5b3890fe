// The core decides a fee rule's day-off extension (Bộ luật Dân sự 2015, Điều 148 khoản 5) on THIS office's
// calendar: an administrator's override making a Saturday a working day moves the end of the period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';

// Monday 16/03/2026, 09:00 in Hà Nội.
const clock = new SettableClock(new Date('2026-03-16T02:00:00Z'));
const KS = [{ code: 'TKKS', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 1 }];
let h: Harness;
let birth: string;

beforeAll(async () => {
  h = await startCore({ clock });
  birth = (await h.must('procedures.search', { query: '1.001193' }))[0].id;
});
afterAll(async () => { await h?.close(); });

const feeOf = async (eventDate: string) => (await h.must('dossiers.receive', intake(birth, { components: KS, fee: { eventDate } }))).dossier.fee;

describe('day 60 of a birth registration on a day off, through the core', () => {
  it('day 60 on Sunday 15/03: received Monday (day 61), on time', async () => {
    expect(await feeOf('2026-01-14')).toMatchObject({ by: 'rule', lines: [{ amount: 0 }] });
  });

  it('day 60 on Saturday 14/03: on time on Monday (day 62) — late once the office makes that Saturday a working day', async () => {
    expect(await feeOf('2026-01-13')).toMatchObject({ lines: [{ amount: 0 }] });
    await h.must('calendar.setOverride', { date: '2026-03-14', kind: 'work', name: 'Làm bù' });
    expect(await feeOf('2026-01-13')).toMatchObject({ by: 'rule', lines: [{ name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 8000 }] });
  });
});
