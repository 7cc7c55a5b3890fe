import { describe, expect, it } from 'vitest';
import { changedLabel, draftFromForm, toCorrectionInput, toFormErrors, type CorrectionForm } from '../../../renderer/src/correction/correction-draft';
import { checkDraft } from '../../../renderer/src/intake/draft';

const version = {
  id: 'v1', procedureId: 'p1', code: '1.001193', name: 'Thủ tục đăng ký khai sinh', sector: 'Hộ tịch', durationUnit: 'same-day' as const,
  durationValue: 0, cutoff: '15:00', durationText: 'Trong ngày', validFrom: '2024-01-01', validTo: null, fees: [], feeNote: '',
  results: [{ code: '', name: 'Giấy khai sinh', note: '' }],
  components: [
    { code: 'TK', name: 'Tờ khai đăng ký khai sinh', copyType: 'original' as const, quantity: 1, required: true },
    { code: 'GCS', name: 'Giấy chứng sinh', copyType: 'original' as const, quantity: 1, required: true },
    { code: '', name: 'Văn bản ủy quyền', copyType: 'certified-copy' as const, quantity: 1, required: false },
  ],
};

const form = {
  version, outcome: 'receive', allowed: true, refusal: null, canReprint: true,
  components: [
    { position: 0, code: 'TK', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 2, digitized: true },
    { position: 1, code: '', name: 'Văn bản ủy quyền', copyType: 'copy', quantity: 1, digitized: false },
    { position: 2, code: '', name: 'Sổ hộ khẩu cũ', copyType: 'copy', quantity: 1, digitized: false },
  ],
  dossier: {
    id: 'd1', number: '000.00.13.H42-261127-0001', applicant: { fullName: 'Lê Văn Hùng', idNumber: '001090012345', birthDate: '1990-03-15', address: 'Ba Đình', phone: '0912345678', email: '' },
    setCount: 1, delivery: { method: 'counter', address: '' }, note: 'ghi chú',
  },
} as unknown as CorrectionForm;

describe('the correction form prefilled from the saved dossier', () => {
  it('ticks the checklist lines handed in (by code, else by name) with their saved positions, then the lines added at the counter', () => {
    const d = draftFromForm(form);
    expect(d.procedure).toBe(version);
    expect(d.applicant.birthDate).toBe('15/03/1990');
    expect(d.components.map((c) => [c.name, c.handedIn, c.position, c.extra, c.quantity, c.copyType])).toEqual([
      ['Tờ khai đăng ký khai sinh', true, 0, false, 2, 'original'],
      ['Giấy chứng sinh', false, null, false, 1, 'original'],
      ['Văn bản ủy quyền', true, 1, false, 1, 'copy'],
      ['Sổ hộ khẩu cũ', true, 2, true, 1, 'copy'],
    ]);
    // As saved, the form passes the intake's own checks (a warning for the missing birth certificate only).
    const issues = checkDraft(d, 'receive');
    expect(issues.errors).toEqual({});
    expect(issues.warnings.components?.[0]).toContain('Giấy chứng sinh');
  });

  it('gives back the correct input: handed-in lines with their positions (new ones without), the applicant normalized', () => {
    const d = draftFromForm(form);
    d.applicant = { ...d.applicant, fullName: '  lê  văn   hùng ', phone: '0912 345 678' };
    d.components[1] = { ...d.components[1]!, handedIn: true };
    d.components[3] = { ...d.components[3]!, handedIn: false };
    const input = toCorrectionInput(d, 'd1', '  Sai tên  ', true);
    expect(input).toMatchObject({ dossierId: 'd1', reason: 'Sai tên', reprint: true, setCount: 1, note: 'ghi chú' });
    expect(input.applicant).toMatchObject({ fullName: 'Lê Văn Hùng', phone: '0912345678', birthDate: '1990-03-15' });
    expect(input.components).toEqual([
      { position: 0, code: 'TK', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 2 },
      { position: null, code: 'GCS', name: 'Giấy chứng sinh', copyType: 'original', quantity: 1 },
      { position: 1, code: '', name: 'Văn bản ủy quyền', copyType: 'copy', quantity: 1 },
    ]);
  });

  it('puts the core\'s messages about the lines it was sent on the form\'s own lines', () => {
    const d = draftFromForm(form); // lines 0, 2, 3 are handed in
    expect(toFormErrors(d, { 'components.1.name': 'a', 'components.2.name': 'b', 'applicant.idNumber': 'c', components: 'd' }))
      .toEqual({ 'components.2.name': 'a', 'components.3.name': 'b', 'applicant.idNumber': 'c', components: 'd' });
    expect(changedLabel(['applicant.fullName', 'applicant.idNumber', 'delivery'])).toBe('họ tên, số định danh, nơi nhận kết quả');
  });
});
