// Civil-status events as data (issue 11 #1): the Ministry changes what a register records (Thông tư 04/2020/TT-BTP,
// amended 03/2023), so every event type is a versioned schema of fields, not code. Screens draw their forms
// from it, the core validates against it, and the certificate's flat keys come from it.

export const EVENT_TYPES = ['birth', 'marriage', 'death', 'marital-status', 'change', 'extract-copy'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * What a field holds, which decides how it is checked and shown:
 * - text / name / place / address: free text (NFC, text policy) up to `max` characters; a name is a person's;
 * - date: 'YYYY-MM-DD' (a calendar day, never an instant), not in the future unless `allowFuture`;
 * - time: 'HH:MM'; year: four digits (a parent's year of birth); count: a whole number in `min`..`max`;
 * - id-number: the 12-digit personal ID number (shared/validation/id-number.ts: format an error, meaning warnings);
 * - sex: 'Nam' | 'Nữ'; ethnicity, nationality: text with a default ('Kinh', 'Việt Nam');
 * - choice: one of `options`; entry-ref: the id of a registered entry (corrections, extract copies).
 */
export const FIELD_KINDS = [
  'text', 'name', 'place', 'address', 'date', 'time', 'year', 'count', 'id-number', 'sex', 'ethnicity',
  'nationality', 'choice', 'entry-ref',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Which party of the dossier a field is taken from (the applicant, the second party of a marriage). */
export const PARTIES = ['applicant', 'secondParty'] as const;
export type Party = (typeof PARTIES)[number];
/** The dossier's facts about a party a field may be filled from. */
export const PARTY_ATTRIBUTES = ['fullName', 'idNumber', 'birthDate', 'address', 'sex', 'ethnicity', 'nationality'] as const;
export type PartyAttribute = (typeof PARTY_ATTRIBUTES)[number];

export interface FieldDef {
  /** Flat key, dotted by the person it describes: 'child.fullName', 'father.birthYear'. Stable across versions. */
  key: string;
  /** Vietnamese label as the form and the register show it. */
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Group (a section of the form: 'child', 'father'…), one of the schema's groups. */
  group: string;
  /** Text: maximum characters; count/year: maximum value. */
  max?: number;
  /** count/year: minimum value. */
  min?: number;
  /** choice: the allowed values (Vietnamese, as printed). */
  options?: readonly string[];
  /** Value proposed on a new entry ('Việt Nam', 'Kinh'). */
  defaultValue?: string;
  /** Filled from the dossier's party: who, and which of their facts. */
  from?: { party: Party; attribute: PartyAttribute };
  /** A date that may lie ahead (none today; kept explicit so a future field says so). */
  allowFuture?: boolean;
  /** Shown as a column of the register book (PDF/Excel). */
  inRegister?: boolean;
  /** Short help for the officer (Vietnamese). */
  hint?: string;
}

export interface FieldGroup { key: string; label: string }

export interface EventSchema {
  type: EventType;
  /** Increases whenever fields change; an entry keeps the version it was registered with. */
  version: number;
  /** First Vietnam day this version applies to ('YYYY-MM-DD'). */
  validFrom: string;
  /** Vietnamese names: the event, its register book, its result paper. */
  name: string;
  registerName: string;
  resultName: string;
  /**
   * National result-type code of the paper (KQ.G…) recorded on the dossier's result; '' while unverified —
   * only the marriage certificate's KQ.G15.000032 is known (civil-status.md).
   */
  resultCode: string;
  /** National procedure codes (catalogue) whose dossiers this event registers. */
  procedureCodes: readonly string[];
  /** Entries a book holds before the next book (Quyển số) opens: data, *unverified* (printed books vary). */
  bookCapacity: number;
  /** True when the entry is registered in a book and numbered (an extract copy is not: it cites its entry). */
  numbered: boolean;
  groups: readonly FieldGroup[];
  fields: readonly FieldDef[];
}

/** A registered entry as the schema functions see it (persistence adds ids, who, when). */
export interface EntryFacts {
  eventType: EventType;
  schemaVersion: number;
  fields: Record<string, string>;
  /** 'YYYY-MM-DD', the Vietnam day of registration. */
  registeredOn: string;
  entryNumber: number | null;
  bookNumber: number | null;
  bookYear: number | null;
}
