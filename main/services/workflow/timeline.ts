// The dossier's timeline: every event, who and when — its status and workflow events, hand-overs and their
// confirmations, pauses and extensions, documents made and printed, the return, and audited changes that
// left no event of their own.
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { timelineEntrySchema } from '../../../shared/contract/api-workflow';
import { statusName } from '../../../shared/contract';
import { formatDateTimeVn } from '../../../shared/time/vn-time';
import { notFound } from '../../base/errors';
import { AuditEventEntity, DocumentEntity, DossierEntity, DossierEventEntity, PrintJobEntity } from '../../persistence/entities';
import { DossierReturnEntity, DueChangeEntity, HandOverEntity } from '../../persistence/entities-workflow';
import { usersById } from './records';
import { handOverView } from './state-view';

type Entry = z.infer<typeof timelineEntrySchema>;

const OUTCOME = { early: 'trước hạn', 'on-time': 'đúng hạn', late: 'quá hạn' } as const;
const FORM = (kind: string) => `Mẫu ${kind.replace(/^form/, '')}`;
const when = (iso: string | null) => (iso ? formatDateTimeVn(new Date(iso)) : '');

export async function timeline(em: EntityManager, dossierId: string): Promise<Entry[]> {
  if (!(await em.existsBy(DossierEntity, { id: dossierId }))) throw notFound('hồ sơ');
  const [users, events, audits, handOvers, dueChanges, docs, prints, returned] = await Promise.all([
    usersById(em),
    em.find(DossierEventEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.find(AuditEventEntity, { where: { entity: 'dossier', entityId: dossierId }, order: { id: 'ASC' } }),
    em.find(HandOverEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.find(DueChangeEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.find(DocumentEntity, { where: { dossierId }, order: { createdAt: 'ASC' } }),
    em.find(PrintJobEntity, { where: { dossierId }, order: { id: 'ASC' } }),
    em.findOneBy(DossierReturnEntity, { dossierId }),
  ]);
  const name = (id: string | null) => (id ? users.get(id)?.fullName ?? id : 'Hệ thống');
  const base = { fromStatus: null, toStatus: null, documentId: null, detail: '' };
  const out: Entry[] = [];
  for (const e of events) {
    out.push({ ...base, at: e.at, kind: 'status', title: e.note || (e.toStatus !== null ? statusName(e.toStatus) : 'Cập nhật hồ sơ'), by: e.userId, byName: name(e.userId), fromStatus: e.fromStatus, toStatus: e.toStatus });
  }
  // Audited changes at an instant that has no event of its own (a correction writes both: kept once).
  const eventTimes = new Set(events.map((e) => e.at));
  for (const a of audits) {
    if (eventTimes.has(a.at)) continue;
    out.push({ ...base, at: a.at, kind: 'audit', title: `Thay đổi dữ liệu (${a.action})`, by: a.userId, byName: name(a.userId) });
  }
  for (const h of handOvers) {
    const v = handOverView(h, users);
    out.push({
      ...base, at: h.handedAt, kind: 'handover', by: h.fromUserId, byName: v.fromName,
      title: `Giao hồ sơ: ${v.fromName} → ${v.toName}`,
      detail: [`kết quả bước: ${OUTCOME[v.outcome]}`, v.stepDueAt ? `hạn bước ${when(v.stepDueAt)}` : '', v.note].filter(Boolean).join('; '),
    });
    if (h.confirmedAt) out.push({ ...base, at: h.confirmedAt, kind: 'confirm', by: h.confirmedBy, byName: name(h.confirmedBy), title: `Nhận hồ sơ: ${name(h.confirmedBy)} xác nhận đã nhận` });
  }
  for (const d of dueChanges) {
    if (d.kind === 'pause') {
      out.push({ ...base, at: d.at, kind: 'due-change', by: d.userId, byName: name(d.userId), title: 'Tạm dừng tính thời gian', detail: d.reason, documentId: d.documentId });
      if (d.pausedTo) {
        out.push({ ...base, at: d.pausedTo, kind: 'due-change', by: null, byName: '', title: `Tính tiếp thời gian: hạn trả ${when(d.previousDueAt)} → ${when(d.newDueAt)}`, detail: `tạm dừng ${d.pausedMinutes} phút làm việc` });
      }
    } else {
      out.push({ ...base, at: d.at, kind: 'due-change', by: d.userId, byName: name(d.userId), title: `Gia hạn: hạn trả ${when(d.previousDueAt)} → ${when(d.newDueAt)}`, detail: d.reason, documentId: d.documentId });
    }
  }
  for (const d of docs) out.push({ ...base, at: d.createdAt, kind: 'document', by: d.createdBy, byName: name(d.createdBy), title: `Lập ${FORM(d.kind)}`, documentId: d.id });
  for (const p of prints) {
    const kind = docs.find((d) => d.id === p.documentId)?.kind ?? '';
    out.push({
      ...base, at: p.at, kind: 'print', by: p.userId, byName: name(p.userId), documentId: p.documentId,
      title: `${p.ok ? 'In' : 'In không được'} ${kind ? FORM(kind) : 'tài liệu'} (${p.copies} bản, máy in ${p.printer})`, detail: p.error,
    });
  }
  if (returned) {
    out.push({
      ...base, at: returned.returnedAt, kind: 'return', by: returned.returnedBy, byName: name(returned.returnedBy),
      title: returned.method === 'post' ? `Gửi kết quả qua bưu chính (số hiệu ${returned.postalItemNumber})` : `Trả kết quả cho ${returned.collectorName}`,
      detail: returned.satisfaction ? (returned.satisfaction === 'satisfied' ? 'Công dân hài lòng' : 'Công dân chưa hài lòng') : '',
    });
  }
  // Stable by time: entries of one instant keep the order they were gathered in (the event before its parts).
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i).map((x) => x.e);
}
