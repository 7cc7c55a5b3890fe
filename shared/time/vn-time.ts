// Vietnam has used a fixed UTC+7 offset since 1975 (no DST), so business rules compute local parts
// from the UTC instant with a constant offset — independent of the PC's own time zone.
export const VN_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;

export interface VnParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export function toVnParts(instant: Date): VnParts {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  const dow = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: dow === 0 ? 7 : dow,
  };
}

/** The instant of a Vietnam wall-clock time. */
export function fromVnParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of the Vietnam calendar day containing the instant. */
export function vnDateKey(instant: Date): string {
  const p = toVnParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 with the +07:00 offset, e.g. 2026-02-18T17:00:00+07:00. */
export function formatIsoVn(instant: Date): string {
  const p = toVnParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** dd/mm/yyyy in Vietnam time. */
export function formatDateVn(instant: Date): string {
  const p = toVnParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${pad(p.year, 4)}`;
}

/** HH:mm dd/mm/yyyy in Vietnam time. */
export function formatDateTimeVn(instant: Date): string {
  const p = toVnParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)} ${formatDateVn(instant)}`;
}

/** yyyyMMddHHmmss in Vietnam time (the national portal's date format). */
export function formatCompactVn(instant: Date): string {
  const p = toVnParts(instant);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** Parses an ISO 8601 instant that carries an explicit offset or Z; rejects offset-less strings. */
export function parseInstant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}
