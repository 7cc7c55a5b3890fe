// The flat values a certificate or extract prints, by key. Helper "blanks" positions these keys on each blank's
// template (millimetres), so the keys are a contract: add keys, never rename them.
//
// Keys:
// - every field of the entry's schema by its own key ('child.fullName', 'husband.idNumber', 'death.place'…):
//   dates as dd/mm/yyyy, other values as registered ('' when empty);
// - '<date key>.words' for every date field: the date in Vietnamese words ("ngày mười lăm tháng ba năm hai
//   nghìn không trăm hai mươi sáu", shared/text/date-words.ts), and '<date key>.wordsCap' capitalised;
// - 'registration.number' (Số), 'registration.bookNumber' (Quyển số, two digits "01"),
//   'registration.bookYear' ("2026"), 'registration.book' ("01/2026"): '' for an unnumbered entry;
// - 'registration.date' (dd/mm/yyyy), 'registration.dateLong' ("ngày 05 tháng 03 năm 2026"),
//   'registration.dateWords', 'registration.placeDate' ("Xã An Phú, ngày 05 tháng 03 năm 2026"),
//   'registration.place' (the office's place name), 'registration.authority' (the governing body, upper case:
//   "ỦY BAN NHÂN DÂN XÃ AN PHÚ"), 'registration.officeName';
// - 'signer.title' (e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", may hold a line break), 'signer.name';
// - 'document.title' (the paper's name: "GIẤY KHAI SINH"), 'event.name';
// - 'state' ("" or "ĐÃ HỦY"), 'cancel.reason';
// - marital-status confirmation: 'validity.until' (dd/mm/yyyy), 'validity.text' ("Giấy này có giá trị sử dụng
//   trong thời hạn 6 tháng, kể từ ngày cấp.");
// - extract copies: 'extract.copies' as registered, and 'target.*': the cited entry's own keys (its fields, its
//   'registration.*'), so an extract of a birth prints the birth's values.
import { formatDateKeyVn, formatLongDateKeyVn } from '../text/format';
import { dateInWords } from '../text/date-words';
import { schemaOf } from './event-schemas';
import type { EntryFacts, EventSchema } from './types';
import { MARITAL_STATUS_VALID_MONTHS } from './validity';

export interface CertificateOffice {
  governingBody: string;
  place: string;
  officeName?: string;
}

export interface CertificateBook { bookNumber: number; year: number }

export interface CertificateEntry extends EntryFacts {
  signerName?: string;
  signerTitle?: string;
  state?: 'registered' | 'cancelled';
  cancelReason?: string;
  validUntil?: string | null;
  /** The cited entry (an extract copy's, a change's), with its own book. */
  target?: { entry: CertificateEntry; book: CertificateBook | null } | null;
}

export const CERTIFICATE_COMMON_KEYS = [
  'registration.number', 'registration.bookNumber', 'registration.bookYear', 'registration.book',
  'registration.date', 'registration.dateLong', 'registration.dateWords', 'registration.placeDate',
  'registration.place', 'registration.authority', 'registration.officeName',
  'signer.title', 'signer.name', 'document.title', 'event.name', 'state', 'cancel.reason',
] as const;

/** Every key certificateFieldsOf answers for a schema (without 'target.*'), for template editors and tests. */
export function certificateKeysOf(schema: EventSchema): string[] {
  const keys: string[] = [];
  for (const f of schema.fields) {
    keys.push(f.key);
    if (f.kind === 'date') keys.push(`${f.key}.words`, `${f.key}.wordsCap`);
  }
  keys.push(...CERTIFICATE_COMMON_KEYS);
  if (schema.type === 'marital-status') keys.push('validity.until', 'validity.text');
  return keys;
}

const safeDate = (key: string, f: (k: string) => string) => {
  try {
    return key ? f(key) : '';
  } catch {
    return key; // a value stored by an older version that is not a date prints as it was typed
  }
};

/** The flat values printed on the entry's paper. `book` is the entry's register book (null: not numbered). */
export function certificateFieldsOf(entry: CertificateEntry, office: CertificateOffice, book: CertificateBook | null): Record<string, string> {
  const schema = schemaOf(entry.eventType, entry.schemaVersion);
  const out: Record<string, string> = {};
  const fieldDefs = schema?.fields ?? Object.keys(entry.fields).map((key) => ({ key, kind: 'text' as const }));
  for (const f of fieldDefs) {
    const v = entry.fields[f.key] ?? '';
    if (f.kind === 'date') {
      out[f.key] = safeDate(v, formatDateKeyVn);
      out[`${f.key}.words`] = safeDate(v, (k) => dateInWords(k));
      out[`${f.key}.wordsCap`] = safeDate(v, (k) => dateInWords(k, { capitalise: true }));
    } else {
      out[f.key] = v;
    }
  }
  const numbered = entry.entryNumber !== null && book !== null;
  const bookNumber = numbered ? String(book.bookNumber).padStart(2, '0') : '';
  const longDate = safeDate(entry.registeredOn, formatLongDateKeyVn);
  Object.assign(out, {
    'registration.number': numbered ? String(entry.entryNumber) : '',
    'registration.bookNumber': bookNumber,
    'registration.bookYear': numbered ? String(book.year) : '',
    'registration.book': numbered ? `${bookNumber}/${book.year}` : '',
    'registration.date': safeDate(entry.registeredOn, formatDateKeyVn),
    'registration.dateLong': longDate,
    'registration.dateWords': safeDate(entry.registeredOn, (k) => dateInWords(k)),
    'registration.placeDate': `${office.place}, ${longDate}`,
    'registration.place': office.place,
    'registration.authority': office.governingBody.toLocaleUpperCase('vi'),
    'registration.officeName': office.officeName ?? '',
    'signer.title': entry.signerTitle ?? '',
    'signer.name': entry.signerName ?? '',
    'document.title': (schema?.resultName ?? '').toLocaleUpperCase('vi'),
    'event.name': schema?.name ?? '',
    state: entry.state === 'cancelled' ? 'ĐÃ HỦY' : '',
    'cancel.reason': entry.cancelReason ?? '',
  });
  if (entry.eventType === 'marital-status') {
    out['validity.until'] = entry.validUntil ? safeDate(entry.validUntil, formatDateKeyVn) : '';
    out['validity.text'] = `Giấy này có giá trị sử dụng trong thời hạn ${MARITAL_STATUS_VALID_MONTHS} tháng, kể từ ngày cấp.`;
  }
  if (entry.target) {
    const t = certificateFieldsOf(entry.target.entry, office, entry.target.book);
    for (const [k, v] of Object.entries(t)) out[`target.${k}`] = v;
  }
  return out;
}
