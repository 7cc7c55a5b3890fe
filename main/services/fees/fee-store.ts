// The one owner of the fee tables (migration 0030): fee_record, receipt, collection_day. Operations are named
// after intents and take the caller's transaction; nobody else writes SQL that names these tables.
import type { EntityManager } from 'typeorm';
import type { FeeMethod } from '../../../shared/contract/api-fees';

export interface FeeRecordRow {
  dossier_id: string; line_name: string; fee_kind: number; collect_at: number;
  pages_json: string; copies: number | null; quantity: number; detail: string; gross: number; amount: number;
  exemption_code: string | null; exemption_name: string | null; exemption_reason: string | null;
  paid: number; method: FeeMethod | null; paid_at: string | null; collector_id: string | null;
  override_reason: string | null; override_by: string | null; override_at: string | null; updated_at: string;
}

export interface ReceiptRow {
  id: string; dossier_id: string; form_symbol: string; series: string; number: number; issued_at: string; day: string;
  collector_id: string; payer_name: string; payer_address: string; description: string; quantity: number;
  unit_amount: number | null; amount: number; amount_words: string; method: FeeMethod; vietqr_payload: string | null;
  paper: 'a5' | 'thermal'; provider: string; provider_ref: string | null;
  cancelled_at: string | null; cancelled_by: string | null; cancel_reason: string | null; operation_id: string;
}

export interface ClosedDayRow { day: string; closed_at: string; closed_by: string; totals_json: string }

type Q = Pick<EntityManager, 'query'>;

export async function feeRecordOf(em: Q, dossierId: string): Promise<FeeRecordRow | null> {
  const rows = await em.query(`SELECT * FROM fee_record WHERE dossier_id = ?`, [dossierId]) as FeeRecordRow[];
  return rows[0] ?? null;
}

/** The dossier's fee as priced now (insert or replace: one record per dossier). */
export async function putFeeRecord(em: Q, r: FeeRecordRow): Promise<void> {
  const cols = Object.keys(r) as (keyof FeeRecordRow)[];
  await em.query(`INSERT OR REPLACE INTO fee_record (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => r[c]));
}

export async function markUnpaid(em: Q, dossierId: string, at: string): Promise<void> {
  await em.query(`UPDATE fee_record SET paid = 0, method = NULL, paid_at = NULL, collector_id = NULL, updated_at = ? WHERE dossier_id = ?`, [at, dossierId]);
}

export async function recordOverride(em: Q, dossierId: string, reason: string, by: string, at: string): Promise<void> {
  await em.query(`UPDATE fee_record SET override_reason = ?, override_by = ?, override_at = ?, updated_at = ? WHERE dossier_id = ?`, [reason, by, at, at, dossierId]);
}

/**
 * The next number of a series: one more than the highest ever issued in it, cancelled ones included, so a
 * number is never issued twice. Called inside the serialized write that inserts the receipt; the UNIQUE
 * (form_symbol, series, number) constraint stands under it.
 */
export async function nextReceiptNumber(em: Q, formSymbol: string, series: string): Promise<number> {
  const [r] = await em.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM receipt WHERE form_symbol = ? AND series = ?`, [formSymbol, series]) as { next: number }[];
  return r!.next;
}

export async function insertReceipt(em: Q, r: ReceiptRow): Promise<void> {
  const cols = Object.keys(r) as (keyof ReceiptRow)[];
  await em.query(`INSERT INTO receipt (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => r[c]));
}

export async function receiptById(em: Q, id: string): Promise<ReceiptRow | null> {
  return ((await em.query(`SELECT * FROM receipt WHERE id = ?`, [id])) as ReceiptRow[])[0] ?? null;
}

export async function receiptByOperation(em: Q, operationId: string): Promise<ReceiptRow | null> {
  return ((await em.query(`SELECT * FROM receipt WHERE operation_id = ?`, [operationId])) as ReceiptRow[])[0] ?? null;
}

export async function receiptsOfDossier(em: Q, dossierId: string): Promise<ReceiptRow[]> {
  return em.query(`SELECT * FROM receipt WHERE dossier_id = ? ORDER BY issued_at, number`, [dossierId]) as Promise<ReceiptRow[]>;
}

/** A day's receipts (Vietnam date), in the order issued; of one collector when given. */
export async function receiptsOfDay(em: Q, day: string, collectorId?: string): Promise<ReceiptRow[]> {
  return em.query(`SELECT * FROM receipt WHERE day = ? ${collectorId ? 'AND collector_id = ?' : ''} ORDER BY issued_at, form_symbol, series, number`,
    collectorId ? [day, collectorId] : [day]) as Promise<ReceiptRow[]>;
}

export async function cancelReceiptRow(em: Q, id: string, reason: string, by: string, at: string): Promise<void> {
  await em.query(`UPDATE receipt SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ? AND cancelled_at IS NULL`, [at, by, reason, id]);
}

export async function closedDay(em: Q, day: string): Promise<ClosedDayRow | null> {
  return ((await em.query(`SELECT * FROM collection_day WHERE day = ?`, [day])) as ClosedDayRow[])[0] ?? null;
}

export async function closeDayRow(em: Q, r: ClosedDayRow): Promise<void> {
  await em.query(`INSERT INTO collection_day (day, closed_at, closed_by, totals_json) VALUES (?, ?, ?, ?)`, [r.day, r.closed_at, r.closed_by, r.totals_json]);
}
