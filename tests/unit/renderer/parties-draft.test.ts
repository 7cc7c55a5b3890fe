// The intake form's other parties (renderer/src/intake/parties-draft.ts) and the correction form's: kept by
// role across procedure changes, checked with the core's rules, sent tidied; a correction of a dossier
// without parties leaves them out.
import { describe, expect, it } from 'vitest';
import type { ProcedureVersion } from '../../../shared/contract';
import { changedLabel, draftFromForm, toCorrectionInput, type CorrectionForm } from '../../../renderer/src/correction/correction-draft';
import { checkDraft, emptyDraft, hasInput, toReceiveInput } from '../../../renderer/src/intake/draft';
import { partiesInput, shownParties } from '../../../renderer/src/intake/parties-draft';

const SPEC = { role: 'spouse', label: 'Người cùng đăng ký kết hôn', required: { idNumber: true, birthDate: true, address: true, phone: false }, basis: '' };
const version = (code: string, parties = [SPEC]) => ({
  id: code, procedureId: code, code, name: 'Đăng ký kết hôn', sector: 'Hộ tịch', durationUnit: 'same-day', durationValue: 0, cutoff: null,
  durationText: 'Trong ngày', validFrom: '2024-01-01', validTo: null, fees: [], feeNote: '', results: [], components: [], parties,
}) as unknown as ProcedureVersion;
const spouse = { fullName: 'trần thị  bình', idNumber: '0011 9001 2346', birthDate: '2/9/1990', address: ' 5 Kim Mã ', phone: '' };

describe('the intake form\'s parties', () => {
  it('keeps what was typed by role when the procedure changes, and shows only the chosen version\'s', () => {
    const drafts = { spouse };
    expect(shownParties(version('1.000894'), drafts)).toEqual([{ spec: SPEC, value: spouse }]);
    expect(shownParties(version('1.004873', []), drafts)).toEqual([]);
    // Back to a marriage procedure (another version, same role): the spouse is still there.
    expect(shownParties(version('2.000806'), drafts)[0]!.value).toBe(spouse);
    expect(partiesInput(version('1.004873', []), drafts)).toEqual([]);
  });

  it('checks the spouse with the core\'s rules, at the paths the form\'s fields carry, and sends it tidied', () => {
    const d = { ...emptyDraft(), procedure: version('1.000894') };
    expect(Object.keys(checkDraft(d).errors).filter((k) => k.startsWith('parties.'))).toEqual(
      ['parties.0.fullName', 'parties.0.birthDate', 'parties.0.idNumber', 'parties.0.address']);
    const typed = { ...d, parties: { spouse } };
    expect(Object.keys(checkDraft(typed).errors).filter((k) => k.startsWith('parties.'))).toEqual([]);
    expect(hasInput({ ...emptyDraft(), parties: { spouse } })).toBe(true);
    expect(toReceiveInput(typed, 'receive').parties).toEqual([{
      role: 'spouse', roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Trần Thị Bình', idNumber: '001190012346', birthDate: '1990-09-02', address: '5 Kim Mã', phone: '',
    }]);
  });
});

describe('the correction form\'s parties', () => {
  const form = (parties: unknown[]) => ({
    version: version('1.000894'), outcome: 'receive', allowed: true, refusal: null, canReprint: true, components: [],
    dossier: {
      id: 'd1', number: 'X-1', applicant: { fullName: 'Nguyễn Văn An', idNumber: '001090012345', birthDate: '', address: 'Ba Đình', phone: '', email: '' },
      setCount: 1, delivery: { method: 'counter', address: '' }, note: '', parties,
    },
  }) as unknown as CorrectionForm;

  it('starts from the saved spouse and sends the parties back', () => {
    const saved = { role: 'spouse', roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Trần Thị Bình', idNumber: '001190012346', birthDate: '1990-09-02', address: '5 Kim Mã', phone: '' };
    const d = draftFromForm(form([saved]));
    expect(d.parties).toEqual({ spouse: { fullName: 'Trần Thị Bình', idNumber: '001190012346', birthDate: '02/09/1990', address: '5 Kim Mã', phone: '' } });
    expect(toCorrectionInput(d, 'd1', 'Sai số định danh.', false).parties).toEqual([saved]);
  });

  it('a dossier saved without parties has no party section and its correction leaves them out', () => {
    const d = draftFromForm(form([]));
    expect(d.parties).toBeUndefined();
    expect('parties' in toCorrectionInput(d, 'd1', 'Sai địa chỉ.', false)).toBe(false);
  });

  it('names a changed party field as the clerk reads it', () => {
    expect(changedLabel(['applicant.address', 'parties.0.idNumber'])).toBe('địa chỉ, số định danh bên liên quan');
  });
});
