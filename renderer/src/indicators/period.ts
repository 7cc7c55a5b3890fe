// Periods of the indicators screen as Vietnam dates, and how shares read. Pure (tested without a browser).
import { vnDateKey } from '../../../shared/time/vn-time';

export interface Period { from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The whole month 'YYYY-MM'. */
export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
}

/** The month of an instant in Vietnam ('YYYY-MM'). */
export const vnMonth = (at: Date) => vnDateKey(at).slice(0, 7);

/** The month `delta` months from 'YYYY-MM'. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** The period is exactly one month: its 'YYYY-MM', else null. */
export function monthOf(p: Period): string | null {
  const month = p.from.slice(0, 7);
  const whole = monthPeriod(month);
  return whole.from === p.from && whole.to === p.to ? month : null;
}

/** "12,5 %" (Vietnamese decimal comma), "—" without data. */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return `${(value * 100).toFixed(digits).replace('.', ',')} %`;
}

/** "Tháng 3/2026" */
export const monthLabel = (month: string) => `Tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`;

/** '3/2026', '03/2026', '03-2026' or '2026-03' → 'YYYY-MM'; null when it is not a month. */
export function parseMonth(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(t) ?? (/^(\d{4})-(\d{1,2})$/.exec(t) ? [t, t.slice(5), t.slice(0, 4)] : null);
  if (!m) return null;
  const month = Number(m[1]);
  const year = Number(m[2]);
  return month >= 1 && month <= 12 && year >= 2000 && year <= 2100 ? `${year}-${pad(month)}` : null;
}

/** 'YYYY-MM' → 'MM/YYYY' as typed. */
export const monthText = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;
/** 'YYYY-MM-DD' → 'DD/MM/YYYY' as typed. */
export const dateText = (key: string) => key.split('-').reverse().join('/');
