// The day's collection (issue 11, fees item 4): per collector and for the office, the receipts issued, the
// cancelled ones, totals by method (cancelled receipts stay listed and count in no total). The leader closes a
// day: its totals are kept with who closed it and when, and from then on its receipts cannot change
// (fee-service.ts refuses in Vietnamese; migration 0030's triggers stand under that).
import type { DayReport, FeeMethod } from '../../../shared/contract/api-fees';
import { vnDateKey } from '../../../shared/time/vn-time';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';
import { closedDayError, toReceipt, userNames } from './fee-service';
import { closedDay, closeDayRow, receiptsOfDay, type ReceiptRow } from './fee-store';

type Totals = DayReport['office'];
const empty = (): Totals => ({ cash: 0, transfer: 0, online: 0, total: 0, count: 0 });

function add(t: Totals, method: FeeMethod, amount: number): void {
  t[method] += amount;
  t.total += amount;
  t.count += 1;
}

/** Pure: the report from the day's receipts (in the order issued). */
export function summarize(day: string, rows: readonly ReceiptRow[], names: Map<string, string>, numbers: Map<string, string>,
  closed: DayReport['closed']): DayReport {
  const office = empty();
  const per = new Map<string, DayReport['collectors'][number]>();
  let cancelled = 0;
  for (const r of rows) {
    let c = per.get(r.collector_id);
    if (!c) per.set(r.collector_id, c = { collectorId: r.collector_id, collectorName: names.get(r.collector_id) ?? r.collector_id, totals: empty(), cancelled: 0 });
    if (r.cancelled_at) { c.cancelled++; cancelled++; continue; }
    add(c.totals, r.method, r.amount);
    add(office, r.method, r.amount);
  }
  return {
    day, closed, office, cancelled,
    collectors: [...per.values()].sort((a, b) => a.collectorName.localeCompare(b.collectorName, 'vi')),
    receipts: rows.map((r) => toReceipt(r, names, numbers.get(r.dossier_id) ?? '')),
  };
}

export class DayReports {
  constructor(private readonly db: Database) {}

  report(day: string, collectorId?: string): Promise<DayReport> {
    return this.db.read(async (em) => {
      const rows = await receiptsOfDay(em, day, collectorId);
      const names = await userNames(em);
      const numbers = await dossierNumbers(em, rows);
      const c = await closedDay(em, day);
      return summarize(day, rows, names, numbers, c ? { at: c.closed_at, byName: names.get(c.closed_by) ?? c.closed_by } : null);
    });
  }

  /** Closes a day that has begun (today or before); once only. */
  async close(day: string, user: { id: string }, now: Date): Promise<DayReport> {
    if (day > vnDateKey(now)) throw new AppError('VALIDATION', 'Chỉ khóa sổ được ngày hôm nay hoặc ngày đã qua — hãy chọn lại ngày.', [{ field: 'day', message: 'Chọn ngày đã qua hoặc hôm nay', severity: 'error' }]);
    await this.db.write(async (em) => {
      const already = await closedDay(em, day);
      if (already) throw closedDayError(day, already.closed_at);
      const rows = await receiptsOfDay(em, day);
      const totals = summarize(day, rows, new Map(), new Map(), null);
      const kept = { office: totals.office, cancelled: totals.cancelled, collectors: totals.collectors.map((c) => ({ id: c.collectorId, totals: c.totals, cancelled: c.cancelled })) };
      await closeDayRow(em, { day, closed_at: now.toISOString(), closed_by: user.id, totals_json: JSON.stringify(kept) });
      await writeAudit(em, { at: now, userId: user.id, action: 'fee.day.close', entity: 'collection_day', entityId: day, after: kept });
    });
    return this.report(day);
  }
}

async function dossierNumbers(em: { query: (sql: string, p?: unknown[]) => Promise<unknown> }, rows: readonly ReceiptRow[]): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  const found = await em.query(`SELECT id, number FROM dossier WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify([...new Set(rows.map((r) => r.dossier_id))])]) as { id: string; number: string }[];
  return new Map(found.map((d) => [d.id, d.number]));
}
