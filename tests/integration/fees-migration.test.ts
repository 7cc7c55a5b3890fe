// Migration 0030 on a database made before it: every stored fee line gets `collect` 1 and a pricing (the
// shipped catalogue's certification of copies per page with its tiers and cap, its extracts per copy, the rest
// fixed), a dossier received before is priced by the rule, and down/up gives the same lines back.
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FeesReceipts1764300000030 } from '../../main/persistence/migrations/0030-fees-receipts';
import { quoteFee, type FeePricing } from '../../shared/fees/pricing';

/** The smallest QueryRunner the migration uses: query(sql, params) on one SQLite connection. */
function runner(db: Sqlite.Database) {
  return {
    query: async (sql: string, params: unknown[] = []) => {
      const s = db.prepare(sql);
      return s.reader ? s.all(...params) : (s.run(...params), []);
    },
  } as never;
}

const OLD = [
  ['v1', '2.000815', [{ name: 'Phí chứng thực bản sao từ bản chính', amount: 2000, note: '2.000 đ/trang; từ trang thứ 3 1.000 đ/trang; tối đa 200.000 đ/bản. Mã thủ tục chưa xác minh' }]],
  ['v2', '2.000635', [{ name: 'Phí cấp bản sao trích lục', amount: 8000, note: 'Mỗi bản sao' }]],
  ['v3', '1.004873', [{ name: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 15000, note: '' }]],
  ['v4', '1.001193', [{ name: 'Đúng hạn', amount: 0, note: 'Miễn', when: { countFrom: 'Ngày sinh của trẻ', withinDays: 60 } }, { name: 'Quá hạn', amount: 8000, note: '', when: { countFrom: 'Ngày sinh của trẻ', afterDays: 60 } }]],
  ['v5', '9.999999', 'not json'],
] as const;

describe('migration 0030 on stored fee lines', () => {
  it('fills pricing and when collected, keeps everything else, and goes down and up again', async () => {
    const db = new Sqlite(':memory:');
    db.exec(`CREATE TABLE procedure_version (id TEXT PRIMARY KEY, code TEXT, fees_json TEXT)`);
    for (const [id, code, fees] of OLD) db.prepare(`INSERT INTO procedure_version VALUES (?, ?, ?)`).run(id, code, typeof fees === 'string' ? fees : JSON.stringify(fees));
    const m = new FeesReceipts1764300000030();
    await m.up(runner(db));
    const fees = (id: string) => JSON.parse(db.prepare(`SELECT fees_json FROM procedure_version WHERE id = ?`).pluck().get(id) as string) as { pricing: FeePricing; collect: number; when?: unknown }[];
    const certify = fees('v1')[0]!;
    expect(certify).toMatchObject({ collect: 1, pricing: { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 200_000 } });
    expect(quoteFee({ name: 'x', amount: 2000, pricing: certify.pricing }, { pages: [5] }).amount).toBe(7000);
    expect(fees('v2')[0]).toMatchObject({ collect: 1, pricing: { kind: 'per-copy' } });
    expect(fees('v3')[0]).toMatchObject({ collect: 1, pricing: { kind: 'fixed' }, amount: 15000 });
    expect(fees('v4').map((f) => f.when)).toEqual([{ countFrom: 'Ngày sinh của trẻ', withinDays: 60 }, { countFrom: 'Ngày sinh của trẻ', afterDays: 60 }]);
    // A damaged row is left as it is (the catalogue reports it to the administrator).
    expect(db.prepare(`SELECT fees_json FROM procedure_version WHERE id = 'v5'`).pluck().get()).toBe('not json');

    await m.down(runner(db));
    expect(JSON.parse(db.prepare(`SELECT fees_json FROM procedure_version WHERE id = 'v1'`).pluck().get() as string)).toEqual(OLD[0][2]);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('fee_record', 'receipt', 'collection_day')`).pluck().get()).toBe(0);
    await m.up(runner(db));
    expect(fees('v1')[0]!.pricing.kind).toBe('per-page');
    db.close();
  });
});
