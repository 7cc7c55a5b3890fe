// The counter's collect form as pure data: what the clerk typed (pages per document, copies, exemption,
// method) → the contract's input and the amount it comes to, with the same computation as the core
// (shared/fees/pricing.ts), so the figure on screen is the figure on the receipt.
import type { DossierFee, FeeMethod } from '../../../shared/contract/api-fees';
import { quantityIssues, quoteFee, type FeeQuote } from '../../../shared/fees/pricing';

export interface CollectForm {
  /** Pages of each document, as typed: "3, 5" (per-page lines). */
  pages: string;
  copies: string;
  exemptionCode: string;
  exemptionReason: string;
  method: FeeMethod;
  /** Who pays when not the applicant (printed on the receipt); empty: the applicant. */
  payerName: string;
  payerAddress: string;
}

export const emptyCollectForm = (): CollectForm => ({ pages: '', copies: '1', exemptionCode: '', exemptionReason: '', method: 'cash', payerName: '', payerAddress: '' });

/** "3, 5 7" → [3, 5, 7]; anything not a whole number reads as NaN (reported by quantityIssues). */
export function parsePages(text: string): number[] {
  return text.split(/[,;\s]+/).filter(Boolean).map((t) => (/^\d+$/.test(t) ? Number(t) : Number.NaN));
}

export interface CollectCheck { quote: FeeQuote | null; problem: string | null }

export function checkCollect(fee: DossierFee, f: CollectForm): CollectCheck {
  if (!fee.line) return { quote: null, problem: 'Hồ sơ này không có khoản phí, lệ phí nào phải thu.' };
  const q = { pages: parsePages(f.pages), copies: f.copies.trim() ? Number(f.copies) : undefined };
  const problems = quantityIssues(fee.line, q);
  if (problems.length) return { quote: null, problem: problems[0]! };
  const exemption = f.exemptionCode ? { code: f.exemptionCode, name: '', reason: f.exemptionReason } : null;
  if (exemption && f.exemptionReason.trim().length < 3) return { quote: quoteFee(fee.line, q, exemption), problem: 'Ghi rõ căn cứ miễn, VD số giấy chứng nhận hộ nghèo.' };
  return { quote: quoteFee(fee.line, q, exemption), problem: null };
}

/** The input of fees.collect for this form (the operation id made once per attempt by the caller). */
export function toCollectInput(fee: DossierFee, f: CollectForm, operationId: string) {
  const kind = fee.line?.pricing.kind;
  return {
    operationId, dossierId: fee.dossierId,
    ...(kind === 'per-page' ? { pages: parsePages(f.pages) } : {}),
    ...(kind === 'per-copy' ? { copies: Number(f.copies) } : {}),
    ...(f.exemptionCode ? { exemption: { code: f.exemptionCode, reason: f.exemptionReason } } : { method: f.method }),
    ...(!f.exemptionCode && f.payerName.trim() ? { payer: { name: f.payerName.trim(), address: f.payerAddress.trim() } } : {}),
  };
}

/** Whether the clerk typed something that leaving would lose. */
export const collectHasInput = (f: CollectForm) => f.pages.trim() !== '' || f.copies.trim() !== '1' || f.exemptionCode !== '' || f.exemptionReason.trim() !== '' || f.method !== 'cash' || f.payerName.trim() !== '' || f.payerAddress.trim() !== '';
