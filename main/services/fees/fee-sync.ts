// What the province hears of a dossier's fee (docs/portal-openapi.yaml, Fee): when it is collected
// (HinhThucThu 1/2/4), and — extensions of the contract, optional, absent while nothing is recorded — whether
// it is paid (TrangThaiThanhToan 0/1, sync-vocabulary.md), how (PhuongThucThanhToan), when, on which receipt,
// and an exemption's reason. Read by the drainer on its own connection (synchronous SQL on the owner's tables).
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../../persistence/prepared';
import type { FeeMethod } from '../../../shared/contract/api-fees';
import { formatReceiptNumber } from '../../../shared/fees/receipt-series';
import type { FeeRecordRow, ReceiptRow } from './fee-store';

export interface FeePayment {
  lineName: string; collectAt: number; amount: number; paid: boolean; method: FeeMethod | null; paidAt: string | null;
  exemption: string | null;
  receipt: { formSymbol: string; series: string; number: string } | null;
}

/** The dossier's recorded fee and its valid receipt, or null when nothing is recorded. */
export function feePaymentOf(raw: Raw, dossierId: string): FeePayment | null {
  const r = prepared(raw, `SELECT * FROM fee_record WHERE dossier_id = ?`).get(dossierId) as FeeRecordRow | undefined;
  if (!r) return null;
  const receipt = prepared(raw, `SELECT form_symbol, series, number FROM receipt WHERE dossier_id = ? AND cancelled_at IS NULL ORDER BY issued_at DESC LIMIT 1`)
    .get(dossierId) as Pick<ReceiptRow, 'form_symbol' | 'series' | 'number'> | undefined;
  return {
    lineName: r.line_name, collectAt: r.collect_at, amount: r.amount, paid: r.paid === 1, method: r.method, paidAt: r.paid_at,
    exemption: r.exemption_code ? `${r.exemption_name ?? r.exemption_code}: ${r.exemption_reason ?? ''}` : null,
    receipt: receipt && r.paid === 1 ? { formSymbol: receipt.form_symbol, series: receipt.series, number: formatReceiptNumber(receipt.number) } : null,
  };
}

/** When a line of the version is collected (its `collect`, 1 when the line predates it). */
export function collectAtOf(versionFeesJson: string | null, name: string): number {
  try {
    const fees = JSON.parse(versionFeesJson ?? '[]') as { name?: string; collect?: number }[];
    return fees.find((f) => f.name === name)?.collect ?? 1;
  } catch {
    return 1;
  }
}
