// The one way a working calendar is built: the statutory rules, then the official schedules the government
// announces (shipped with the app: facts, the same for every office), then the office's own overrides on top
// (an admin's, or the province's holidays pulled by sync). Every entry comes from data someone typed or an
// older version stored, so each is checked here: a bad one is skipped and reported, never allowed to stop
// the calendar (and with it every save and due date).
import { parseCivilDate } from './civil-date';
import type { HolidayRules } from './holidays';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from './served';
import { WorkCalendar, type CalendarOverride } from './work-calendar';

/** Where an override comes from: the shipped official schedules, or the office's stored rows. */
export type OverrideOrigin = 'official' | 'office';

/** An entry that was skipped; `message` is Vietnamese and says what to do. */
export interface CalendarProblem {
  origin: OverrideOrigin;
  /** The entry's date as given (possibly not a date at all): the key to delete an office row by. */
  key: string;
  kind: string;
  name: string;
  /** 'admin', 'portal', 'official'… as stored. */
  source: string;
  message: string;
}

export interface CalendarSources {
  rules?: Partial<HolidayRules>;
  /** Entries of the official schedules (assets/calendar/official-overrides.json), unchecked. */
  official?: readonly unknown[];
  /** The office's stored override rows, unchecked. */
  office?: readonly unknown[];
}

export interface BuiltCalendar {
  calendar: WorkCalendar;
  problems: CalendarProblem[];
  /** The entries that were applied, per origin (office entries win over official ones on the same day). */
  official: CalendarOverride[];
  office: CalendarOverride[];
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

function fixHint(origin: OverrideOrigin): string {
  return origin === 'office'
    ? 'Dòng này đang bị bỏ qua khi tính ngày làm việc — hãy xóa dòng này rồi nhập lại cho đúng.'
    : 'Mục này trong lịch nghỉ chính thức kèm theo ứng dụng đang bị bỏ qua — hãy báo nhà cung cấp ứng dụng.';
}

/** Checks one entry; a Vietnamese reason when it cannot be applied. */
function entryProblem(e: { date: string; kind: string; name: string }, raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return 'Dữ liệu không phải một ngày điều chỉnh.';
  const parts = parseCivilDate(e.date);
  if (!parts) return `Ngày "${e.date}" không có thật hoặc sai dạng năm-tháng-ngày.`; // raw-date: not a date, shown as stored
  if (parts.year < CALENDAR_FIRST_YEAR || parts.year > CALENDAR_LAST_YEAR) {
    return `Năm ${parts.year} nằm ngoài lịch của ứng dụng (${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}).`;
  }
  if (e.kind !== 'off' && e.kind !== 'work') return `Loại "${e.kind}" không phải "nghỉ" hay "làm việc".`;
  if (!e.name.trim()) return 'Chưa có tên/lý do của ngày.';
  return null;
}

function check(origin: OverrideOrigin, list: readonly unknown[] | undefined, problems: CalendarProblem[]): CalendarOverride[] {
  const accepted = new Map<string, CalendarOverride>();
  for (const raw of list ?? []) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const e = { date: asText(r.date), kind: asText(r.kind), name: asText(r.name) };
    const source = asText(r.source) || origin;
    let reason = entryProblem(e, raw);
    if (!reason && accepted.has(e.date)) reason = `Ngày ${e.date.split('-').reverse().join('/')} đã có một mục khác.`;
    if (reason) {
      problems.push({ origin, key: e.date, kind: e.kind, name: e.name, source, message: `${reason} ${fixHint(origin)}` });
      continue;
    }
    accepted.set(e.date, { date: e.date, kind: e.kind as CalendarOverride['kind'], name: e.name });
  }
  return [...accepted.values()];
}

/** Rules + official schedules + office overrides → one calendar, with every skipped entry reported. */
export function buildWorkCalendar(sources: CalendarSources): BuiltCalendar {
  const problems: CalendarProblem[] = [];
  const official = check('official', sources.official, problems);
  const office = check('office', sources.office, problems);
  const byDate = new Map<string, CalendarOverride>();
  for (const o of [...official, ...office]) byDate.set(o.date, o);
  const calendar = new WorkCalendar({ overrides: [...byDate.values()], rules: sources.rules });
  return { calendar, problems, official, office };
}
