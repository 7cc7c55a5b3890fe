// The counter's rules for a dossier's other parties (shared/intake/parties.ts), the same in the intake screen
// and the core, and the contract's shapes (shared/contract/parties.ts).
import { describe, expect, it } from 'vitest';
import { partiesInput, partySpecSchema, partySpecsInput, receiveInput } from '../../../shared/contract';
import { partiesLine, validateParties } from '../../../shared/intake/parties';
import { partySpecsOf } from '../../../main/services/dossier/parties';

const SPEC = partySpecSchema.parse({ role: 'spouse', label: 'Người cùng đăng ký kết hôn', required: { idNumber: true, birthDate: true, address: true, phone: false } });
const TODAY = '2026-12-06';
const typed = (over: Record<string, string> = {}) => ({ role: 'spouse', fullName: 'lê văn  cường', idNumber: '001 090 012 346', birthDate: '2/9/1990', address: ' 5 Kim Mã ', phone: '', ...over });
const fields = (r: ReturnType<typeof validateParties>, severity = 'error') => r.issues.filter((i) => i.severity === severity).map((i) => i.field);

describe('validateParties', () => {
  it('normalizes a party like the applicant and takes the label from the version', () => {
    const r = validateParties([SPEC], [typed({ roleLabel: 'anything' })], 'receive', TODAY);
    expect(r.issues).toEqual([]);
    expect(r.parties).toEqual([{ role: 'spouse', roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Lê Văn Cường', idNumber: '001090012346', birthDate: '1990-09-02', address: '5 Kim Mã', phone: '' }]);
  });

  it('a receipt needs every party with its required fields, each message at its field and naming the party', () => {
    const r = validateParties([SPEC], [], 'receive', TODAY);
    expect(fields(r)).toEqual(['parties.0.fullName', 'parties.0.birthDate', 'parties.0.idNumber', 'parties.0.address']);
    expect(r.issues[0]!.message).toBe('Nhập họ và tên của người cùng đăng ký kết hôn.');
    const phone = partySpecSchema.parse({ ...SPEC, required: { ...SPEC.required, phone: true } });
    expect(fields(validateParties([phone], [typed()], 'receive', TODAY))).toEqual(['parties.0.phone']);
  });

  it('checks formats with the applicant\'s rules: the 12-digit ID (warnings stay warnings), a real past birth date, a phone', () => {
    const r = validateParties([SPEC], [typed({ idNumber: '0010900123', birthDate: '30/02/1990', phone: '12' })], 'receive', TODAY);
    expect(fields(r)).toEqual(['parties.0.birthDate', 'parties.0.idNumber', 'parties.0.phone']);
    expect(validateParties([SPEC], [typed({ birthDate: '01/01/2027' })], 'receive', TODAY).issues[0]!.message).toContain('không được sau');
    // The birth year in the number differs from the one typed: a warning, the dossier can still be saved.
    const w = validateParties([SPEC], [typed({ birthDate: '02/09/1991' })], 'receive', TODAY);
    expect(fields(w)).toEqual([]);
    expect(fields(w, 'warning')).toEqual(['parties.0.idNumber']);
  });

  it('refuses the applicant again as the other party, a role the version lacks, and a role twice', () => {
    expect(fields(validateParties([SPEC], [typed()], 'receive', TODAY, '001090012346'))).toEqual(['parties.0.idNumber']);
    expect(fields(validateParties([], [typed()], 'receive', TODAY))).toEqual(['parties.0.role']);
    expect(fields(validateParties([SPEC], [typed(), typed()], 'receive', TODAY))).toEqual(['parties.1.role']);
  });

  it('forms 02/03 keep a party only when a name was typed, and still check what was typed', () => {
    expect(validateParties([SPEC], [], 'refuse', TODAY)).toEqual({ parties: [], issues: [] });
    expect(validateParties([SPEC], [typed({ fullName: '', idNumber: '' })], 'request-completion', TODAY).parties).toEqual([]);
    expect(fields(validateParties([SPEC], [typed({ idNumber: '123' })], 'refuse', TODAY))).toEqual(['parties.0.idNumber']);
  });
});

describe('the contract', () => {
  it('takes at most two parties, each role a key, free text cleaned', () => {
    expect(partiesInput.safeParse([typed(), typed(), typed()]).success).toBe(false);
    expect(partiesInput.safeParse([typed({ role: 'Vợ' })]).success).toBe(false);
    expect(partiesInput.parse([typed({ fullName: 'Le\u0300 Văn' })])[0]!.fullName).toBe('Lè Văn');
    expect(partySpecsInput.safeParse([SPEC, SPEC]).error?.issues[0]?.path).toEqual([1, 'role']);
  });

  it('a receipt without parties (an older client) reads as none', () => {
    const r = receiveInput.parse({
      operationId: '7b0c3e4a-1f7e-4d0a-9b1c-2d3e4f5a6b7c', procedureVersionId: 'v', applicant: { fullName: 'A' }, components: [], setCount: 1,
      delivery: { method: 'counter' }, outcome: 'receive',
    });
    expect(r.parties).toEqual([]);
  });

  it('a version\'s stored parties read tolerantly: NULL or damaged JSON is none, an unreadable entry is left out', () => {
    expect(partySpecsOf(null)).toEqual([]);
    expect(partySpecsOf('{oops')).toEqual([]);
    expect(partySpecsOf(JSON.stringify([{ role: 'BAD' }, SPEC]))).toEqual([SPEC]);
  });
});

describe('partiesLine', () => {
  it('names everyone as the slip and the portal\'s summary do', () => {
    expect(partiesLine('A', [])).toBe('A');
    expect(partiesLine('A', [{ fullName: 'B' }])).toBe('A và B');
    expect(partiesLine('A', [{ fullName: 'B' }, { fullName: 'C' }])).toBe('A, B và C');
  });
});
