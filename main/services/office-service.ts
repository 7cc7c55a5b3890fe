import type { Office } from '../../shared/contract';
import type { Database } from '../persistence/database';
import { OfficeEntity, type OfficeRow } from '../persistence/entities';
import type { EntityManager } from 'typeorm';
import { writeAudit } from './audit';

export const DEFAULT_NUMBER_PATTERN = '{agency}-{yy}{MM}{dd}-{seq:4}';

export function rowToOffice(r: OfficeRow): Office {
  return {
    governingBody: r.governingBody, officeName: r.officeName, place: r.place, agencyCode: r.agencyCode,
    address: r.address, phone: r.phone, website: r.website, lookupUrl: r.lookupUrl,
    workingHours: JSON.parse(r.workingHoursJson), dueTime: r.dueTime as Office['dueTime'],
    numberPattern: r.numberPattern, counterCode: r.counterCode,
  };
}

/** The office's own settings (single row): names for form headers, agency code, hours, numbering. */
export class OfficeService {
  private cached: Office | null | undefined;

  constructor(private readonly db: Database) {}

  async get(): Promise<Office | null> {
    if (this.cached !== undefined) return this.cached;
    const row = await this.db.read((em) => em.findOneBy(OfficeEntity, { id: 1 }));
    this.cached = row ? rowToOffice(row) : null;
    return this.cached;
  }

  async save(em: EntityManager, office: Office, userId: string | null, at: Date): Promise<void> {
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
