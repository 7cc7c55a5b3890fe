// The civil-status entry screens' pure parts (issue 11): the form drawn from the schema, filled from the dossier,
// checked with the core's own rules as typed (dd/mm/yyyy, 12-digit IDs: format an error, meaning a warning),
// dates in words beside them, what is sent, where a core message lands, and what asks before discarding.
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../../shared/civil-status/event-schemas';
import { BIRTH_V1, CHANGE_V1, MARRIAGE_V1 } from '../../../shared/civil-status/schema-data';
import {
  cancelReasonProblem, changedFieldValues, checkExternalNumber, checkForm, controlId, dateWords, drawnByTarget, fieldsByGroup, formPath,
  initialTyped, isDirty, keyToTyped,
} from '../../../renderer/src/civil-status/entry-form';
import { registrationLabel } from '../../../renderer/src/civil-status/labels';

const TODAY = '2026-12-06';

function birth(over: Record<string, string> = {}) {
  return { ...initialTyped(BIRTH_V1, { 'declarant.fullName': 'Nguyễn Văn Bố' }), 'child.fullName': 'Nguyễn Văn An', 'child.sex': 'Nam',
    'child.birthDate': '15/11/2026', 'child.birthPlace': 'Trạm y tế xã Tân Lập', ...over };
}

describe('the form drawn from the schema', () => {
  it('every field of every shipped schema belongs to one of its groups, in the schema\'s order, with a unique control id', () => {
    for (const s of EVENT_SCHEMAS) {
      const drawn = fieldsByGroup(s).flatMap((g) => g.fields.map((f) => f.key));
      expect(drawn.sort()).toEqual(s.fields.map((f) => f.key).sort());
      const ids = s.fields.map((f) => controlId(f.key));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('a new entry starts from the defaults, then what the dossier knows; stored dates are shown dd/mm/yyyy', () => {
    const t = initialTyped(MARRIAGE_V1, { 'husband.fullName': 'Trần Văn Nam', 'husband.birthDate': '1995-04-30', 'wife.fullName': 'Lê Thị Hoa', 'wife.ethnicity': '' });
    expect(t['husband.fullName']).toBe('Trần Văn Nam');
    expect(t['husband.birthDate']).toBe('30/04/1995');
    expect(t['wife.fullName']).toBe('Lê Thị Hoa');
    // An empty value from the dossier does not wipe the default.
    expect(t['wife.ethnicity']).toBe('Kinh');
    expect(t['husband.nationality']).toBe('Việt Nam');
    expect(keyToTyped('2026-03-05')).toBe('05/03/2026');
  });

  it('a complete birth passes; what is sent is the core\'s normalized form (dates as keys)', () => {
    const r = checkForm(BIRTH_V1, birth(), TODAY);
    expect(r.errors).toEqual({});
    expect(r.stored['child.birthDate']).toBe('2026-11-15');
    expect(r.stored['child.sex']).toBe('Nam');
  });

  it('required fields left empty and impossible or future dates are errors at their fields', () => {
    const r = checkForm(BIRTH_V1, birth({ 'child.fullName': '', 'child.birthDate': '31/02/2026' }), TODAY);
    expect(Object.keys(r.errors).sort()).toEqual(['child.birthDate', 'child.fullName']);
    expect(checkForm(BIRTH_V1, birth({ 'child.birthDate': '07/12/2026' }), TODAY).errors['child.birthDate']).toContain('không được sau hôm nay');
  });

  it('an ID number: 9 digits is an error; the digits disagreeing with the sex and year typed is a warning, not an error', () => {
    const nine = checkForm(BIRTH_V1, birth({ 'mother.idNumber': '012345678' }), TODAY);
    expect(nine.errors['mother.idNumber']).toContain('12 chữ số');
    // 001 Hà Nội, digit 3 = female born 2000–2099, year 26 — typed as a boy.
    const r = checkForm(BIRTH_V1, birth({ 'child.idNumber': '001326012345' }), TODAY);
    expect(r.errors['child.idNumber']).toBeUndefined();
    expect(r.warnings['child.idNumber']?.join(' ')).toContain('Giới tính');
  });

  it('the date in words beside a date field, as the certificate writes it; nothing while the date is incomplete', () => {
    expect(dateWords('15/03/2026')).toBe('ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu');
    expect(dateWords('01/04/2024')).toBe('ngày một tháng tư năm hai nghìn không trăm hai mươi tư');
    expect(dateWords('15/03/20')).toBe('');
    expect(dateWords('')).toBe('');
  });

  it('asks before discarding only when something was typed beyond what the form opened with', () => {
    const start = initialTyped(BIRTH_V1, { 'declarant.fullName': 'Nguyễn Văn Bố' });
    expect(isDirty(start, { ...start })).toBe(false);
    expect(isDirty(start, { ...start, 'child.fullName': ' ' })).toBe(false);
    expect(isDirty(start, { ...start, 'child.fullName': 'A' })).toBe(true);
  });
});

describe('numbering, core messages, changes', () => {
  it('the number from the shared software: required once chosen, a whole number 1–99.999', () => {
    expect(checkExternalNumber({ external: false, number: '' })).toBeNull();
    expect(checkExternalNumber({ external: true, number: '' })).toContain('Nhập số');
    expect(checkExternalNumber({ external: true, number: '0' })).toContain('từ 1');
    expect(checkExternalNumber({ external: true, number: '12a' })).toContain('số nguyên');
    expect(checkExternalNumber({ external: true, number: '15' })).toBeNull();
  });

  it('a core message about fields.<key> lands on that field; one about the number on the number box', () => {
    expect(formPath('fields.child.fullName')).toBe('child.fullName');
    expect(formPath('number')).toBe('number.entryNumber');
    expect(formPath('number.entryNumber')).toBe('number.entryNumber');
  });

  it('a change: the entry reference and the changed field are picked, not typed; picking a field fills its label and old value', () => {
    expect(CHANGE_V1.fields.filter(drawnByTarget).map((f) => f.key).sort()).toEqual(['change.entryId', 'change.fieldKey']);
    const entry = { eventType: 'birth', schemaVersion: 1, fields: { 'child.birthDate': '2026-11-15', 'child.fullName': 'Nguyễn Văn An' } } as never;
    expect(changedFieldValues(entry, 'child.birthDate')).toEqual({ 'change.fieldKey': 'child.birthDate', 'change.fieldLabel': 'Ngày, tháng, năm sinh', 'change.oldValue': '15/11/2026' });
    expect(changedFieldValues(entry, 'child.fullName')['change.oldValue']).toBe('Nguyễn Văn An');
  });

  it('a cancellation needs a reason the core will take; the dossier page\'s button says what it does', () => {
    expect(cancelReasonProblem('sai')).toContain('lý do');
    expect(cancelReasonProblem('Đăng ký trùng mục số 12')).toBeNull();
    expect(registrationLabel('Khai sinh', 'Giấy khai sinh', null)).toBe('Đăng ký khai sinh…');
    expect(registrationLabel('Khai sinh', 'Giấy khai sinh', { entryNumber: 12, bookLabel: '01/2026' } as never)).toBe('Giấy khai sinh số 12, quyển 01/2026 · In…');
  });
});
