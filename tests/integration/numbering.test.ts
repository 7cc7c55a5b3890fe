import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromVnParts } from '../../shared/time/vn-time';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';

// Issue 8, item 8: the sequence of dossier numbers follows the pattern (daily only when the pattern has the
// day), a pattern that could repeat a number is refused by the core at office.update with the field path,
// and a number already carried by a dossier is never minted again.
describe('dossier number patterns and their sequence', () => {
  const clock = new SettableClock(fromVnParts(2026, 11, 23, 9, 0, 0));
  let h: Harness;
  let version = '';
  const receive = async () => (await h.must('dossiers.receive', intake(version))).dossier.number as string;
  /** Another day at the counter (the clerk logs in again: a session does not last for days). */
  const at = async (y: number, m: number, d: number) => {
    clock.current = fromVnParts(y, m, d, 9, 0, 0);
    h.setSession((await h.must('auth.login', { username: ADMIN.username, password: ADMIN.password }, undefined)).sessionToken);
  };

  beforeAll(async () => {
    h = await startCore({ clock });
    version = await versionId(h, '1.004873');
  });
  afterAll(async () => { await h.close(); });

  it('a pattern without the date keeps counting across days instead of minting yesterday\'s numbers again', async () => {
    await h.must('office.update', { ...OFFICE, numberPattern: '{agency}-{seq:4}' });
    await at(2026, 11, 23);
    expect(await receive()).toBe('000.00.13.H42-0001');
    expect(await receive()).toBe('000.00.13.H42-0002');
    await at(2026, 11, 24);
    expect(await receive()).toBe('000.00.13.H42-0003');
    await at(2027, 1, 4);
    expect(await receive()).toBe('000.00.13.H42-0004');
  });

  it('a monthly pattern restarts each month, a daily one each day', async () => {
    await h.must('office.update', { ...OFFICE, numberPattern: '{agency}/{yy}{MM}/{seq:3}' });
    await at(2026, 12, 1);
    expect(await receive()).toBe('000.00.13.H42/2612/001');
    await at(2026, 12, 2);
    expect(await receive()).toBe('000.00.13.H42/2612/002');
    await at(2027, 1, 5);
    expect(await receive()).toBe('000.00.13.H42/2701/001');
    await h.must('office.update', { ...OFFICE, numberPattern: '{agency}-{yy}{MM}{dd}-{seq:4}' });
    await at(2027, 1, 6);
    expect(await receive()).toBe('000.00.13.H42-270106-0001');
    await at(2027, 1, 7);
    expect(await receive()).toBe('000.00.13.H42-270107-0001');
  });

  it('refuses, at office.update with the field path and in Vietnamese, a pattern that could repeat a number', async () => {
    const cases: [string, RegExp][] = [
      ['{agency}-{dd}-{seq:4}', /thiếu tháng \{MM\}/],
      ['{agency}-{MM}{dd}-{seq:4}', /thiếu năm \{yy\}/],
      ['{agency}-{yy}{MM}{DD}-{seq:4}', /"\{DD\}" không phải trường được hỗ trợ/],
      ['{agency}-{yy}{MM}{dd-{seq:4}', /dấu \{ hoặc \} lẻ|không phải trường/],
    ];
    for (const [numberPattern, message] of cases) {
      const r = await h.call('office.update', { ...OFFICE, numberPattern });
      expect(r.ok, numberPattern).toBe(false);
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.fields).toEqual([expect.objectContaining({ field: 'numberPattern', message: expect.stringMatching(message) })]);
    }
    // Still the last accepted pattern: saves go on.
    expect((await h.must('office.get')).numberPattern).toBe('{agency}-{yy}{MM}{dd}-{seq:4}');
    await at(2027, 1, 7);
    expect(await receive()).toBe('000.00.13.H42-270107-0002');
  });

  it('a number some dossier already carries is skipped, never minted twice (a sequence counted under an older rule)', async () => {
    await h.must('office.update', { ...OFFICE, numberPattern: '{agency}-{seq:4}' });
    // As after an upgrade from the daily rule: the pattern's sequence row starts again from nothing.
    h.core.services.db.raw.prepare(`DELETE FROM number_sequence WHERE day = '*'`).run();
    await at(2027, 1, 8);
    expect(await receive()).toBe('000.00.13.H42-0005');
  });
});
