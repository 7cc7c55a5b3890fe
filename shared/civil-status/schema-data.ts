// The shipped event schemas (version 1 of each), from Luật Hộ tịch 2014 (Điều 14: what a birth certificate
// contains) and civil-status.md. Printed layouts of Thông tư 04/2020/TT-BTP are *unverified* here; capacities
// and result codes other than KQ.G15.000032 are *unverified* data, meant to be replaced by a new version.
import type { EventSchema, FieldDef, Party } from './types';

const NAME = 120;
const PLACE = 300;

/** The identity block of a person: name, birth date or year, sex, ethnicity, nationality, ID, residence. */
function person(group: string, who: string, opts: {
  party?: Party; birth?: 'date' | 'year'; sex?: boolean; id?: boolean; residence?: boolean; required?: boolean; register?: boolean;
  /** The ID number as a register column too (the person the entry is about, not the parents). */
  registerId?: boolean;
}): FieldDef[] {
  const req = opts.required ?? true;
  const from = (attribute: NonNullable<FieldDef['from']>['attribute']) => (opts.party ? { from: { party: opts.party, attribute } } : {});
  const f: FieldDef[] = [
    { key: `${group}.fullName`, label: `Họ, chữ đệm, tên ${who}`, kind: 'name', required: req, group, max: NAME, inRegister: opts.register, ...from('fullName') },
  ];
  if (opts.birth === 'year') f.push({ key: `${group}.birthYear`, label: `Năm sinh ${who}`, kind: 'year', required: false, group, min: 1880, max: 2100, inRegister: opts.register });
  if (opts.birth === 'date') f.push({ key: `${group}.birthDate`, label: `Ngày, tháng, năm sinh ${who}`, kind: 'date', required: req, group, inRegister: opts.register, ...from('birthDate') });
  if (opts.sex) f.push({ key: `${group}.sex`, label: `Giới tính ${who}`, kind: 'sex', required: req, group, ...from('sex') });
  f.push(
    { key: `${group}.ethnicity`, label: `Dân tộc ${who}`, kind: 'ethnicity', required: req, group, max: 40, defaultValue: 'Kinh', ...from('ethnicity') },
    { key: `${group}.nationality`, label: `Quốc tịch ${who}`, kind: 'nationality', required: req, group, max: 60, defaultValue: 'Việt Nam', ...from('nationality') },
  );
  if (opts.id !== false) f.push({ key: `${group}.idNumber`, label: `Số định danh cá nhân ${who}`, kind: 'id-number', required: false, group, inRegister: opts.registerId, ...from('idNumber') });
  if (opts.residence !== false) f.push({ key: `${group}.residence`, label: `Nơi cư trú ${who}`, kind: 'address', required: false, group, max: PLACE, ...from('address') });
  return f;
}

/** Who declared the event at the office (người đi đăng ký): by default the dossier's applicant. */
function declarant(): FieldDef[] {
  return [
    { key: 'declarant.fullName', label: 'Họ, chữ đệm, tên người đi đăng ký', kind: 'name', required: true, group: 'declarant', max: NAME, inRegister: true, from: { party: 'applicant', attribute: 'fullName' } },
    { key: 'declarant.idNumber', label: 'Số định danh cá nhân người đi đăng ký', kind: 'id-number', required: false, group: 'declarant', from: { party: 'applicant', attribute: 'idNumber' } },
    { key: 'declarant.relationship', label: 'Quan hệ với người được đăng ký', kind: 'text', required: false, group: 'declarant', max: 60, hint: 'VD: cha, mẹ, ông, bà, người được ủy quyền' },
  ];
}

const note: FieldDef = { key: 'note', label: 'Ghi chú', kind: 'text', required: false, group: 'registration', max: 500 };

export const BIRTH_V1: EventSchema = {
  type: 'birth', version: 1, validFrom: '2020-07-16',
  name: 'Khai sinh', registerName: 'Sổ đăng ký khai sinh', resultName: 'Giấy khai sinh',
  resultCode: '', procedureCodes: ['1.001193', '1.004884'], bookCapacity: 200, numbered: true,
  groups: [
    { key: 'child', label: 'Người được khai sinh' }, { key: 'father', label: 'Cha' }, { key: 'mother', label: 'Mẹ' },
    { key: 'declarant', label: 'Người đi đăng ký khai sinh' }, { key: 'registration', label: 'Đăng ký' },
  ],
  fields: [
    { key: 'child.fullName', label: 'Họ, chữ đệm, tên', kind: 'name', required: true, group: 'child', max: NAME, inRegister: true },
    { key: 'child.sex', label: 'Giới tính', kind: 'sex', required: true, group: 'child', inRegister: true },
    { key: 'child.birthDate', label: 'Ngày, tháng, năm sinh', kind: 'date', required: true, group: 'child', inRegister: true },
    { key: 'child.birthPlace', label: 'Nơi sinh', kind: 'place', required: true, group: 'child', max: PLACE, inRegister: true },
    { key: 'child.homeTown', label: 'Quê quán', kind: 'place', required: false, group: 'child', max: PLACE },
    { key: 'child.ethnicity', label: 'Dân tộc', kind: 'ethnicity', required: true, group: 'child', max: 40, defaultValue: 'Kinh', inRegister: true },
    { key: 'child.nationality', label: 'Quốc tịch', kind: 'nationality', required: true, group: 'child', max: 60, defaultValue: 'Việt Nam', inRegister: true },
    { key: 'child.idNumber', label: 'Số định danh cá nhân', kind: 'id-number', required: false, group: 'child', inRegister: true, hint: 'Số do hệ thống định danh cấp khi đăng ký khai sinh' },
    ...person('father', 'người cha', { birth: 'year', required: false, register: true }),
    ...person('mother', 'người mẹ', { birth: 'year', required: false, register: true }),
    ...declarant(),
    note,
  ],
};

export const MARRIAGE_V1: EventSchema = {
  type: 'marriage', version: 1, validFrom: '2020-07-16',
  name: 'Kết hôn', registerName: 'Sổ đăng ký kết hôn', resultName: 'Giấy chứng nhận kết hôn',
  resultCode: 'KQ.G15.000032', procedureCodes: ['1.000894', '2.000806'], bookCapacity: 200, numbered: true,
  groups: [{ key: 'husband', label: 'Bên chồng' }, { key: 'wife', label: 'Bên vợ' }, { key: 'registration', label: 'Đăng ký' }],
  fields: [
    ...person('husband', 'người chồng', { party: 'applicant', birth: 'date', register: true, registerId: true }),
    ...person('wife', 'người vợ', { party: 'secondParty', birth: 'date', register: true, registerId: true }),
    note,
  ],
};

export const DEATH_V1: EventSchema = {
  type: 'death', version: 1, validFrom: '2020-07-16',
  name: 'Khai tử', registerName: 'Sổ đăng ký khai tử', resultName: 'Trích lục khai tử',
  resultCode: '', procedureCodes: ['1.000656'], bookCapacity: 200, numbered: true,
  groups: [
    { key: 'deceased', label: 'Người chết' }, { key: 'death', label: 'Thông tin về việc chết' },
    { key: 'declarant', label: 'Người đi khai tử' }, { key: 'registration', label: 'Đăng ký' },
  ],
  fields: [
    ...person('deceased', 'người chết', { birth: 'date', sex: true, register: true, registerId: true }),
    { key: 'death.date', label: 'Ngày chết', kind: 'date', required: true, group: 'death', inRegister: true },
    { key: 'death.time', label: 'Giờ chết', kind: 'time', required: false, group: 'death' },
    { key: 'death.place', label: 'Nơi chết', kind: 'place', required: true, group: 'death', max: PLACE, inRegister: true },
    { key: 'death.cause', label: 'Nguyên nhân chết', kind: 'text', required: false, group: 'death', max: 300 },
    { key: 'death.noticeRef', label: 'Giấy báo tử / giấy tờ thay thế (số, ngày, nơi cấp)', kind: 'text', required: false, group: 'death', max: 300 },
    ...declarant(),
    note,
  ],
};

export const MARITAL_STATUS_V1: EventSchema = {
  type: 'marital-status', version: 1, validFrom: '2020-07-16',
  name: 'Xác nhận tình trạng hôn nhân', registerName: 'Sổ cấp Giấy xác nhận tình trạng hôn nhân',
  resultName: 'Giấy xác nhận tình trạng hôn nhân', resultCode: '', procedureCodes: ['1.004873'], bookCapacity: 200, numbered: true,
  groups: [{ key: 'subject', label: 'Người được xác nhận' }, { key: 'status', label: 'Tình trạng hôn nhân' }, { key: 'registration', label: 'Đăng ký' }],
  fields: [
    ...person('subject', 'người được xác nhận', { party: 'applicant', birth: 'date', sex: true, register: true, registerId: true }),
    { key: 'status.maritalStatus', label: 'Tình trạng hôn nhân', kind: 'text', required: true, group: 'status', max: 500, inRegister: true, hint: 'VD: Chưa đăng ký kết hôn với ai; Đã ly hôn theo Bản án số …' },
    { key: 'status.period', label: 'Thời gian cư trú được xác nhận', kind: 'text', required: false, group: 'status', max: 200, hint: 'VD: từ 01/2010 đến nay' },
    { key: 'status.purpose', label: 'Mục đích sử dụng', kind: 'text', required: true, group: 'status', max: 300, inRegister: true, hint: 'VD: Để đăng ký kết hôn với anh Nguyễn Văn A' },
    note,
  ],
};

export const CHANGE_KINDS = ['Thay đổi', 'Cải chính', 'Bổ sung', 'Xác định lại dân tộc'] as const;

export const CHANGE_V1: EventSchema = {
  type: 'change', version: 1, validFrom: '2020-07-16',
  name: 'Thay đổi, cải chính, bổ sung thông tin hộ tịch', registerName: 'Sổ đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch',
  resultName: 'Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch', resultCode: '', procedureCodes: ['1.004859'],
  bookCapacity: 200, numbered: true,
  groups: [{ key: 'change', label: 'Nội dung thay đổi' }, { key: 'declarant', label: 'Người yêu cầu' }, { key: 'registration', label: 'Đăng ký' }],
  fields: [
    { key: 'change.kind', label: 'Loại việc', kind: 'choice', required: true, group: 'change', options: CHANGE_KINDS, inRegister: true },
    { key: 'change.entryId', label: 'Việc hộ tịch được thay đổi (mục trong sổ)', kind: 'entry-ref', required: true, group: 'change', hint: 'Chọn mục đã đăng ký trong sổ' },
    { key: 'change.fieldKey', label: 'Thông tin được thay đổi', kind: 'text', required: true, group: 'change', max: 80, hint: 'Khóa của trường trong mục, VD child.fullName' },
    { key: 'change.fieldLabel', label: 'Tên thông tin', kind: 'text', required: false, group: 'change', max: 200, inRegister: true },
    { key: 'change.oldValue', label: 'Nội dung cũ', kind: 'text', required: false, group: 'change', max: 300, inRegister: true },
    { key: 'change.newValue', label: 'Nội dung mới', kind: 'text', required: true, group: 'change', max: 300, inRegister: true },
    { key: 'change.reason', label: 'Lý do', kind: 'text', required: true, group: 'change', max: 500, inRegister: true },
    ...declarant(),
    note,
  ],
};

export const EXTRACT_COPY_V1: EventSchema = {
  type: 'extract-copy', version: 1, validFrom: '2020-07-16',
  name: 'Cấp bản sao trích lục hộ tịch', registerName: 'Sổ cấp bản sao trích lục hộ tịch',
  resultName: 'Bản sao trích lục hộ tịch', resultCode: '', procedureCodes: ['2.000635', '2.000908'], bookCapacity: 500, numbered: false,
  groups: [{ key: 'extract', label: 'Bản sao trích lục' }, { key: 'declarant', label: 'Người yêu cầu' }, { key: 'registration', label: 'Đăng ký' }],
  fields: [
    { key: 'extract.entryId', label: 'Việc hộ tịch cần cấp bản sao (mục trong sổ)', kind: 'entry-ref', required: true, group: 'extract' },
    { key: 'extract.copies', label: 'Số bản sao', kind: 'count', required: true, group: 'extract', min: 1, max: 50, defaultValue: '1', inRegister: true },
    { key: 'extract.purpose', label: 'Mục đích', kind: 'text', required: false, group: 'extract', max: 300 },
    ...declarant(),
    note,
  ],
};

/** Every shipped version, oldest first per type; a new version is appended, never edited in place. */
export const EVENT_SCHEMAS: readonly EventSchema[] = [BIRTH_V1, MARRIAGE_V1, DEATH_V1, MARITAL_STATUS_V1, CHANGE_V1, EXTRACT_COPY_V1];
