import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore } from '../support/core-harness';
import { ROOT } from '../support/server';

// Runs exactly the documented command: npm run --silent cli -- <args>, with an empty data folder
// so the statutory rules, the official schedules shipped in assets/ and the default hours apply.
const emptyDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-'));
function cliIn(dataDir: string, ...args: string[]): { out: unknown; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOTCUA_DATA_DIR: dataDir, TZ: 'America/Los_Angeles' },
  });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { out: JSON.parse(r.stdout), stderr: r.stderr };
}
const cli = (...args: string[]): unknown => cliIn(emptyDataDir, ...args).out;

describe('npm run cli', () => {
  it('due: working days, skipping the weekend', () => {
    expect(cli('due', '--received', '2026-11-27T09:15:00+07:00', '--unit', 'working-days', '--duration', '3')).toEqual({ due: '2026-12-02T17:00:00+07:00' });
  });
  it('due: same day with the cut-off, from a UTC instant', () => {
    expect(cli('due', '--received', '2026-11-27T08:30:00Z', '--unit', 'same-day', '--cutoff', '15:00')).toEqual({ due: '2026-11-30T17:00:00+07:00' });
  });
  it('due: working hours across the lunch break', () => {
    expect(cli('due', '--received', '2026-11-27T10:30:00+07:00', '--unit', 'working-hours', '--duration', '2')).toEqual({ due: '2026-11-27T14:30:00+07:00' });
  });
  it('due: calendar days landing on a holiday move to the next working day', () => {
    // Fri 13/11 + 11 days = Tue 24/11, Ngày Văn hóa Việt Nam → Wed 25/11.
    expect(cli('due', '--received', '2026-11-13T09:00:00+07:00', '--unit', 'days', '--duration', '11')).toEqual({ due: '2026-11-25T17:00:00+07:00' });
    // Received on Saturday 14/11: counts from the next opening (Mon 16/11), + 10 days = Thu 26/11.
    expect(cli('due', '--received', '2026-11-14T09:00:00+07:00', '--unit', 'days', '--duration', '10')).toEqual({ due: '2026-11-26T17:00:00+07:00' });
  });
  it('lunar: Tết 2026 and a leap month', () => {
    expect(cli('lunar', '2026-02-17')).toEqual({ day: 1, month: 1, year: 2026, leap: false });
    expect(cli('lunar', '2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
  });
  it('holidays: the list for a year, with Tết and the 24/11 day', () => {
    const list = cli('holidays', '2026') as { date: string; name: string; kind: string }[];
    const dates = list.map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-20', '2026-04-27', '2026-09-02', '2026-11-24']));
    expect(list.every((h) => h.name && h.kind)).toBe(true);
  });
  it('applies the official schedules without a data folder (2 January 2026 swapped with Saturday 10 January)', () => {
    // Received on the 1 January holiday: counts from Monday 5/1 (Friday 2/1 is off officially) → Tuesday 6/1.
    expect(cli('due', '--received', '2026-01-01T09:00:00+07:00', '--unit', 'working-days', '--duration', '1')).toEqual({ due: '2026-01-06T17:00:00+07:00' });
    const list = cli('holidays', '2026') as { date: string; kind: string }[];
    expect(list).toContainEqual(expect.objectContaining({ date: '2026-01-02', kind: 'override-off' }));
    expect(list).toContainEqual(expect.objectContaining({ date: '2026-01-10', kind: 'override-work' }));
  });
  it('with a data folder: official schedules, the office overrides on top, a bad stored row skipped with a warning', async () => {
    const h = await startCore();
    await h.must('calendar.setOverride', { date: '2026-01-10', kind: 'off', name: 'Cơ quan nghỉ thứ Bảy' });
    h.core.services.db.raw.prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES ('2026-02-30', 'off', 'Nhập nhầm', 'admin', NULL, '2026-01-01T00:00:00Z')`).run();
    await h.close();
    const { out, stderr } = cliIn(h.dataDir, 'holidays', '2026');
    const list = out as { date: string; kind: string }[];
    expect(list).toContainEqual(expect.objectContaining({ date: '2026-01-02', kind: 'override-off' }));
    expect(list).toContainEqual(expect.objectContaining({ date: '2026-01-10', kind: 'override-off' }));
    expect(list.map((x) => x.date)).not.toContain('2026-02-30');
    expect(stderr).toMatch(/"warning":"2026-02-30: Ngày \\"2026-02-30\\" không có thật/);
    expect(cliIn(h.dataDir, 'due', '--received', '2026-01-09T09:00:00+07:00', '--unit', 'working-days', '--duration', '1').out).toEqual({ due: '2026-01-12T17:00:00+07:00' });
  });
  it('refuses a day that does not exist or lies outside the calendar, in Vietnamese, with exit code 2', () => {
    for (const args of [
      ['due', '--received', '2026-02-30T09:00:00+07:00', '--unit', 'days', '--duration', '1'],
      ['due', '--received', '9999-12-31T09:00:00+07:00', '--unit', 'days', '--duration', '1'],
      ['lunar', '2026-02-30'], ['holidays', '2500'],
    ]) {
      const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOTCUA_DATA_DIR: emptyDataDir } });
      expect(r.status, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stderr).error, args.join(' ')).toMatch(/không có|ngoài lịch|năm từ 1900/);
    }
  });
  it('rejects an instant without an offset with a clear message and exit code 2', () => {
    expect(() => execFileSync('npm', ['run', '--silent', 'cli', '--', 'due', '--received', '2026-11-27 09:00', '--unit', 'days', '--duration', '1'], { cwd: ROOT, stdio: 'pipe' }))
      .toThrow(/múi giờ/);
  });
  it('names an unknown or incomplete option in Vietnamese with exit code 2', () => {
    for (const args of [['due', '--recieved', '2026-11-27T09:00:00+07:00'], ['due', '--unit']]) {
      const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOTCUA_DATA_DIR: emptyDataDir } });
      expect(r.status, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stderr).error, args.join(' ')).toMatch(/^Tham số không hợp lệ: .*'--(recieved|unit)/);
    }
  });
});
