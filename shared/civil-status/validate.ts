// Checking an entry against its schema, field by field and across fields. Errors block the registration;
// warnings are shown and recorded but do not (civil-status.md: the meaning of an ID number's digits is a
// warning, old records have anomalies; a birth registered after 60 days is late, not refused).
import { addDays, isValidCivilDate } from '../calendar/civil-date';
import { formatDateKeyVn } from '../text/format';
import { validateIdNumber, type Sex } from '../validation/id-number';
import { fieldError, fieldWarning, hasErrors, type FieldIssue } from '../validation/result';
import type { EventSchema, FieldDef } from './types';

/** Luật Hộ tịch 2014, Điều 15: a birth is registered within 60 days of it. */
export const BIRTH_REGISTRATION_DAYS = 60;
/** Luật Hôn nhân và gia đình 2014, Điều 8: a man from full 20 years, a woman from full 18. */
export const MARRIAGE_MIN_AGE = { husband: 20, wife: 18 } as const;

export const SEX_VALUES = ['Nam', 'Nữ'] as const;

export interface EntryCheck {
  /** Values trimmed and normalized (dates as 'YYYY-MM-DD', sex as 'Nam'/'Nữ', ID numbers as digits). */
  fields: Record<string, string>;
  issues: FieldIssue[];
  ok: boolean;
  /** A birth registered more than 60 days after it (đăng ký khai sinh quá hạn): noted, not refused. */
  lateRegistration: boolean;
}

function normalizeSex(v: string): string {
  const s = v.trim().toLowerCase();
  if (s === 'nam' || s === 'male') return 'Nam';
  if (s === 'nữ' || s === 'nu' || s === 'female') return 'Nữ';
  return v.trim();
}

/** Accepts 'YYYY-MM-DD' and what the counter types (dd/mm/yyyy); answers the key or null. */
export function toDateKey(v: string): string | null {
  const s = v.trim();
  if (isValidCivilDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const key = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isValidCivilDate(key) ? key : null;
}

function checkOne(f: FieldDef, raw: string, today: string): { value: string; issues: FieldIssue[] } {
  const value0 = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (value0 === '') return { value: '', issues: f.required ? [fieldError(f.key, `Nhập ${lower(f.label)}.`)] : [] };
  const err = (m: string) => ({ value: value0, issues: [fieldError(f.key, m)] });
  switch (f.kind) {
    case 'date': {
      const key = toDateKey(value0);
      if (!key) return err(`${f.label}: ghi theo dạng ngày/tháng/năm, VD 05/03/2026.`);
      if (!f.allowFuture && key > today) return err(`${f.label} không được sau hôm nay (${formatDateKeyVn(today)}) — hãy kiểm tra lại.`);
      if (key < '1880-01-01') return err(`${f.label}: năm không hợp lý — hãy kiểm tra lại.`);
      return { value: key, issues: [] };
    }
    case 'time':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(value0) ? { value: value0, issues: [] } : err(`${f.label}: ghi theo dạng giờ:phút, VD 14:30.`);
    case 'year': {
      if (!/^\d{4}$/.test(value0)) return err(`${f.label}: ghi đủ 4 chữ số, VD 1990.`);
      const y = Number(value0);
      const max = Math.min(f.max ?? 9999, Number(today.slice(0, 4)));
      if (y < (f.min ?? 0) || y > max) return err(`${f.label} phải từ ${f.min ?? 0} đến ${max}.`);
      return { value: value0, issues: [] };
    }
    case 'count': {
      if (!/^\d{1,4}$/.test(value0)) return err(`${f.label}: ghi một số nguyên, VD 2.`);
      const n = Number(value0);
      if (n < (f.min ?? 0) || n > (f.max ?? 9999)) return err(`${f.label} phải từ ${f.min ?? 0} đến ${f.max ?? 9999}.`);
      return { value: String(n), issues: [] };
    }
    case 'sex': {
      const v = normalizeSex(value0);
      return (SEX_VALUES as readonly string[]).includes(v) ? { value: v, issues: [] } : err(`${f.label}: chọn Nam hoặc Nữ.`);
    }
    case 'choice':
      return f.options?.includes(value0) ? { value: value0, issues: [] } : err(`${f.label}: chọn một trong ${f.options?.join(', ')}.`);
    case 'id-number': {
      const r = validateIdNumber(value0);
      return r.ok ? { value: r.value, issues: [] } : err(`${f.label}: ${r.errors[0]}`);
    }
    default:
      if (f.max !== undefined && value0.length > f.max) return err(`${f.label}: tối đa ${f.max} ký tự — hãy rút gọn.`);
      return { value: value0, issues: [] };
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The ID number's digits against the same person's sex and birth date/year in the entry: warnings only. */
function idWarnings(schema: EventSchema, fields: Record<string, string>, today: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const f of schema.fields) {
    if (f.kind !== 'id-number' || !fields[f.key]) continue;
    const prefix = f.key.slice(0, f.key.lastIndexOf('.'));
    const sexV = fields[`${prefix}.sex`];
    const sex: Sex | undefined = sexV === 'Nam' ? 'male' : sexV === 'Nữ' ? 'female' : undefined;
    const birth = fields[`${prefix}.birthDate`] || fields[`${prefix}.birthYear`] || '';
    const birthYear = /^\d{4}/.test(birth) ? Number(birth.slice(0, 4)) : undefined;
    const r = validateIdNumber(fields[f.key], { sex, birthYear, currentYear: Number(today.slice(0, 4)) });
    for (const w of r.warnings) out.push(fieldWarning(f.key, `${f.label}: ${w}`));
  }
  return out;
}

/** Age in full years on a day, from 'YYYY-MM-DD' keys. */
export function fullYears(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
}

function crossChecks(schema: EventSchema, fields: Record<string, string>, registeredOn: string): { issues: FieldIssue[]; late: boolean } {
  // A field already refused keeps what was typed: only well-formed values take part in the checks across fields.
  const v = Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, schema.fields.find((f) => f.key === k)?.kind === 'date' && !isValidCivilDate(x) ? '' : x]));
  const issues: FieldIssue[] = [];
  let late = false;
  if (schema.type === 'birth' && v['child.birthDate']) {
    if (addDays(v['child.birthDate'], BIRTH_REGISTRATION_DAYS) < registeredOn) {
      late = true;
      issues.push(fieldWarning('child.birthDate', `Đăng ký khai sinh quá hạn ${BIRTH_REGISTRATION_DAYS} ngày kể từ ngày sinh: ghi nhận là đăng ký muộn (không từ chối).`));
    }
    const birthYear = Number(v['child.birthDate'].slice(0, 4));
    for (const p of ['father', 'mother'] as const) {
      const y = v[`${p}.birthYear`];
      if (y && birthYear - Number(y) < 12) issues.push(fieldWarning(`${p}.birthYear`, `Năm sinh của ${p === 'father' ? 'cha' : 'mẹ'} (${y}) quá gần năm sinh của con (${birthYear}) — hãy kiểm tra lại.`));
    }
  }
  if (schema.type === 'death' && v['death.date'] && v['deceased.birthDate'] && v['death.date'] < v['deceased.birthDate']) {
    issues.push(fieldError('death.date', 'Ngày chết trước ngày sinh — hãy kiểm tra lại.'));
  }
  if (schema.type === 'marriage') {
    for (const p of ['husband', 'wife'] as const) {
      const b = v[`${p}.birthDate`];
      if (b && fullYears(b, registeredOn) < MARRIAGE_MIN_AGE[p]) {
        issues.push(fieldError(`${p}.birthDate`, `${p === 'husband' ? 'Người chồng' : 'Người vợ'} chưa đủ ${MARRIAGE_MIN_AGE[p]} tuổi vào ngày đăng ký (Điều 8 Luật Hôn nhân và gia đình) — không đăng ký kết hôn được.`));
      }
    }
    if (v['husband.idNumber'] && v['husband.idNumber'] === v['wife.idNumber']) {
      issues.push(fieldError('wife.idNumber', 'Hai bên kết hôn có cùng số định danh cá nhân — hãy kiểm tra lại.'));
    }
  }
  return { issues, late };
}

/**
 * Checks `fields` against `schema`. `today` and `registeredOn` are Vietnam days ('YYYY-MM-DD'); a key the
 * schema does not have is an error (a screen built for another version).
 */
export function validateEntry(schema: EventSchema, fields: Record<string, string>, opts: { today: string; registeredOn?: string }): EntryCheck {
  const issues: FieldIssue[] = [];
  const out: Record<string, string> = {};
  const known = new Set(schema.fields.map((f) => f.key));
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) issues.push(fieldError(key, `Trường "${key}" không có trong mẫu ${schema.name} phiên bản ${schema.version} — hãy mở lại màn hình nhập.`));
  }
  for (const f of schema.fields) {
    const r = checkOne(f, fields[f.key] ?? '', opts.today);
    out[f.key] = r.value;
    issues.push(...r.issues);
  }
  issues.push(...idWarnings(schema, out, opts.today));
  const cross = crossChecks(schema, out, opts.registeredOn ?? opts.today);
  issues.push(...cross.issues);
  return { fields: out, issues, ok: !hasErrors(issues), lateRegistration: cross.late };
}
