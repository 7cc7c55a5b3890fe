import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates printed on pre-printed blanks (issue 11 #3), owned by main/services/certificates/:
 * - certificate_template: templates an office imported (its measured blank); one per kind and validFrom, which
 *   replaces the shipped template of that kind and day;
 * - certificate_blank_image: a scan of the office's real blank for the preview, per template (kind@validFrom);
 * - printer_calibration: each printer's offset in mm, measured on the calibration page;
 * - certificate_issue: every issued copy (who, when, which copy, how many, on which printer and blank serial),
 *   because copies are counted and charged; a blank spoiled in the printer is marked with its serial as typed and
 *   the reprint names the issue it replaces. Rows are never deleted.
 */
export class Certificates1764300000040 implements MigrationInterface {
  name = 'Certificates1764300000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE certificate_template (
      kind TEXT NOT NULL,
      valid_from TEXT NOT NULL,
      template_id TEXT NOT NULL,
      version TEXT NOT NULL,
      template_json TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      PRIMARY KEY (kind, valid_from)
    )`);
    await q.query(`CREATE TABLE certificate_blank_image (
      template_key TEXT PRIMARY KEY NOT NULL,
      mime TEXT NOT NULL,
      data BLOB NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    )`);
    await q.query(`CREATE TABLE printer_calibration (
      printer TEXT PRIMARY KEY NOT NULL,
      offset_x REAL NOT NULL,
      offset_y REAL NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    )`);
    await q.query(`CREATE TABLE certificate_issue (
      id TEXT PRIMARY KEY NOT NULL,
      entry_id TEXT NOT NULL,
      dossier_id TEXT,
      kind TEXT NOT NULL,
      copy_kind TEXT NOT NULL CHECK (copy_kind IN ('original', 'extract')),
      copies INTEGER NOT NULL CHECK (copies >= 1),
      template_id TEXT NOT NULL,
      template_version TEXT NOT NULL,
      printer TEXT NOT NULL,
      offset_x REAL NOT NULL,
      offset_y REAL NOT NULL,
      blank_serial TEXT NOT NULL DEFAULT '',
      reprint_of TEXT REFERENCES certificate_issue(id),
      spoiled_serial TEXT,
      spoiled_at TEXT,
      spoiled_by TEXT,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
      job_id TEXT NOT NULL DEFAULT '',
      error TEXT NOT NULL DEFAULT '',
      fields_json TEXT NOT NULL,
      at TEXT NOT NULL,
      vn_day TEXT NOT NULL,
      user_id TEXT NOT NULL
    )`);
    await q.query(`CREATE INDEX certificate_issue_entry ON certificate_issue(entry_id, at)`);
    await q.query(`CREATE INDEX certificate_issue_day ON certificate_issue(vn_day, at)`);
    // A print is claimed ('pending') before the spooler gets it, then 'sent' or 'failed'. A blank's serial is
    // printed on once (spoiled or not): the same serial typed twice is a typing mistake. One original of an entry
    // stands (a spoiled one gives way to its reprint), and a spoiled print is reprinted once.
    await q.query(`CREATE UNIQUE INDEX certificate_issue_serial ON certificate_issue(blank_serial) WHERE blank_serial <> '' AND state <> 'failed'`);
    await q.query(`CREATE UNIQUE INDEX certificate_issue_reprint ON certificate_issue(reprint_of) WHERE reprint_of IS NOT NULL AND state <> 'failed'`);
    await q.query(`CREATE UNIQUE INDEX certificate_issue_original ON certificate_issue(entry_id)
      WHERE copy_kind = 'original' AND state <> 'failed' AND spoiled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS certificate_issue`);
    await q.query(`DROP TABLE IF EXISTS printer_calibration`);
    await q.query(`DROP TABLE IF EXISTS certificate_blank_image`);
    await q.query(`DROP TABLE IF EXISTS certificate_template`);
  }
}
