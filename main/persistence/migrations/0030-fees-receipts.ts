import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fees and receipts (issue 11): the fee of a dossier as priced and collected (fee_record, one per dossier),
 * receipts numbered within their form symbol and series (UNIQUE: a number is never issued twice, a cancelled
 * receipt keeps its row and number), and the days the leader closed (collection_day). Triggers refuse any
 * change to a closed day's receipts and any new receipt on it, whoever writes — the service says so first in
 * Vietnamese; the triggers are the floor under it.
 *
 * Stored fee lines get the new fields: `collect` 1 (the desk collected at receipt until now) and `pricing` —
 * fixed, except the shipped catalogue's two rules written until now only in the note: certification of copies
 * (2.000 đ/page, from page 3 1.000 đ, at most 200.000 đ per document) and the per-copy extracts.
 */
export class FeesReceipts1764300000030 implements MigrationInterface {
  name = 'FeesReceipts1764300000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fee_record (
      dossier_id TEXT PRIMARY KEY NOT NULL,
      line_name TEXT NOT NULL, fee_kind INTEGER NOT NULL, collect_at INTEGER NOT NULL,
      pages_json TEXT NOT NULL DEFAULT '[]', copies INTEGER, quantity INTEGER NOT NULL, detail TEXT NOT NULL,
      gross INTEGER NOT NULL, amount INTEGER NOT NULL,
      exemption_code TEXT, exemption_name TEXT, exemption_reason TEXT,
      paid INTEGER NOT NULL DEFAULT 0, method TEXT, paid_at TEXT, collector_id TEXT,
      override_reason TEXT, override_by TEXT, override_at TEXT,
      updated_at TEXT NOT NULL)`);
    await q.query(`CREATE TABLE receipt (
      id TEXT PRIMARY KEY NOT NULL, dossier_id TEXT NOT NULL,
      form_symbol TEXT NOT NULL, series TEXT NOT NULL, number INTEGER NOT NULL,
      issued_at TEXT NOT NULL, day TEXT NOT NULL, collector_id TEXT NOT NULL,
      payer_name TEXT NOT NULL, payer_address TEXT NOT NULL, description TEXT NOT NULL,
      quantity INTEGER NOT NULL, unit_amount INTEGER, amount INTEGER NOT NULL, amount_words TEXT NOT NULL,
      method TEXT NOT NULL, vietqr_payload TEXT, paper TEXT NOT NULL, provider TEXT NOT NULL, provider_ref TEXT,
      cancelled_at TEXT, cancelled_by TEXT, cancel_reason TEXT,
      operation_id TEXT NOT NULL UNIQUE,
      UNIQUE (form_symbol, series, number))`);
    await q.query(`CREATE INDEX receipt_day ON receipt(day, collector_id)`);
    await q.query(`CREATE INDEX receipt_dossier ON receipt(dossier_id)`);
    await q.query(`CREATE TABLE collection_day (
      day TEXT PRIMARY KEY NOT NULL, closed_at TEXT NOT NULL, closed_by TEXT NOT NULL, totals_json TEXT NOT NULL)`);
    await q.query(`CREATE TRIGGER receipt_closed_insert BEFORE INSERT ON receipt
      WHEN EXISTS (SELECT 1 FROM collection_day WHERE day = NEW.day)
      BEGIN SELECT RAISE(ABORT, 'collection day closed'); END`);
    await q.query(`CREATE TRIGGER receipt_closed_update BEFORE UPDATE ON receipt
      WHEN EXISTS (SELECT 1 FROM collection_day WHERE day = OLD.day)
      BEGIN SELECT RAISE(ABORT, 'collection day closed'); END`);
    await q.query(`CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
      BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END`);

    const rows = await q.query(`SELECT id, code, fees_json FROM procedure_version`) as { id: string; code: string; fees_json: string }[];
    for (const r of rows) {
      let fees: Record<string, unknown>[];
      try { fees = JSON.parse(r.fees_json) as Record<string, unknown>[]; } catch { continue; }
      if (!Array.isArray(fees)) continue;
      const filled = fees.map((f) => ({ ...f, pricing: f.pricing ?? storedPricing(r.code, f), collect: f.collect ?? 1 }));
      await q.query(`UPDATE procedure_version SET fees_json = ? WHERE id = ?`, [JSON.stringify(filled), r.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['receipt_closed_insert', 'receipt_closed_update', 'receipt_no_delete']) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
    await q.query(`DROP TABLE IF EXISTS collection_day`);
    await q.query(`DROP TABLE IF EXISTS receipt`);
    await q.query(`DROP TABLE IF EXISTS fee_record`);
    const rows = await q.query(`SELECT id, fees_json FROM procedure_version`) as { id: string; fees_json: string }[];
    for (const r of rows) {
      let fees: Record<string, unknown>[];
      try { fees = JSON.parse(r.fees_json) as Record<string, unknown>[]; } catch { continue; }
      if (!Array.isArray(fees)) continue;
      await q.query(`UPDATE procedure_version SET fees_json = ? WHERE id = ?`, [JSON.stringify(fees.map(({ pricing: _p, collect: _c, ...f }) => f)), r.id]);
    }
  }
}

/** The pricing a stored line had only in words: the shipped catalogue's per-page and per-copy lines. */
function storedPricing(code: string, f: Record<string, unknown>): unknown {
  const note = String(f.note ?? '');
  if (code === '2.000815' && f.amount === 2000 && /từ trang thứ 3/.test(note)) {
    return { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 200_000 };
  }
  if ((code === '2.000635' || code === '2.000908') && /^Mỗi bản sao/.test(note)) return { kind: 'per-copy' };
  return { kind: 'fixed' };
}
