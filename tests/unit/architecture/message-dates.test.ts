import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore } from '../../support/core-harness';
import { ROOT } from '../../support/server';

// Dates reach the clerk as dd/mm/yyyy (issue 9 #15: "đã có phiên bản áp dụng từ ngày 2025-06-01"). Dates travel
// as 'YYYY-MM-DD' keys inside the app, so a Vietnamese message that interpolates a date key as it is shows the
// ISO form. Every such interpolation in the core and the shared code must go through a formatter
// (formatDateKeyVn, formatInstant…). A value that is not a valid date (shown as typed, to be corrected) is
// marked on its line with the comment "raw-date".
const DIRS = ['main', 'shared'];
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
/** ${name} or ${a.b.name}, not passed to a function. */
const INTERPOLATION = /\$\{\s*([\w.?!]+)\s*\}/g;
/** A name that holds a date or an instant: validFrom, valid_to, e.date, birthDate, dateKey, receivedAt, created_at. */
const DATE_NAME = /^(?:valid_?[Ff]rom|valid_?[Tt]o|date|\w*[a-z]Date|\w*DateKey|dateKey|\w*[a-z]At|\w+_at)$/;

function dateInterpolations(line: string): string[] {
  return [...line.matchAll(INTERPOLATION)].map((m) => m[1]!).filter((expr) => DATE_NAME.test(expr.split('.').pop()!.replace(/[?!]/g, '')));
}

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

function offenders(): string[] {
  const out: string[] = [];
  for (const file of DIRS.flatMap(files)) {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!VIETNAMESE.test(line) || line.includes('raw-date') || /^\s*(\/\/|\*)/.test(line)) return;
      for (const expr of dateInterpolations(line)) out.push(`${file}:${i + 1}: \${${expr}}`);
    });
  }
  return out;
}

describe('dates in messages', () => {
  it('no Vietnamese message in the core or shared code interpolates a date key as it is', () => {
    expect(offenders()).toEqual([]);
  });

  it('the check finds such a message', () => {
    const line = 'throw new AppError(\'CONFLICT\', `Thủ tục đã có phiên bản áp dụng từ ngày ${input.validFrom} hoặc muộn hơn.`);';
    expect(dateInterpolations(line)).toEqual(['input.validFrom']);
    expect(dateInterpolations('`Ngày ${e.date}: lịch ${existing.name}, nhận ${row.received_at}`')).toEqual(['e.date', 'row.received_at']);
    expect(dateInterpolations('`từ ${formatDateKeyVn(input.validFrom)} · ${what} · ${at}.path · ${maxDay}`')).toEqual([]);
  });

  it('the catalogue refuses an older version in dd/mm/yyyy, through the core', async () => {
    const h = await startCore();
    try {
      const [current] = await h.must('procedures.search', { query: '1.004873' });
      const clash = await h.call('procedures.createVersion', {
        code: current.code, name: current.name, sector: current.sector, durationUnit: 'working-days', durationValue: 2,
        cutoff: null, validFrom: '2025-06-01', components: current.components, fees: current.fees, feeNote: '',
      });
      expect(clash.error.code).toBe('CONFLICT');
      expect(clash.error.message).toContain('áp dụng từ ngày 01/06/2025 hoặc muộn hơn');
      expect(clash.error.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    } finally {
      await h.close();
      fs.rmSync(h.dataDir, { recursive: true, force: true });
    }
  });
});
