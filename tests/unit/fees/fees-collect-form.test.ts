import { describe, expect, it } from 'vitest';
import type { DossierFee } from '../../../shared/contract/api-fees';
import { checkCollect, collectHasInput, emptyCollectForm, parsePages, toCollectInput } from '../../../renderer/src/fees/collect-form';

const base: DossierFee = {
  dossierId: 'd1', dossierNumber: 'H42-1', payerName: 'A', payerAddress: '', record: null, owed: true, receipts: [], stage: 'received',
  line: { name: 'Phí chứng thực bản sao từ bản chính', amount: 2000, note: '', collect: 1, pricing: { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 200_000 } },
};

describe('the collect form', () => {
  it('reads pages per document as typed at the counter', () => {
    expect(parsePages('3, 12')).toEqual([3, 12]);
    expect(parsePages(' 3;4 5 ')).toEqual([3, 4, 5]);
    expect(parsePages('3,a')[1]).toBeNaN();
  });

  it('prices as the core does and says what is missing', () => {
    expect(checkCollect(base, emptyCollectForm()).problem).toContain('số trang');
    expect(checkCollect(base, { ...emptyCollectForm(), pages: '3, x' }).problem).toContain('số nguyên');
    expect(checkCollect(base, { ...emptyCollectForm(), pages: '3, 12' })).toMatchObject({ problem: null, quote: { amount: 5000 + 14_000 } });
    const exempt = { ...emptyCollectForm(), pages: '3', exemptionCode: 'ho-ngheo', exemptionReason: '' };
    expect(checkCollect(base, exempt).problem).toContain('căn cứ miễn');
    expect(checkCollect(base, { ...exempt, exemptionReason: 'GCN 12' }).quote).toMatchObject({ amount: 0, gross: 5000 });
  });

  it('sends what the line needs: pages for a per-page line, a method unless exempt', () => {
    expect(toCollectInput(base, { ...emptyCollectForm(), pages: '3, 12', method: 'transfer' }, 'op')).toEqual({ operationId: 'op', dossierId: 'd1', pages: [3, 12], method: 'transfer' });
    expect(toCollectInput(base, { ...emptyCollectForm(), pages: '3', exemptionCode: 'ho-ngheo', exemptionReason: 'GCN 12' }, 'op'))
      .toEqual({ operationId: 'op', dossierId: 'd1', pages: [3], exemption: { code: 'ho-ngheo', reason: 'GCN 12' } });
    const copies = { ...base, line: { ...base.line!, amount: 8000, pricing: { kind: 'per-copy' as const } } };
    expect(toCollectInput(copies, { ...emptyCollectForm(), copies: '3' }, 'op')).toEqual({ operationId: 'op', dossierId: 'd1', copies: 3, method: 'cash' });
    expect(checkCollect(copies, { ...emptyCollectForm(), copies: '3' }).quote?.amount).toBe(24_000);
  });

  it('sends the payer only when a name was typed, and never with an exemption (no receipt then)', () => {
    const paying = { ...emptyCollectForm(), pages: '3', payerName: ' Lê Văn Hùng ', payerAddress: ' Số 5 Phố Huế ' };
    expect(toCollectInput(base, paying, 'op')).toMatchObject({ payer: { name: 'Lê Văn Hùng', address: 'Số 5 Phố Huế' } });
    expect(toCollectInput(base, { ...paying, payerName: '  ' }, 'op')).not.toHaveProperty('payer');
    expect(toCollectInput(base, { ...paying, exemptionCode: 'ho-ngheo', exemptionReason: 'GCN 12' }, 'op')).not.toHaveProperty('payer');
    expect(collectHasInput({ ...emptyCollectForm(), payerName: 'Lê Văn Hùng' })).toBe(true);
  });

  it('knows when leaving would lose what was typed', () => {
    expect(collectHasInput(emptyCollectForm())).toBe(false);
    expect(collectHasInput({ ...emptyCollectForm(), method: 'transfer' })).toBe(true);
    expect(collectHasInput({ ...emptyCollectForm(), pages: '3' })).toBe(true);
  });
});
