import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { computeDue } from '../../shared/calendar';
import {
  CHANNEL, statusName, type DossierDetail, type Party, type DossierSummary, type MethodParsedInput, type Office, type ProcedureVersion, type User,
} from '../../shared/contract';
import { validateIntake } from '../../shared/intake/validate-intake';
import { feeText, type FeeDecision } from '../../shared/intake/fees';
import { buildSearchKey, foldForSearch } from '../../shared/text';
import { vnDateKey, fromVnParts } from '../../shared/time/vn-time';
import { AppError, notFound, validationError } from '../base/errors';
import type { Database } from '../persistence/database';
import {
  DossierComponentEntity, DossierEntity, DossierEventEntity, DocumentEntity, PrintJobEntity, UserEntity,
  type DocumentRow, type DossierDocumentRow, type DossierRow,
} from '../persistence/entities';
import { enqueueDossierCreate } from '../sync/outbox';
import { writeAudit } from './audit';
import type { CalendarService } from './calendar-service';
import type { CatalogueService } from './catalogue-service';
import { rowToDocument, type DocumentService, type FormPayload } from './document-service';
import { mintDossierNumber } from './numbering';
import { reportLaterForm } from './later-forms';
import { dossierDigitization } from './digitization-records';
import { newLookupCode } from './lookup-code';
import { dossierIdsByParty, insertParties, partiesOf } from './dossier/parties';
import { validateParties } from '../../shared/intake/parties';

type ReceiveParsed = MethodParsedInput<'dossiers.receive'>;

const OUTCOME_STATUS = { receive: 2, 'request-completion': 5, refuse: 3 } as const;

/** Receiving dossiers at the counter, the due date, and the lists clerks search all day. */
export class DossierService {
  constructor(
    private readonly db: Database,
    private readonly catalogue: CatalogueService,
    private readonly calendar: CalendarService,
    private readonly documents: DocumentService,
  ) {
    // The province hears of a receipt once its slip is written: the create goes out with the slip's upload.
    documents.whenReady((em, doc) => this.reportReceipt(em, doc));
    // A form made later (a corrected slip, forms 02/04/05 of the processing) goes as a new file before the
    // dossier's update that lists it (later-forms.ts).
    documents.whenReady(reportLaterForm);
  }

  async previewDue(version: ProcedureVersion, office: Office, receivedAt: Date) {
    const calendar = await this.calendar.get();
    const r = computeDue({
      receivedAt, unit: version.durationUnit, value: version.durationValue, cutoff: version.cutoff ?? undefined,
      calendar, hours: office.workingHours, dueTime: office.dueTime,
    });
    return { dueAt: r.due, effectiveReceivedAt: r.effectiveReceivedAt, durationText: version.durationText };
  }

  async receive(input: ReceiveParsed, office: Office, user: User, now: Date): Promise<{ dossier: DossierDetail; documentId: string; warnings: string[] }> {
    // Idempotent: the same operation id (a double Enter, a retried request) returns the first save.
    const existing = await this.db.read((em) => em.findOneBy(DossierEntity, { operationId: input.operationId }));
    if (existing) return this.answer(existing.id, await this.receiptOf(existing.id), []);

    const today = vnDateKey(now);
    const version = await this.catalogue.getVersion(input.procedureVersionId);
    // The fee that applies is decided (or its missing fact reported) with the other intake rules.
    const { applicant, issues, fee } = validateIntake({
      applicant: input.applicant, components: input.components, delivery: input.delivery,
      outcome: input.outcome, reason: input.reason, missingItems: input.missingItems, fees: version.fees, fee: input.fee,
      // A fee rule's period ending on a day off runs to the next working day of this office's calendar.
      calendar: await this.calendar.get(),
    }, today);
    // The other parties the version names (the other spouse of a marriage), by the same rules as the applicant.
    const partyCheck = validateParties(version.parties, input.parties, input.outcome, today, applicant.idNumber);
    issues.push(...partyCheck.issues);
    if (issues.some((i) => i.severity === 'error')) throw validationError(issues);
    const warnings = issues.filter((i) => i.severity === 'warning').map((i) => i.message);

    if (version.validFrom > today || (version.validTo !== null && version.validTo < today)) {
      throw new AppError('CONFLICT', `Phiên bản thủ tục "${version.name}" không còn hiệu lực hôm nay; hãy chọn lại thủ tục.`);
    }
    const due = input.outcome === 'receive' ? await this.previewDue(version, office, now) : null;
    const components = input.components.filter((c) => c.quantity > 0 && c.name.trim());
    const status = OUTCOME_STATUS[input.outcome];

    // Fonts and templates are loaded before taking the write lock (the first save after start pays for them).
    await this.documents.renderer();
    // The serialized write holds no PDF work: the number is minted and the slip recorded as pending, with the
    // data to render it; the PDF is written once the transaction has committed, while others can write.
    const result = await this.db.write(async (em) => {
      // Checked again inside the serialized write: two identical requests may both pass the first check.
      const twin = await em.findOneBy(DossierEntity, { operationId: input.operationId });
      if (twin) return { id: twin.id, slip: await em.findOne(DocumentEntity, { where: { dossierId: twin.id }, order: { createdAt: 'ASC' } }) };
      const number = await mintDossierNumber(em, office, now);
      const id = crypto.randomUUID();
      const row: DossierRow = {
        id, number, provisional: true, counterCode: office.counterCode, procedureVersionId: version.id,
        procedureCode: version.code, procedureName: version.name, durationText: version.durationText, channel: CHANNEL.counter,
        applicantName: applicant.fullName, applicantIdNumber: applicant.idNumber, applicantBirthDate: applicant.birthDate,
        applicantAddress: applicant.address, applicantPhone: applicant.phone, applicantEmail: applicant.email,
        receivedAt: now.toISOString(), effectiveReceivedAt: (due?.effectiveReceivedAt ?? now).toISOString(),
        dueAt: due ? due.dueAt.toISOString() : null, status, deliveryMethod: input.delivery.method,
        deliveryAddress: input.delivery.address, setCount: input.setCount, note: input.note, reason: input.reason,
        searchText: dossierSearchText(number, applicant.fullName, applicant.idNumber, applicant.phone, version.code),
        receivedBy: user.id, operationId: input.operationId, createdAt: now.toISOString(), updatedAt: now.toISOString(), rowVersion: 1,
        lookupCode: newLookupCode(), feeJson: recordedFee(fee, input.fee.eventDate),
      };
      await em.insert(DossierEntity, row);
      await insertParties(em, id, partyCheck.parties);
      const lines = [
        ...components.map((c) => ({ ...c, missing: false })),
        ...input.missingItems.filter((m) => m.name.trim()).map((m) => ({ ...m, missing: true })),
      ];
      if (lines.length) {
        await em.insert(DossierComponentEntity, lines.map((c, position) => ({
          dossierId: id, position, code: c.code, name: c.name, copyType: c.copyType, quantity: Math.max(c.quantity, 1), missing: c.missing,
        })));
      }
      await em.insert(DossierEventEntity, { dossierId: id, kind: 'status', fromStatus: null, toStatus: status, at: now.toISOString(), userId: user.id, note: input.reason });
      await writeAudit(em, { at: now, userId: user.id, action: `dossier.${input.outcome}`, entity: 'dossier', entityId: id, after: { ...row, parties: partyCheck.parties } });
      const payload = this.formPayload(input, row, version, office, user, components, now, partyCheck.parties);
      return { id, slip: await this.documents.reserve(em, payload, id, number, user.id, now) };
    });
    if (!result.slip) throw new Error(`dossier ${result.id} has no slip`);
    // Idempotency by operation id holds here too: a twin waits for the same slip (complete() runs once).
    return this.answer(result.id, await this.documents.complete(result.slip), warnings);
  }

  private async answer(id: string, slip: DocumentRow, warnings: string[]) {
    return { dossier: await this.get(id), documentId: slip.id, warnings };
  }

  /** The receipt's slip (the dossier's first document), written: a pending one is completed first. */
  private async receiptOf(dossierId: string): Promise<DocumentRow> {
    const slip = await this.db.read((em) => em.findOne(DocumentEntity, { where: { dossierId }, order: { createdAt: 'ASC' } }));
    if (!slip) throw new Error(`dossier ${dossierId} has no slip`);
    return this.documents.complete(slip);
  }

  /**
   * In the transaction that makes the receipt's slip ready: the dossier's create for the province, so the
   * drainer finds the dossier with its slip complete (the create expands into the slip's upload). A crash
   * before this leaves the slip pending; DocumentService.resumePending finishes it at the next start.
   */
  private async reportReceipt(em: EntityManager, slip: DossierDocumentRow): Promise<void> {
    const dossier = await em.findOneBy(DossierEntity, { id: slip.dossierId });
    const first = await em.findOne(DocumentEntity, { where: { dossierId: slip.dossierId }, order: { createdAt: 'ASC' } });
    if (!dossier || first?.id !== slip.id) return; // only the receipt's own slip reports the receipt
    enqueueDossierCreate(em, new Date(dossier.createdAt), { dossierId: dossier.id, number: dossier.number, status: dossier.status, operationId: dossier.operationId });
  }

  /** Slips a crash left pending (the dossier saved, its PDF not yet written): rendered now, at start. */
  resumePendingReceipts(log?: (line: string) => void): Promise<number> {
    return this.documents.resumePending(log);
  }

  private formPayload(input: ReceiveParsed, row: DossierRow, version: ProcedureVersion, office: Office, user: User,
    components: ReceiveParsed['components'], now: Date, parties: readonly Party[]): FormPayload {
    const header = {
      governingBody: office.governingBody, officeName: office.officeName, place: office.place, agencyCode: office.agencyCode,
      address: office.address || undefined, phone: office.phone || undefined, website: office.website || undefined,
      lookupUrl: office.lookupUrl || undefined,
    };
    const applicant = {
      fullName: row.applicantName, idNumber: row.applicantIdNumber || undefined, address: row.applicantAddress || undefined,
      phone: row.applicantPhone || undefined, email: row.applicantEmail || undefined,
    };
    const common = { office: header, procedureCode: version.code, procedureName: version.name, applicant, lookupCode: row.lookupCode || undefined, issuedAt: now };
    if (input.outcome === 'receive') {
      return {
        kind: 'form01', data: {
          ...common, dossierNumber: row.number, provisional: row.provisional,
          components: components.map((c) => ({ name: c.name, copyType: c.copyType, quantity: c.quantity })),
          setCount: row.setCount, durationText: version.durationText, receivedAt: now, dueAt: new Date(row.dueAt!),
          delivery: { method: input.delivery.method, address: input.delivery.address || undefined }, feeText: slipFeeText(row, version.fees),
          receiverName: user.fullName, parties: slipParties(parties),
        },
      };
    }
    if (input.outcome === 'request-completion') {
      return {
        kind: 'form02', data: {
          ...common, dossierNumber: row.number, provisional: row.provisional,
          items: input.missingItems.filter((m) => m.name.trim()).map((m) => ({ name: m.name, copyType: m.copyType, quantity: Math.max(m.quantity, 1) })),
          reason: input.reason, help: { officerName: user.fullName, phone: office.phone || undefined, website: office.website || undefined },
          parties: slipParties(parties),
        },
      };
    }
    return { kind: 'form03', data: { ...common, dossierNumber: row.number, provisional: row.provisional, reason: input.reason, receiverName: user.fullName, parties: slipParties(parties) } };
  }

  async get(id: string): Promise<DossierDetail> {
    return this.db.read(async (em) => {
      const row = await em.findOneBy(DossierEntity, { id });
      if (!row) throw notFound('hồ sơ');
      const [components, events, docs, prints, users, parties] = await Promise.all([
        em.find(DossierComponentEntity, { where: { dossierId: id }, order: { position: 'ASC' } }),
        em.find(DossierEventEntity, { where: { dossierId: id }, order: { id: 'ASC' } }),
        em.find(DocumentEntity, { where: { dossierId: id }, order: { createdAt: 'ASC' } }),
        em.find(PrintJobEntity, { where: { dossierId: id }, order: { id: 'ASC' } }),
        userNames(em),
        partiesOf(em, id),
      ]);
      return {
        ...toSummary(row),
        applicant: {
          fullName: row.applicantName, idNumber: row.applicantIdNumber, birthDate: row.applicantBirthDate,
          address: row.applicantAddress, phone: row.applicantPhone, email: row.applicantEmail,
        },
        parties,
        components: components.filter((c) => !c.missing).map((c) => ({ code: c.code, name: c.name, copyType: c.copyType as 'original', quantity: c.quantity })),
        setCount: row.setCount, delivery: { method: row.deliveryMethod as 'counter' | 'post', address: row.deliveryAddress },
        note: row.note, reason: row.reason, receivedBy: users.get(row.receivedBy) ?? row.receivedBy, durationText: row.durationText,
        fee: feeOf(row),
        documents: docs.map(rowToDocument),
        events: events.map((e) => ({ at: e.at, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, by: users.get(e.userId) ?? e.userId, note: e.note })),
        prints: prints.map((p) => ({
          at: p.at, documentId: p.documentId, printer: p.printer, copies: p.copies, ok: !!p.ok, error: p.error, by: users.get(p.userId) ?? p.userId,
          kind: p.kind, reprint: !!p.reprint,
        })),
        digitization: await dossierDigitization(em, id),
      };
    });
  }

  /**
   * The "today" list and search: a query goes through the FTS index of folded keys (number, name without
   * tones, ID number, phone; every word a prefix); without a query, the dossiers received that Vietnam day.
   */
  async list(query: string, day: string | undefined, limit: number): Promise<DossierSummary[]> {
    const words = foldForSearch(query).split(' ').filter(Boolean);
    return this.db.read(async (em) => {
      let rows: DossierRow[];
      if (words.length) {
        const match = words.map((w) => `"${w.replace(/"/g, '')}"*`).join(' ');
        const params: unknown[] = [match];
        let dayClause = '';
        if (day) {
          const [y, m, d] = day.split('-').map(Number);
          dayClause = 'AND d.received_at >= ? AND d.received_at < ?';
          params.push(fromVnParts(y!, m!, d!).toISOString(), fromVnParts(y!, m!, d! + 1).toISOString());
        }
        params.push(limit);
        // Newest first by rowid inside the FTS index (rows are inserted in receipt order), so a common
        // name ("nguyen van") stops after `limit` hits instead of sorting every match.
        rows = await em.query(
          `SELECT d.* FROM dossier d WHERE d.rowid IN (
             SELECT f.rowid FROM dossier_fts f ${dayClause ? 'JOIN dossier d2 ON d2.rowid = f.rowid' : ''}
             WHERE dossier_fts MATCH ? ${dayClause.replaceAll('d.', 'd2.')} ORDER BY f.rowid DESC LIMIT ?)
           ORDER BY d.received_at DESC`, params);
        // Words inside digitized documents (OCR) find their dossier too.
        const byText: DossierRow[] = await em.query(
          `SELECT d.* FROM dossier d WHERE d.id IN (
             SELECT t.dossier_id FROM document_text_fts t WHERE document_text_fts MATCH ? ORDER BY t.rowid DESC LIMIT ?)
           ${day ? 'AND d.received_at >= ? AND d.received_at < ?' : ''}`,
          [match, limit, ...(day ? params.slice(1, 3) : [])]);
        // The other parties of a dossier (the other spouse's name or ID number) find it too.
        const partyIds = await dossierIdsByParty(em, match, limit, day ? { from: params[1] as string, to: params[2] as string } : undefined);
        const seenIds = new Set([...rows, ...byText].map((r) => (r as unknown as { id: string }).id));
        const missing = partyIds.filter((pid) => !seenIds.has(pid));
        const byParty: DossierRow[] = missing.length
          ? await em.query(`SELECT d.* FROM dossier d WHERE d.id IN (${missing.map(() => '?').join(',')})`, missing) : [];
        byText.push(...byParty);
        if (byText.length) {
          const seen = new Set(rows.map((r) => (r as unknown as { id: string }).id));
          rows = [...rows, ...byText.filter((r) => !seen.has((r as unknown as { id: string }).id))]
            .sort((a, b) => String((b as unknown as Record<string, string>).received_at).localeCompare(String((a as unknown as Record<string, string>).received_at)))
            .slice(0, limit);
        }
      } else {
        const qb = em.createQueryBuilder(DossierEntity, 'd').orderBy('d.received_at', 'DESC').limit(limit);
        if (day) {
          const [y, m, d] = day.split('-').map(Number);
          qb.where('d.received_at >= :from AND d.received_at < :to', { from: fromVnParts(y!, m!, d!).toISOString(), to: fromVnParts(y!, m!, d! + 1).toISOString() });
        }
        return (await qb.getMany()).map(toSummary);
      }
      return rows.map((r) => toSummary(fromRaw(r as unknown as Record<string, unknown>)));
    });
  }
}

/**
 * The folded search text of a dossier. Digit groups (numbers, ID, phone) are indexed with every suffix of
 * 3+ digits too, so that "the last digits" typed at the counter match as FTS prefixes.
 */
export function dossierSearchText(...parts: string[]): string {
  const key = buildSearchKey(...parts);
  const suffixes: string[] = [];
  for (const word of key.split(' ')) {
    if (!/^\d{4,}$/.test(word)) continue;
    for (let i = 1; i <= word.length - 3; i++) suffixes.push(word.slice(i));
  }
  return suffixes.length ? `${key} ${suffixes.join(' ')}` : key;
}

/** The other parties as form 01 prints them (issue 11: both spouses on the slip). */
export function slipParties(parties: readonly Party[]) {
  return parties.map((p) => ({
    roleLabel: p.roleLabel, fullName: p.fullName, idNumber: p.idNumber || undefined, birthDate: p.birthDate || undefined, address: p.address || undefined,
  }));
}

type RecordedFee = NonNullable<DossierDetail['fee']>;

/** The fee decided at receipt, as stored with the dossier (null: forms 02/03, or nothing decided). */
function recordedFee(fee: FeeDecision | null, eventDate: string | undefined): string | null {
  if (!fee?.by) return null;
  const recorded: RecordedFee = {
    lines: fee.applied.map((l) => ({ name: l.name, amount: l.amount, note: l.note ?? '' })),
    eventDate: fee.dateLabel && eventDate ? eventDate : null, by: fee.by,
  };
  return JSON.stringify(recorded);
}

/**
 * Form 01's "Phí, lệ phí": only the fee that applies, as recorded at receipt. A dossier saved before fees were
 * recorded prints its version's fee when there is one line; among several alternatives nothing is guessed.
 */
export function slipFeeText(row: Pick<DossierRow, 'feeJson'>, versionFees: ProcedureVersion['fees']): string | undefined {
  const fee = feeOf(row);
  if (fee) return feeText(fee.lines);
  return versionFees.length === 1 ? feeText(versionFees) : undefined;
}

/** The recorded fee of a dossier; null for one saved before fees were recorded (migration 0015) or without one. */
export function feeOf(row: Pick<DossierRow, 'feeJson'>): RecordedFee | null {
  return row.feeJson ? JSON.parse(row.feeJson) as RecordedFee : null;
}

async function userNames(em: EntityManager): Promise<Map<string, string>> {
  const users = await em.find(UserEntity);
  return new Map(users.map((u) => [u.id, u.fullName]));
}

function toSummary(r: DossierRow): DossierSummary {
  return {
    id: r.id, number: r.number, provisional: !!r.provisional, procedureCode: r.procedureCode, procedureName: r.procedureName,
    applicantName: r.applicantName, applicantIdNumber: r.applicantIdNumber, applicantPhone: r.applicantPhone,
    receivedAt: r.receivedAt, dueAt: r.dueAt, status: r.status, statusName: statusName(r.status), channel: r.channel,
  };
}

/** Raw SQL rows come back with column names; map the ones the summary needs. */
function fromRaw(r: Record<string, unknown>): DossierRow {
  return {
    id: r.id, number: r.number, provisional: !!r.provisional, procedureCode: r.procedure_code, procedureName: r.procedure_name,
    applicantName: r.applicant_name, applicantIdNumber: r.applicant_id_number, applicantPhone: r.applicant_phone,
    receivedAt: r.received_at, dueAt: r.due_at, status: r.status, channel: r.channel,
  } as unknown as DossierRow;
}
