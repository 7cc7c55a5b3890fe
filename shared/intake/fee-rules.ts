// Checks of a version's fee rules as a whole, made when an administrator creates a version (the core's
// procedures.createVersion). Each rule alone is checked by the contract (feeRuleSchema); these are the rules
// together, as decideFee uses them: the intake asks ONE date (the first rule's), so every rule counts from
// it; and the ruled lines should decide every day count — a day no rule covers, or two rules cover, falls
// back to the clerk's choice, which is what the rule was written to avoid.
import { fieldError, type FieldIssue } from '../validation';
import type { FeeLine, FeeRule } from './fees';

const daysField = (i: number, r: FeeRule) => `fees.${i}.when.${r.withinDays !== undefined ? 'withinDays' : 'afterDays'}`;

/** The day counts a rule holds for: [from, to] (to null: no end). */
function span(r: FeeRule): [number, number | null] {
  return r.withinDays !== undefined ? [0, r.withinDays] : [(r.afterDays ?? 0) + 1, null];
}

const spanText = ([from, to]: [number, number | null]) =>
  (to === null ? `sau ${from - 1} ngày` : from === 0 ? `trong ${to} ngày` : from === to ? `đúng ${from} ngày` : `từ ${from} đến ${to} ngày`);

/** Problems of the version's rules together, at the field to fix (Vietnamese, says what to do). */
export function feeRuleIssues(fees: readonly FeeLine[]): FieldIssue[] {
  const ruled = fees.map((f, i) => ({ i, r: f.when })).filter((x): x is { i: number; r: FeeRule } => !!x.r);
  if (!ruled.length) return [];
  if (fees.length < 2) {
    return [fieldError(`fees.${ruled[0]!.i}.when`, 'Chỉ có một khoản thu thì khoản đó luôn áp dụng: chọn "Luôn áp dụng", hoặc thêm khoản thu thay thế (VD khoản quá hạn).')];
  }
  const issues: FieldIssue[] = [];
  const first = ruled[0]!;
  for (const { i, r } of ruled.slice(1)) {
    if (r.countFrom.trim() !== first.r.countFrom.trim()) {
      issues.push(fieldError(`fees.${i}.when.countFrom`, `Các khoản có điều kiện phải tính từ cùng một ngày (khoản ${first.i + 1}: "${first.r.countFrom}") — màn hình tiếp nhận chỉ hỏi một ngày.`));
    }
  }
  if (issues.length) return issues;

  // Two rules that hold on the same day counts: the clerk would be asked there.
  for (let a = 0; a < ruled.length; a++) {
    for (let b = a + 1; b < ruled.length; b++) {
      const [fa, ta] = span(ruled[a]!.r), [fb, tb] = span(ruled[b]!.r);
      const from = Math.max(fa, fb);
      const to = ta === null ? tb : tb === null ? ta : Math.min(ta, tb);
      if (to !== null && from > to) continue;
      issues.push(fieldError(daysField(ruled[b]!.i, ruled[b]!.r),
        `Trùng với điều kiện của khoản ${ruled[a]!.i + 1}: tiếp nhận ${spanText([from, to])} thì cả hai cùng áp dụng — sửa số ngày (VD "trong 60 ngày" và "sau 60 ngày").`));
    }
  }
  if (issues.length) return issues;

  // Day counts no rule holds for: the first gap, reported at the rule that should close it.
  const spans = ruled.map((x) => ({ ...x, s: span(x.r) })).sort((x, y) => x.s[0] - y.s[0]);
  let next = 0;
  for (const x of spans) {
    if (x.s[0] > next) {
      return [fieldError(daysField(x.i, x.r), `Tiếp nhận ${spanText([next, x.s[0] - 1])} thì không khoản có điều kiện nào áp dụng — sửa số ngày cho liền nhau (VD "trong 60 ngày" và "sau 60 ngày").`)];
    }
    if (x.s[1] === null) return [];
    next = x.s[1] + 1;
  }
  const last = spans.at(-1)!;
  return [fieldError(daysField(last.i, last.r), `Tiếp nhận sau ${next - 1} ngày thì không khoản có điều kiện nào áp dụng — thêm điều kiện "sau ${next - 1} ngày" cho khoản thu còn lại.`)];
}
