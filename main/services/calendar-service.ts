import type { EntityManager } from 'typeorm';
import { WorkCalendar, type CalendarOverride } from '../../shared/calendar';
import type { Database } from '../persistence/database';
import { CalendarOverrideEntity } from '../persistence/entities';
import { writeAudit } from './audit';

export interface OfficialOverride extends CalendarOverride { source?: string }

/**
 * The office's working calendar: statutory rules (shared/calendar) plus per-year overrides kept in the
 * database — the official schedules shipped in assets/ are seeded once, then an admin edits them.
 */
export class CalendarService {
  private calendar: WorkCalendar | null = null;

  constructor(private readonly db: Database) {}

  async seedOfficial(entries: OfficialOverride[], at: Date): Promise<void> {
    await this.db.write(async (em) => {
      if ((await em.count(CalendarOverrideEntity)) > 0) return;
      for (const e of entries) {
        await em.insert(CalendarOverrideEntity, { date: e.date, kind: e.kind, name: e.name, source: e.source ?? 'official', createdBy: null, createdAt: at.toISOString() });
      }
    });
    this.calendar = null;
  }

  /** Forgets the cached calendar: overrides were written outside this service (the portal's holidays). */
  invalidate(): void {
    this.calendar = null;
  }

  async get(): Promise<WorkCalendar> {
    if (!this.calendar) {
      const rows = await this.db.read((em) => em.find(CalendarOverrideEntity, { order: { date: 'ASC' } }));
      this.calendar = new WorkCalendar({ overrides: rows.map((r) => ({ date: r.date, kind: r.kind as 'off' | 'work', name: r.name })) });
    }
    return this.calendar;
  }

  async overrides(year: number): Promise<CalendarOverride[]> {
    const rows = await this.db.read((em) => em.createQueryBuilder(CalendarOverrideEntity, 'o')
      .where('o.date LIKE :p', { p: `${year}-%` }).orderBy('o.date').getMany());
    return rows.map((r) => ({ date: r.date, kind: r.kind as 'off' | 'work', name: r.name }));
  }

  async setOverride(o: CalendarOverride, userId: string, at: Date): Promise<void> {
    await this.db.write(async (em: EntityManager) => {
      const before = await em.findOneBy(CalendarOverrideEntity, { date: o.date });
      const row = { date: o.date, kind: o.kind, name: o.name, source: 'admin', createdBy: userId, createdAt: at.toISOString() };
      await em.save(CalendarOverrideEntity, row);
      await writeAudit(em, { at, userId, action: 'calendar.override.set', entity: 'calendar_override', entityId: o.date, before: before ?? undefined, after: row });
    });
    this.calendar = null;
  }

  async removeOverride(date: string, userId: string, at: Date): Promise<void> {
    await this.db.write(async (em) => {
      const before = await em.findOneBy(CalendarOverrideEntity, { date });
      if (!before) return;
      await em.delete(CalendarOverrideEntity, { date });
      await writeAudit(em, { at, userId, action: 'calendar.override.remove', entity: 'calendar_override', entityId: date, before });
    });
    this.calendar = null;
  }
}
