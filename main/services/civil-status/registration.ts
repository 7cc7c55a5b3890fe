// Registering an entry: one transaction (Database.write is serialized) checks the dossier, the schema version
// in force, the fields, the marital-status confirmation rule and the cited entry, takes the book and the number
// (proposed, or recorded from the Ministry's shared software and checked free), and writes the entry, the people
// it names, the copies issued and the audit together. The UNIQUE indexes of migration 0035 back the number.
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { schemaOf, schemaOn, eventTypeOfProcedure, type EventSchema, type EventType } from '../../../shared/civil-status/event-schemas';
import { validateEntry } from '../../../shared/civil-status/validate';
import { maritalStatusValidUntil, purposeKey } from '../../../shared/civil-status/validity';
import type { RegisterInput } from '../../../shared/contract/api-civil-status';
import type { User } from '../../../shared/contract';
import { buildSearchKey, foldForSearch } from '../../../shared/text/vietnamese';
import { formatDateKeyVn } from '../../../shared/text/format';
import { vnDateKey } from '../../../shared/time/vn-time';
import { AppError, notFound } from '../../base/errors';
import { DossierEntity, type DossierRow } from '../../persistence/entities';
import { CivilCopyLogEntity, CivilEntryEntity, CivilEntryPersonEntity, type CivilEntryRow } from '../../persistence/entities-civil-status';
import { writeAudit } from '../audit';
import { bookLabel, nextNumberIn, openBookFor, rollOver } from './books';
import { parseFields } from './entry-view';

type ParsedRegister = Omit<RegisterInput, 'number' | 'acceptWarnings' | 'signerName' | 'signerTitle'> & {
  number: { mode: 'propose' } | { mode: 'external'; entryNumber: number; bookNumber?: number };
  acceptWarnings: boolean; signerName: string; signerTitle: string;
};

/** Dossier statuses in which nothing more is registered: not accepted, refused, withdrawn, stopped, returned. */
const CLOSED_STATUSES = new Map([[1, 'chưa được tiếp nhận'], [3, 'đã bị từ chối'], [7, 'công dân đã rút'], [8, 'đã dừng xử lý'], [10, 'đã trả kết quả']]);

export async function checkDossierFor(em: EntityManager, dossierId: string, eventType: EventType): Promise<DossierRow> {
  const dossier = await em.findOneBy(DossierEntity, { id: dossierId });
  if (!dossier) throw notFound('hồ sơ');
  const closed = CLOSED_STATUSES.get(dossier.status);
  if (closed) throw new AppError('CONFLICT', `Hồ sơ ${dossier.number} ${closed}: không đăng ký hộ tịch trên hồ sơ này nữa.`);
  const type = eventTypeOfProcedure(dossier.procedureCode);
  if (type !== eventType) {
    throw new AppError('VALIDATION', type
      ? `Hồ sơ ${dossier.number} là thủ tục "${dossier.procedureName}": chọn loại việc hộ tịch tương ứng, không phải loại đã chọn.`
      : `Thủ tục "${dossier.procedureName}" không phải thủ tục đăng ký hộ tịch: không ghi vào sổ hộ tịch được.`,
    [{ field: 'eventType', message: 'Loại việc hộ tịch không khớp thủ tục của hồ sơ.', severity: 'error' }]);
  }
  return dossier;
}

/** The key a marital-status confirmation is held by: the ID number, else the folded name and birth date. */
export function subjectKey(fields: Record<string, string>): string {
  return fields['subject.idNumber'] || `name:${foldForSearch(fields['subject.fullName'] ?? '')}|${fields['subject.birthDate'] ?? ''}`;
}

async function refuseSecondConfirmation(em: EntityManager, subject: string, purpose: string, today: string): Promise<void> {
  const rows = (await em.query(
    `SELECT e.id, e.fields_json, e.registered_on, e.valid_until, e.entry_number, b.book_number, b.year FROM civil_entry e
       LEFT JOIN civil_book b ON b.id = e.book_id
      WHERE e.event_type = 'marital-status' AND e.state = 'registered' AND e.subject_id_number = ? AND e.purpose_key = ? AND e.valid_until >= ?
      ORDER BY e.valid_until DESC LIMIT 1`, [subject, purpose, today])) as
    { fields_json: string; registered_on: string; valid_until: string; entry_number: number | null; book_number: number | null; year: number | null }[];
  const r = rows[0];
  if (!r) return;
  const f = parseFields(r.fields_json);
  const where = r.entry_number !== null && r.book_number !== null ? ` (Số ${r.entry_number}, Quyển số ${bookLabel({ bookNumber: r.book_number, year: r.year ?? 0 })})` : '';
  throw new AppError('CONFLICT',
    `${f['subject.fullName'] ?? 'Người này'} đã được cấp Giấy xác nhận tình trạng hôn nhân cho mục đích "${f['status.purpose'] ?? ''}" ngày ${formatDateKeyVn(r.registered_on)}${where}, còn giá trị đến hết ngày ${formatDateKeyVn(r.valid_until)}. `
    + 'Không cấp giấy thứ hai cho cùng mục đích khi giấy cũ còn giá trị; nếu giấy cũ bị mất hoặc cần sửa, hãy hủy mục cũ (ghi lý do) rồi cấp lại.',
    [{ field: 'status.purpose', message: 'Đã có giấy xác nhận còn giá trị cho mục đích này.', severity: 'error' }]);
}

/** The registered entry an extract copy or a change cites. */
async function targetOf(em: EntityManager, schema: EventSchema, fields: Record<string, string>): Promise<CivilEntryRow | null> {
  const ref = schema.fields.find((f) => f.kind === 'entry-ref');
  if (!ref) return null;
  const target = await em.findOneBy(CivilEntryEntity, { id: fields[ref.key] });
  if (!target) throw new AppError('VALIDATION', 'Không tìm thấy mục hộ tịch được chọn trong sổ — hãy tìm và chọn lại.', [{ field: ref.key, message: 'Chọn mục đã đăng ký trong sổ.', severity: 'error' }]);
  if (target.state !== 'registered') throw new AppError('CONFLICT', `Mục được chọn đã bị hủy (${target.cancelReason}): không cấp bản sao hay thay đổi trên mục đã hủy.`, [{ field: ref.key, message: 'Mục đã bị hủy.', severity: 'error' }]);
  if (schema.type === 'change') {
    const targetSchema = schemaOf(target.eventType as EventType, target.schemaVersion);
    const def = targetSchema?.fields.find((f) => f.key === fields['change.fieldKey']);
    if (!def) throw new AppError('VALIDATION', `Mục được chọn (${targetSchema?.name ?? target.eventType}) không có thông tin "${fields['change.fieldKey']}" — chọn thông tin cần thay đổi trong danh sách.`, [{ field: 'change.fieldKey', message: 'Chọn thông tin có trong mục.', severity: 'error' }]);
    fields['change.fieldLabel'] ||= def.label;
    fields['change.oldValue'] ||= parseFields(target.fieldsJson)[def.key] ?? '';
  }
  return target;
}

/**
 * The people an entry names: each group with a name, linked to the dossier's party they are — the applicant when
 * the name is the applicant's (whichever side of a marriage the applicant is on), otherwise the second party for
 * a field filled from the dossier's parties where the schema has one; null for people the dossier does not name.
 */
function personsOf(schema: EventSchema, fields: Record<string, string>, applicantName = '') {
  const hasSecond = schema.fields.some((f) => f.from?.party === 'secondParty');
  const applicant = foldForSearch(applicantName);
  return schema.fields.filter((f) => f.key.endsWith('.fullName') && fields[f.key]).map((f, position) => {
    const group = f.key.slice(0, -'.fullName'.length);
    const isApplicant = !!applicant && foldForSearch(fields[f.key]!) === applicant;
    const party = isApplicant ? 'applicant' as const : f.from && hasSecond ? 'secondParty' as const : null;
    return { position, role: group, party, fullName: fields[f.key]!, idNumber: fields[`${group}.idNumber`] ?? '' };
  });
}

async function takeNumber(em: EntityManager, schema: EventSchema, year: number, choice: ParsedRegister['number'], now: Date) {
  if (!schema.numbered) {
    if (choice.mode === 'external') {
      throw new AppError('VALIDATION', `${schema.name} không được ghi số vào sổ: bỏ số đã nhập, bản sao dẫn chiếu số của mục được sao.`, [{ field: 'number.entryNumber', message: 'Không nhập số cho việc này.', severity: 'error' }]);
    }
    return { bookId: null, entryNumber: null, source: null };
  }
  let book = await openBookFor(em, schema.type, year, now);
  if (choice.mode === 'propose') {
    let n = await nextNumberIn(em, book.id);
    if (n > book.capacity) {
      book = await rollOver(em, book, now);
      n = 1;
    }
    return { bookId: book.id, entryNumber: n, source: 'proposed' as const };
  }
  const label = `Quyển số ${bookLabel(book)} (${schema.registerName})`;
  if (choice.bookNumber !== undefined && choice.bookNumber !== book.bookNumber) {
    throw new AppError('VALIDATION', `Sổ đang mở là ${label}, không phải Quyển số ${String(choice.bookNumber).padStart(2, '0')}: hãy kiểm tra lại số quyển do phần mềm hộ tịch dùng chung cấp.`,
      [{ field: 'number.bookNumber', message: `Quyển số đang mở: ${bookLabel(book)}.`, severity: 'error' }]);
  }
  if (choice.entryNumber > book.capacity) {
    throw new AppError('VALIDATION', `${label} có ${book.capacity} số: số ${choice.entryNumber} vượt quá sổ — hãy kiểm tra lại.`,
      [{ field: 'number.entryNumber', message: `Số từ 1 đến ${book.capacity}.`, severity: 'error' }]);
  }
  const used = (await em.query(`SELECT e.fields_json, e.number_source, e.registered_on FROM civil_entry e WHERE e.book_id = ? AND e.entry_number = ?`, [book.id, choice.entryNumber])) as
    { fields_json: string; number_source: string; registered_on: string }[];
  if (used[0]) {
    const who = personsOf(schema, parseFields(used[0].fields_json))[0]?.fullName;
    throw new AppError('CONFLICT',
      `Số ${choice.entryNumber} trong ${label} đã dùng${who ? ` cho mục của ${who}` : ''} (${used[0].number_source === 'external' ? 'số đã ghi nhận' : 'số ứng dụng đề xuất'}, ngày ${formatDateKeyVn(used[0].registered_on)}). `
      + 'Số do phần mềm hộ tịch dùng chung cấp phải còn trống trong sổ: hãy kiểm tra lại số, hoặc để ứng dụng đề xuất số tiếp theo.',
      [{ field: 'number.entryNumber', message: `Số ${choice.entryNumber} đã dùng.`, severity: 'error' }]);
  }
  return { bookId: book.id, entryNumber: choice.entryNumber, source: 'external' as const };
}

export interface Registered { row: CivilEntryRow; repeated: boolean }

export async function register(em: EntityManager, input: ParsedRegister, user: User, now: Date): Promise<Registered> {
  const earlier = await em.findOneBy(CivilEntryEntity, { operationId: input.operationId });
  if (earlier) {
    if (earlier.dossierId !== input.dossierId) throw new AppError('CONFLICT', 'Mã thao tác này đã dùng cho hồ sơ khác — hãy mở lại màn hình đăng ký.');
    return { row: earlier, repeated: true };
  }
  const today = vnDateKey(now);
  const dossier = await checkDossierFor(em, input.dossierId, input.eventType);
  const schema = schemaOn(input.eventType, today);
  if (schema.version !== input.schemaVersion) {
    throw new AppError('VALIDATION', `Mẫu ${schema.name} đang áp dụng là phiên bản ${schema.version} (màn hình đang dùng phiên bản ${input.schemaVersion}) — hãy mở lại màn hình nhập để dùng mẫu mới.`);
  }
  const check = validateEntry(schema, input.fields, { today, registeredOn: today });
  const errors = check.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new AppError('VALIDATION', `Thông tin chưa hợp lệ: ${errors[0]!.message}`, errors);
  const warnings = check.issues.filter((i) => i.severity === 'warning');
  if (warnings.length && !input.acceptWarnings) throw new AppError('VALIDATION', `Cần xem lại trước khi đăng ký: ${warnings[0]!.message}`, warnings);
  const fields = check.fields;
  const target = await targetOf(em, schema, fields);

  let validUntil: string | null = null;
  let subject: string | null = null;
  let purpose: string | null = null;
  if (schema.type === 'marital-status') {
    subject = subjectKey(fields);
    purpose = purposeKey(fields['status.purpose'] ?? '');
    await refuseSecondConfirmation(em, subject, purpose, today);
    validUntil = maritalStatusValidUntil(today);
  }

  const number = await takeNumber(em, schema, Number(today.slice(0, 4)), input.number, now);
  const persons = personsOf(schema, fields, dossier.applicantName);
  const row: CivilEntryRow = {
    id: crypto.randomUUID(), operationId: input.operationId, dossierId: dossier.id, eventType: schema.type, schemaVersion: schema.version,
    fieldsJson: JSON.stringify(fields), bookId: number.bookId, entryNumber: number.entryNumber, numberSource: number.source,
    registeredOn: today, registeredAt: now.toISOString(), registeredBy: user.id, signerName: input.signerName, signerTitle: input.signerTitle,
    state: 'registered', cancelledAt: null, cancelledBy: null, cancelReason: '', lateRegistration: check.lateRegistration ? 1 : 0,
    validUntil, subjectIdNumber: subject, purposeKey: purpose, targetEntryId: target?.id ?? null,
    warningsJson: JSON.stringify(warnings), searchText: buildSearchKey(...persons.flatMap((p) => [p.fullName, p.idNumber]), dossier.number, number.entryNumber === null ? '' : String(number.entryNumber)),
    resultCode: '', resultAt: null,
  };
  await em.insert(CivilEntryEntity, row);
  for (const p of persons) await em.insert(CivilEntryPersonEntity, { entryId: row.id, ...p });
  if (schema.type === 'extract-copy' && target) {
    await em.insert(CivilCopyLogEntity, { entryId: target.id, copies: Number(fields['extract.copies'] || 1), at: now.toISOString(), byUser: user.id, viaEntryId: row.id });
  }
  await writeAudit(em, {
    at: now, userId: user.id, action: 'civilStatus.register', entity: 'civil_entry', entityId: row.id,
    after: { dossierId: dossier.id, eventType: schema.type, schemaVersion: schema.version, bookId: row.bookId, entryNumber: row.entryNumber, numberSource: row.numberSource, warnings: warnings.length },
  });
  return { row, repeated: false };
}
