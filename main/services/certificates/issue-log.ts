// The log of issued certificate copies, the one owner of certificate_issue: who printed which copy of which
// entry, when, how many, on which printer with which offset and blank serial — copies are counted and charged.
// A blank spoiled in the printer is marked (its serial as typed) and its reprint names it. Nothing is deleted.
import type { EntityManager } from 'typeorm';
import type { CertificateIssue } from '../../../shared/contract/api-certificates';
import { CERTIFICATE_KIND_NAMES, COPY_KIND_NAMES, type CertificateKind, type CopyKind } from '../../../shared/certificates/template';
import type { Database } from '../../persistence/database';

export interface NewIssue {
  id: string;
  entryId: string;
  dossierId: string | null;
  kind: CertificateKind;
  copyKind: CopyKind;
  copies: number;
  templateId: string;
  templateVersion: string;
  printer: string;
  offset: { x: number; y: number };
  blankSerial: string;
  reprintOf: string | null;
  state: 'pending' | 'sent' | 'failed';
  jobId: string;
  error: string;
  fields: Record<string, string>;
  at: Date;
  day: string;
  userId: string;
}

interface Row {
  id: string; entry_id: string; dossier_id: string | null; kind: CertificateKind; copy_kind: CopyKind; copies: number;
  template_id: string; template_version: string; printer: string; offset_x: number; offset_y: number; blank_serial: string;
  reprint_of: string | null; spoiled_serial: string | null; spoiled_at: string | null; state: 'pending' | 'sent' | 'failed'; job_id: string; error: string;
  fields_json: string; at: string; vn_day: string; user_id: string; user_name: string | null;
}

const toIssue = (r: Row): CertificateIssue => ({
  id: r.id, entryId: r.entry_id, dossierId: r.dossier_id, kind: r.kind, kindName: CERTIFICATE_KIND_NAMES[r.kind] ?? r.kind,
  copyKind: r.copy_kind, copyKindName: COPY_KIND_NAMES[r.copy_kind] ?? r.copy_kind, copies: r.copies,
  templateId: r.template_id, templateVersion: r.template_version, printer: r.printer, offset: { x: r.offset_x, y: r.offset_y },
  blankSerial: r.blank_serial, reprintOf: r.reprint_of, spoiled: r.spoiled_at !== null, spoiledSerial: r.spoiled_serial, spoiledAt: r.spoiled_at,
  state: r.state, jobId: r.job_id, error: r.error, at: r.at, day: r.vn_day, userId: r.user_id, userName: r.user_name ?? r.user_id,
  charged: r.state === 'sent' && r.spoiled_at === null,
});

const SELECT = `SELECT i.*, u.full_name AS user_name FROM certificate_issue i LEFT JOIN app_user u ON u.id = i.user_id`;

export interface IssueTotals { original: number; extract: number; spoiled: number; failed: number }

export function totalsOf(issues: CertificateIssue[]): IssueTotals {
  const t: IssueTotals = { original: 0, extract: 0, spoiled: 0, failed: 0 };
  for (const i of issues) {
    if (i.state === 'failed') t.failed += 1;
    else if (i.spoiled) t.spoiled += 1;
    else t[i.copyKind] += i.copies;
  }
  return t;
}

export class IssueLog {
  constructor(private readonly db: Database) {}

  async insert(em: EntityManager, i: NewIssue): Promise<void> {
    await em.query(`INSERT INTO certificate_issue (id, entry_id, dossier_id, kind, copy_kind, copies, template_id, template_version, printer,
        offset_x, offset_y, blank_serial, reprint_of, state, job_id, error, fields_json, at, vn_day, user_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      i.id, i.entryId, i.dossierId, i.kind, i.copyKind, i.copies, i.templateId, i.templateVersion, i.printer,
      i.offset.x, i.offset.y, i.blankSerial, i.reprintOf, i.state, i.jobId, i.error, JSON.stringify(i.fields), i.at.toISOString(), i.day, i.userId,
    ]);
  }

  async get(id: string, em?: EntityManager): Promise<(CertificateIssue & { fields: Record<string, string> }) | null> {
    const run = (m: EntityManager) => m.query(`${SELECT} WHERE i.id = ?`, [id]) as Promise<Row[]>;
    const rows = em ? await run(em) : await this.db.read(run);
    return rows[0] ? { ...toIssue(rows[0]), fields: JSON.parse(rows[0].fields_json) as Record<string, string> } : null;
  }

  async byEntry(entryId: string): Promise<CertificateIssue[]> {
    const rows = (await this.db.read((em) => em.query(`${SELECT} WHERE i.entry_id = ? ORDER BY i.at, i.rowid`, [entryId]))) as Row[];
    return rows.map(toIssue);
  }

  async byDay(day: string): Promise<CertificateIssue[]> {
    const rows = (await this.db.read((em) => em.query(`${SELECT} WHERE i.vn_day = ? ORDER BY i.at, i.rowid`, [day]))) as Row[];
    return rows.map(toIssue);
  }

  /** An original of the entry sent and not spoiled: the original is issued once. */
  async originalIssued(em: EntityManager, entryId: string): Promise<boolean> {
    const rows = (await em.query(`SELECT 1 FROM certificate_issue WHERE entry_id = ? AND copy_kind = 'original' AND state <> 'failed' AND spoiled_at IS NULL LIMIT 1`,
      [entryId])) as unknown[];
    return rows.length > 0;
  }

  /** Another sent print already used this blank serial (a blank is printed on once). */
  async serialUsed(em: EntityManager, serial: string): Promise<boolean> {
    if (!serial) return false;
    const rows = (await em.query(`SELECT 1 FROM certificate_issue WHERE (state <> 'failed' AND blank_serial = ?) OR spoiled_serial = ? LIMIT 1`, [serial, serial])) as unknown[];
    return rows.length > 0;
  }

  /** Marks the print's blank spoiled; false when it already was. */
  async markSpoiled(em: EntityManager, id: string, serial: string, userId: string, at: Date): Promise<boolean> {
    const before = (await em.query(`SELECT 1 FROM certificate_issue WHERE id = ? AND spoiled_at IS NULL`, [id])) as unknown[];
    if (!before.length) return false;
    await em.query(`UPDATE certificate_issue SET spoiled_serial = ?, spoiled_at = ?, spoiled_by = ? WHERE id = ?`, [serial, at.toISOString(), userId, id]);
    return true;
  }

  /** What the spooler answered to a claimed issue. A failed print used no blank: its serial is given back. */
  async finish(em: EntityManager, id: string, r: { state: 'sent' | 'failed'; jobId: string; error: string; printer: string }): Promise<void> {
    await em.query(`UPDATE certificate_issue SET state = ?, job_id = ?, error = ?, printer = ?, blank_serial = CASE WHEN ? = 'failed' THEN '' ELSE blank_serial END
      WHERE id = ? AND state = 'pending'`, [r.state, r.jobId, r.error, r.printer, r.state, id]);
  }
}
