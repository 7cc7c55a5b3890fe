// Benchmark (not part of the test suite): the office's indicators (issue 10 item 6) for a month of an office
// with 200,000 dossiers (about 400 days, ~15,000 a month) of which 5,000 are open: components (1–2 each),
// digitized components and results, sync state, workflow rows with outcomes, returns with ratings.
//  - indicators.compute for a month through the core's handler, as the leader's screen calls it (p50, p95);
//  - the first page behind two figures (late dossiers, dossiers not fully digitized);
//  - the workbook of the month;
//  - comparator: the same figures read directly from the dossier, component, digitized file, sync and workflow
//    tables (per-dossier look-ups, as without migration 0026's dossier_kpi), side by side, alternating rounds;
//    both must give the same figures.
// Target: compute for a month p95 ≤ 50 ms.
// Usage: node --import tsx tests/bench/indicators-bench.ts [--dossiers 200000 --open 5000 --rounds 40]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { indicatorsRound, loadOffice } from './indicators-section';
import { startCore } from '../support/core-harness';

const { values: options } = parseArgs({ args: process.argv.slice(2), options: { dossiers: { type: 'string' }, open: { type: 'string' }, rounds: { type: 'string' } } });
const DOSSIERS = Number(options.dossiers ?? 200_000);
const OPEN = Number(options.open ?? 5_000);
const ROUNDS = Number(options.rounds ?? 40);

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-kpi-bench-'));
  const h = await startCore({ dataDir });
  const raw = h.core.services.db.raw;
  const t = performance.now();
  const span = loadOffice(raw, DOSSIERS, OPEN);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const dbFile = path.join(dataDir, 'motcua.sqlite');
  console.log(`loaded ${DOSSIERS.toLocaleString('en')} dossiers (${OPEN.toLocaleString('en')} open) in ${((performance.now() - t) / 1000).toFixed(1)} s; db ${(fs.statSync(dbFile).size / 2 ** 20).toFixed(0)} MB`);

  raw.exec('ANALYZE');

  const month = span.month;
  const period = { from: `${month}-01`, to: `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate()).padStart(2, '0')}` };
  const r = await indicatorsRound({ handle: (m, i) => h.must(m, i), raw, period, rounds: ROUNDS });
  console.log(`month ${month}: ${r.shares.map((s) => `${s.key} ${s.met}/${s.total}`).join(', ')}`);
  console.log(`indicators.compute (handler)  p50 ${ms(pct(r.computeMs, 50))}  p95 ${ms(pct(r.computeMs, 95))}  (target p95 ≤ 50 ms)`);
  console.log(`late dossiers, first page      p50 ${ms(pct(r.lateMs, 50))}  p95 ${ms(pct(r.lateMs, 95))}`);
  console.log(`not digitized, first page      p50 ${ms(pct(r.undigitizedMs, 50))}  p95 ${ms(pct(r.undigitizedMs, 95))}`);
  console.log(`workbook of the month          p50 ${ms(pct(r.xlsxMs, 50))}`);
  console.log(`figures' SQL (dossier_kpi)     p50 ${ms(pct(r.sqlMs, 50))}  p95 ${ms(pct(r.sqlMs, 95))}`);
  console.log(`read directly (comparator)     p50 ${ms(pct(r.directMs, 50))}  p95 ${ms(pct(r.directMs, 95))}  → ratio ${(pct(r.directMs, 50) / pct(r.sqlMs, 50)).toFixed(1)}×; same figures: ${r.same ? 'yes' : 'NO'}`);
  await h.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
