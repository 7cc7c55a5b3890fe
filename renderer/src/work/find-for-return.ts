// Finding the dossier at the counter from what was typed or scanned. The core reads the slip's QR content
// as printed (workflow.findForReturn); when a Vietnamese typing tool mangled it, the numbers and look-up
// codes scan-content.ts puts back are asked one by one, each a clean QR content, until one is a dossier's.
import type { MethodOutput } from '../../../shared/contract';
import { parseScan, unreadable } from './scan-content';

export type Found = MethodOutput<'workflow.findForReturn'>;
export type FindCall = (query: string) => Promise<Found>;

export type FindOutcome =
  | { kind: 'empty' }
  | { kind: 'found'; found: Found; /** Read only after putting back what a typing tool changed. */ repaired: boolean }
  | { kind: 'none'; message: string };

/** At most this many look-ups for one mangled scan (each a loopback call). */
const MAX_TRIES = 40;

export const SWITCH_TO_ENGLISH = 'Không đọc được mã QR: bộ gõ tiếng Việt (Unikey/EVKey) đang bật nên chữ máy quét gõ vào bị đổi thành chữ có dấu. '
  + 'Chuyển bộ gõ sang tiếng Anh (biểu tượng E; Ctrl+Shift hoặc Alt+Z) rồi quét lại.';
export const REPAIRED_HINT = 'Bộ gõ tiếng Việt đang bật khi quét: đã đọc lại được mã, nhưng nên chuyển bộ gõ sang tiếng Anh (E) trước khi quét.';
const NOT_FOUND_QR = 'Không tìm thấy hồ sơ theo mã QR này. Kiểm tra giấy hẹn có phải do bộ phận này cấp không, hoặc tìm theo số hồ sơ, họ tên, số định danh.';
const NOT_FOUND_TEXT = 'Không tìm thấy hồ sơ. Tìm theo số hồ sơ, họ tên (có dấu hoặc không) hoặc số định danh 12 chữ số, hoặc quét mã QR trên giấy hẹn.';

/** The look-ups to try, in order, for what was typed. */
export function queriesFor(raw: string): { queries: string[]; mangled: boolean } {
  const p = parseScan(raw);
  if (p.kind === 'empty') return { queries: [], mangled: false };
  if (p.kind === 'text') return { queries: [p.query], mangled: false };
  const out: string[] = [];
  // As printed: the core reads it itself (and the look-up URL around it).
  if (!p.mangled) out.push(raw.trim());
  const proc = p.procedureCode ? `&maTTHC=${encodeURIComponent(p.procedureCode)}` : '';
  for (const n of p.numbers) out.push(`maHoSo=${encodeURIComponent(n)}${proc}`);
  for (const c of p.lookupCodes) out.push(`maTraCuu=${c}`);
  if (p.idNumber) out.push(p.idNumber);
  return { queries: [...new Set(out)].slice(0, MAX_TRIES), mangled: p.mangled };
}

export async function findForReturn(raw: string, call: FindCall): Promise<FindOutcome> {
  const p = parseScan(raw);
  if (p.kind === 'empty') return { kind: 'empty' };
  if (unreadable(p)) return { kind: 'none', message: p.kind === 'qr' && p.mangled ? SWITCH_TO_ENGLISH : NOT_FOUND_QR };
  const { queries, mangled } = queriesFor(raw);
  for (const q of queries) {
    const found = await call(q);
    if (found.items.length) return { kind: 'found', found, repaired: mangled };
  }
  if (p.kind === 'text') return { kind: 'none', message: NOT_FOUND_TEXT };
  return { kind: 'none', message: mangled ? SWITCH_TO_ENGLISH : NOT_FOUND_QR };
}
