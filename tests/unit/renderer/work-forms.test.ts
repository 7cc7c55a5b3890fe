// The work screens' pure parts (issue 10 item 5): what each action's dialog asks and sends, the return at the
// counter's checks (shared ID rules, the contract's field paths), the order actions are offered in and which
// one takes focus, time left and marks, and the look-ups made for a scan.
import { describe, expect, it } from 'vitest';
import { returnResultInput, workflowApi } from '../../../shared/contract/api-workflow';
import { ACTIONS } from '../../../shared/workflow/dossier-transitions';
import { ACTION_FORMS, checkValues, emptyValues, fieldOfPath, toInput, type MissingLine } from '../../../renderer/src/work/action-forms';
import { findForReturn, queriesFor, SWITCH_TO_ENGLISH, type Found } from '../../../renderer/src/work/find-for-return';
import { dayMinutes, marksOf, rowMatches, timeLeftText, workingSpan } from '../../../renderer/src/work/format';
import { hasNextAction, nextAction, orderedActions } from '../../../renderer/src/work/next-action';
import { checkReturn, initialReturn, toReturnInput, type ReturnValues } from '../../../renderer/src/work/return-form';
import { telex } from './telex';

const lines: MissingLine[] = [
  { key: '0', code: 'TK', name: 'Tờ khai', copyType: 'original', quantity: 1 },
  { key: '1', code: '', name: 'Bản sao CCCD', copyType: 'copy', quantity: 2 },
];

describe('action dialogs', () => {
  it('every action the table has is either a dialog or runs on its button; the return has its own form', () => {
    for (const a of ACTIONS) expect(a in ACTION_FORMS, a).toBe(true);
    expect(ACTION_FORMS.returnResult).toBeNull();
    expect(ACTION_FORMS.confirmReceipt).toBeNull();
    expect(ACTION_FORMS.extend?.makes).toBe('form04');
    expect(ACTION_FORMS.stop?.makes).toBe('form05');
  });

  it('what each dialog sends passes the contract\'s own input schema', () => {
    const v = { ...emptyValues(), toUserId: 'u1', reason: 'Cần xác minh thêm tại địa phương.', legalBasis: 'Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP', newDueDate: '28/12/2097', missing: ['1'] };
    for (const a of ACTIONS) {
      if (a === 'returnResult') continue;
      const input = { ...toInput(a, 'd1', v, lines), operationId: crypto.randomUUID() };
      const r = workflowApi[`workflow.${a}`].input.safeParse(input);
      expect(r.success, `${a}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
  });

  it('form 02 sends the ticked papers; the extension sends the new due date in Vietnam time whatever the PC says', () => {
    const v = { ...emptyValues(), reason: 'Thiếu giấy tờ', missing: ['1'], newDueDate: '5/1/2027', newDueTime: '9:30' };
    expect(toInput('requestCompletion', 'd1', v, lines).missingItems).toEqual([{ code: '', name: 'Bản sao CCCD', copyType: 'copy', quantity: 2 }]);
    expect(toInput('extend', 'd1', v, lines).newDueAt).toBe('2027-01-05T09:30:00+07:00');
  });

  it('checks say what to fix at the field, in the core\'s words, before anything is sent', () => {
    const today = '2026-12-07';
    expect(checkValues(ACTION_FORMS.handOver!, emptyValues(), today)).toEqual({ toUserId: 'Chọn người nhận hồ sơ.' });
    // Submitting for approval may leave the leader unnamed.
    expect(checkValues(ACTION_FORMS.submitForApproval!, emptyValues(), today)).toEqual({});
    const ext = checkValues(ACTION_FORMS.extend!, { ...emptyValues(), newDueDate: '31/02/2027', newDueTime: '25:00' }, today);
    expect(ext.newDueDate).toMatch(/tháng 2 năm 2027 chỉ có 28 ngày/);
    expect(ext.newDueTime).toMatch(/HH:MM/);
    expect(ext.reason).toMatch(/ít nhất 5 ký tự/);
    expect(checkValues(ACTION_FORMS.extend!, { ...emptyValues(), newDueDate: '01/12/2026', reason: 'Lý do đủ dài' }, today).newDueDate).toMatch(/không được trước ngày 07\/12\/2026/);
    expect(checkValues(ACTION_FORMS.stop!, { ...emptyValues(), reason: 'Người yêu cầu đã mất' }, today)).toEqual({ legalBasis: expect.stringContaining('căn cứ pháp lý') });
  });

  it('the core\'s field paths land on the dialog\'s fields', () => {
    expect(fieldOfPath('newDueAt')).toBe('newDueDate');
    expect(fieldOfPath('missingItems.2.name')).toBe('missingItems');
    expect(fieldOfPath('reason')).toBe('reason');
    expect(fieldOfPath('operationId')).toBeNull();
  });
});

describe('return at the counter', () => {
  const d = { id: 'd1', applicant: { fullName: 'Nguyễn Văn Bình', idNumber: '001085012345' }, delivery: { method: 'counter' as const, address: '' } };
  const v = (p: Partial<ReturnValues>): ReturnValues => ({ ...initialReturn(d), ...p });

  it('opens on the applicant, or on the post when they asked for it at intake', () => {
    expect(initialReturn(d).receiver).toBe('applicant');
    expect(initialReturn({ ...d, delivery: { method: 'post', address: 'x' } }).receiver).toBe('post');
  });

  it('someone authorized needs a name and a valid 12-digit ID number (the shared rules\' messages)', () => {
    expect(checkReturn(v({ receiver: 'authorized' }))).toEqual({
      'collector.fullName': 'Nhập họ tên người nhận kết quả.',
      'collector.idNumber': expect.stringContaining('12 chữ số'),
    });
    expect(checkReturn(v({ receiver: 'authorized', fullName: 'Lê Cường', idNumber: '012345678' }))['collector.idNumber']).toMatch(/Chứng minh nhân dân cũ/);
    expect(checkReturn(v({ receiver: 'authorized', fullName: 'Lê Cường', idNumber: '0010 8509 8765' }))).toEqual({});
    expect(checkReturn(v({ receiver: 'post', postalItemNumber: 'EB12' })).postalItemNumber).toMatch(/số hiệu bưu gửi/);
    expect(checkReturn(v({}))).toEqual({});
  });

  it('what it sends passes the contract; the form\'s checks and the contract\'s agree', () => {
    const cases: Partial<ReturnValues>[] = [
      {}, { satisfaction: 'satisfied' }, { receiver: 'authorized', fullName: 'Lê Cường', idNumber: '001085098765' },
      { receiver: 'post', postalItemNumber: 'eb 123456789 vn' }, { receiver: 'authorized', fullName: 'Lê Cường', idNumber: '12345' },
      { receiver: 'post', postalItemNumber: 'x' },
    ];
    for (const c of cases) {
      const local = checkReturn(v(c));
      const r = returnResultInput.safeParse({ ...toReturnInput(d, v(c)), operationId: crypto.randomUUID() });
      const paths = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
      expect(paths.sort(), JSON.stringify(c)).toEqual(Object.keys(local).sort());
    }
    expect(toReturnInput(d, v({ receiver: 'post', postalItemNumber: 'eb 123456789 vn' })).postalItemNumber).toBe('EB123456789VN');
    expect(toReturnInput(d, v({})).collector).toEqual({ kind: 'applicant', fullName: 'Nguyễn Văn Bình', idNumber: '001085012345' });
  });
});

describe('next useful action', () => {
  it('moves the dossier on; never refusing, withdrawing or stopping by itself', () => {
    expect(orderedActions(['stop', 'extend', 'confirmReceipt', 'refuse'])).toEqual(['confirmReceipt', 'extend', 'refuse', 'stop']);
    expect(nextAction(['handOver', 'refuse', 'withdraw'])).toBe('handOver');
    expect(nextAction(['resume', 'stop'])).toBe('resume');
    expect(nextAction(['withdraw'])).toBeNull();
    expect(hasNextAction({ availableActions: ['withdraw', 'refuse'] } as never)).toBe(false);
    expect(hasNextAction(null)).toBe(false);
  });
});

describe('time left and marks', () => {
  it('in the office\'s working day', () => {
    expect(dayMinutes([{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }])).toBe(450);
    expect(dayMinutes([])).toBe(450);
    expect(workingSpan(450 * 2 + 185, 450)).toBe('2 ngày 3 giờ');
    expect(timeLeftText(45, 450)).toBe('còn 45 phút');
    expect(timeLeftText(-90, 450)).toBe('quá hạn 1 giờ 30 phút');
    expect(timeLeftText(null, 450)).toBe('không có hạn');
    // Due out of working hours and read before the next working minute: late by the mark, not "đến hạn".
    expect(timeLeftText(0, 450, true)).toBe('quá hạn (ngoài giờ làm việc)');
    expect(timeLeftText(0, 450)).toBe('đến hạn');
    expect(timeLeftText(-90, 450, true)).toBe('quá hạn 1 giờ 30 phút');
  });

  it('most urgent first; "chưa xác nhận" left out when it is mine to confirm', () => {
    const m = { dueToday: true, overdue: true, paused: false, awaitingConfirmation: true, awaitingMyConfirmation: true, extended: true };
    expect(marksOf(m).map((x) => x.label)).toEqual(['Quá hạn', 'Đến hạn hôm nay', 'Chờ tôi xác nhận', 'Đã gia hạn']);
  });

  it('the list filter: words as prefixes, without diacritics, digits anywhere', () => {
    expect(rowMatches('nguyen v', '000.00.13.H42-261206-0001', 'Nguyễn Văn Bình')).toBe(true);
    expect(rowMatches('0001', '000.00.13.H42-261206-0001')).toBe(true);
    expect(rowMatches('binh an', 'Nguyễn Văn Bình')).toBe(false);
  });
});

describe('looking a scan up', () => {
  const qr = 'https://dvc.example.vn/tra-cuu?maHoSo=000.00.13.H42-261206-0001&maTTHC=1.004873&maTraCuu=K7ASM2EE9QPN';
  const found = (items: unknown[]): Found => ({ matchedBy: items.length ? 'qr' : 'none', items } as Found);

  it('a clean scan goes to the core as printed; a mangled one as clean QR contents, the number first', () => {
    expect(queriesFor(qr).queries[0]).toBe(qr);
    const { queries, mangled } = queriesFor(telex(qr, { digitsBreakWords: true }));
    expect(mangled).toBe(true);
    expect(queries[0]).toBe('maHoSo=000.00.13.H42-261206-0001&maTTHC=1.004873');
    expect(queries).toContain('maTraCuu=K7ASM2EE9QPN');
    expect(queriesFor('  Nguyễn Văn Bình ').queries).toEqual(['Nguyễn Văn Bình']);
  });

  it('stops at the first look-up that finds a dossier; says to switch to E when a mangled scan finds none', async () => {
    const asked: string[] = [];
    const call = async (q: string) => { asked.push(q); return found(q.startsWith('maTraCuu=K7ASM2EE9QPN') ? [{ id: 'd1' }] : []); };
    const r = await findForReturn(telex(qr, { digitsBreakWords: true }), call);
    expect(r).toMatchObject({ kind: 'found', repaired: true });
    expect(asked.at(-1)).toBe('maTraCuu=K7ASM2EE9QPN');
    expect(await findForReturn(telex(qr), async () => found([]))).toEqual({ kind: 'none', message: SWITCH_TO_ENGLISH });
    expect(await findForReturn('', async () => found([]))).toEqual({ kind: 'empty' });
  });
});
