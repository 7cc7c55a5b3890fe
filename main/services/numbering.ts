import type { EntityManager } from 'typeorm';
import { toVnParts, vnDateKey } from '../../shared/time/vn-time';
import { SEQ_TOKEN, sequencePeriod } from '../../shared/validation/number-pattern';
import { AppError } from '../base/errors';

/**
 * Dossier numbers: `<agency code>-<YYMMDD>-<NNNN>` by default (Thông tư 01/2018 Điều 19); the pattern is
 * configurable because the 2025 shape is unverified. Tokens: {agency} {yyyy} {yy} {MM} {dd} {counter} {seq:N}.
 * Numbers stay provisional until the provincial system confirms them (sync).
 *
 * The pattern's rules — its tokens, the period its sequence counts in, the patterns that could repeat a number —
 * live in shared/validation/number-pattern.ts, which the admin screens check with too.
 */
const SEQ = new RegExp(SEQ_TOKEN.source, 'g');

export function formatDossierNumber(pattern: string, v: { agency: string; counter: string; at: Date; seq: number }): string {
  const p = toVnParts(v.at);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  if (!SEQ_TOKEN.test(pattern)) throw new AppError('VALIDATION', 'Mẫu số hồ sơ phải có {seq} (số thứ tự trong ngày).');
  return pattern
    .replaceAll('{agency}', v.agency)
    .replaceAll('{counter}', v.counter)
    .replaceAll('{yyyy}', pad(p.year, 4))
    .replaceAll('{yy}', pad(p.year % 100, 2))
    .replaceAll('{MM}', pad(p.month, 2))
    .replaceAll('{dd}', pad(p.day, 2))
    .replace(SEQ, (_m, w: string | undefined) => pad(v.seq, Number(w ?? 4)));
}

/**
 * The sequence a number is counted in: the printed identity (agency and counter, when the pattern prints
 * them) and the period the pattern's date covers. Same key format as before for the default pattern
 * (`<agency>|<counter>`, day `YYYY-MM-DD`), so an office upgrading mid-day goes on counting.
 */
export function sequenceScope(pattern: string, v: { agency: string; counter: string; at: Date }): { scope: string; period: string } {
  const day = vnDateKey(v.at);
  const period = { day, month: day.slice(0, 7), year: day.slice(0, 4), ever: '*' }[sequencePeriod(pattern)];
  const scope = `${pattern.includes('{agency}') ? v.agency : ''}|${pattern.includes('{counter}') ? v.counter : ''}`;
  return { scope, period };
}

/** Takes the next number inside the caller's transaction: the row update and the dossier insert commit together. */
export async function nextSequence(em: EntityManager, scope: string, day: string): Promise<number> {
  const rows: { last_value: number }[] = await em.query(
    `INSERT INTO number_sequence(scope, day, last_value) VALUES (?, ?, 1)
     ON CONFLICT(scope, day) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`, [scope, day]);
  return rows[0]!.last_value;
}

/**
 * The next provisional number of the office, in the caller's transaction. A number some dossier here already
 * carries (now or before, official or provisional) is skipped: an office that changed its pattern, its agency
 * code, or whose sequence rows were counted under an older rule, never mints a number twice.
 */
export async function mintDossierNumber(em: EntityManager, office: { numberPattern: string; agencyCode: string; counterCode: string }, at: Date): Promise<string> {
  const v = { agency: office.agencyCode, counter: office.counterCode, at };
  const { scope, period } = sequenceScope(office.numberPattern, v);
  for (let tries = 0; tries < 100_000; tries++) {
    const number = formatDossierNumber(office.numberPattern, { ...v, seq: await nextSequence(em, scope, period) });
    const taken: unknown[] = await em.query(
      `SELECT 1 FROM dossier WHERE number = ? UNION ALL SELECT 1 FROM dossier_number_history WHERE number = ? LIMIT 1`, [number, number]);
    if (taken.length === 0) return number;
  }
  throw new AppError('CONFLICT', 'Không cấp được số hồ sơ mới theo mẫu số hiện tại (các số đều đã dùng). Quản trị viên kiểm tra mẫu số hồ sơ trong Quản trị → Cơ quan.');
}
