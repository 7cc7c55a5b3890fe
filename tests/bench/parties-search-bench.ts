// The counter's search once the other parties are indexed (issue 11): `dossiers.list` through the core on an
// office with many dossiers, a tenth of them marriages with a spouse in dossier_party. Prints p50/p95 for a
// spouse's ID number, its last 6 digits, a spouse's name and an applicant's name, and, for the applicant's
// names, the search's SQL as it was before parties (the same dossier_fts and OCR-text queries) and the party
// index's own query alone, so what the parties add shows as a ratio on the same machine and load.
// node --import tsx tests/bench/parties-search-bench.ts [--dossiers 100000]
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { partySearchText } from '../../main/services/dossier/parties';
import { dossierSearchText } from '../../main/services/dossier-service';
import { foldForSearch } from '../../shared/text';
import { startCore, versionId } from '../support/core-harness';

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
const DOSSIERS = arg('dossiers', 100_000);
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quang'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Uyên', 'Vinh'];
const pick = <T>(a: T[]) => a[crypto.randomInt(a.length)]!;
const idNo = () => `0011${String(crypto.randomInt(10 ** 8)).padStart(8, '0')}`;

async function main() {
  const h = await startCore();
  const version = await versionId(h, '1.000894');
  const raw = h.core.services.db.raw;
  const userId = (raw.prepare('SELECT id FROM app_user LIMIT 1').get() as { id: string }).id;
  const insertDossier = raw.prepare(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name,
    duration_text, channel, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email,
    received_at, effective_received_at, due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by,
    operation_id, created_at, updated_at, row_version) VALUES (?, ?, 0, '', ?, '1.000894', 'Đăng ký kết hôn', 'Trong ngày', 1,
    ?, ?, '', 'Ba Đình', '', '', ?, ?, ?, 10, 'counter', '', 1, '', '', ?, ?, ?, ?, ?, 1)`);
  const insertParty = raw.prepare(`INSERT INTO dossier_party (dossier_id, position, role, role_label, full_name, id_number, birth_date, address, phone, search_text)
    VALUES (?, 0, 'spouse', 'Người cùng đăng ký kết hôn', ?, ?, '1990-09-02', 'Ba Đình', '', ?)`);
  const spouses: { name: string; id: string }[] = [];
  const applicants: string[] = [];
  const t0 = performance.now();
  const start = Date.UTC(2025, 9, 1);
  raw.transaction(() => {
    for (let i = 0; i < DOSSIERS; i++) {
      const iso = new Date(start + Math.floor((i / DOSSIERS) * 400 * 86_400_000)).toISOString();
      const number = `000.00.13.H42-${iso.slice(2, 10).replace(/-/g, '')}-${String(i).padStart(6, '0')}`;
      const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
      const id = crypto.randomUUID();
      const applicantId = idNo();
      insertDossier.run(id, number, version, name, applicantId, iso, iso, iso, dossierSearchText(number, name, applicantId, '', '1.000894'), userId, crypto.randomUUID(), iso, iso);
      if (i % 10 === 0) {
        const spouse = { fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)} ${pick(GIVEN)}`, idNumber: idNo(), phone: '' };
        insertParty.run(id, spouse.fullName, spouse.idNumber, partySearchText(spouse));
        if (spouses.length < 200 && i % 500 === 0) spouses.push({ name: spouse.fullName, id: spouse.idNumber });
      }
      if (applicants.length < 200 && i % 500 === 250) applicants.push(name);
    }
  })();
  console.log(`loaded ${DOSSIERS.toLocaleString('en')} dossiers (${Math.ceil(DOSSIERS / 10).toLocaleString('en')} with a spouse) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const session = (await h.must('auth.login', { username: 'admin', password: 'matkhau-123' })).sessionToken;
  const search = async (query: string) => {
    const t = performance.now();
    const r = await h.core.handle('dossiers.list', { query, limit: 50 }, session) as { ok: boolean; data: unknown[] };
    if (!r.ok) throw new Error(JSON.stringify(r));
    return { ms: performance.now() - t, n: r.data.length };
  };
  // The search before parties: the dossier's own FTS and the OCR text, as dossier-service.ts ran them.
  const before = (query: string) => {
    const match = foldForSearch(query).split(' ').filter(Boolean).map((w) => `"${w}"*`).join(' ');
    const t = performance.now();
    raw.prepare(`SELECT d.* FROM dossier d WHERE d.rowid IN (SELECT f.rowid FROM dossier_fts f WHERE dossier_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?) ORDER BY d.received_at DESC`).all(match, 50);
    raw.prepare(`SELECT d.* FROM dossier d WHERE d.id IN (SELECT t.dossier_id FROM document_text_fts t WHERE document_text_fts MATCH ? ORDER BY t.rowid DESC LIMIT ?)`).all(match, 50);
    return performance.now() - t;
  };
  // The party index's own query (dossierIdsByParty), alone: what the parties add to every search.
  const partyOnly = (query: string) => {
    const match = foldForSearch(query).split(' ').filter(Boolean).map((w) => `"${w}"*`).join(' ');
    const t = performance.now();
    raw.prepare(`SELECT DISTINCT p.dossier_id FROM dossier_party p WHERE p.id IN (SELECT rowid FROM dossier_party_fts WHERE dossier_party_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`).all(match, 50);
    return performance.now() - t;
  };
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const report = async (label: string, queries: string[], expectHit: boolean) => {
    const times: number[] = [];
    for (const q of queries) {
      const r = await search(q);
      if (expectHit && r.n === 0) throw new Error(`${label}: "${q}" found nothing`);
      times.push(r.ms);
    }
    console.log(`${label.padEnd(34)} p50 ${pct(times, 0.5).toFixed(2)} ms  p95 ${pct(times, 0.95).toFixed(2)} ms  (${queries.length} queries)`);
    return times;
  };
  await report('spouse ID number', spouses.map((s) => s.id), true);
  await report('spouse ID, last 6 digits', spouses.map((s) => s.id.slice(-6)), true);
  await report('spouse name without tones', spouses.map((s) => foldForSearch(s.name)), true);
  await report('applicant name (with parties)', applicants, true);
  // Interleaved with the full search above on the same data: the comparator, as the code searched before.
  const old = applicants.map(before);
  console.log(`${'applicant name (before parties, SQL)'.padEnd(34)} p50 ${pct(old, 0.5).toFixed(2)} ms  p95 ${pct(old, 0.95).toFixed(2)} ms`);
  const party = applicants.map(partyOnly);
  console.log(`${'the party query alone (SQL)'.padEnd(34)} p50 ${pct(party, 0.5).toFixed(2)} ms  p95 ${pct(party, 0.95).toFixed(2)} ms  = ${(pct(party, 0.5) / pct(old, 0.5) * 100).toFixed(0)}% of the search's SQL before parties (p50)`);
  await h.close();
}

void main().catch((e) => { console.error(e); process.exit(1); });
