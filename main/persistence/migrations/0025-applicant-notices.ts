import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applicants' notices (issue 10, item 7) travel in the outbox as kind 'applicant.notice', claimed by their own
 * drainer. One partial index over that kind alone: the notice drainer's claim (state 'pending', by seq) and
 * the clerk's list (newest first) read only notices, however many portal items the outbox holds.
 */
export class ApplicantNotices1764300000025 implements MigrationInterface {
  name = 'ApplicantNotices1764300000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_notice ON outbox(state, seq) WHERE kind = 'applicant.notice'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outbox_notice`);
  }
}
