import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';

// Runs exactly the documented command: npm run --silent cli -- <args>, with an empty data folder
// so only the statutory rules and default hours apply.
const emptyDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-'));
function cli(...args: string[]): unknown {
  const out = execFileSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOTCUA_DATA_DIR: emptyDataDir, TZ: 'America/Los_Angeles' },
  });
  return JSON.parse(out);
}

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
  it('rejects an instant without an offset with a clear message and exit code 2', () => {
    expect(() => execFileSync('npm', ['run', '--silent', 'cli', '--', 'due', '--received', '2026-11-27 09:00', '--unit', 'days', '--duration', '1'], { cwd: ROOT, stdio: 'pipe' }))
      .toThrow(/múi giờ/);
  });
});
