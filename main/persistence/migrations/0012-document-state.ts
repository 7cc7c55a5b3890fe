import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Form 01 is rendered outside the serialized write (issue 8, item 24): the receipt's transaction records the
 * slip as 'pending' with the form's data (payload_json, enough to render it again), and the PDF is written and
 * the row made 'ready' just after, without holding every other writer up. A slip left pending by a crash is
 * rendered again at the next start. Rows written before are 'ready'.
 *
 * Also the path indexes the start-up clean-up of the file store uses to tell recorded files from strays
 * (item 14): a file named by a row is never deleted.
 */
export class DocumentState1764300000012 implements MigrationInterface {
  name = 'DocumentState1764300000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document ADD COLUMN state TEXT NOT NULL DEFAULT 'ready'`);
    await q.query(`ALTER TABLE document ADD COLUMN payload_json TEXT NOT NULL DEFAULT ''`);
    await q.query(`CREATE INDEX document_pending ON document(created_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX document_path ON document(path)`);
    await q.query(`CREATE INDEX digitized_file_path ON digitized_file(path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS digitized_file_path`);
    await q.query(`DROP INDEX IF EXISTS document_path`);
    await q.query(`DROP INDEX IF EXISTS document_pending`);
    await q.query(`ALTER TABLE document DROP COLUMN payload_json`);
    await q.query(`ALTER TABLE document DROP COLUMN state`);
  }
}
