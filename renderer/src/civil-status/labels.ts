// How entries and books are named on screen, in one line each (pure).
import type { EventType } from '../../../shared/civil-status/types';
import type { CivilStatusEntry, RegisterBook } from '../../../shared/contract/api-civil-status';
import { formatDateKey } from '../lib/format';

/** One line that says which entry it is: event, Số, Quyển số, the person, the day registered. */
export function entryLine(e: CivilStatusEntry): string {
  const who = e.persons[0]?.fullName ?? '';
  const num = e.entryNumber !== null ? `Số ${e.entryNumber}, Quyển số ${e.bookLabel}` : 'chưa có số';
  return `${e.eventName} · ${num}${who ? ` · ${who}` : ''} · đăng ký ${formatDateKey(e.registeredOn)}${e.state === 'cancelled' ? ' · ĐÃ HỦY' : ''}`;
}

/** A book's line in the list: its register, Quyển số, how many entries, open or closed. */
export function bookLine(b: RegisterBook): string {
  return `${b.name} · Quyển số ${b.label} · ${b.entryCount} mục${b.closedAt ? ' · đã khóa' : ''}`;
}

/** The day of the event itself, where the register has one (a birth's, a death's); else the day registered. */
const EVENT_DATE: Partial<Record<EventType, string>> = { birth: 'child.birthDate', death: 'death.date' };

export function eventDay(e: CivilStatusEntry): string {
  const key = EVENT_DATE[e.eventType];
  return formatDateKey((key && e.fields[key]) || e.registeredOn);
}

/** The dossier page's button: register the event, or the entry registered (to print its paper). */
export function registrationLabel(eventName: string, resultName: string, entry: Pick<CivilStatusEntry, 'entryNumber' | 'bookLabel'> | null): string {
  if (!entry) return `Đăng ký ${eventName.toLowerCase()}…`;
  return `${resultName}${entry.entryNumber !== null ? ` số ${entry.entryNumber}, quyển ${entry.bookLabel}` : ''} · In…`;
}
