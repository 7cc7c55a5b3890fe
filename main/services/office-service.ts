import { checkWorkingHours, DEFAULT_WORKING_HOURS, parseHm, type WorkingHours } from '../../shared/calendar';
import type { Office, OfficeView } from '../../shared/contract';
import type { Database } from '../persistence/database';
import { OfficeEntity, type OfficeRow } from '../persistence/entities';
import type { EntityManager } from 'typeorm';
import { validationError } from '../base/errors';
import { writeAudit } from './audit';
import { numberPatternProblem } from '../../shared/validation/number-pattern';

export const DEFAULT_NUMBER_PATTERN = '{agency}-{yy}{MM}{dd}-{seq:4}';

const DEFAULT_HOURS_TEXT = DEFAULT_WORKING_HOURS.intervals.map((i) => `${i.start}–${i.end}`).join(', ');

/** Stored hours if they can be used; otherwise why not (an older version accepted reversed hours). */
function storedHours(json: string): { hours: WorkingHours } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: 'dữ liệu bị hỏng.' };
  }
  const issues = checkWorkingHours(value as WorkingHours);
  if (issues.length) return { problem: issues.map((i) => i.message).join(' ') };
  const intervals = (value as WorkingHours).intervals.map((i) => ({ start: i.start, end: i.end }));
  return { hours: { intervals } };
}

/**
 * The settings in force from the stored row. Hours or a due time that cannot be used are replaced by the
 * defaults, so intake goes on, and reported in `problems` for the admin to fix.
 */
export function rowToOffice(r: OfficeRow): OfficeView {
  const problems: OfficeView['problems'] = [];
  const hours = storedHours(r.workingHoursJson);
  if ('problem' in hours) {
    problems.push({
      field: 'workingHours',
      message: `Giờ làm việc đã lưu không dùng được (${hours.problem}) Đang tạm tính hạn theo giờ mặc định ${DEFAULT_HOURS_TEXT} — hãy sửa giờ làm việc rồi bấm Lưu.`,
    });
  }
  const dueTimeOk = r.dueTime === 'end-of-day' || parseHm(r.dueTime) !== null;
  if (!dueTimeOk) {
    problems.push({ field: 'dueTime', message: `Giờ hẹn trả đã lưu "${r.dueTime}" không đúng dạng HH:MM. Đang dùng "hết giờ làm việc" — hãy nhập lại rồi bấm Lưu.` });
  }
  return {
    governingBody: r.governingBody, officeName: r.officeName, place: r.place, agencyCode: r.agencyCode,
    address: r.address, phone: r.phone, website: r.website, lookupUrl: r.lookupUrl,
    workingHours: 'hours' in hours ? hours.hours : { intervals: DEFAULT_WORKING_HOURS.intervals.map((i) => ({ ...i })) },
    dueTime: dueTimeOk ? r.dueTime : 'end-of-day',
    numberPattern: r.numberPattern, counterCode: r.counterCode, problems,
  };
}

/** The office's own settings (single row): names for form headers, agency code, hours, numbering. */
export class OfficeService {
  private cached: OfficeView | null | undefined;

  constructor(private readonly db: Database, private readonly log: (line: string) => void = () => undefined) {}

  async get(): Promise<OfficeView | null> {
    if (this.cached !== undefined) return this.cached;
    const row = await this.db.read((em) => em.findOneBy(OfficeEntity, { id: 1 }));
    this.cached = row ? rowToOffice(row) : null;
    for (const p of this.cached?.problems ?? []) this.log(`[office] stored ${p.field} not used: ${p.message}`);
    return this.cached;
  }

  async save(em: EntityManager, office: Office, userId: string | null, at: Date): Promise<void> {
    // Checked here, in the core, whoever calls: a pattern that could mint a number twice would fail every later save.
    const patternProblem = numberPatternProblem(office.numberPattern || DEFAULT_NUMBER_PATTERN, office.counterCode);
    if (patternProblem) throw validationError([{ field: 'numberPattern', message: patternProblem, severity: 'error' }], patternProblem);
    const before = await em.findOneBy(OfficeEntity, { id: 1 });
    const row: OfficeRow = {
      id: 1, governingBody: office.governingBody, officeName: office.officeName, place: office.place,
      agencyCode: office.agencyCode, address: office.address, phone: office.phone, website: office.website,
      lookupUrl: office.lookupUrl, workingHoursJson: JSON.stringify(office.workingHours), dueTime: office.dueTime,
      numberPattern: office.numberPattern || DEFAULT_NUMBER_PATTERN, counterCode: office.counterCode,
      updatedAt: at.toISOString(),
    };
    await em.save(OfficeEntity, row);
    await writeAudit(em, { at, userId, action: before ? 'office.update' : 'office.create', entity: 'office', entityId: '1', before: before ?? undefined, after: row });
    this.cached = undefined;
  }
}
