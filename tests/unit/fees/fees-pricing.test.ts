import { describe, expect, it } from 'vitest';
import { perPageAmount, pricingIssues, quantityIssues, quoteFee, type FeePricing } from '../../../shared/fees/pricing';
import { DEFAULT_EXEMPTIONS, exemptionListIssues } from '../../../shared/fees/exemptions';
import { formatReceiptNumber, seriesFor } from '../../../shared/fees/receipt-series';

// Certification of copies (fees.md): 2.000 đ/page, from page 3 1.000 đ/page, at most 200.000 đ per document.
const certify: FeePricing = { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 200_000 };
const certifyLine = { name: 'Phí chứng thực bản sao từ bản chính', amount: 2000, pricing: certify };

describe('per page, in tiers, capped per document', () => {
  it.each([
    [1, 2000], [2, 4000], [3, 5000], [4, 6000], [10, 12_000],
    // 4.000 for the first two pages + 1.000 from page 3: 196 pages reach exactly 200.000, more stay there.
    [197, 199_000], [198, 200_000], [199, 200_000], [1000, 200_000],
  ])('%i pages cost %i đ', (pages, amount) => {
    expect(perPageAmount(pages, certify.kind === 'per-page' ? certify.tiers : [], 200_000)).toBe(amount);
  });

  it('applies the cap per document, not to the dossier', () => {
    const q = quoteFee(certifyLine, { pages: [300, 3] });
    expect(q.gross).toBe(205_000);
    expect(q.amount).toBe(205_000);
    expect(q.quantity).toBe(303);
    expect(q.detail).toContain('300 trang: 200.000 đ (mức tối đa)');
    expect(q.detail).toContain('3 trang: 5.000 đ');
  });

  it('without a cap, counts every page; tiers given out of order are read in page order', () => {
    expect(perPageAmount(250, [{ fromPage: 3, amount: 1000 }, { fromPage: 1, amount: 2000 }])).toBe(252_000);
    expect(perPageAmount(0, [{ fromPage: 1, amount: 2000 }])).toBe(0);
  });

  it('checks a rule as data: a first tier from page 1, tiers ascending', () => {
    expect(pricingIssues(certify)).toEqual([]);
    expect(pricingIssues({ kind: 'per-page', tiers: [] })[0]!.message).toContain('ít nhất một mức');
    expect(pricingIssues({ kind: 'per-page', tiers: [{ fromPage: 2, amount: 1 }] })[0]!.path).toBe('tiers.0.fromPage');
    expect(pricingIssues({ kind: 'per-page', tiers: [{ fromPage: 1, amount: 1 }, { fromPage: 1, amount: 2 }] })[0]!.path).toBe('tiers.1.fromPage');
  });

  it('asks for the pages of each document', () => {
    expect(quantityIssues(certifyLine, {})[0]).toContain('số trang');
    expect(quantityIssues(certifyLine, { pages: [2, 0] })[0]).toContain('từ 1 trở lên');
    expect(quantityIssues(certifyLine, { pages: [2.5] })).toHaveLength(1);
    expect(quantityIssues(certifyLine, { pages: [2] })).toEqual([]);
  });
});

describe('per copy and fixed', () => {
  const extract = { name: 'Phí cấp bản sao trích lục', amount: 8000, pricing: { kind: 'per-copy' } as FeePricing };
  it('bản sao trích lục: 8.000 đ per copy', () => {
    expect(quoteFee(extract, { copies: 3 })).toMatchObject({ gross: 24_000, amount: 24_000, quantity: 3, detail: '3 bản × 8.000 đ' });
    expect(quantityIssues(extract, { copies: 0 })[0]).toContain('số bản sao');
    expect(quantityIssues(extract, {})).toHaveLength(1);
  });
  it('a fixed line (and a line stored before pricing existed) costs its amount whatever is counted', () => {
    const marital = { name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 15_000 };
    expect(quoteFee(marital, { copies: 5, pages: [9] })).toMatchObject({ gross: 15_000, amount: 15_000, quantity: 1 });
    expect(quoteFee({ ...marital, pricing: { kind: 'fixed' } }, {}).amount).toBe(15_000);
    expect(quantityIssues(marital, {})).toEqual([]);
  });
});

describe('exemptions', () => {
  const poor = { code: 'ho-ngheo', name: 'Thành viên hộ nghèo', reason: 'Giấy chứng nhận hộ nghèo số 12/GCN' };
  it('makes the amount due 0 and keeps the gross and the reason', () => {
    const q = quoteFee(certifyLine, { pages: [3] }, poor);
    expect(q).toMatchObject({ gross: 5000, amount: 0, exemption: poor });
  });
  it('ships the three categories of fees.md, and checks an edited list', () => {
    expect(DEFAULT_EXEMPTIONS.map((c) => c.code)).toEqual(['nguoi-co-cong', 'ho-ngheo', 'nguoi-khuyet-tat']);
    expect(exemptionListIssues(DEFAULT_EXEMPTIONS)).toEqual([]);
    const twice = [...DEFAULT_EXEMPTIONS, { ...DEFAULT_EXEMPTIONS[0]!, name: 'Khác' }];
    expect(exemptionListIssues(twice)).toEqual([{ path: 'exemptions.3.code', message: expect.stringContaining('dòng 1') }]);
    expect(exemptionListIssues([{ code: 'Hộ nghèo', name: '', basis: '', active: true }]).map((i) => i.path)).toEqual(['exemptions.0.code', 'exemptions.0.name']);
  });
});

describe('receipt series and numbers', () => {
  it('the series follows the Vietnam year of issue', () => {
    expect(seriesFor('AA/{yy}P', 2026)).toBe('AA/26P');
    expect(seriesFor('AA/{yy}P', 2027)).toBe('AA/27P');
    expect(seriesFor('BL-{yyyy}', 2030)).toBe('BL-2030');
    expect(seriesFor('AB-25E', 2026)).toBe('AB-25E');
    expect(formatReceiptNumber(123)).toBe('0000123');
  });
});
