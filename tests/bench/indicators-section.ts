// The indicators' part of a benchmark, as a function another benchmark (the workflow's, on its own 200,000
// dossiers) can call too: rounds of the leader's calls through the handler, and the figures' SQL next to a
// direct reading of the same figures (the comparator), alternating; and the office loader of indicators-bench.
import crypto from 'node:crypto';
import type Sqlite from 'better-sqlite3';
import { ratedByMonth, receivedByMonth, resolvedByMonthAndProcedure, type Span } from '../../main/services/indicators-sql';
import { spanOf } from '../../main/services/indicators-service';

// The comparator: the same figures read straight from the tables the facts live in (the dossier, its
// components and digitized files, the sync state, the workflow row) with per-dossier look-ups, as one would
// without migration 0026's dossier_kpi. Also the independent check that the triggers keep dossier_kpi right.
const DIRECT_DIGITIZED = `(EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0)
  AND NOT EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = d.id AND c.missing = 0
    AND NOT EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = d.id AND f.kind = 0 AND f.component_position = c.position AND f.replaced_by IS NULL)))`;

export interface DirectFigures {
  received: { total: number; digitized: number; synced: number; online: number };
  resolved: { total: number; early: number; onTime: number; late: number; resultDigitized: number; days: number };
}

export function directFigures(db: Sqlite.Database, { from, to }: { from: string; to: string }): DirectFigures {
  const span = { from, to };
  const received = db.prepare(`SELECT count(*) AS total, coalesce(sum(${DIRECT_DIGITIZED}), 0) AS digitized,
      coalesce(sum(EXISTS (SELECT 1 FROM sync_dossier s WHERE s.dossier_id = d.id AND s.created_on_portal = 1)), 0) AS synced,
      coalesce(sum(d.channel = 2), 0) AS online
    FROM dossier d WHERE d.received_at >= @from AND d.received_at < @to AND d.due_at IS NOT NULL AND d.status <> 1`).get(span) as DirectFigures['received'];
  const resolved = db.prepare(`SELECT count(*) AS total, coalesce(sum(w.outcome = 'early'), 0) AS early, coalesce(sum(w.outcome = 'on-time'), 0) AS onTime,
      coalesce(sum(w.outcome = 'late'), 0) AS late,
      coalesce(sum(EXISTS (SELECT 1 FROM digitized_file f WHERE f.dossier_id = d.id AND f.kind = 1 AND f.replaced_by IS NULL)), 0) AS resultDigitized,
      coalesce(sum(max(0, julianday(w.finished_at) - julianday(d.received_at))), 0) AS days
    FROM dossier_workflow w JOIN dossier d ON d.id = w.dossier_id
    WHERE w.finished_at >= @from AND w.finished_at < @to AND w.outcome IS NOT NULL`).get(span) as DirectFigures['resolved'];
  return { received, resolved };
}

/** The same totals from the indicators' own SQL (dossier_kpi), to compare with the direct reading. */
export function kpiFigures(db: Sqlite.Database, span: Span): DirectFigures {
  const rc = receivedByMonth(db, span);
  const rs = resolvedByMonthAndProcedure(db, span);
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    received: { total: sum(rc, (r) => r.total), digitized: sum(rc, (r) => r.digitized), synced: sum(rc, (r) => r.synced), online: sum(rc, (r) => r.online) },
    resolved: {
      total: sum(rs, (r) => r.total), early: sum(rs, (r) => r.early), onTime: sum(rs, (r) => r.onTime), late: sum(rs, (r) => r.late),
      resultDigitized: sum(rs, (r) => r.resultDigitized), days: sum(rs, (r) => r.days),
    },
  };
}

export interface IndicatorsRound {
  computeMs: number[]; lateMs: number[]; undigitizedMs: number[]; xlsxMs: number[]; sqlMs: number[]; directMs: number[];
  shares: { key: string; met: number; total: number }[];
  /** Whether the two readings agree (they must). */
  same: boolean;
}

export async function indicatorsRound(o: {
  handle: (method: string, input: unknown) => Promise<any>; raw: Sqlite.Database; period: { from: string; to: string }; rounds: number;
}): Promise<IndicatorsRound> {
  const span = spanOf(o.period.from, o.period.to);
  const direct = directFigures(o.raw, span);
  const kpi = kpiFigures(o.raw, span);
  const same = JSON.stringify({ ...direct, resolved: { ...direct.resolved, days: Math.round(direct.resolved.days) } })
    === JSON.stringify({ ...kpi, resolved: { ...kpi.resolved, days: Math.round(kpi.resolved.days) } });
  const out: IndicatorsRound = { computeMs: [], lateMs: [], undigitizedMs: [], xlsxMs: [], sqlMs: [], directMs: [], shares: [], same };
  const sql = () => { receivedByMonth(o.raw, span); resolvedByMonthAndProcedure(o.raw, span); ratedByMonth(o.raw, span); };
  const plain = () => { directFigures(o.raw, span); ratedByMonth(o.raw, span); };
  const time = async (list: number[], fn: () => unknown) => { const t = performance.now(); await fn(); list.push(performance.now() - t); };
  // Warm-up: statements prepared, pages cached, as on a screen opened before.
  out.shares = (await o.handle('indicators.compute', o.period)).shares;
  sql(); plain();
  for (let i = 0; i < o.rounds; i++) {
    await time(out.computeMs, () => o.handle('indicators.compute', o.period));
    await time(out.lateMs, () => o.handle('indicators.dossiers', { ...o.period, key: 'on-time', part: 'missed', limit: 200 }));
    await time(out.undigitizedMs, () => o.handle('indicators.dossiers', { ...o.period, key: 'digitized', part: 'missed', limit: 200 }));
    if (i < 5) await time(out.xlsxMs, () => o.handle('indicators.exportXlsx', o.period));
    // Alternating which goes first, so neither gets the warmer cache every time.
    const pair: [number[], () => void][] = [[out.sqlMs, sql], [out.directMs, plain]];
    for (const [list, fn] of i % 2 ? pair.reverse() : pair) await time(list, fn);
  }
  return out;
}

/**
 * An office's history written the way the core stores it (the 0021 trigger gives each dossier its workflow
 * row, then the resolved ones get their outcome). Returns the month the figures are read for.
 */
export function loadOffice(raw: Sqlite.Database, n: number, open: number): { month: string } {
  const userId = (raw.prepare('SELECT id FROM app_user LIMIT 1').get() as { id: string }).id;
  const version = raw.prepare(`SELECT id, code, name FROM procedure_version ORDER BY code LIMIT 3`).all() as { id: string; code: string; name: string }[];
  const insDossier = raw.prepare(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name,
    duration_text, channel, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email,
    received_at, effective_received_at, due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by,
    operation_id, created_at, updated_at, row_version) VALUES (@id, @number, 0, '', @version, @code, @name, '03 ngày làm việc', @channel,
    'Nguyễn Văn Thử', '001190012345', '', 'Ba Đình, Hà Nội', '0912345678', '', @at, @at, @due, @status, 'counter', '', 1, '', '', @number, @user, @op, @at, @at, 1)`);
  const insComponent = raw.prepare(`INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity, missing) VALUES (?, ?, 'TP', 'Thành phần', 'original', 1, 0)`);
  const insFile = raw.prepare(`INSERT INTO digitized_file (id, dossier_id, component_position, component_code, component_name, kind, state, path, sha256, size, page_count, dpi,
    color_mode, scanned_by, scanned_by_name, scanned_at, profile_id, ocr_state, sync_state, source_key, created_at)
    VALUES (?, ?, ?, 'TP', 'Thành phần', ?, 1, 'x.pdf', '', 1, 1, 200, 'color', ?, 'Cán bộ', ?, 'p', 'done', 'synced', '', ?)`);
  const resolve = raw.prepare(`UPDATE dossier_workflow SET stage = 'returned', open = 0, finished_at = ?, outcome = ?, extensions = ? WHERE dossier_id = ?`);
  const insReturn = raw.prepare(`INSERT INTO dossier_return (dossier_id, returned_at, returned_by, method, collector_kind, collector_name, collector_id_number, postal_item_number, satisfaction, note, operation_id)
    VALUES (?, ?, ?, 'counter', 'applicant', 'Nguyễn Văn Thử', '001190012345', '', ?, '', ?)`);
  const insSync = raw.prepare(`INSERT INTO sync_dossier (dossier_id, portal_number, created_on_portal, portal_status, updated_at) VALUES (?, NULL, 1, 10, ?)`);
  const start = Date.UTC(2025, 0, 1);
  const DAY = 86_400_000;
  const rnd = () => crypto.randomInt(1_000_000) / 1_000_000;
  const tag = crypto.randomBytes(3).toString('hex');
  const bulk = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = start + Math.floor((i / n) * 400 * DAY) + crypto.randomInt(8 * 3_600_000);
      const isOpen = i >= n - open;
      const v = version[i % version.length]!;
      const id = crypto.randomUUID();
      const iso = new Date(at).toISOString();
      const due = at + 3 * DAY;
      insDossier.run({ id, number: `H42-${tag}-${i}`, version: v.id, code: v.code, name: v.name, channel: rnd() < 0.22 ? 2 : 1, at: iso, due: new Date(due).toISOString(),
        status: isOpen ? 4 : 10, user: userId, op: crypto.randomUUID() });
      const components = rnd() < 0.5 ? 1 : 2;
      const digitizedAll = rnd() < 0.6;
      for (let c = 0; c < components; c++) {
        insComponent.run(id, c);
        if (digitizedAll || c === 0) insFile.run(crypto.randomUUID(), id, c, 0, userId, iso, iso);
      }
      if (rnd() < 0.92) insSync.run(id, iso);
      if (isOpen) continue;
      const finished = at + Math.floor(rnd() * 4.5 * DAY);
      const extended = rnd() < 0.03;
      const outcome = extended || finished > due ? 'late' : finished < due - DAY ? 'early' : 'on-time';
      resolve.run(new Date(finished).toISOString(), outcome, extended ? 1 : 0, id);
      if (rnd() < 0.35) insFile.run(crypto.randomUUID(), id, 0, 1, userId, iso, iso);
      const r = rnd();
      insReturn.run(id, new Date(finished + DAY).toISOString(), userId, r < 0.3 ? 'satisfied' : r < 0.4 ? 'unsatisfied' : null, crypto.randomUUID());
    }
  });
  for (let i = 0; i < n; i += 10_000) bulk(i, Math.min(n, i + 10_000));
  const mid = new Date(start + 200 * DAY + 7 * 3_600_000).toISOString();
  return { month: mid.slice(0, 7) };
}

