// What a register book shows, for its printout (book-pdf.ts) and its workbook (book-xlsx.ts) alike: one column
// per field the event schema marks `inRegister`, framed by the number, the registration date, who registered it
// and a note (cancelled with its reason, a number recorded from the Ministry's shared software, a late birth
// registration). Entries keep the schema version they were registered with; a book spans one version's columns
// per field key, so a later version's new field appears as a column too.
import { schemaOf, type EventType } from '../../../shared/civil-status/event-schemas';
import type { CivilStatusEntry, RegisterBook } from '../../../shared/contract/api-civil-status';
import { formatDateKeyVn } from '../../../shared/text/format';
import { toDateKey } from '../../../shared/civil-status/validate';

/** Relative widths that keep a date (dd/mm/yyyy) and a 12-digit number on one line at 9 pt. */
const WIDTHS: Partial<Record<string, number>> = { date: 2.6, sex: 1.2, year: 1.8, 'id-number': 3 };

export interface BookColumn { key: string; label: string; width: number; kind: 'number' | 'date' | 'text'; align?: 'left' | 'center' }

export interface BookRow { values: Record<string, string | number | null>; cancelled: boolean }

export function bookColumns(eventType: EventType, entries: CivilStatusEntry[]): BookColumn[] {
  const versions = [...new Set(entries.map((e) => e.schemaVersion))];
  if (!versions.length) versions.push(1);
  const seen = new Set<string>();
  const fieldCols: BookColumn[] = [];
  for (const v of versions.sort((a, b) => a - b)) {
    for (const f of schemaOf(eventType, v)?.fields ?? []) {
      if (!f.inRegister || seen.has(f.key)) continue;
      seen.add(f.key);
      const wide = f.kind === 'name' || f.kind === 'place' || f.kind === 'address' || f.kind === 'text';
      fieldCols.push({ key: `f:${f.key}`, label: f.label, width: WIDTHS[f.kind] ?? (wide ? 3 : 2), kind: f.kind === 'date' ? 'date' : 'text', align: wide ? 'left' : 'center' });
    }
  }
  return [
    { key: 'number', label: 'Số', width: 1, kind: 'number' },
    { key: 'registeredOn', label: 'Ngày đăng ký', width: 2.6, kind: 'date' },
    ...fieldCols,
    { key: 'registeredBy', label: 'Công chức thực hiện', width: 2, kind: 'text', align: 'left' },
    { key: 'note', label: 'Ghi chú', width: 4, kind: 'text', align: 'left' },
  ];
}

/** The note column: cancelled with its reason first (the entry stays, marked), then the other marks. */
export function noteOf(e: CivilStatusEntry): string {
  const notes: string[] = [];
  if (e.state === 'cancelled') notes.push(`ĐÃ HỦY: ${e.cancelReason}`);
  if (e.numberSource === 'external') notes.push('Số theo phần mềm hộ tịch dùng chung');
  if (e.lateRegistration) notes.push('Đăng ký quá hạn');
  if (e.validUntil) notes.push(`Có giá trị đến ${formatDateKeyVn(e.validUntil)}`);
  for (const c of e.changes) notes.push(`${c.kind} ngày ${formatDateKeyVn(c.registeredOn)}: ${c.fieldLabel || c.fieldKey} "${c.oldValue}" → "${c.newValue}"`);
  if (e.fields.note) notes.push(e.fields.note);
  return notes.join('; ');
}

export function bookRows(columns: BookColumn[], entries: CivilStatusEntry[]): BookRow[] {
  return entries.map((e) => ({
    cancelled: e.state === 'cancelled',
    values: Object.fromEntries(columns.map((c) => {
      if (c.key === 'number') return [c.key, e.entryNumber];
      if (c.key === 'registeredOn') return [c.key, e.registeredOn];
      if (c.key === 'registeredBy') return [c.key, e.registeredByName];
      if (c.key === 'note') return [c.key, noteOf(e)];
      const v = e.fields[c.key.slice(2)] ?? '';
      return [c.key, c.kind === 'date' ? toDateKey(v) ?? (v || null) : v || null];
    })),
  }));
}

export function bookTitle(book: RegisterBook): string {
  return `${book.name.toLocaleUpperCase('vi')} — Quyển số ${book.label}`;
}

export const bookFileName = (book: RegisterBook, ext: 'pdf' | 'xlsx') =>
  `so-${book.eventType}-${book.year}-quyen-${String(book.bookNumber).padStart(2, '0')}.${ext}`;
