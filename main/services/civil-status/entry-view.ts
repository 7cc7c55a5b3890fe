// Rows of civil_entry → the contract's entry, with what it joins: its book's label, the dossier's number, the
// names of who registered or cancelled it, the people it names and the copies issued.
import { In, type EntityManager } from 'typeorm';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { EVENT_TYPE_NAMES, type EventType, type Party } from '../../../shared/civil-status/event-schemas';
import { DossierEntity, UserEntity } from '../../persistence/entities';
import {
  CivilBookEntity, CivilEntryEntity, CivilEntryPersonEntity, type CivilBookRow, type CivilEntryRow,
} from '../../persistence/entities-civil-status';
import { bookLabel } from './books';

export function parseFields(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, typeof x === 'string' ? x : String(x ?? '')]));
  } catch {
    return {};
  }
}

function parseWarnings(json: string): CivilStatusEntry['warnings'] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as CivilStatusEntry['warnings']) : [];
  } catch {
    return [];
  }
}

/**
 * The entry's values as they stand after the changes, corrections and additions registered on it (in the order
 * they were registered; a cancelled change does not count): what a later extract copy prints. The entry's own
 * row keeps what was registered, as the book does.
 */
export async function correctedFields(em: EntityManager, row: CivilEntryRow): Promise<Record<string, string>> {
  const fields = parseFields(row.fieldsJson);
  const changes = await em.find(CivilEntryEntity, { where: { targetEntryId: row.id, eventType: 'change', state: 'registered' }, order: { registeredAt: 'ASC' } });
  for (const c of changes) {
    const f = parseFields(c.fieldsJson);
    if (f['change.fieldKey']) fields[f['change.fieldKey']] = f['change.newValue'] ?? '';
  }
  return fields;
}

export async function viewEntries(em: EntityManager, rows: CivilEntryRow[]): Promise<CivilStatusEntry[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const bookIds = [...new Set(rows.map((r) => r.bookId).filter((x): x is string => !!x))];
  const dossierIds = [...new Set(rows.map((r) => r.dossierId).filter((x): x is string => !!x))];
  const userIds = [...new Set(rows.flatMap((r) => [r.registeredBy, r.cancelledBy]).filter((x): x is string => !!x))];
  const [books, dossiers, users, persons, copies, changes] = await Promise.all([
    bookIds.length ? em.findBy(CivilBookEntity, { id: In(bookIds) }) : [],
    dossierIds.length ? em.find(DossierEntity, { where: { id: In(dossierIds) }, select: { id: true, number: true } }) : [],
    userIds.length ? em.find(UserEntity, { where: { id: In(userIds) }, select: { id: true, fullName: true } }) : [],
    em.find(CivilEntryPersonEntity, { where: { entryId: In(ids) }, order: { position: 'ASC' } }),
    em.query(`SELECT entry_id, SUM(copies) AS n FROM civil_copy_log WHERE entry_id IN (${ids.map(() => '?').join(',')}) GROUP BY entry_id`, ids) as Promise<{ entry_id: string; n: number }[]>,
    em.find(CivilEntryEntity, { where: { targetEntryId: In(ids), eventType: 'change', state: 'registered' }, order: { registeredAt: 'ASC' } }),
  ]);
  const bookById = new Map<string, CivilBookRow>(books.map((b) => [b.id, b]));
  const numberById = new Map(dossiers.map((d) => [d.id, d.number]));
  const nameById = new Map(users.map((u) => [u.id, u.fullName]));
  const copiesById = new Map(copies.map((c) => [c.entry_id, Number(c.n)]));
  return rows.map((r) => {
    const book = r.bookId ? bookById.get(r.bookId) : undefined;
    return {
      id: r.id, dossierId: r.dossierId, dossierNumber: r.dossierId ? numberById.get(r.dossierId) ?? '' : '',
      eventType: r.eventType as EventType, schemaVersion: r.schemaVersion, eventName: EVENT_TYPE_NAMES[r.eventType as EventType] ?? r.eventType,
      fields: parseFields(r.fieldsJson),
      bookId: r.bookId, bookLabel: book ? bookLabel(book) : '', entryNumber: r.entryNumber,
      numberSource: (r.numberSource as 'proposed' | 'external' | null) ?? null,
      registeredOn: r.registeredOn, registeredAt: r.registeredAt, registeredBy: r.registeredBy,
      registeredByName: nameById.get(r.registeredBy) ?? '', signerName: r.signerName, signerTitle: r.signerTitle,
      state: r.state === 'cancelled' ? 'cancelled' : 'registered',
      cancelledAt: r.cancelledAt, cancelledByName: r.cancelledBy ? nameById.get(r.cancelledBy) ?? '' : '', cancelReason: r.cancelReason,
      lateRegistration: !!r.lateRegistration, validUntil: r.validUntil,
      persons: persons.filter((p) => p.entryId === r.id).map((p) => ({ role: p.role, fullName: p.fullName, idNumber: p.idNumber, party: (p.party as Party | null) ?? null })),
      targetEntryId: r.targetEntryId, copiesIssued: copiesById.get(r.id) ?? 0,
      warnings: parseWarnings(r.warningsJson), resultCode: r.resultCode,
      changes: changes.filter((c) => c.targetEntryId === r.id).map((c) => {
        const f = parseFields(c.fieldsJson);
        return {
          entryId: c.id, registeredOn: c.registeredOn, kind: f['change.kind'] ?? '', fieldKey: f['change.fieldKey'] ?? '',
          fieldLabel: f['change.fieldLabel'] ?? '', oldValue: f['change.oldValue'] ?? '', newValue: f['change.newValue'] ?? '', reason: f['change.reason'] ?? '',
        };
      }),
    };
  });
}
