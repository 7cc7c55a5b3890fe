import type { EntityManager } from 'typeorm';
import { toVnParts } from '../../shared/time/vn-time';
import { AppError } from '../base/errors';

/**
 * Dossier numbers: `<agency code>-<YYMMDD>-<NNNN>` by default (Thông tư 01/2018 Điều 19); the pattern is
 * configurable because the 2025 shape is unverified. Tokens: {agency} {yyyy} {yy} {MM} {dd} {counter} {seq:N}.
 * The sequence is per agency, counter and Vietnam day; numbers stay provisional until the provincial system
 * confirms them (sync issue).
 */
export function formatDossierNumber(pattern: string, v: { agency: string; counter: string; at: Date; seq: number }): string {
  const p = toVnParts(v.at);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  if (!/\{seq(:\d)?\}/.test(pattern)) throw new AppError('VALIDATION', 'Mẫu số hồ sơ phải có {seq} (số thứ tự trong ngày).');
  return pattern
    .replaceAll('{agency}', v.agency)
    .replaceAll('{counter}', v.counter)
    .replaceAll('{yyyy}', pad(p.year, 4))
    .replaceAll('{yy}', pad(p.year % 100, 2))
    .replaceAll('{MM}', pad(p.month, 2))
    .replaceAll('{dd}', pad(p.day, 2))
    .replace(/\{seq(?::(\d))?\}/g, (_m, w: string | undefined) => pad(v.seq, Number(w ?? 4)));
}

/** Takes the next number inside the caller's transaction: the row update and the dossier insert commit together. */
export async function nextSequence(em: EntityManager, scope: string, day: string): Promise<number> {
  const rows: { last_value: number }[] = await em.query(
    `INSERT INTO number_sequence(scope, day, last_value) VALUES (?, ?, 1)
     ON CONFLICT(scope, day) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`, [scope, day]);
  return rows[0]!.last_value;
}
