// Correcting a saved dossier's data (issue 8 #5): the province may reject a dossier for its data, and the
// counter fixes it here. Applicant, documents handed in, delivery and note, with a reason; the intake's own
// rules are checked again; the before/after goes to the audit trail; the update is queued for the province in
// the same transaction; form 01 is re-made on request as a new slip (the old one is kept). The new slip is
// reserved in the transaction and rendered after it commits, as a receipt's (DocumentService.reserve/complete):
// no writer waits for a PDF. The province gets the new slip as a file and the old one listed as deleted.
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { CHANNEL, type DocumentInfo, type DossierDetail, type MethodOutput, type MethodParsedInput, type Office, type Party, type ProcedureVersion, type User } from '../../shared/contract';
import { validateIntake } from '../../shared/intake/validate-intake';
import { vnDateKey } from '../../shared/time/vn-time';
import { fieldError, type FieldIssue } from '../../shared/validation';
import { AppError, notFound, validationError } from '../base/errors';
import type { Database } from '../persistence/database';
import { DigitizedFileEntity } from '../persistence/entities-digitization';
import { DossierNumberHistoryEntity } from '../persistence/entities-sync';
import {
  DocumentEntity, DossierComponentEntity, DossierEntity, DossierEventEntity, UserEntity, type DossierComponentRow, type DossierRow,
} from '../persistence/entities';
import { enqueueDossierUpdate } from '../sync/outbox';
import { writeAudit } from './audit';
import type { CatalogueService } from './catalogue-service';
import type { DocumentService, FormPayload } from './document-service';
import { dossierSearchText, slipFeeText, slipParties, type DossierService } from './dossier-service';
import { changedPartyFields, partiesOf, replaceParties } from './dossier/parties';
import { validateParties } from '../../shared/intake/parties';

type CorrectInput = MethodParsedInput<'dossiers.correct'>;
type CorrectionForm = MethodOutput<'dossiers.correctionForm'>;
type Outcome = CorrectionForm['outcome'];
type Line = { code: string; name: string; copyType: string; quantity: number };

/** The first status of a dossier says how it was taken in (form 01, 02 or 03). */
const OUTCOME_OF_STATUS: Record<number, Outcome> = { 2: 'receive', 5: 'request-completion', 3: 'refuse' };

/** Why a dossier's data can no longer be corrected at the counter, in Vietnamese; null when it can. */
export function correctionRefusal(row: Pick<DossierRow, 'number' | 'status' | 'channel'>): string | null {
  if (row.channel === CHANNEL.online) {
    return `Hồ sơ ${row.number} nộp trực tuyến: thông tin do người nộp khai trên Cổng Dịch vụ công, không sửa tại quầy. Đề nghị người nộp sửa trên Cổng hoặc yêu cầu bổ sung hồ sơ.`;
  }
  switch (row.status) {
    case 7: return `Hồ sơ ${row.number} đã được rút theo yêu cầu của người nộp: không sửa thông tin được nữa. Nếu người nộp nộp lại, hãy tiếp nhận hồ sơ mới.`;
    case 8: return `Hồ sơ ${row.number} đã dừng xử lý: không sửa thông tin được nữa. Nếu cần giải quyết tiếp, hãy tiếp nhận hồ sơ mới.`;
    case 10: return `Hồ sơ ${row.number} đã trả kết quả cho người nộp: không sửa thông tin tiếp nhận được nữa. Nếu kết quả có sai sót, hướng dẫn người nộp làm thủ tục đính chính, cải chính theo quy định.`;
    default: return null;
  }
}

interface Loaded {
  row: DossierRow; lines: DossierComponentRow[]; parties: Party[]; outcome: Outcome; digitized: Set<number>; receiverName: string; hasForm01: boolean;
}

/** The correctable fields of a dossier, as kept in the audit trail's before/after. */
function snapshot(row: Pick<DossierRow, 'applicantName' | 'applicantIdNumber' | 'applicantBirthDate' | 'applicantAddress' | 'applicantPhone' | 'applicantEmail' | 'setCount' | 'deliveryMethod' | 'deliveryAddress' | 'note'>, lines: Line[]) {
  return {
    applicant: {
      fullName: row.applicantName, idNumber: row.applicantIdNumber, birthDate: row.applicantBirthDate,
      address: row.applicantAddress, phone: row.applicantPhone, email: row.applicantEmail,
    },
    components: lines.map((l) => ({ code: l.code, name: l.name, copyType: l.copyType, quantity: l.quantity })),
    setCount: row.setCount, delivery: { method: row.deliveryMethod, address: row.deliveryAddress }, note: row.note,
  };
}
type Snapshot = ReturnType<typeof snapshot>;

/** Field paths whose values differ: 'applicant.<field>', 'components', 'setCount', 'delivery', 'note'. */
export function changedFields(before: Snapshot, after: Snapshot): string[] {
  const out = (Object.keys(before.applicant) as (keyof Snapshot['applicant'])[])
    .filter((k) => before.applicant[k] !== after.applicant[k]).map((k) => `applicant.${k}`);
  for (const k of ['components', 'setCount', 'delivery', 'note'] as const) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(k);
  }
  return out;
}

/**
 * The documents handed in after the correction. A line keeps its position (digitized files are attached to
 * it); a line left out is removed unless it was digitized; a new line goes after every existing one.
 */
export function planComponents(existing: DossierComponentRow[], wanted: CorrectInput['components'], digitized: Set<number>): {
  keep: { position: number; line: Line }[]; add: { position: number; line: Line }[]; remove: number[]; issues: FieldIssue[];
} {
  const handedIn = new Map(existing.filter((c) => !c.missing).map((c) => [c.position, c]));
  const issues: FieldIssue[] = [];
  const keep: { position: number; line: Line }[] = [];
  const add: { position: number; line: Line }[] = [];
  const seen = new Set<number>();
  let next = Math.max(-1, ...existing.map((c) => c.position)) + 1;
  wanted.forEach((w, i) => {
    const line = { code: w.code, name: w.name.trim(), copyType: w.copyType, quantity: Math.max(w.quantity, 1) };
    if (!line.name) return issues.push(fieldError(`components.${i}.name`, 'Nhập tên giấy tờ.'));
    if (w.position === null) return void add.push({ position: next++, line });
    if (!handedIn.has(w.position) || seen.has(w.position)) {
      return issues.push(fieldError(`components.${i}.name`, `Dòng "${line.name}" không còn trong hồ sơ (có thể vừa được sửa ở máy khác): đóng và mở lại hồ sơ để sửa.`));
    }
    seen.add(w.position);
    keep.push({ position: w.position, line });
  });
  const remove = [...handedIn.keys()].filter((p) => !seen.has(p));
  for (const p of remove) {
    if (digitized.has(p)) {
      issues.push(fieldError('components', `Giấy tờ "${handedIn.get(p)!.name}" đã được số hóa: không bỏ khỏi hồ sơ được. Đánh dấu lại dòng này rồi lưu.`));
    }
  }
  return { keep, add, remove, issues };
}

/** Correcting saved dossiers (dossiers.correctionForm, dossiers.correct). */
export class DossierCorrectionService {
  constructor(private readonly deps: { db: Database; catalogue: CatalogueService; documents: DocumentService; dossiers: DossierService }) {}

  async form(id: string): Promise<CorrectionForm> {
    const dossier = await this.deps.dossiers.get(id);
    const s = await this.deps.db.read((em) => this.load(em, id));
    const version = await this.deps.catalogue.getVersion(s.row.procedureVersionId);
    const refusal = correctionRefusal(s.row);
    return {
      dossier, version, outcome: s.outcome, allowed: refusal === null, refusal, canReprint: s.hasForm01,
      components: s.lines.filter((c) => !c.missing).map((c) => ({
        position: c.position, code: c.code, name: c.name, copyType: c.copyType as 'copy', quantity: c.quantity, digitized: s.digitized.has(c.position),
      })),
    };
  }

  async correct(input: CorrectInput, office: Office, user: User, now: Date): Promise<MethodOutput<'dossiers.correct'>> {
    const done = await this.deps.db.read((em) => findDone(em, input.operationId));
    if (done) return this.answer(done, input.dossierId, []);

    const s = await this.deps.db.read((em) => this.load(em, input.dossierId));
    const refusal = correctionRefusal(s.row);
    if (refusal) throw new AppError('CONFLICT', refusal);
    const missing = s.lines.filter((c) => c.missing);
    const { applicant, issues } = validateIntake({
      applicant: input.applicant, components: input.components, delivery: input.delivery, outcome: s.outcome,
      reason: s.row.reason, missingItems: missing,
    }, vnDateKey(now));
    // The other parties by the intake's rules, against the dossier's own version; left out: as they are.
    const version = input.parties || input.reprint ? await this.deps.catalogue.getVersion(s.row.procedureVersionId) : null;
    const partyCheck = input.parties && version
      ? validateParties(version.parties, input.parties, s.outcome, vnDateKey(now), applicant.idNumber)
      : { parties: s.parties, issues: [] };
    issues.push(...partyCheck.issues);
    const plan = planComponents(s.lines, input.components, s.digitized);
    const errors = [...issues.filter((i) => i.severity === 'error'), ...plan.issues];
    if (input.reprint && !s.hasForm01) {
      errors.push(fieldError('reprint', 'Hồ sơ này không có Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) để in lại; bỏ chọn "In lại" rồi lưu.'));
    }
    if (errors.length) throw validationError(errors);
    const warnings = issues.filter((i) => i.severity === 'warning').map((i) => i.message);

    const delivery = { method: input.delivery.method, address: input.delivery.method === 'post' ? input.delivery.address : '' };
    const patch = {
      applicantName: applicant.fullName, applicantIdNumber: applicant.idNumber, applicantBirthDate: applicant.birthDate,
      applicantAddress: applicant.address, applicantPhone: applicant.phone, applicantEmail: applicant.email,
      setCount: input.setCount, deliveryMethod: delivery.method, deliveryAddress: delivery.address, note: input.note,
    };
    const handedIn = [...plan.keep, ...plan.add].sort((a, b) => a.position - b.position);
    const before = { ...snapshot(s.row, s.lines.filter((c) => !c.missing)), parties: s.parties };
    const after = { ...snapshot(patch, handedIn.map((l) => l.line)), parties: partyCheck.parties };
    const partiesChanged = changedPartyFields(s.parties, partyCheck.parties);
    const changed = [...changedFields(before, after), ...partiesChanged];
    if (!changed.length) throw new AppError('VALIDATION', 'Không có thông tin nào thay đổi: sửa ít nhất một ô, hoặc đóng hộp thoại này.');
    const reprintVersion = input.reprint ? version : null;
    // Fonts and templates are loaded before taking the write lock (reserve reads the template's version).
    if (reprintVersion) await this.deps.documents.renderer();

    const saved = await this.deps.db.write(async (em) => {
      // Checked again inside the serialized write: two identical requests may both pass the first check.
      const twin = await findDone(em, input.operationId);
      if (twin) return twin;
      const row = await em.findOneBy(DossierEntity, { id: input.dossierId });
      if (!row || row.rowVersion !== s.row.rowVersion || row.status !== s.row.status) {
        throw new AppError('CONFLICT', 'Hồ sơ vừa được thay đổi ở nơi khác trong lúc sửa. Đóng hộp thoại, mở lại hồ sơ rồi sửa lại.');
      }
      const at = now.toISOString();
      const former = (await em.find(DossierNumberHistoryEntity, { where: { dossierId: row.id } })).map((h) => h.number);
      await em.update(DossierEntity, { id: row.id }, {
        ...patch, updatedAt: at, rowVersion: row.rowVersion + 1,
        searchText: dossierSearchText(row.number, ...former, patch.applicantName, patch.applicantIdNumber, patch.applicantPhone, row.procedureCode),
      });
      for (const k of plan.keep) await em.update(DossierComponentEntity, { dossierId: row.id, position: k.position, missing: false }, k.line);
      for (const p of plan.remove) await em.delete(DossierComponentEntity, { dossierId: row.id, position: p, missing: false });
      if (plan.add.length) await em.insert(DossierComponentEntity, plan.add.map((a) => ({ dossierId: row.id, position: a.position, missing: false, ...a.line })));
      if (partiesChanged.length) await replaceParties(em, row.id, partyCheck.parties);
      await em.insert(DossierEventEntity, { dossierId: row.id, kind: 'correction', fromStatus: null, toStatus: null, at, userId: user.id, note: input.reason });
      await writeAudit(em, {
        at: now, userId: user.id, action: 'dossier.correct', entity: 'dossier', entityId: row.id,
        before, after: { ...after, reason: input.reason, operationId: input.operationId },
      });
      // Without a new slip the update is queued here. With one, it is queued when the slip is written (after the
      // slip's upload, later-forms.ts), so the province gets the corrected data and the slip that goes with it.
      if (!reprintVersion) enqueueDossierUpdate(em, now, row.id);
      // The new slip is recorded as pending with the data to render it; it is written after the commit.
      let documentId: string | null = null;
      if (reprintVersion) {
        const payload = form01Payload({ ...row, ...patch }, handedIn.map((l) => l.line), reprintVersion, office, s.receiverName, now, partyCheck.parties);
        documentId = (await this.deps.documents.reserve(em, payload, row.id, row.number, user.id, now)).id;
      }
      const record: Done = { dossierId: row.id, changed, documentId };
      await em.query(`INSERT INTO dossier_correction (operation_id, dossier_id, at, user_id, reason, changed_json, document_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [input.operationId, row.id, at, user.id, input.reason, JSON.stringify(changed), documentId]);
      return record;
    });
    return this.answer(saved, input.dossierId, warnings);
  }

  private async answer(done: Done, dossierId: string, warnings: string[]): Promise<MethodOutput<'dossiers.correct'>> {
    if (done.dossierId !== dossierId) {
      throw new AppError('CONFLICT', 'Mã thao tác này đã dùng để sửa một hồ sơ khác. Đóng hộp thoại và sửa lại.');
    }
    // The new slip, rendered now that the correction is committed (others write meanwhile); a repeated request
    // waits for the same rendering, and one a crash left pending is rendered here or at the next start.
    if (done.documentId) await this.deps.documents.get(done.documentId);
    const dossier: DossierDetail = await this.deps.dossiers.get(done.dossierId);
    const document: DocumentInfo | null = done.documentId ? dossier.documents.find((d) => d.id === done.documentId) ?? null : null;
    return { dossier, document, changed: done.changed, warnings };
  }

  private async load(em: EntityManager, id: string): Promise<Loaded> {
    const row = await em.findOneBy(DossierEntity, { id });
    if (!row) throw notFound('hồ sơ');
    const [lines, first, files, receiver, form01, parties] = await Promise.all([
      em.find(DossierComponentEntity, { where: { dossierId: id }, order: { position: 'ASC' } }),
      em.findOne(DossierEventEntity, { where: { dossierId: id, kind: 'status' }, order: { id: 'ASC' } }),
      em.find(DigitizedFileEntity, { where: { dossierId: id, kind: 0, replacedBy: IsNull() } }),
      em.findOneBy(UserEntity, { id: row.receivedBy }),
      em.findOneBy(DocumentEntity, { dossierId: id, kind: 'form01' }),
      partiesOf(em, id),
    ]);
    const outcome = OUTCOME_OF_STATUS[first?.toStatus ?? row.status] ?? 'receive';
    return {
      row, lines, parties, outcome, digitized: new Set(files.map((f) => f.componentPosition)), receiverName: receiver?.fullName ?? '',
      hasForm01: outcome === 'receive' && row.dueAt !== null && form01 !== null,
    };
  }
}

interface Done { dossierId: string; changed: string[]; documentId: string | null }

async function findDone(em: EntityManager, operationId: string): Promise<Done | null> {
  const rows = await em.query(`SELECT dossier_id, changed_json, document_id FROM dossier_correction WHERE operation_id = ?`, [operationId]) as
    { dossier_id: string; changed_json: string; document_id: string | null }[];
  const r = rows[0];
  return r ? { dossierId: r.dossier_id, changed: JSON.parse(r.changed_json) as string[], documentId: r.document_id } : null;
}

/**
 * Form 01 of the corrected dossier: the receipt as it was (number, time received, due date, receiver) with the
 * corrected applicant, documents and delivery; dated today. The same layout as the receipt's own slip.
 */
function form01Payload(row: DossierRow, components: Line[], version: ProcedureVersion, office: Office, receiverName: string, now: Date, parties: readonly Party[]): FormPayload {
  // The fee recorded at receipt (a correction does not change which fee applies).
  const feeText = slipFeeText(row, version.fees);
  return {
    kind: 'form01', data: {
      office: {
        governingBody: office.governingBody, officeName: office.officeName, place: office.place, agencyCode: office.agencyCode,
        address: office.address || undefined, phone: office.phone || undefined, website: office.website || undefined,
        lookupUrl: office.lookupUrl || undefined,
      },
      procedureCode: row.procedureCode, procedureName: row.procedureName,
      applicant: {
        fullName: row.applicantName, idNumber: row.applicantIdNumber || undefined, address: row.applicantAddress || undefined,
        phone: row.applicantPhone || undefined, email: row.applicantEmail || undefined,
      },
      issuedAt: now, dossierNumber: row.number, provisional: !!row.provisional, lookupCode: row.lookupCode || undefined,
      components: components.map((c) => ({ name: c.name, copyType: c.copyType as 'copy', quantity: c.quantity })),
      setCount: row.setCount, durationText: row.durationText, receivedAt: new Date(row.receivedAt), dueAt: new Date(row.dueAt!),
      delivery: { method: row.deliveryMethod as 'counter' | 'post', address: row.deliveryAddress || undefined }, feeText,
      receiverName, parties: slipParties(parties),
    },
  };
}
