// Civil-status registration (issue 11): the facade the core's handlers call. Registration, numbering and the
// books are in registration.ts and books.ts (one transaction each); the register's printout and workbook in
// book-*.ts; the certificate's values come from shared/civil-status/certificate-fields.ts.
import { In, IsNull, type EntityManager } from 'typeorm';
import { certificateFieldsOf, type CertificateEntry } from '../../../shared/civil-status/certificate-fields';
import { EVENT_SCHEMAS, eventTypeOfProcedure, schemaOf, schemaOn, type EventType } from '../../../shared/civil-status/event-schemas';
import { validateEntry } from '../../../shared/civil-status/validate';
import type { CivilStatusEntry, RegisterBook } from '../../../shared/contract/api-civil-status';
import type { OfficeView, User } from '../../../shared/contract';
import { formatDateKeyVn } from '../../../shared/text/format';
import { foldForSearch } from '../../../shared/text/vietnamese';
import { vnDateKey } from '../../../shared/time/vn-time';
import { AppError, notFound } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { CivilBookEntity, CivilCopyLogEntity, CivilEntryEntity, type CivilBookRow, type CivilEntryRow } from '../../persistence/entities-civil-status';
import { writeAudit } from '../audit';
import type { DossierService } from '../dossier-service';
import type { WorkflowService } from '../workflow/workflow-service';
import { bookPdf } from './book-pdf';
import { bookColumns, bookFileName, bookRows } from './book-rows';
import { bookLabel, closeBook, entryCounts, yearEnd } from './books';
import { draftFields, partiesOf } from './drafts';
import { correctedFields, parseFields, viewEntries } from './entry-view';
import { register as registerEntry } from './registration';
import { makeResult } from './result';

export interface CivilStatusDeps {
  db: Database;
  dossiers: DossierService;
  workflow: WorkflowService;
  office: () => Promise<OfficeView>;
}

type Register = Parameters<typeof registerEntry>[1];

export class CivilStatusService {
  constructor(private readonly d: CivilStatusDeps) {}

  eventTypes(all: boolean, now: Date) {
    const today = vnDateKey(now);
    if (all) return [...EVENT_SCHEMAS];
    return [...new Set(EVENT_SCHEMAS.map((s) => s.type))].map((t) => schemaOn(t, today));
  }

  validate(type: EventType, version: number, fields: Record<string, string>, now: Date) {
    const schema = schemaOf(type, version);
    if (!schema) throw new AppError('VALIDATION', `Không có mẫu ${type} phiên bản ${version} — hãy mở lại màn hình nhập.`);
    const r = validateEntry(schema, fields, { today: vnDateKey(now) });
    return { ok: r.ok, fields: r.fields, issues: r.issues, lateRegistration: r.lateRegistration };
  }

  async draft(dossierId: string, requested: EventType | undefined, now: Date) {
    const dossier = await this.d.dossiers.get(dossierId);
    const type = requested ?? eventTypeOfProcedure(dossier.procedureCode);
    if (!type) throw new AppError('VALIDATION', `Thủ tục "${dossier.procedureName}" không phải thủ tục đăng ký hộ tịch: không có mẫu nhập hộ tịch cho hồ sơ này.`);
    const today = vnDateKey(now);
    const schema = schemaOn(type, today);
    const parties = partiesOf(dossier);
    const fields = draftFields(schema, parties);
    const year = Number(today.slice(0, 4));
    return this.d.db.read(async (em) => {
      const open = schema.numbered ? await em.findOneBy(CivilBookEntity, { eventType: type, year, closedAt: IsNull() }) : null;
      const book = open ? (await this.viewBooks(em, [open], now))[0]! : null;
      const proposedNumber = !schema.numbered ? null : book?.nextNumber ?? 1;
      const entries = await viewEntries(em, await em.find(CivilEntryEntity, { where: { dossierId }, order: { registeredAt: 'ASC' } }));
      const warnings: string[] = [];
      if (type === 'marital-status') warnings.push(...(await this.validConfirmations(em, fields['subject.idNumber'] ?? '', today)));
      if (entries.some((e) => e.state === 'registered' && e.eventType === type)) warnings.push('Hồ sơ này đã có mục đăng ký trong sổ: kiểm tra trước khi đăng ký thêm.');
      return {
        dossierId, dossierNumber: dossier.number, procedureCode: dossier.procedureCode, eventType: type, schema, fields,
        parties: parties.map((p) => ({ party: p.party, role: p.role, label: p.label, fullName: p.facts.fullName ?? '', idNumber: p.facts.idNumber ?? '' })),
        book, proposedNumber, entries, warnings,
      };
    });
  }

  private async validConfirmations(em: EntityManager, idNumber: string, today: string): Promise<string[]> {
    if (!idNumber) return [];
    const rows = await em.find(CivilEntryEntity, { where: { eventType: 'marital-status', state: 'registered', subjectIdNumber: idNumber } });
    return rows.filter((r) => (r.validUntil ?? '') >= today).map((r) =>
      `Đã có Giấy xác nhận tình trạng hôn nhân cấp ngày ${formatDateKeyVn(r.registeredOn)} cho mục đích "${parseFields(r.fieldsJson)['status.purpose'] ?? ''}", còn giá trị đến hết ngày ${formatDateKeyVn(r.validUntil!)}: không cấp giấy thứ hai cho cùng mục đích.`);
  }

  async register(input: Register, user: User, now: Date): Promise<{ entry: CivilStatusEntry; repeated: boolean }> {
    const r = await this.d.db.write((em) => registerEntry(em, input, user, now));
    return { entry: await this.get(r.row.id), repeated: r.repeated };
  }

  async get(id: string): Promise<CivilStatusEntry> {
    return this.d.db.read(async (em) => {
      const row = await em.findOneBy(CivilEntryEntity, { id });
      if (!row) throw notFound('mục hộ tịch');
      return (await viewEntries(em, [row]))[0]!;
    });
  }

  forDossier(dossierId: string) {
    return this.d.db.read(async (em) => viewEntries(em, await em.find(CivilEntryEntity, { where: { dossierId }, order: { registeredAt: 'ASC' } })));
  }

  search(type: EventType | undefined, query: string, limit: number) {
    const words = foldForSearch(query).split(' ').filter(Boolean);
    return this.d.db.read(async (em) => {
      const where = ['1 = 1'];
      const params: unknown[] = [];
      if (type) { where.push('event_type = ?'); params.push(type); }
      for (const w of words) { where.push(`(' ' || search_text) LIKE ?`); params.push(/^\d+$/.test(w) ? `%${w}%` : `% ${w}%`); }
      const ids = (await em.query(`SELECT id FROM civil_entry WHERE ${where.join(' AND ')} ORDER BY registered_at DESC LIMIT ?`, [...params, limit])) as { id: string }[];
      if (!ids.length) return [];
      const rows = await em.findBy(CivilEntryEntity, { id: In(ids.map((r) => r.id)) });
      rows.sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
      return viewEntries(em, rows);
    });
  }

  async cancel(entryId: string, reason: string, user: User, now: Date): Promise<CivilStatusEntry> {
    await this.d.db.write(async (em) => {
      const row = await em.findOneBy(CivilEntryEntity, { id: entryId });
      if (!row) throw notFound('mục hộ tịch');
      if (row.state === 'cancelled') throw new AppError('CONFLICT', `Mục này đã bị hủy ngày ${formatDateKeyVn(vnDateKey(new Date(row.cancelledAt!)))} (lý do: ${row.cancelReason}).`);
      await em.update(CivilEntryEntity, { id: entryId }, { state: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: user.id, cancelReason: reason });
      await writeAudit(em, { at: now, userId: user.id, action: 'civilStatus.cancel', entity: 'civil_entry', entityId: entryId, before: { state: row.state }, after: { state: 'cancelled', reason } });
    });
    return this.get(entryId);
  }

  /** Books as they stand; a book of a past year still open shows closed on its 31 December. */
  private async viewBooks(em: EntityManager, rows: CivilBookRow[], now: Date): Promise<RegisterBook[]> {
    const counts = await entryCounts(em, rows.map((b) => b.id));
    const year = Number(vnDateKey(now).slice(0, 4));
    return rows.map((b) => {
      const c = counts.get(b.id) ?? { count: 0, last: 0 };
      const pastYear = !b.closedAt && b.year < year;
      const closed = !!b.closedAt || pastYear;
      const type = b.eventType as EventType;
      return {
        id: b.id, eventType: type, year: b.year, bookNumber: b.bookNumber, label: bookLabel(b),
        name: schemaOn(type, `${b.year}-12-31`).registerName, capacity: b.capacity, entryCount: c.count,
        nextNumber: closed ? null : c.last + 1 > b.capacity ? 1 : c.last + 1,
        openedAt: b.openedAt, closedAt: b.closedAt ?? (pastYear ? yearEnd(b.year) : null),
        closedReason: (b.closedReason as RegisterBook['closedReason']) ?? (pastYear ? 'year-end' : null), closedBy: b.closedBy,
      };
    });
  }

  books(year: number | undefined, type: EventType | undefined, now: Date) {
    return this.d.db.read(async (em) => {
      const rows = await em.find(CivilBookEntity, { where: { ...(year ? { year } : {}), ...(type ? { eventType: type } : {}) }, order: { year: 'DESC', eventType: 'ASC', bookNumber: 'ASC' } });
      return this.viewBooks(em, rows, now);
    });
  }

  private async book(em: EntityManager, bookId: string, now: Date): Promise<RegisterBook> {
    const row = await em.findOneBy(CivilBookEntity, { id: bookId });
    if (!row) throw notFound('sổ hộ tịch');
    return (await this.viewBooks(em, [row], now))[0]!;
  }

  bookEntries(bookId: string, offset: number, limit: number, now: Date) {
    return this.d.db.read(async (em) => {
      const book = await this.book(em, bookId, now);
      const [rows, total] = await em.findAndCount(CivilEntryEntity, { where: { bookId }, order: { entryNumber: 'ASC' }, skip: offset, take: limit });
      return { book, entries: await viewEntries(em, rows), total };
    });
  }

  async closeBook(bookId: string, user: User, now: Date): Promise<RegisterBook> {
    await this.d.db.write(async (em) => {
      const row = await em.findOneBy(CivilBookEntity, { id: bookId });
      if (!row) throw notFound('sổ hộ tịch');
      const view = (await this.viewBooks(em, [row], now))[0]!;
      if (view.closedAt) throw new AppError('CONFLICT', `Quyển số ${view.label} (${view.name}) đã khóa ngày ${formatDateKeyVn(vnDateKey(new Date(view.closedAt)))}.`);
      await closeBook(em, row, user.id, now);
      await writeAudit(em, { at: now, userId: user.id, action: 'civilStatus.closeBook', entity: 'civil_book', entityId: bookId, after: { label: view.label, entries: view.entryCount } });
    });
    return this.d.db.read((em) => this.book(em, bookId, now));
  }

  private async wholeBook(bookId: string, now: Date) {
    return this.d.db.read(async (em) => {
      const book = await this.book(em, bookId, now);
      const entries = await viewEntries(em, await em.find(CivilEntryEntity, { where: { bookId }, order: { entryNumber: 'ASC' } }));
      const columns = bookColumns(book.eventType, entries);
      return { book, columns, rows: bookRows(columns, entries) };
    });
  }

  async bookPdf(bookId: string, now: Date) {
    const [{ book, columns, rows }, office] = await Promise.all([this.wholeBook(bookId, now), this.d.office()]);
    const pdf = await bookPdf({ book, columns, rows, governingBody: office.governingBody, officeName: office.officeName, issuedAt: now });
    return { base64: Buffer.from(pdf.bytes).toString('base64'), fileName: bookFileName(book, 'pdf'), pages: pdf.pages };
  }

  async bookXlsx(bookId: string, now: Date) {
    const { book, columns, rows } = await this.wholeBook(bookId, now);
    const { bookWorkbook } = await import('./book-xlsx'); // exceljs loads only when a workbook is asked for
    return { base64: (await bookWorkbook(book, columns, rows, now)).toString('base64'), fileName: bookFileName(book, 'xlsx') };
  }

  private async certificateEntry(em: EntityManager, row: CivilEntryRow, depth = 0): Promise<{ entry: CertificateEntry; book: { bookNumber: number; year: number } | null }> {
    const book = row.bookId ? await em.findOneBy(CivilBookEntity, { id: row.bookId }) : null;
    const target = row.targetEntryId && depth === 0 ? await em.findOneBy(CivilEntryEntity, { id: row.targetEntryId }) : null;
    const entry: CertificateEntry = {
      eventType: row.eventType as EventType, schemaVersion: row.schemaVersion, fields: await correctedFields(em, row), registeredOn: row.registeredOn,
      entryNumber: row.entryNumber, bookNumber: book?.bookNumber ?? null, bookYear: book?.year ?? null,
      signerName: row.signerName, signerTitle: row.signerTitle, state: row.state as 'registered', cancelReason: row.cancelReason,
      validUntil: row.validUntil, target: target ? await this.certificateEntry(em, target, depth + 1) : null,
    };
    return { entry, book: book ? { bookNumber: book.bookNumber, year: book.year } : null };
  }

  async certificateFields(entryId: string) {
    const office = await this.d.office();
    return this.d.db.read(async (em) => {
      const row = await em.findOneBy(CivilEntryEntity, { id: entryId });
      if (!row) throw notFound('mục hộ tịch');
      const { entry, book } = await this.certificateEntry(em, row);
      return {
        entryId, eventType: row.eventType as EventType, values: certificateFieldsOf(entry, office, book),
        dossierId: row.dossierId, state: row.state === 'cancelled' ? 'cancelled' as const : 'registered' as const,
        targetEventType: entry.target?.entry.eventType ?? null,
      };
    });
  }

  async logCopies(entryId: string, copies: number, user: User, now: Date) {
    return this.d.db.write(async (em) => {
      const row = await em.findOneBy(CivilEntryEntity, { id: entryId });
      if (!row) throw notFound('mục hộ tịch');
      if (row.state !== 'registered') throw new AppError('CONFLICT', `Mục đã bị hủy (${row.cancelReason}): không cấp bản sao.`);
      await em.insert(CivilCopyLogEntity, { entryId, copies, at: now.toISOString(), byUser: user.id, viaEntryId: null });
      await writeAudit(em, { at: now, userId: user.id, action: 'civilStatus.copies', entity: 'civil_entry', entityId: entryId, after: { copies } });
      const [{ n }] = (await em.query(`SELECT COALESCE(SUM(copies), 0) AS n FROM civil_copy_log WHERE entry_id = ?`, [entryId])) as { n: number }[];
      return { entryId, copiesIssued: Number(n) };
    });
  }

  async resultReady(operationId: string, entryId: string, user: User, now: Date) {
    const r = await makeResult({ db: this.d.db, workflow: this.d.workflow }, operationId, entryId, user, now);
    return { ...r, entry: await this.get(entryId) };
  }
}
