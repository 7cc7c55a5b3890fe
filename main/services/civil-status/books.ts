// Register books (sổ hộ tịch): one open book per event type and Vietnam year; Quyển số restarts at 01 each year;
// a book closes on 31 December (when the first entry of a later year is written, or when the books are listed)
// or when full (its capacity is data, copied from the event schema when the book opens), or by hand. The one
// owner of civil_book; every function takes the caller's transaction.
import crypto from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { schemaOn, type EventType } from '../../../shared/civil-status/event-schemas';
import { fromVnParts } from '../../../shared/time/vn-time';
import { CivilBookEntity, type CivilBookRow } from '../../persistence/entities-civil-status';

/** "01/2026": Quyển số as printed. */
export const bookLabel = (b: Pick<CivilBookRow, 'bookNumber' | 'year'>) => `${String(b.bookNumber).padStart(2, '0')}/${b.year}`;

/** The end of the Vietnam year `year` (00:00 on 1 January of the next, Asia/Ho_Chi_Minh), as a UTC instant. */
export const yearEnd = (year: number) => fromVnParts(year + 1, 1, 1).toISOString();

/** Books of years before `year` still open are closed as of their 31 December. */
export async function closePastYears(em: EntityManager, year: number, eventType?: EventType): Promise<void> {
  const open = await em.find(CivilBookEntity, { where: { closedAt: IsNull(), ...(eventType ? { eventType } : {}) } });
  for (const b of open.filter((x) => x.year < year)) {
    await em.update(CivilBookEntity, { id: b.id }, { closedAt: yearEnd(b.year), closedReason: 'year-end', closedBy: null });
  }
}

/** The open book of the type and year, opened (next Quyển số of the year) when there is none. */
export async function openBookFor(em: EntityManager, eventType: EventType, year: number, now: Date): Promise<CivilBookRow> {
  await closePastYears(em, year, eventType);
  const open = await em.findOneBy(CivilBookEntity, { eventType, year, closedAt: IsNull() });
  if (open) return open;
  return openNext(em, eventType, year, now);
}

async function openNext(em: EntityManager, eventType: EventType, year: number, now: Date): Promise<CivilBookRow> {
  const [{ last }] = (await em.query(`SELECT COALESCE(MAX(book_number), 0) AS last FROM civil_book WHERE event_type = ? AND year = ?`, [eventType, year])) as { last: number }[];
  const day = `${year}-12-31`;
  const row: CivilBookRow = {
    id: crypto.randomUUID(), eventType, year, bookNumber: last + 1, capacity: schemaOn(eventType, day).bookCapacity,
    openedAt: now.toISOString(), closedAt: null, closedReason: null, closedBy: null,
  };
  await em.insert(CivilBookEntity, row);
  return row;
}

/** The number the next proposed entry of the book gets: one past the highest used (recorded numbers included). */
export async function nextNumberIn(em: EntityManager, bookId: string): Promise<number> {
  const [{ last }] = (await em.query(`SELECT COALESCE(MAX(entry_number), 0) AS last FROM civil_entry WHERE book_id = ?`, [bookId])) as { last: number }[];
  return last + 1;
}

/** Closes the book as full and opens the next one of its year. */
export async function rollOver(em: EntityManager, book: CivilBookRow, now: Date): Promise<CivilBookRow> {
  await em.update(CivilBookEntity, { id: book.id }, { closedAt: now.toISOString(), closedReason: 'full', closedBy: null });
  return openNext(em, book.eventType as EventType, book.year, now);
}

export async function closeBook(em: EntityManager, book: CivilBookRow, by: string, now: Date): Promise<void> {
  await em.update(CivilBookEntity, { id: book.id }, { closedAt: now.toISOString(), closedReason: 'manual', closedBy: by });
}

export async function entryCounts(em: EntityManager, bookIds: string[]): Promise<Map<string, { count: number; last: number }>> {
  if (!bookIds.length) return new Map();
  const rows = (await em.query(
    `SELECT book_id, COUNT(*) AS n, MAX(entry_number) AS last FROM civil_entry WHERE book_id IN (${bookIds.map(() => '?').join(',')}) GROUP BY book_id`,
    bookIds)) as { book_id: string; n: number; last: number }[];
  return new Map(rows.map((r) => [r.book_id, { count: r.n, last: r.last }]));
}
