// Office hours ('HH:MM', Vietnam local time), the same on every working day. Hours vary by locality, so they
// are a setting; the validator speaks Vietnamese because its messages are shown to the admin as is.

export interface WorkingHours {
  intervals: { start: string; end: string }[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  intervals: [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
};

/** A working interval in minutes after local midnight, end exclusive. */
export interface MinuteInterval {
  start: number;
  end: number;
}

const HM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight for 'HH:MM' (00:00–23:59), or null when the text is not in that form. */
export function parseHm(text: string): number | null {
  const m = HM_RE.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatHm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** One problem of a working-hours setting: which interval (index, or null for the whole setting) and why. */
export interface WorkingHoursIssue {
  interval: number | null;
  message: string;
}

/**
 * Every problem of the setting, by interval, in Vietnamese saying what to fix: the admin screen and the core
 * (office.update, setup) check with this one function, and so does the reading of stored hours.
 */
export function checkWorkingHours(hours: WorkingHours): WorkingHoursIssue[] {
  const issues: WorkingHoursIssue[] = [];
  if (!hours || !Array.isArray(hours.intervals) || hours.intervals.length === 0) {
    return [{ interval: null, message: 'Cần khai báo ít nhất một khoảng giờ làm việc — hãy nhập giờ bắt đầu và kết thúc.' }];
  }
  const parsed: { index: number; start: number; end: number; text: string }[] = [];
  hours.intervals.forEach((interval, i) => {
    const label = `Khoảng ${i + 1}`;
    const start = parseHm(interval?.start);
    const end = parseHm(interval?.end);
    if (start === null) issues.push({ interval: i, message: `${label}: giờ bắt đầu "${interval?.start ?? ''}" không đúng định dạng HH:MM (00:00–23:59).` });
    if (end === null) issues.push({ interval: i, message: `${label}: giờ kết thúc "${interval?.end ?? ''}" không đúng định dạng HH:MM (00:00–23:59).` });
    if (start === null || end === null) return;
    if (end <= start) {
      issues.push({ interval: i, message: `${label}: giờ kết thúc (${interval.end}) phải sau giờ bắt đầu (${interval.start}).` });
      return;
    }
    parsed.push({ index: i, start, end, text: `${interval.start}–${interval.end}` });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1];
    const cur = parsed[i];
    if (cur.start < prev.end) {
      const [first, second] = prev.index < cur.index ? [prev, cur] : [cur, prev];
      issues.push({
        interval: second.index,
        message: `Khoảng ${first.index + 1} (${first.text}) chồng lấn với khoảng ${second.index + 1} (${second.text}) — hãy sửa để các khoảng không trùng nhau.`,
      });
    }
  }
  return issues;
}

/** Vietnamese error messages; an empty list means the setting is valid. */
export function validateWorkingHours(hours: WorkingHours): string[] {
  return checkWorkingHours(hours).map((i) => i.message);
}

/** The intervals in minutes, sorted; throws a RangeError carrying the Vietnamese messages when invalid. */
export function toMinuteIntervals(hours: WorkingHours): MinuteInterval[] {
  const errors = validateWorkingHours(hours);
  if (errors.length > 0) throw new RangeError(errors.join(' '));
  return hours.intervals
    .map((i) => ({ start: parseHm(i.start) as number, end: parseHm(i.end) as number }))
    .sort((a, b) => a.start - b.start);
}
