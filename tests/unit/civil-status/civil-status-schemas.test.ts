// The event schemas as data (issue 11 #1): each well-formed, the fields civil-status.md lists, versions chosen by
// the day, the validation's errors and warnings, the 6-month validity, and the certificate's flat keys.
import { describe, expect, it } from 'vitest';
import { certificateFieldsOf, certificateKeysOf } from '../../../shared/civil-status/certificate-fields';
import {
  EVENT_SCHEMAS, EVENT_TYPES, FIELD_KINDS, emptyFields, eventTypeOfProcedure, schemaOf, schemaOn, type EventSchema,
} from '../../../shared/civil-status/event-schemas';
import { BIRTH_V1 } from '../../../shared/civil-status/schema-data';
import { validateEntry } from '../../../shared/civil-status/validate';
import { maritalStatusValidUntil, purposeKey } from '../../../shared/civil-status/validity';

describe('the shipped schemas', () => {
  it('has one schema per event type, each with unique keys in its own groups and Vietnamese labels', () => {
    expect(new Set(EVENT_SCHEMAS.map((s) => s.type))).toEqual(new Set(EVENT_TYPES));
    for (const s of EVENT_SCHEMAS) {
      const keys = s.fields.map((f) => f.key);
      expect(new Set(keys).size, s.type).toBe(keys.length);
      const groups = new Set(s.groups.map((g) => g.key));
      for (const f of s.fields) {
        expect(groups.has(f.group), `${s.type} ${f.key}`).toBe(true);
        expect(FIELD_KINDS).toContain(f.kind);
        expect(f.label.length).toBeGreaterThan(2);
        if (f.kind === 'choice') expect(f.options?.length).toBeGreaterThan(0);
      }
      expect(s.bookCapacity).toBeGreaterThan(0);
      expect(s.resultName).not.toBe('');
    }
  });

  it('records on a birth what Luật Hộ tịch Điều 14 lists', () => {
    const keys = BIRTH_V1.fields.map((f) => f.key);
    for (const k of ['child.fullName', 'child.sex', 'child.birthDate', 'child.birthPlace', 'child.homeTown', 'child.ethnicity', 'child.nationality', 'child.idNumber',
      'father.fullName', 'father.birthYear', 'father.ethnicity', 'father.nationality', 'father.residence',
      'mother.fullName', 'mother.birthYear', 'mother.ethnicity', 'mother.nationality', 'mother.residence', 'declarant.fullName']) {
      expect(keys).toContain(k);
    }
  });

  it('takes the marriage\'s two spouses from the dossier\'s applicant and second party, and carries its national result code', () => {
    const m = schemaOn('marriage', '2026-03-15');
    expect(m.fields.find((f) => f.key === 'husband.fullName')?.from).toEqual({ party: 'applicant', attribute: 'fullName' });
    expect(m.fields.find((f) => f.key === 'wife.idNumber')?.from).toEqual({ party: 'secondParty', attribute: 'idNumber' });
    expect(m.resultCode).toBe('KQ.G15.000032');
  });

  it('links every commune civil-status procedure of the domain to its event type', () => {
    expect(eventTypeOfProcedure('1.001193')).toBe('birth');
    expect(eventTypeOfProcedure('1.004884')).toBe('birth');
    expect(eventTypeOfProcedure('1.000656')).toBe('death');
    expect(eventTypeOfProcedure('1.000894')).toBe('marriage');
    expect(eventTypeOfProcedure('2.000806')).toBe('marriage');
    expect(eventTypeOfProcedure('1.004873')).toBe('marital-status');
    expect(eventTypeOfProcedure('1.004859')).toBe('change');
    expect(eventTypeOfProcedure('2.000635')).toBe('extract-copy');
    expect(eventTypeOfProcedure('2.000908')).toBe('extract-copy');
    expect(eventTypeOfProcedure('2.000815')).toBeNull();
  });

  it('chooses the version in force on the day, and keeps older versions for the entries registered with them', () => {
    const v2: EventSchema = { ...BIRTH_V1, version: 2, validFrom: '2027-01-01', fields: [...BIRTH_V1.fields, { key: 'child.bloodType', label: 'Nhóm máu', kind: 'text', required: false, group: 'child', max: 5 }] };
    const all = [...EVENT_SCHEMAS, v2];
    expect(schemaOn('birth', '2026-12-31', all).version).toBe(1);
    expect(schemaOn('birth', '2027-01-01', all).version).toBe(2);
    expect(schemaOf('birth', 1, all)?.fields.some((f) => f.key === 'child.bloodType')).toBe(false);
  });
});

const birth = (over: Record<string, string> = {}) => ({
  ...emptyFields(BIRTH_V1),
  'child.fullName': 'Nguyễn Thị An', 'child.sex': 'Nữ', 'child.birthDate': '2026-03-01', 'child.birthPlace': 'Trạm Y tế xã An Phú',
  'declarant.fullName': 'Nguyễn Văn Bình', ...over,
});

describe('validating an entry', () => {
  const today = '2026-03-20';

  it('accepts a complete birth, normalizing dd/mm/yyyy dates and the sex', () => {
    const r = validateEntry(BIRTH_V1, birth({ 'child.birthDate': '1/3/2026', 'child.sex': 'nữ' }), { today });
    expect(r.ok).toBe(true);
    expect(r.fields['child.birthDate']).toBe('2026-03-01');
    expect(r.fields['child.sex']).toBe('Nữ');
    expect(r.issues).toEqual([]);
  });

  it('refuses a missing required field, a date in the future, an impossible date, a field of another schema', () => {
    const r = validateEntry(BIRTH_V1, { ...birth({ 'child.fullName': '', 'child.birthDate': '2026-03-21', 'mother.birthYear': '19' }), 'child.nickname': 'Bé' }, { today });
    expect(r.ok).toBe(false);
    const byField = Object.fromEntries(r.issues.map((i) => [i.field, i]));
    expect(byField['child.fullName']).toMatchObject({ severity: 'error', message: 'Nhập họ, chữ đệm, tên.' });
    expect(byField['child.birthDate'].message).toContain('không được sau hôm nay (20/03/2026)');
    expect(byField['mother.birthYear'].message).toContain('4 chữ số');
    expect(byField['child.nickname'].severity).toBe('error');
    expect(validateEntry(BIRTH_V1, birth({ 'child.birthDate': '30/02/2026' }), { today }).issues[0]!.field).toBe('child.birthDate');
  });

  it('refuses an ID number that is not 12 digits, and only warns about what its digits say', () => {
    const nine = validateEntry(BIRTH_V1, birth({ 'child.idNumber': '123456789' }), { today });
    expect(nine.issues).toEqual([expect.objectContaining({ field: 'child.idNumber', severity: 'error' })]);
    expect(nine.issues[0]!.message).toContain('Chứng minh nhân dân cũ');
    // 001 Hà Nội, digit 2 = male born 2000–2099, year 26: the form says female.
    const male = validateEntry(BIRTH_V1, birth({ 'child.idNumber': '001226 000111' }), { today });
    expect(male.ok).toBe(true);
    expect(male.fields['child.idNumber']).toBe('001226000111');
    expect(male.issues).toEqual([expect.objectContaining({ field: 'child.idNumber', severity: 'warning' })]);
    expect(male.issues[0]!.message).toContain('Giới tính theo số định danh (nam)');
    const province = validateEntry(BIRTH_V1, birth({ 'child.idNumber': '003326000111' }), { today });
    expect(province.issues.map((i) => i.severity)).toEqual(['warning']);
  });

  it('notes a birth registered after 60 days as late, without refusing it', () => {
    const onTime = validateEntry(BIRTH_V1, birth({ 'child.birthDate': '2026-01-19' }), { today: '2026-03-20' });
    expect(onTime.lateRegistration).toBe(false);
    const late = validateEntry(BIRTH_V1, birth({ 'child.birthDate': '2026-01-18' }), { today: '2026-03-20' });
    expect(late.ok).toBe(true);
    expect(late.lateRegistration).toBe(true);
    expect(late.issues[0]).toMatchObject({ field: 'child.birthDate', severity: 'warning' });
  });

  it('refuses a marriage under the legal age (20 for him, 18 for her, full years on the day)', () => {
    const m = schemaOn('marriage', '2026-03-20');
    const base = {
      'husband.fullName': 'Nguyễn Văn Nam', 'husband.birthDate': '2006-03-20', 'husband.ethnicity': 'Kinh', 'husband.nationality': 'Việt Nam',
      'wife.fullName': 'Lê Thị Hoa', 'wife.birthDate': '2008-03-21', 'wife.ethnicity': 'Kinh', 'wife.nationality': 'Việt Nam',
    };
    const r = validateEntry(m, base, { today: '2026-03-20' });
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual(['wife.birthDate']);
    expect(validateEntry(m, { ...base, 'wife.birthDate': '2008-03-20' }, { today: '2026-03-20' }).ok).toBe(true);
  });
});

describe('the marital-status confirmation\'s 6 months', () => {
  it.each([
    ['2026-03-15', '2026-09-14'], ['2026-01-01', '2026-06-30'], ['2026-07-01', '2026-12-31'],
    ['2026-08-31', '2027-02-28'], ['2027-08-31', '2028-02-29'], ['2026-12-31', '2027-06-30'], ['2026-09-30', '2027-03-29'],
  ])('issued %s is valid through %s', (issued, until) => {
    expect(maritalStatusValidUntil(issued)).toBe(until);
  });

  it('compares purposes without case, extra spaces or a closing full stop', () => {
    expect(purposeKey('Để  đăng ký KẾT HÔN.')).toBe(purposeKey('để đăng ký kết hôn'));
    expect(purposeKey('Để đăng ký kết hôn')).not.toBe(purposeKey('Để vay vốn'));
  });
});

describe('the certificate\'s flat values', () => {
  const office = { governingBody: 'Ủy ban nhân dân xã An Phú', place: 'An Phú', officeName: 'Bộ phận Một cửa' };

  it('answers every documented key for every schema', () => {
    for (const s of EVENT_SCHEMAS) {
      const values = certificateFieldsOf({ eventType: s.type, schemaVersion: s.version, fields: emptyFields(s), registeredOn: '2026-03-15', entryNumber: 7, bookNumber: 1, bookYear: 2026 }, office, { bookNumber: 1, year: 2026 });
      for (const k of certificateKeysOf(s)) expect(values, `${s.type} ${k}`).toHaveProperty([k]);
    }
  });

  it('writes dates in figures and in words, Số and Quyển số, place and date of registration', () => {
    const v = certificateFieldsOf({
      eventType: 'birth', schemaVersion: 1, fields: birth({ 'child.birthDate': '2024-04-24' }), registeredOn: '2026-03-15',
      entryNumber: 15, bookNumber: 1, bookYear: 2026, signerName: 'Lê Văn Chủ Tịch', signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH',
    }, office, { bookNumber: 1, year: 2026 });
    expect(v).toMatchObject({
      'child.birthDate': '24/04/2024', 'child.birthDate.words': 'ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi tư',
      'child.birthDate.wordsCap': 'Ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi tư',
      'registration.number': '15', 'registration.bookNumber': '01', 'registration.book': '01/2026',
      'registration.dateWords': 'ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu',
      'registration.placeDate': 'An Phú, ngày 15 tháng 3 năm 2026', 'registration.authority': 'ỦY BAN NHÂN DÂN XÃ AN PHÚ',
      'signer.title': 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', 'document.title': 'GIẤY KHAI SINH', state: '',
    });
  });

  it('leaves the number empty for an entry not numbered, marks a cancelled one, and prints a bad stored date as typed', () => {
    const v = certificateFieldsOf({
      eventType: 'birth', schemaVersion: 1, fields: birth({ 'child.birthDate': '31/02/2026' }), registeredOn: '2026-03-15',
      entryNumber: null, bookNumber: null, bookYear: null, state: 'cancelled', cancelReason: 'Trùng',
    }, office, null);
    expect(v).toMatchObject({ 'registration.number': '', 'registration.book': '', state: 'ĐÃ HỦY', 'child.birthDate': '31/02/2026' });
  });
});
