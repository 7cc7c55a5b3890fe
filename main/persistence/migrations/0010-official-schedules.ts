import type { MigrationInterface, QueryRunner } from 'typeorm';

// Official holiday schedules are facts shipped with the app (assets/calendar/official-overrides.json): the
// calendar applies them on every start, under the office's own overrides. Earlier versions copied them once
// into calendar_override (with the entry's citation as source), where the copies shadowed any later
// correction of the asset and were listed as the office's own. The copies go; rows an admin set ('admin') or
// the province sent ('portal') stay.
export class OfficialSchedules1764300000010 implements MigrationInterface {
  name = 'OfficialSchedules1764300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM calendar_override WHERE source NOT IN ('admin', 'portal')`);
  }

  async down(): Promise<void> {
    // Nothing to restore: the calendar reads the official schedules from the asset.
  }
}
