// Which of a procedure's fee lines applies to one dossier — decided by the data where the law decides it,
// asked of the clerk otherwise. Shared by the intake screen (what it asks, what it shows) and the core (the
// boundary check, the fee recorded with the dossier, printed on form 01 and sent to the portal).
//
// A version's fee lines are alternatives: one applies to a dossier (e.g. on-time birth registration, free,
// or late registration, 8.000 đ). A line may carry a rule (`when`): counted in whole days from a date the
// clerk enters (the child's birth date) to the Vietnam day the dossier is received. Only facts the domain
// reference gives are rules in the shipped catalogue (a birth is registered within 60 days of the birth,
// civil-status.md); other choices (death registration: its deadline is not in the reference) are asked.
// A deadline whose last day is a day off ends at the end of the next working day (Bộ luật Dân sự 2015,
// Điều 148 khoản 5), counted on the office's work calendar, unless the rule says otherwise (dayOffExtends).
import { addDays, daysBetween } from '../calendar/civil-date';
import { WorkCalendar } from '../calendar/work-calendar';
import { formatDateKeyVn, formatMoney } from '../text/format';
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
  /**
   * The N days end on a day off (weekend, holiday, substitute day, an official or office day off): they end at
   * the end of the next working day instead (DAY_OFF_BASIS). Absent means on; false where the Ministry
   * decides that this period is not extended.
   */
  dayOffExtends?: boolean;
}

/** "Khi ngày cuối cùng của thời hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc ngày làm việc tiếp theo ngày nghỉ đó." */
export const DAY_OFF_BASIS = 'Bộ luật Dân sự 2015, Điều 148 khoản 5';

/** The office's working days (shared/calendar WorkCalendar: rules, official schedules and office overrides). */
export interface WorkingDays { isWorkingDay(date: string): boolean }

/** Without the office's calendar: weekends and the statutory holidays with their substitute days. */
let statutory: WorkCalendar | null = null;
const statutoryDays = (): WorkingDays => (statutory ??= new WorkCalendar());

/** Longest run of days off a deadline is carried over (Tết with its swaps is 9 days). */
const MAX_DAYS_OFF = 60;

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
  /**
   * When the receipt day is past a rule's N-th day but within its extension (that day was a day off, so the
   * period ran to the end of the next working day): the N-th day and the day it ran to. Null otherwise.
   */
  dayOff: { lastDay: string; extendedTo: string } | null;
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

/**
 * The last day of a rule's period counted from `eventDate` (the day itself not counted, Điều 147): its N-th
 * day, or — when that is a day off and the rule extends — the next working day (`extendedFrom` is then the N-th day).
 */
export function ruleDeadline(rule: FeeRule, eventDate: string, calendar: WorkingDays): { last: string; extendedFrom: string | null } {
  const nth = addDays(eventDate, rule.withinDays ?? rule.afterDays ?? 0);
  if (rule.dayOffExtends === false) return { last: nth, extendedFrom: null };
  let last = nth;
  for (let i = 0; i < MAX_DAYS_OFF && !calendar.isWorkingDay(last); i++) last = addDays(last, 1);
  return { last, extendedFrom: last === nth ? null : nth };
}

/** Does a rule hold for a dossier whose rule date is `eventDate`, received on `today`? */
export function ruleHolds(rule: FeeRule, eventDate: string, today: string, calendar: WorkingDays = statutoryDays()): boolean {
  if (rule.withinDays === undefined && rule.afterDays === undefined) return true;
  const { last } = ruleDeadline(rule, eventDate, calendar);
  return rule.withinDays !== undefined ? today <= last : today > last;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The extension that decided, when the receipt day lies after the N-th day but within the extended period. */
function dayOffOf(rule: FeeRule, eventDate: string, today: string, calendar: WorkingDays): FeeDecision['dayOff'] {
  const { last, extendedFrom } = ruleDeadline(rule, eventDate, calendar);
  return extendedFrom && today > extendedFrom && today <= last ? { lastDay: extendedFrom, extendedTo: last } : null;
}

/**
 * The fee of a dossier received on `today` (Vietnam date, YYYY-MM-DD). Rules decide when the date they
 * count from is given; when more than one line could still apply, the clerk's choice (`facts.line`) is
 * required among them. A rule's decision stands over a choice. `calendar`: the office's working days, for
 * a period that ends on a day off (statutory holidays only when not given).
 */
export function decideFee(fees: readonly FeeLine[], facts: FeeFacts, today: string, calendar: WorkingDays = statutoryDays()): FeeDecision {
  const dateLabel = feeDateLabel(fees);
  const base = { dateLabel, days: null, dayOff: null, choices: [] as number[], issues: [] as FieldIssue[] };
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
    const eventDate = facts.eventDate;
    days = daysBetween(eventDate, today);
    const held = candidates.filter((i) => !fees[i]!.when || ruleHolds(fees[i]!.when!, eventDate, today, calendar));
    // Rules that leave nothing (data that does not cover the case) fall back to the clerk's choice.
    if (held.length) candidates = held;
  }
  if (candidates.length === 1) {
    const rule = fees[candidates[0]!]!.when;
    return { ...base, days, dayOff: rule ? dayOffOf(rule, facts.eventDate!, today, calendar) : null, applied: [fees[candidates[0]!]!], by: 'rule' };
  }
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

/**
 * Why a rule decided, for the clerk: "Tiếp nhận sau 75 ngày kể từ ngày sinh của trẻ." — and, when the period
 * was carried over a day off, to which working day and by which article.
 */
export function ruleReason(decision: Pick<FeeDecision, 'by' | 'days' | 'dateLabel'> & { dayOff?: FeeDecision['dayOff'] }): string | null {
  if (decision.by !== 'rule' || decision.days === null || !decision.dateLabel) return null;
  const reason = `Tiếp nhận sau ${decision.days} ngày kể từ ${lowerFirst(decision.dateLabel)}`;
  const off = decision.dayOff;
  if (!off) return `${reason}.`;
  return `${reason}; ngày cuối của thời hạn (${formatDateKeyVn(off.lastDay)}) là ngày nghỉ nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo, ${formatDateKeyVn(off.extendedTo)} (${DAY_OFF_BASIS}).`;
}
