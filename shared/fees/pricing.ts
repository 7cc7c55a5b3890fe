// How much a fee line costs for one dossier — the pricing rules as data (fees.md): a fixed amount; per page,
// in tiers, capped per document (certification of copies: 2.000 đ/page, from page 3 1.000 đ/page, at most
// 200.000 đ per document); per copy (bản sao trích lục: 8.000 đ per copy). Pure, so the counter screen shows
// the same figure the core records. An exemption (a category the office lists, or one of the law's own free
// cases) makes the amount due 0 and keeps the reason.
import { formatMoney as money } from '../text/format';

/** When the fee is collected (the portal's HinhThucThu): at receipt 1, on completing the dossier 2, on return 4. */
export const COLLECT_AT = [1, 2, 4] as const;
export type CollectAt = (typeof COLLECT_AT)[number];
export const COLLECT_AT_NAMES: Record<CollectAt, string> = { 1: 'Khi tiếp nhận', 2: 'Khi giải quyết xong', 4: 'Khi trả kết quả' };

/** A fee collected after receipt (when resolved, or on return) must be paid before the result is handed back. */
export const dueBeforeReturn = (collect: CollectAt): boolean => collect === 2 || collect === 4;

/** One tier of a per-page price: from this page on (1-based), this much per page. */
export interface PageTier { fromPage: number; amount: number }

export type FeePricing =
  | { kind: 'fixed' }
  /** Per page of each document, tiers ascending by fromPage (the first from page 1); `cap` per document, if any. */
  | { kind: 'per-page'; tiers: PageTier[]; cap?: number }
  /** The line's amount for each copy. */
  | { kind: 'per-copy' };

export const FIXED: FeePricing = { kind: 'fixed' };

/** What a fee line needs to price it: its amount (fixed / per copy) and its rule. */
export interface PricedLine { name: string; amount: number; pricing?: FeePricing }

/** What the counter counts for a dossier: the pages of each document, or the copies. */
export interface FeeQuantities { pages?: number[]; copies?: number }

export interface Exemption { code: string; name: string; reason: string }

export interface FeeQuote {
  /** Before any exemption. */
  gross: number;
  /** Due: 0 when exempt. */
  amount: number;
  /** Pages counted (per page), copies (per copy), 1 otherwise. */
  quantity: number;
  /** "3 trang: 2 × 2.000 đ + 1 × 1.000 đ" — how the amount was reached, for the clerk and the receipt. */
  detail: string;
  exemption: Exemption | null;
}


/** The amount for one document of `pages` pages under tiers and a cap. */
export function perPageAmount(pages: number, tiers: readonly PageTier[], cap?: number): number {
  const sorted = [...tiers].sort((a, b) => a.fromPage - b.fromPage);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const from = Math.max(1, sorted[i]!.fromPage);
    const to = i + 1 < sorted.length ? Math.min(pages, sorted[i + 1]!.fromPage - 1) : pages;
    if (to >= from) total += (to - from + 1) * sorted[i]!.amount;
  }
  return cap !== undefined && cap > 0 ? Math.min(total, cap) : total;
}

/** Problems of a pricing rule as data (Vietnamese, at the field to fix), for the version form and the contract. */
export function pricingIssues(p: FeePricing): { path: string; message: string }[] {
  if (p.kind !== 'per-page') return [];
  if (!p.tiers.length) return [{ path: 'tiers', message: 'Nhập ít nhất một mức giá theo trang, VD từ trang 1: 2.000 đ.' }];
  const issues: { path: string; message: string }[] = [];
  if (p.tiers[0]!.fromPage !== 1) issues.push({ path: 'tiers.0.fromPage', message: 'Mức giá đầu tiên phải tính từ trang 1.' });
  for (let i = 1; i < p.tiers.length; i++) {
    if (p.tiers[i]!.fromPage <= p.tiers[i - 1]!.fromPage) {
      issues.push({ path: `tiers.${i}.fromPage`, message: `Mức ${i + 1} phải bắt đầu sau trang ${p.tiers[i - 1]!.fromPage} (các mức xếp theo số trang tăng dần).` });
    }
  }
  return issues;
}

/** Problems of what the clerk counted for this line (Vietnamese), before any amount is recorded. */
export function quantityIssues(line: PricedLine, q: FeeQuantities): string[] {
  const p = line.pricing ?? FIXED;
  if (p.kind === 'per-page') {
    const pages = q.pages ?? [];
    if (!pages.length) return ['Nhập số trang của từng giấy tờ cần chứng thực (VD 3).'];
    if (pages.some((n) => !Number.isInteger(n) || n < 1)) return ['Số trang của mỗi giấy tờ là số nguyên từ 1 trở lên.'];
  }
  if (p.kind === 'per-copy' && (!Number.isInteger(q.copies ?? NaN) || (q.copies ?? 0) < 1)) return ['Nhập số bản sao (từ 1 trở lên).'];
  return [];
}

/**
 * The fee of one line for what the clerk counted, with an exemption if one applies. Throws nothing: call
 * quantityIssues first (missing counts price as nothing counted).
 */
export function quoteFee(line: PricedLine, q: FeeQuantities, exemption: Exemption | null = null): FeeQuote {
  const p = line.pricing ?? FIXED;
  let gross: number, quantity: number, detail: string;
  if (p.kind === 'per-page') {
    const pages = q.pages ?? [];
    const each = pages.map((n) => perPageAmount(n, p.tiers, p.cap));
    gross = each.reduce((a, b) => a + b, 0);
    quantity = pages.reduce((a, b) => a + b, 0);
    detail = pages.map((n, i) => `${n} trang: ${money(each[i]!)}${p.cap && each[i] === p.cap ? ' (mức tối đa)' : ''}`).join('; ');
    if (pages.length > 1) detail = `${pages.length} giấy tờ — ${detail}`;
  } else if (p.kind === 'per-copy') {
    quantity = q.copies ?? 0;
    gross = quantity * line.amount;
    detail = `${quantity} bản × ${money(line.amount)}`;
  } else {
    gross = line.amount; quantity = 1; detail = money(line.amount);
  }
  return { gross, amount: exemption ? 0 : gross, quantity, detail, exemption };
}
