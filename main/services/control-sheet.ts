// Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ, made on request from the dossier's hand-over log
// (hand_over, written by the workflow): one row per hand-over, signatures left for the pen. A request that
// would print exactly what the last sheet printed gets that sheet back (print it again: a logged reprint).
import type { EntityManager } from 'typeorm';
import type { OfficeView, User } from '../../shared/contract';
import { ROLE_NAMES } from '../../shared/workflow/procedure-workflow';
import type { Role } from '../../shared/contract';
import type { HandoverLine, StepOutcome } from '../documents/types';
import { notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { DocumentEntity, DossierEntity, type DocumentRow } from '../persistence/entities';
import { writeAudit } from './audit';
import { parsePayload, type DocumentService } from './document-service';
import { form06Payload } from './form-payloads';

interface HandOverWithNames {
  from_name: string | null; from_role: string | null; to_name: string | null; to_user_role: string | null; to_role: string | null;
  confirmed_name: string | null; confirmed_role: string | null;
  handed_at: string; confirmed_at: string | null; outcome: string; note: string;
}

const OUTCOMES = new Set<string>(['early', 'on-time', 'late']);
const roleName = (role: string | null) => (role ? ROLE_NAMES[role as Role] ?? role : undefined);

/** The dossier's hand-overs in the order they happened, as form 06's rows. */
export async function handoverLines(em: EntityManager, dossierId: string): Promise<HandoverLine[]> {
  const rows = await em.query(
    `SELECT h.handed_at, h.confirmed_at, h.outcome, h.note, h.to_role,
            f.full_name AS from_name, f.role AS from_role, t.full_name AS to_name, t.role AS to_user_role,
            c.full_name AS confirmed_name, c.role AS confirmed_role
       FROM hand_over h
       LEFT JOIN app_user f ON f.id = h.from_user_id
       LEFT JOIN app_user t ON t.id = h.to_user_id
       LEFT JOIN app_user c ON c.id = h.confirmed_by
      WHERE h.dossier_id = ? ORDER BY h.handed_at, h.id`, [dossierId]) as HandOverWithNames[];
  return rows.map((r) => {
    // Handed to anyone of a role (the result back to the counter): the one who confirmed is the receiver.
    const toName = r.to_name ?? r.confirmed_name ?? roleName(r.to_role) ?? '';
    const toRole = r.to_name ? r.to_user_role : r.confirmed_name ? r.confirmed_role : null;
    return {
      from: { name: r.from_name ?? '', unit: roleName(r.from_role) },
      to: { name: toName, unit: roleName(toRole) },
      handedAt: new Date(r.handed_at),
      receivedAt: r.confirmed_at ? new Date(r.confirmed_at) : undefined,
      outcome: OUTCOMES.has(r.outcome) ? (r.outcome as StepOutcome) : undefined,
      note: r.note || undefined,
    };
  });
}

export class ControlSheetService {
  constructor(private readonly db: Database, private readonly documents: DocumentService) {}

  /** The dossier's form 06 as its hand-over log stands now: a new sheet, or the last one if nothing changed. */
  async make(dossierId: string, office: OfficeView, user: User, now: Date): Promise<{ document: DocumentRow; handOvers: number; reused: boolean }> {
    await this.documents.renderer(); // fonts and templates before the write lock (reserve reads the template)
    const result = await this.db.write(async (em) => {
      const dossier = await em.findOneBy(DossierEntity, { id: dossierId });
      if (!dossier) throw notFound('hồ sơ');
      const lines = await handoverLines(em, dossierId);
      const payload = form06Payload(dossier, office, lines, now, { processingBody: office.governingBody });
      const last = await em.findOne(DocumentEntity, { where: { dossierId, kind: 'form06' }, order: { createdAt: 'DESC' } });
      if (last?.payloadJson && samePaper(last.payloadJson, payload)) return { row: last, handOvers: lines.length, reused: true };
      const row = await this.documents.reserve(em, payload, dossierId, dossier.number, user.id, now);
      await writeAudit(em, {
        at: now, userId: user.id, action: 'document.controlSheet', entity: 'dossier', entityId: dossierId,
        after: { documentId: row.id, kind: row.kind, handOvers: lines.length },
      });
      return { row, handOvers: lines.length, reused: false };
    });
    return { document: await this.documents.complete(result.row), handOvers: result.handOvers, reused: result.reused };
  }
}

/** Same data apart from the date it was made: the same paper. */
function samePaper(storedJson: string, payload: { data: { issuedAt: Date } }): boolean {
  const stored = parsePayload(storedJson);
  const strip = (d: object) => JSON.stringify({ ...d, issuedAt: undefined });
  return strip(stored.data) === strip(payload.data);
}
