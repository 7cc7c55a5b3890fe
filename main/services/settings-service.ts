import type { Database } from '../persistence/database';
import { SettingEntity } from '../persistence/entities';
import { writeAudit } from './audit';

/** Small named settings stored as JSON (printer per kind of document, …). */
export class SettingsService {
  constructor(private readonly db: Database) {}

  async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.db.read((em) => em.findOneBy(SettingEntity, { key }));
    return row ? (JSON.parse(row.valueJson) as T) : fallback;
  }

  async set<T>(key: string, value: T, userId: string, at: Date): Promise<void> {
    await this.db.write(async (em) => {
      const before = await em.findOneBy(SettingEntity, { key });
      await em.save(SettingEntity, { key, valueJson: JSON.stringify(value) });
      await writeAudit(em, { at, userId, action: 'setting.set', entity: 'setting', entityId: key, before: before ? JSON.parse(before.valueJson) : undefined, after: value });
    });
  }
}
