// Reads and writes of local state the drainer needs, as plain SQL on the shared connection (always called
// through OutboxStore.read/write, i.e. inside the database queue).
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../persistence/prepared';
import { dossierSearchText } from '../services/dossier-service';
import { partiesForSync } from '../services/dossier/parties';
import { collectAtOf, feePaymentOf } from '../services/fees/fee-sync';
import { isAppointmentSlip, type DossierSnapshot } from './mapping';
import { uploadedFilesOf } from './outbox';
import { LocalItemError } from './portal/errors';

interface DossierJoin {
  number: string; provisional: number; channel: number; status: number; procedure_code: string; procedure_name: string;
  sector: string | null; sector_code: string | null; fees_json: string | null; fee_json: string | null; applicant_name: string; applicant_id_number: string; applicant_email: string;
  applicant_phone: string; applicant_address: string; received_at: string; due_at: string | null; delivery_method: string;
  note: string; reason: string; received_by_name: string | null; lookup_code: string | null;
}

export interface SyncDossierState { portalNumber: string | null; createdOnPortal: boolean; portalStatus: number | null }

export function loadSyncState(raw: Raw, dossierId: string): SyncDossierState {
  const r = prepared(raw, `SELECT portal_number, created_on_portal, portal_status FROM sync_dossier WHERE dossier_id = ?`).get(dossierId) as
    { portal_number: string | null; created_on_portal: number; portal_status: number | null } | undefined;
  return { portalNumber: r?.portal_number ?? null, createdOnPortal: !!r?.created_on_portal, portalStatus: r?.portal_status ?? null };
}

export function upsertSyncState(raw: Raw, dossierId: string, at: Date, patch: Partial<SyncDossierState> & { portalChangeSeq?: number }): void {
  prepared(raw, `INSERT INTO sync_dossier (dossier_id, portal_number, created_on_portal, portal_status, portal_change_seq, updated_at)
    VALUES (@id, @portalNumber, @created, @portalStatus, @seq, @at)
    ON CONFLICT(dossier_id) DO UPDATE SET
      portal_number = coalesce(@portalNumber, portal_number), created_on_portal = max(created_on_portal, @created),
      portal_status = coalesce(@portalStatus, portal_status), portal_change_seq = coalesce(@seq, portal_change_seq), updated_at = @at`)
    .run({
      id: dossierId, portalNumber: patch.portalNumber ?? null, created: patch.createdOnPortal ? 1 : 0,
      portalStatus: patch.portalStatus ?? null, seq: patch.portalChangeSeq ?? null, at: at.toISOString(),
    });
}

export function loadDossierBasics(raw: Raw, dossierId: string): { number: string; provisional: boolean; status: number } | null {
  const r = prepared(raw, `SELECT number, provisional, status FROM dossier WHERE id = ?`).get(dossierId) as { number: string; provisional: number; status: number } | undefined;
  return r ? { number: r.number, provisional: !!r.provisional, status: r.status } : null;
}

/**
 * A file's name as it is sent: queued under the number the dossier had then (often the provisional one),
 * sent under the number it has now — the official one wins once it has arrived (TenTepDinhKem, x-file-name).
 */
export function currentFileName(name: string, number: string, formerNumbers: readonly string[]): string {
  let out = name;
  for (const former of [...formerNumbers].sort((a, b) => b.length - a.length)) if (former && former !== number) out = out.split(former).join(number);
  return out;
}

/** The dossier's current number and the numbers it carried before (provisional ones), for file names. */
export function dossierNumbers(raw: Raw, dossierId: string): { number: string; former: string[] } | null {
  const d = prepared(raw, `SELECT number FROM dossier WHERE id = ?`).get(dossierId) as { number: string } | undefined;
  if (!d) return null;
  const former = (prepared(raw, `SELECT number FROM dossier_number_history WHERE dossier_id = ?`).all(dossierId) as { number: string }[]).map((r) => r.number);
  return { number: d.number, former };
}

/** Statuses that end the processing of a dossier: refused, withdrawn, stopped, done (then returned). */
const ENDED = new Set([3, 7, 8, 9]);

export function loadSnapshot(raw: Raw, dossierId: string): DossierSnapshot | null {
  const d = prepared(raw, `SELECT d.*, pv.sector, pv.sector_code, pv.fees_json, u.full_name AS received_by_name FROM dossier d
    LEFT JOIN procedure_version pv ON pv.id = d.procedure_version_id LEFT JOIN app_user u ON u.id = d.received_by
    WHERE d.id = ?`).get(dossierId) as DossierJoin | undefined;
  if (!d) return null;
  const components = (prepared(raw, `SELECT code, name, copy_type, quantity, missing FROM dossier_component WHERE dossier_id = ? ORDER BY position`)
    .all(dossierId) as { code: string; name: string; copy_type: string; quantity: number; missing: number }[])
    .map((c) => ({ code: c.code, name: c.name, copyType: c.copy_type, quantity: c.quantity, missing: !!c.missing }));
  // A digitized file replaced by a newer scan (or a reuse) is listed as deleted, so the portal drops it too; so
  // is a form 01 replaced by the slip a correction re-made, once the new one is there (the newest slip stays).
  const former = dossierNumbers(raw, dossierId)?.former ?? [];
  const files = uploadedFilesOf(raw, dossierId);
  const slip = newestDocument(raw, files.filter((u) => isAppointmentSlip(u.file.componentCode)).map((u) => u.file.fileKey));
  const uploaded = files.map((u) => ({
    ...u, deleted: u.replaced || (slip !== null && isAppointmentSlip(u.file.componentCode) && u.file.fileKey !== slip),
    file: { ...u.file, fileName: currentFileName(u.file.fileName, d.number, former) },
  }));
  const events = prepared(raw, `SELECT to_status AS status, at FROM dossier_event WHERE dossier_id = ? AND kind = 'status' AND to_status IS NOT NULL ORDER BY id`)
    .all(dossierId) as { status: number; at: string }[];
  const lastAt = (match: (status: number) => boolean) => events.filter((e) => match(e.status)).at(-1)?.at ?? null;
  // NgayKetThucXuLy: when the processing ended (refused, withdrawn, stopped or done), while it stays ended.
  const ended = ENDED.has(d.status) || d.status === 10;
  const finishedAt = ended ? lastAt((s) => ENDED.has(s)) ?? lastAt((s) => s === 10) : null;
  return {
    number: d.number, channel: d.channel, status: d.status, procedureCode: d.procedure_code, procedureName: d.procedure_name,
    sector: d.sector ?? '', sectorCode: d.sector_code || null, applicantName: d.applicant_name, applicantIdNumber: d.applicant_id_number, applicantEmail: d.applicant_email,
    applicantPhone: d.applicant_phone, applicantAddress: d.applicant_address, receivedAt: d.received_at, dueAt: d.due_at,
    finishedAt, returnedAt: lastAt((s) => s === 10), received: events.some((e) => e.status === 2), deliveryMethod: d.delivery_method, note: d.note, reason: d.reason,
    receivedByName: d.received_by_name ?? '', components,
    fees: feesOf(d).map((f) => ({ ...f, collectAt: collectAtOf(d.fees_json, f.name) })),
    payment: feePaymentOf(raw, dossierId),
    files: uploaded.filter((u) => u.file.role !== 'result').map((u) => ({
      portalFileId: u.portalFileId, fileName: u.file.fileName, componentCode: u.file.componentCode, digitizationState: u.file.digitizationState,
      ...(u.deleted ? { deleted: true } : {}),
    })),
    // The result papers: a result scanned again replaces its older version, which leaves the list (no IsDeleted there).
    results: uploaded.filter((u) => u.file.role === 'result' && !u.deleted).map((u) => ({
      portalFileId: u.portalFileId, name: u.file.documentName || u.file.fileName, componentCode: u.file.componentCode,
    })),
    lookupCode: d.lookup_code ?? '',
    dueChanges: dueChangesOf(raw, dossierId),
    parties: partiesForSync(raw, dossierId),
  };
}

/** The dossier's pauses and extensions with who asked (migration 0019), for DanhSachHoSoBoSung. */
function dueChangesOf(raw: Raw, dossierId: string): NonNullable<DossierSnapshot['dueChanges']> {
  return (prepared(raw, `SELECT c.kind, c.at, c.reason, c.previous_due_at, c.new_due_at, c.paused_to, coalesce(u.full_name, '') AS by_name
      FROM due_change c LEFT JOIN app_user u ON u.id = c.user_id WHERE c.dossier_id = ? ORDER BY c.id`).all(dossierId) as
    { kind: 'pause' | 'extension'; at: string; reason: string; previous_due_at: string | null; new_due_at: string | null; paused_to: string | null; by_name: string }[])
    .map((c) => ({ kind: c.kind, at: c.at, byName: c.by_name, reason: c.reason, previousDueAt: c.previous_due_at, newDueAt: c.new_due_at, pausedTo: c.paused_to }));
}

/** Of these documents (by id), the one made last; null when none is a document. */
function newestDocument(raw: Raw, ids: string[]): string | null {
  if (!ids.length) return null;
  return (prepared(raw, `SELECT id FROM document WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, rowid DESC LIMIT 1`)
    .get(JSON.stringify(ids)) as { id: string } | undefined)?.id ?? null;
}

/**
 * The fee the portal hears of: the one recorded at receipt (only the line that applies, migration 0015); for
 * a dossier saved before, its version's list as before.
 */
function feesOf(d: Pick<DossierJoin, 'fee_json' | 'fees_json'>): { name: string; amount: number; note: string }[] {
  const lines = d.fee_json ? (JSON.parse(d.fee_json) as { lines: { name: string; amount: number; note?: string }[] }).lines
    : d.fees_json ? JSON.parse(d.fees_json) as { name: string; amount: number; note?: string }[] : [];
  return lines.map((f) => ({ name: f.name, amount: f.amount, note: f.note ?? '' }));
}

/**
 * The provincial system issued the official number: it replaces the provisional one, which stays in the
 * history table and in the search text, so a slip printed under the provisional number still finds the
 * dossier. Official and provisional numbers are separate spaces (migration 0007): the province may hand out
 * a number another dossier here still holds as its provisional number, and both stand. Only the same
 * official number on two dossiers is refused — a fault of the number service a person must take up.
 */
export function applyOfficialNumber(raw: Raw, dossierId: string, official: string, at: Date): void {
  const d = prepared(raw, `SELECT number, provisional, applicant_name, applicant_id_number, applicant_phone, procedure_code FROM dossier WHERE id = ?`)
    .get(dossierId) as { number: string; provisional: number; applicant_name: string; applicant_id_number: string; applicant_phone: string; procedure_code: string } | undefined;
  if (!d) return;
  const holder = prepared(raw, `SELECT applicant_name FROM dossier WHERE number = ? AND provisional = 0 AND id != ?`).get(official, dossierId) as
    { applicant_name: string } | undefined;
  if (holder) {
    throw new LocalItemError(`Hệ thống tỉnh cấp số ${official} cho hồ sơ ${d.number}, nhưng số này đã là số chính thức của hồ sơ khác trên máy `
      + `(người nộp ${holder.applicant_name}). Báo quản trị viên liên hệ đơn vị vận hành hệ thống tỉnh để cấp lại số, rồi bấm "Gửi lại".`);
  }
  if (d.number !== official) {
    prepared(raw, `INSERT OR IGNORE INTO dossier_number_history (number, dossier_id, replaced_by, replaced_at) VALUES (?, ?, ?, ?)`)
      .run(d.number, dossierId, official, at.toISOString());
  }
  const former = (prepared(raw, `SELECT number FROM dossier_number_history WHERE dossier_id = ? ORDER BY replaced_at`).all(dossierId) as { number: string }[]).map((r) => r.number);
  const searchText = dossierSearchText(official, ...former, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.procedure_code);
  prepared(raw, `UPDATE dossier SET number = ?, provisional = 0, search_text = ?, updated_at = ? WHERE id = ?`).run(official, searchText, at.toISOString(), dossierId);
  upsertSyncState(raw, dossierId, at, { portalNumber: official });
}

export function userName(raw: Raw, userId: string): { name: string; title: string } {
  const u = prepared(raw, `SELECT full_name, role FROM app_user WHERE id = ?`).get(userId) as { full_name: string; role: string } | undefined;
  const titles: Record<string, string> = { clerk: 'Công chức tiếp nhận', officer: 'Công chức xử lý', leader: 'Lãnh đạo', admin: 'Quản trị' };
  return { name: u?.full_name ?? userId, title: titles[u?.role ?? ''] ?? '' };
}

export function officeName(raw: Raw): string {
  return (prepared(raw, `SELECT office_name FROM office WHERE id = 1`).get() as { office_name: string } | undefined)?.office_name ?? '';
}
