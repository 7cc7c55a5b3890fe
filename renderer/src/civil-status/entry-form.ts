// The entry form's model, pure (tested without a page): the values as the officer types them, drawn from the
// event type's schema (shared/civil-status), filled from the dossier, checked field by field with the shared
// rules (12-digit ID numbers, dd/mm/yyyy dates) and turned into what the core stores. Errors block the save,
// warnings do not; a message shows once its field was left after a change, or after a refused save.
import { schemaOf } from '../../../shared/civil-status/event-schemas';
import type { EventSchema, FieldDef } from '../../../shared/civil-status/types';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { validateEntry } from '../../../shared/civil-status/validate';
import { dateInWords } from '../../../shared/text/date-words';
import { parseDateVn } from '../../../shared/validation/date';

/** The values as typed, by field key (dates as dd/mm/yyyy). */
export type Typed = Record<string, string>;

export interface FormIssues { errors: Record<string, string>; warnings: Record<string, string[]> }

/** 'YYYY-MM-DD' → 'dd/mm/yyyy' (how the officer reads and types a date); other text unchanged. */
export function keyToTyped(key: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : key;
}

/**
 * A new entry's values: each field's default, then what the dossier knows (`prefill` by field key, stored form:
 * dates 'YYYY-MM-DD'), so the people come from the dossier and the officer only adds what it lacks.
 */
export function initialTyped(schema: EventSchema, prefill: Readonly<Record<string, string>> = {}): Typed {
  const out: Typed = {};
  for (const f of schema.fields) {
    const given = prefill[f.key];
    const v = given !== undefined && given !== '' ? given : f.defaultValue ?? '';
    out[f.key] = f.kind === 'date' ? keyToTyped(v) : v;
  }
  return out;
}

/** True when the officer typed something beyond what the form was opened with (asked before it is thrown away). */
export function isDirty(initial: Typed, now: Typed): boolean {
  return Object.keys({ ...initial, ...now }).some((k) => (initial[k] ?? '').trim() !== (now[k] ?? '').trim());
}

/**
 * Every field's problems, by the same rules the core applies (shared/civil-status/validate.ts: the ID number's
 * format an error and its meaning warnings, dates not in the future, a marriage's ages); which are shown is the
 * screen's choice. `today`: the Vietnam day, 'YYYY-MM-DD'.
 */
export function checkForm(schema: EventSchema, typed: Typed, today: string): FormIssues & { stored: Record<string, string> } {
  const r = validateEntry(schema, typed, { today });
  const errors: Record<string, string> = {};
  const warnings: Record<string, string[]> = {};
  for (const i of r.issues) {
    if (i.severity === 'error') errors[i.field] ??= i.message;
    else (warnings[i.field] ??= []).push(i.message);
  }
  return { errors, warnings, stored: r.fields };
}

/** "05/03/2026" → "ngày năm tháng ba năm hai nghìn không trăm hai mươi sáu" beside the field; '' while not a date. */
export function dateWords(typed: string): string {
  const d = parseDateVn(typed);
  return d.ok ? dateInWords(d.value) : '';
}

/** The fields of each group, in the schema's order (empty groups left out). */
export function fieldsByGroup(schema: EventSchema): Array<{ key: string; label: string; fields: FieldDef[] }> {
  return schema.groups
    .map((g) => ({ ...g, fields: schema.fields.filter((f) => f.group === g.key) }))
    .filter((g) => g.fields.length > 0);
}

/** The control id of a field ('child.fullName' → 'cs-child-fullName'). */
export function controlId(key: string): string {
  return `cs-${key.replace(/[^\w]+/g, '-')}`;
}

/** A core field path as the form names it: 'fields.child.fullName' → 'child.fullName'; the number → its box's path. */
export function formPath(path: string): string {
  return path.startsWith('fields.') ? path.slice('fields.'.length) : path === 'number' ? 'number.entryNumber' : path;
}

/** The number typed from the Ministry's shared software: a whole number 1–99.999, or a message saying what to type. */
export function checkExternalNumber(n: { external: boolean; number: string }): string | null {
  if (!n.external) return null;
  const v = n.number.trim();
  if (v === '') return 'Nhập số do phần mềm hộ tịch dùng chung cấp, ví dụ 15, hoặc bỏ chọn để dùng số đề xuất.';
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1) return 'Số đăng ký là số nguyên từ 1 đến 99.999, ví dụ 15.';
  return null;
}

/** The change's "which information": its key, label and value as the entry has it now. */
export const CHANGE_FIELD = 'change.fieldKey';

/** Fields drawn by the target section (the entry reference, the changed field's key); the generated form skips them. */
export function drawnByTarget(f: FieldDef): boolean {
  return f.kind === 'entry-ref' || f.key === CHANGE_FIELD;
}

/** What picking the changed field fills in: its key, its label and its value now ("Nội dung cũ"). */
export function changedFieldValues(target: Pick<CivilStatusEntry, 'eventType' | 'schemaVersion' | 'fields'>, key: string): Record<string, string> {
  const def = schemaOf(target.eventType, target.schemaVersion)?.fields.find((f) => f.key === key);
  const now = target.fields[key] ?? '';
  return { [CHANGE_FIELD]: key, 'change.fieldLabel': def?.label ?? key, 'change.oldValue': def?.kind === 'date' ? keyToTyped(now) : now };
}

/** The reason a cancellation needs (the core asks the same: at least 5 characters), or null when it will do. */
export function cancelReasonProblem(reason: string): string | null {
  return reason.trim().length < 5 ? 'Ghi rõ lý do hủy, ví dụ: đăng ký trùng với mục số 12.' : null;
}
