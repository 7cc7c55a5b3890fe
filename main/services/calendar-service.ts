import type { EntityManager } from 'typeorm';
import {
  buildWorkCalendar, type BuiltCalendar, type CalendarOverride, type CalendarProblem, type WorkCalendar,
} from '../../shared/calendar';
import type { Database } from '../persistence/database';
import { CalendarOverrideEntity } from '../persistence/entities';
import { writeAudit } from './audit';

export interface OfficialOverride extends CalendarOverride { source?: string }

export interface CalendarServiceOptions {
  /** Entries of the official schedules, as read (unchecked: the builder checks each one). */
  official?: readonly unknown[];
  log?: (line: string) => void;
}

/**
 * The office's working calendar: statutory rules (shared/calendar) plus per-year overrides kept in the
 * database — the official schedules shipped in assets/ are seeded once, then an admin edits them.
 * A stored row that cannot be applied (an impossible date stored by an older version, a portal holiday
 * with a broken date) is skipped and logged, and listed by problems() for the admin to delete: one bad row
 * must not stop every save and due date.
 */
export class CalendarService {
  private built: BuiltCalendar | null = null;

  constructor(private readonly db: Database, private readonly opts: CalendarServiceOptions = {}) {}

  async seedOfficial(entries: OfficialOverride[], at: Date): Promise<void> {
    await this.db.write(async (em) => {
      if ((await em.count(CalendarOverrideEntity)) > 0) return;
      for (const e of entries) {
        await em.insert(CalendarOverrideEntity, { date: e.date, kind: e.kind, name: e.name, source: e.source ?? 'official', createdBy: null, createdAt: at.toISOString() });
      }
    });
    this.built = null;
  }

  /** Forgets the cached calendar: overrides were written outside this service (the portal's holidays). */
  invalidate(): void {
    this.built = null;
  }

  private async build(): Promise<BuiltCalendar> {
    if (!this.built) {
      const rows = await this.db.read((em) => em.find(CalendarOverrideEntity, { order: { date: 'ASC' } }));
      const built = buildWorkCalendar({ official: this.opts.official ?? [], office: rows });
      for (const p of built.problems) this.opts.log?.(`[calendar] skipped ${p.origin} entry ${JSON.stringify(p.key)} (${p.source}): ${p.message}`);
      this.built = built;
    }
    return this.built;
  }

  async get(): Promise<WorkCalendar> {
    return (await this.build()).calendar;
  }

  /** Entries skipped because they are wrong: stored rows (deletable by key) and shipped ones. */
  async problems(): Promise<CalendarProblem[]> {
    return (await this.build()).problems.slice();
  }

  /** The office's overrides of a year that apply (sorted by date). */
  async overrides(year: number): Promise<CalendarOverride[]> {
    return (await this.build()).office.filter((o) => o.date.startsWith(`${year}-`))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  async setOverride(o: CalendarOverride, userId: string, at: Date): Promise<void> {
    await this.db.write(async (em: EntityManager) => {
      const before = await em.findOneBy(CalendarOverrideEntity, { date: o.date });
      const row = { date: o.date, kind: o.kind, name: o.name, source: 'admin', createdBy: userId, createdAt: at.toISOString() };
      await em.save(CalendarOverrideEntity, row);
      await writeAudit(em, { at, userId, action: 'calendar.override.set', entity: 'calendar_override', entityId: o.date, before: before ?? undefined, after: row });
    });
    this.built = null;
  }

  /** Deletes a stored row by its key (its date as stored, which may be a bad one). */
  async removeOverride(key: string, userId: string, at: Date): Promise<void> {
    await this.db.write(async (em) => {
      const before = await em.findOneBy(CalendarOverrideEntity, { date: key });
      if (!before) return;
      await em.delete(CalendarOverrideEntity, { date: key });
      await writeAudit(em, { at, userId, action: 'calendar.override.remove', entity: 'calendar_override', entityId: key, before });
    });
    this.built = null;
  }
}
