// Which of a procedure's fee lines applies to one dossier — decided by the data where the law decides it,
// asked of the clerk otherwise. Shared by the intake screen (what it asks, what it shows) and the core (the
// boundary check, the fee recorded with the dossier, printed on form 01 and sent to the portal).
//
// A version's fee lines are alternatives: one applies to a dossier (e.g. on-time birth registration, free,
// or late registration, 8.000 đ). A line may carry a rule (`when`): counted in whole days from a date the
// clerk enters (the child's birth date) to the Vietnam day the dossier is received. Only facts the domain
// reference gives are rules in the shipped catalogue (a birth is registered within 60 days of the birth,
// civil-status.md); other choices (death registration: its deadline is not in the reference) are asked.
import { daysBetween } from '../calendar/civil-date';
import { formatMoney } from '../text/format';
import { fieldError, type FieldIssue } from '../validation';

export interface FeeRule {
  /** The date counted from, as the intake labels it ("Ngày sinh của trẻ"). */
  countFrom: string;
  /** Applies when received at most this many days after that date… */
  withinDays?: number;
  /** …or when received more than this many days after it. */
  afterDays?: number;
  /** Where the rule comes from, shown to the clerk. */
  basis?: string;
}

export interface FeeLine { name: string; amount: number; note?: string; when?: FeeRule }

/** What the clerk entered about the fee: the date a rule counts from, or the line chosen (0-based). */
export interface FeeFacts { eventDate?: string; line?: number }

export interface FeeDecision {
  /** The lines that apply (none when the procedure has no fee), in the version's order. */
  applied: FeeLine[];
  /** How: the only line, a rule (with the days counted), or the clerk's choice; null while undecided. */
  by: 'none' | 'only' | 'rule' | 'clerk' | null;
  /** Days from the rule's date to the receipt day, when a rule was used. */
  days: number | null;
  /** The date the version's rules count from ("Ngày sinh của trẻ"), when it has rules: the intake asks it. */
  dateLabel: string | null;
  /** Lines the clerk must choose among (positions), when the data cannot decide; empty otherwise. */
  choices: number[];
  /** Blocking problems at 'fee.eventDate' or 'fee.line', in Vietnamese. */
  issues: FieldIssue[];
}

/** The label of the date the version's fee rules count from, or null when none has a rule. */
export function feeDateLabel(fees: readonly FeeLine[]): string | null {
  return fees.find((f) => f.when)?.when?.countFrom ?? null;
}

/** Does a rule hold for a dossier received `days` days after its date? */
export function ruleHolds(rule: FeeRule, days: number): boolean {
  if (rule.withinDays !== undefined) return days <= rule.withinDays;
  if (rule.afterDays !== undefined) return days > rule.afterDays;
  return true;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The fee of a dossier received on `today` (Vietnam date, YYYY-MM-DD). Rules decide when the date they
 * count from is given; when more than one line could still apply, the clerk's choice (`facts.line`) is
 * required among them. A rule's decision stands over a choice.
 */
export function decideFee(fees: readonly FeeLine[], facts: FeeFacts, today: string): FeeDecision {
  const dateLabel = feeDateLabel(fees);
  const base = { dateLabel, days: null, choices: [] as number[], issues: [] as FieldIssue[] };
  if (fees.length === 0) return { ...base, applied: [], by: 'none' };
  if (fees.length === 1) return { ...base, applied: [fees[0]!], by: 'only' };

  let candidates = fees.map((_, i) => i);
  let days: number | null = null;
  if (dateLabel) {
    if (!facts.eventDate) {
      const issue = fieldError('fee.eventDate', `Nhập ${lowerFirst(dateLabel)} (dd/mm/yyyy) để tính phí, lệ phí áp dụng.`);
      return { ...base, applied: [], by: null, issues: [issue] };
    }
    if (facts.eventDate > today) {
      return { ...base, applied: [], by: null, issues: [fieldError('fee.eventDate', `${dateLabel} không được sau ngày tiếp nhận hồ sơ (hôm nay).`)] };
    }
    days = daysBetween(facts.eventDate, today);
    const held = candidates.filter((i) => !fees[i]!.when || ruleHolds(fees[i]!.when!, days!));
    // Rules that leave nothing (data that does not cover the case) fall back to the clerk's choice.
    if (held.length) candidates = held;
  }
  if (candidates.length === 1) return { ...base, days, applied: [fees[candidates[0]!]!], by: 'rule' };
  const line = facts.line;
  if (line !== undefined && candidates.includes(line)) return { ...base, days, applied: [fees[line]!], by: 'clerk', choices: candidates };
  const message = line === undefined
    ? 'Chọn khoản phí, lệ phí áp dụng cho hồ sơ này.'
    : 'Khoản phí, lệ phí đã chọn không áp dụng được cho hồ sơ này: chọn lại.';
  return { ...base, days, applied: [], by: null, choices: candidates, issues: [fieldError('fee.line', message)] };
}

/** "Lệ phí đăng ký khai sinh quá hạn: 8.000 đ" — the fee as printed on form 01; undefined when none applies. */
export function feeText(lines: readonly FeeLine[]): string | undefined {
  if (lines.length === 0) return undefined;
  return lines.map((l) => `${l.name}: ${l.amount === 0 ? 'Miễn' : formatMoney(l.amount)}`).join('; ');
}

/** Why a rule decided, for the clerk: "Đăng ký sau 75 ngày kể từ ngày sinh của trẻ." */
export function ruleReason(decision: Pick<FeeDecision, 'by' | 'days' | 'dateLabel'>): string | null {
  if (decision.by !== 'rule' || decision.days === null || !decision.dateLabel) return null;
  return `Tiếp nhận sau ${decision.days} ngày kể từ ${lowerFirst(decision.dateLabel)}.`;
}
