// Local side of the sync tests: a data folder set up like a real office, dossiers written the way the
// core writes them (dossier, component, status event, slip document, one `dossier.create` outbox row, in
// one transaction), status changes through the shipped changeStatusLocally, and the comparison with the portal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Database } from '../../../main/persistence/database';
import { changeStatusLocally } from '../../../main/services/dossier-status';
import { dossierSearchText } from '../../../main/services/dossier-service';
import type { PortalDossierRecord } from '../../../main/sync/portal/types';
import { startCore } from '../../support/core-harness';
import { ROOT } from '../../support/server';

export interface LocalOffice { dataDir: string; userId: string; versionId: string; procedureCode: string }

/** A set-up office (admin, catalogue, calendar) in a fresh data folder; the core is closed again. */
export async function makeOffice(): Promise<LocalOffice> {
  const h = await startCore();
  const raw = h.core.services.db.raw;
  const userId = (raw.prepare(`SELECT id FROM app_user WHERE username = 'admin'`).get() as { id: string }).id;
  const v = raw.prepare(`SELECT id, code FROM procedure_version WHERE code = '1.001193'`).get() as { id: string; code: string };
  await h.close();
  return { dataDir: h.dataDir, userId, versionId: v.id, procedureCode: v.code };
}

export const dbFile = (dataDir: string) => path.join(dataDir, 'motcua.sqlite');

let counter = 0;
/** Kinds of the document table the province receives (PORTAL_FORM_KINDS): the slip first, then later forms. */
const SENT_KINDS = ['form01', 'form02', 'form04', 'form05'];
/** Writes n dossiers, each with `files` (at most 4) documents of `fileSize` random bytes. */
export async function addDossiers(db: Database, office: LocalOffice, n: number, opts: { files?: number; fileSize?: number; idNumber?: (i: number) => string; number?: (i: number) => string; at?: Date } = {}): Promise<string[]> {
  const ids: string[] = [];
  const at = opts.at ?? new Date();
  const filesRoot = path.join(office.dataDir, 'files');
  if ((opts.files ?? 1) > SENT_KINDS.length) throw new Error(`at most ${SENT_KINDS.length} files a dossier`);
  await db.write(async () => {
    const raw = db.raw;
    const insDossier = raw.prepare(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text,
        channel, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at,
        effective_received_at, due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id,
        created_at, updated_at, row_version) VALUES (?, ?, 1, '', ?, ?, 'Đăng ký khai sinh', 'Trong ngày', 1, ?, ?, '1990-03-15', 'Ba Đình', '0912345678', '',
        ?, ?, ?, 2, 'counter', '', 1, '', '', ?, ?, ?, ?, ?, 1)`);
    const insComp = raw.prepare(`INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity, missing) VALUES (?, 0, 'TKKS', 'Tờ khai đăng ký khai sinh', 'original', 1, 0)`);
    const insEvent = raw.prepare(`INSERT INTO dossier_event (dossier_id, kind, from_status, to_status, at, user_id, note) VALUES (?, 'status', NULL, 2, ?, ?, '')`);
    const insDoc = raw.prepare(`INSERT INTO document (id, dossier_id, kind, template_version, path, sha256, size, created_at, created_by) VALUES (?, ?, ?, 't1', ?, ?, ?, ?, ?)`);
    const insOutbox = raw.prepare(`INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, 'dossier.create', ?, ?, 'pending', 0)`);
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      const number = opts.number?.(i) ?? `TAM-${process.pid}-${Date.now().toString(36)}-${counter + 1}`;
      counter++;
      const name = `Nguyễn Văn Thử ${counter}`;
      const idNumber = opts.idNumber?.(i) ?? `0011900${String(10000 + (counter % 90000)).slice(-5)}`;
      const iso = at.toISOString();
      insDossier.run(id, number, office.versionId, office.procedureCode, name, idNumber, iso, iso, new Date(at.getTime() + 86_400_000).toISOString(),
        dossierSearchText(number, name, idNumber, '0912345678', office.procedureCode), office.userId, crypto.randomUUID(), iso, iso);
      insComp.run(id);
      insEvent.run(id, iso, office.userId);
      for (let f = 0; f < (opts.files ?? 1); f++) {
        const bytes = crypto.randomBytes(opts.fileSize ?? 2048);
        const rel = `dossiers/t/${id}-${f}.bin`;
        fs.mkdirSync(path.join(filesRoot, 'dossiers/t'), { recursive: true });
        fs.writeFileSync(path.join(filesRoot, rel), bytes);
        insDoc.run(crypto.randomUUID(), id, SENT_KINDS[f]!, rel, crypto.createHash('sha256').update(bytes).digest('hex'), bytes.length, iso, office.userId);
      }
      insOutbox.run(crypto.randomUUID(), id, JSON.stringify({ dossierId: id, number, status: 2 }), iso);
      ids.push(id);
    }
  });
  return ids;
}

export async function changeStatus(db: Database, office: LocalOffice, dossierId: string, toStatus: number, note = ''): Promise<void> {
  await db.write((em) => changeStatusLocally(em, { dossierId, toStatus, userId: office.userId, note, at: new Date() }));
}

export function openItems(db: Database): { state: string; n: number }[] {
  return db.raw.prepare(`SELECT state, count(*) AS n FROM outbox WHERE state != 'done' GROUP BY state`).all() as { state: string; n: number }[];
}

/**
 * The portal's state equals the local state: every local dossier exactly once under its official number,
 * same status, same files (by hash), its status events as progress entries in order, without duplicates.
 */
export function compareWithPortal(db: Database, portal: { dossiers: PortalDossierRecord[]; counts: Record<string, { creates: number; progress: number; files: number }>; fileSha: (id: string) => string }): string[] {
  const problems: string[] = [];
  const raw = db.raw;
  const local = raw.prepare(`SELECT id, number, provisional, status FROM dossier WHERE channel = 1`).all() as { id: string; number: string; provisional: number; status: number }[];
  const byNumber = new Map(portal.dossiers.map((d) => [d.MaHoSo, d]));
  if (portal.dossiers.length !== local.length) problems.push(`portal has ${portal.dossiers.length} dossiers, local ${local.length}`);
  for (const d of local) {
    const p = byNumber.get(d.number);
    if (!p) { problems.push(`missing on portal: ${d.number}`); continue; }
    if (d.provisional) problems.push(`${d.number} still provisional`);
    const c = portal.counts[d.number];
    if (c?.creates !== 1) problems.push(`${d.number}: ${c?.creates} creates`);
    if (p.TrangThaiHoSo !== d.status) problems.push(`${d.number}: portal status ${p.TrangThaiHoSo}, local ${d.status}`);
    const events = raw.prepare(`SELECT to_status FROM dossier_event WHERE dossier_id = ? AND kind = 'status' ORDER BY id`).all(d.id) as { to_status: number }[];
    const progress = p.TienDoXuLy.map((e) => e.TrangThai);
    if (JSON.stringify(progress) !== JSON.stringify(events.map((e) => e.to_status))) problems.push(`${d.number}: progress ${progress} vs events ${events.map((e) => e.to_status)}`);
    const docs = (raw.prepare(`SELECT sha256 FROM document WHERE dossier_id = ?`).all(d.id) as { sha256: string }[]).map((r) => r.sha256).sort();
    const files = p.TaiLieuNop.map((f) => portal.fileSha(f.TepDinhKemId)).sort();
    if (JSON.stringify(docs) !== JSON.stringify(files)) problems.push(`${d.number}: files differ (${files.length} on portal, ${docs.length} local)`);
  }
  return problems.slice(0, 20);
}

const TYPEORM_OPTIONAL = ['pg', 'pg-native', 'pg-query-stream', 'mysql', 'mysql2', 'oracledb', 'mssql', 'sqlite3', 'sql.js', 'mongodb', 'redis', 'ioredis',
  'hdb-pool', '@sap/hana-client', 'react-native-sqlite-storage', 'typeorm-aurora-data-api-driver', '@google-cloud/spanner', 'spanner', '@sqltools/formatter',
  'sqlite', 'better-sqlite3-multiple-ciphers', '@capacitor-community/sqlite', 'expo-sqlite', 'nativescript-sqlite', '@libsql/client', 'libsql', 'pg-cloudflare'];

/** The drain child bundled once (esbuild), so 100 restarts cost a Node start each, not a TypeScript compile. */
let bundled: string | null = null;
export async function drainChildScript(): Promise<string> {
  if (bundled) return bundled;
  // Inside the repository so the bundle's `require('typeorm')` finds node_modules.
  const out = path.join(ROOT, 'node_modules', '.cache', 'motcua-sync', `drain-child-${process.pid}.cjs`);
  // Dependencies bundled too (one file to load instead of hundreds): a start costs ~0.3 s less. The native
  // addon and TypeORM's optional drivers stay external.
  await build({
    absWorkingDir: ROOT, entryPoints: [path.join(ROOT, 'tests/sync/support/drain-child.ts')], outfile: out, bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', logLevel: 'error', external: ['better-sqlite3', ...TYPEORM_OPTIONAL],
  });
  bundled = out;
  return out;
}
