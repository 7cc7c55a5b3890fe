// Trả kết quả: finding the dossier from what the counter has — the slip's QR as a USB scanner types it
// (maHoSo=…&maTTHC=…&maTraCuu=…, or the look-up URL ending with them; docs/lookup-code.md), a number
// (provisional or official), a 12-digit ID number, or a name.
import { In, type EntityManager } from 'typeorm';
import { statusName, type DossierSummary } from '../../../shared/contract';
import { STAGE_NAMES } from '../../../shared/workflow/dossier-transitions';
import { DossierEntity, type DossierRow } from '../../persistence/entities';
import { DossierWorkflowEntity } from '../../persistence/entities-workflow';
import { stageOf } from './records';

export type MatchedBy = 'qr' | 'number' | 'id-number' | 'name' | 'none';

/** The QR's parameters from what a scanner typed: a query string, or a URL carrying one; null when it is neither. */
export function parseSlipQr(text: string): { maHoSo: string; maTraCuu: string } | null {
  const t = text.trim();
  if (!/(^|[?&])(maHoSo|maTraCuu)=/i.test(t)) return null;
  const query = t.includes('?') ? t.slice(t.indexOf('?') + 1) : t;
  let maHoSo = '';
  let maTraCuu = '';
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).toLowerCase();
    let value = part.slice(eq + 1);
    try { value = decodeURIComponent(value.replace(/\+/g, ' ')); } catch { /* typed as is: keep it */ }
    if (key === 'mahoso') maHoSo = value.trim();
    if (key === 'matracuu') maTraCuu = value.trim();
  }
  return maHoSo || maTraCuu ? { maHoSo, maTraCuu } : null;
}

/** Crockford's decoding of a look-up code typed or scanned: upper case, O→0, I/L→1, separators dropped. */
export const normalizeLookupCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

export async function findForReturn(em: EntityManager, query: string, byName: (q: string) => Promise<DossierSummary[]>) {
  const q = query.trim();
  let matchedBy: MatchedBy = 'none';
  let rows: DossierRow[] = [];
  const qr = parseSlipQr(q);
  if (qr) {
    // The look-up code identifies the dossier alone (the number printed may be a provisional one since replaced).
    if (qr.maTraCuu) rows = await em.find(DossierEntity, { where: { lookupCode: normalizeLookupCode(qr.maTraCuu) } });
    if (!rows.length && qr.maHoSo) rows = await byNumber(em, qr.maHoSo);
    matchedBy = rows.length ? 'qr' : 'none';
  } else if (/^\d{12}$/.test(q.replace(/\s+/g, ''))) {
    rows = await em.find(DossierEntity, { where: { applicantIdNumber: q.replace(/\s+/g, '') }, order: { receivedAt: 'DESC' }, take: 50 });
    if (rows.length) matchedBy = 'id-number';
  } else {
    rows = await byNumber(em, q);
    if (rows.length) matchedBy = 'number';
  }
  let summaries: DossierSummary[] = rows.map(summary);
  if (!qr && !summaries.length) {
    summaries = await byName(q);
    if (summaries.length) matchedBy = 'name';
  }
  const stages = new Map((await em.find(DossierWorkflowEntity, { where: { dossierId: In(summaries.map((s) => s.id)) } })).map((w) => [w.dossierId, w]));
  const items = summaries.map((s) => {
    const stage = stageOf(stages.get(s.id) ?? null, s.status);
    return { ...s, stage, stageName: STAGE_NAMES[stage], ready: stage === 'result-ready' };
  });
  // The results waiting at the counter first: that is what the clerk is looking for.
  items.sort((a, b) => Number(b.ready) - Number(a.ready));
  return { matchedBy, items };
}

async function byNumber(em: EntityManager, number: string): Promise<DossierRow[]> {
  const direct = await em.find(DossierEntity, { where: { number } });
  if (direct.length) return direct;
  // A provisional number the official one replaced (printed on the slip before it arrived).
  const former = await em.query(`SELECT dossier_id FROM dossier_number_history WHERE number = ?`, [number]) as { dossier_id: string }[];
  return former.length ? em.find(DossierEntity, { where: { id: In(former.map((f) => f.dossier_id)) } }) : [];
}

function summary(r: DossierRow): DossierSummary {
  return {
    id: r.id, number: r.number, provisional: !!r.provisional, procedureCode: r.procedureCode, procedureName: r.procedureName,
    applicantName: r.applicantName, applicantIdNumber: r.applicantIdNumber, applicantPhone: r.applicantPhone,
    receivedAt: r.receivedAt, dueAt: r.dueAt, status: r.status, statusName: statusName(r.status), channel: r.channel,
  };
}
