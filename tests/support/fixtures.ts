// Shared test data: a valid office and admin as the first-run setup screen would send them.
export const OFFICE = {
  governingBody: 'UBND PHƯỜNG BA ĐÌNH',
  officeName: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
  place: 'Ba Đình',
  agencyCode: '000.00.13.H42',
  address: '25 Liễu Giai, phường Ba Đình, Hà Nội',
  phone: '024 3823 1234',
  website: '',
  lookupUrl: '',
  workingHours: { intervals: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }] },
  dueTime: 'end-of-day' as const,
  numberPattern: '{agency}-{yy}{MM}{dd}-{seq:4}',
  counterCode: '',
};
export const ADMIN = { username: 'admin', fullName: 'Nguyễn Văn Quản', password: 'matkhau-123' };

/** The other spouse of a marriage (1.000894's party 'spouse', issue 11), as the counter types it. */
export const SPOUSE_PARTY = {
  role: 'spouse', fullName: 'Lê Văn Cường', idNumber: '001090012346', birthDate: '02/09/1990', address: '5 Kim Mã, Ba Đình, Hà Nội', phone: '',
};
