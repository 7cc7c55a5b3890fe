// How the work screens say time left and a dossier's marks. Working minutes come from the core (office hours
// and calendar, Asia/Ho_Chi_Minh); a "day" here is the office's working day, so "còn 1 ngày 2 giờ" means what
// the officer has left at their desk, not on the wall clock.
import type { WorkflowMarks } from '../../../shared/contract/api-workflow';
import { foldForSearch } from '../../../shared/text';

/** Working minutes of the office's day from its hours (default 07:30–11:30, 13:30–17:00: 450). */
export function dayMinutes(intervals: readonly { start: string; end: string }[] | undefined): number {
  const toMin = (t: string) => {
    const [h, m] = t.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const total = (intervals ?? []).reduce((n, i) => n + Math.max(0, toMin(i.end) - toMin(i.start)), 0);
  return total > 0 ? total : 450;
}

/** "2 ngày 3 giờ", "45 phút": working time, the largest two units. */
export function workingSpan(minutes: number, perDay: number): string {
  const m = Math.abs(Math.round(minutes));
  const days = Math.floor(m / perDay);
  const hours = Math.floor((m % perDay) / 60);
  const mins = m % 60;
  if (days > 0) return hours > 0 ? `${days} ngày ${hours} giờ` : `${days} ngày`;
  if (hours > 0) return mins > 0 ? `${hours} giờ ${mins} phút` : `${hours} giờ`;
  return `${mins} phút`;
}

/**
 * "còn 2 ngày 3 giờ" / "quá hạn 45 phút" / "không có hạn". `overdue` is the core's mark: a due time passed out
 * of working hours (due Friday evening, read on Sunday) has no working minute past it yet and is late all the
 * same — "quá hạn", never "đến hạn" beside a "Quá hạn" mark.
 */
export function timeLeftText(minutes: number | null, perDay: number, overdue = false): string {
  if (minutes === null) return 'không có hạn';
  if (minutes < 0) return `quá hạn ${workingSpan(minutes, perDay)}`;
  if (overdue) return 'quá hạn (ngoài giờ làm việc)';
  if (minutes === 0) return 'đến hạn';
  return `còn ${workingSpan(minutes, perDay)}`;
}

export type MarkKey = 'overdue' | 'dueToday' | 'paused' | 'awaitingMyConfirmation' | 'awaitingConfirmation' | 'extended';

/** Label and look of each mark, in the order they are shown (the most urgent first). */
export const MARKS: { key: MarkKey; label: string; title: string; tone: string }[] = [
  { key: 'overdue', label: 'Quá hạn', title: 'Đã quá hạn trả kết quả', tone: 'danger' },
  { key: 'dueToday', label: 'Đến hạn hôm nay', title: 'Hạn trả kết quả là hôm nay', tone: 'warning' },
  { key: 'awaitingMyConfirmation', label: 'Chờ tôi xác nhận', title: 'Hồ sơ đã chuyển cho bạn, bạn chưa xác nhận đã nhận', tone: 'info' },
  { key: 'awaitingConfirmation', label: 'Chưa xác nhận', title: 'Đã chuyển, người nhận chưa xác nhận', tone: 'info' },
  { key: 'paused', label: 'Tạm dừng', title: 'Chờ công dân bổ sung hoặc nộp phí: thời gian giải quyết tạm dừng', tone: 'muted' },
  { key: 'extended', label: 'Đã gia hạn', title: 'Đã gia hạn (Mẫu 04): tính là trễ hạn', tone: 'muted' },
];

/** The marks a dossier carries, most urgent first ('Chưa xác nhận' left out when it is mine to confirm). */
export function marksOf(m: WorkflowMarks): typeof MARKS {
  return MARKS.filter((x) => m[x.key] && !(x.key === 'awaitingConfirmation' && m.awaitingMyConfirmation));
}

/** A list row matches the filter typed above it: every folded word is a prefix of one of the row's words. */
export function rowMatches(filter: string, ...fields: string[]): boolean {
  const words = foldForSearch(filter).split(' ').filter(Boolean);
  if (!words.length) return true;
  const hay = fields.map(foldForSearch).join(' ').split(' ');
  return words.every((w) => hay.some((h) => h.startsWith(w) || (w.length >= 3 && /^\d+$/.test(w) && h.includes(w))));
}
