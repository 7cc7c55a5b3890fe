import type { EntityManager } from 'typeorm';
import {
  buildWorkCalendar, type BuiltCalendar, type CalendarOverride, type CalendarProblem, type WorkCalendar,
} from '../../shared/calendar';
import { readJsonAsset } from '../base/assets';
import type { Database } from '../persistence/database';
import { CalendarOverrideEntity } from '../persistence/entities';
import { writeAudit } from './audit';

export const OFFICIAL_SCHEDULES_ASSET = 'calendar/official-overrides.json';

/** The official schedules as shipped: entries unchecked (the builder checks each), or why the file could not be read. */
export interface OfficialSchedules {
  entries: readonly unknown[];
  error: string | null;
}

/**
 * Reads assets/calendar/official-overrides.json (an array, or { overrides: [...] }). A missing or damaged file
 * leaves the statutory rules alone in force, reported as a calendar problem rather than stopping the app.
 */
export function loadOfficialSchedules(assetsDir: string): OfficialSchedules {
  let data: unknown;
  try {
    data = readJsonAsset<unknown>(assetsDir, OFFICIAL_SCHEDULES_ASSET);
  } catch {
    return { entries: [], error: `Không đọc được tệp lịch nghỉ chính thức (${OFFICIAL_SCHEDULES_ASSET}).` };
  }
  const obj = data as { overrides?: unknown; entries?: unknown } | null;
  const list = Array.isArray(data) ? data : (obj?.overrides ?? obj?.entries);
  if (!Array.isArray(list)) return { entries: [], error: `Tệp lịch nghỉ chính thức (${OFFICIAL_SCHEDULES_ASSET}) không có danh sách ngày.` };
  return { entries: list, error: null };
}

export interface CalendarServiceOptions {
  /** The official schedules shipped with the app (loadOfficialSchedules). */
  official?: OfficialSchedules;
  log?: (line: string) => void;
}

/**
 * The office's working calendar, built by buildWorkCalendar from the statutory rules, the official schedules
 * shipped in assets/ (facts, applied on every start, never copied into the database) and the office's own
 * overrides kept in the database (an admin's, or the province's holidays) on top.
 * A row that cannot be applied (an impossible date stored by an older version, a portal holiday with a
 * broken date) is skipped and logged, and listed by problems() for the admin to delete: one bad row must not
 * stop every save and due date.
 */
export class CalendarService {
  private built: BuiltCalendar | null = null;

  constructor(private readonly db: Database, private readonly opts: CalendarServiceOptions = {}) {}

  /** Forgets the cached calendar: overrides were written outside this service (the portal's holidays). */
  invalidate(): void {
    this.built = null;
  }

  private async build(): Promise<BuiltCalendar> {
    if (!this.built) {
      const rows = await this.db.read((em) => em.find(CalendarOverrideEntity, { order: { date: 'ASC' } }));
      const official = this.opts.official ?? { entries: [], error: null };
      const built = buildWorkCalendar({ official: official.entries, office: rows });
      if (official.error) {
        built.problems.unshift({
          origin: 'official', key: '', kind: '', name: '', source: OFFICIAL_SCHEDULES_ASSET,
          message: `${official.error} Ngày làm việc đang tính theo quy định chung, chưa có lịch nghỉ chính thức — hãy cài lại ứng dụng hoặc báo nhà cung cấp.`,
        });
      }
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
