// The SIGKILL test body, shared by the "portal honours idempotency" and "portal ignores it" suites.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { Database } from '../../../main/persistence/database';
import type { FaultRule } from '../../support/reference-portal/server';
import { addDossiers, changeStatus, compareWithPortal, dbFile, drainChildScript, makeOffice, type LocalOffice } from './local';
import { clientConfig, PORTAL_PASSWORD, portalView, startPortal } from './portal';

export interface KillReport { kills: number; killedWhileSending: number; dossiers: number; progressEntries: number; files: number; retriedItems: number; problems: string[]; faultsFired: Record<string, number>; portalRequests: number }

function runChild(script: string, dataDir: string, config: string, killAfterMs: number | null): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir, config, ...(killAfterMs === null ? ['--until-empty'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (c: Buffer) => { err += c; });
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (killAfterMs !== null && !timer && out.includes('ready')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve({ killed: true, out });
      if (code === 0 && killAfterMs === null) return resolve({ killed: false, out });
      reject(new Error(`drain child ended by itself (${code}/${signal}): ${err}`));
    });
  });
}

/** Next status of a dossier along the normal path, or null when it is finished. */
const NEXT: Record<number, number> = { 2: 4, 4: 9, 9: 10 };

export async function killLoop(opts: { honourIdempotency: boolean; kills: number }): Promise<KillReport> {
  const faults: FaultRule[] = [
    { action: 'latency', probability: 0.5, ms: 4 },
    { action: 'reset-after', probability: 0.03 },
    { action: 'reset-before', probability: 0.02 },
    { action: 'error', probability: 0.03, status: 503 },
    ...(opts.honourIdempotency ? [{ action: 'duplicate' as const, probability: 0.03 }] : []),
  ];
  const portal = await startPortal({ honourIdempotency: opts.honourIdempotency, faults });
  const office: LocalOffice = await makeOffice();
  const script = await drainChildScript();
  const config = JSON.stringify({ ...clientConfig(portal, { chunkSizeBytes: 64 * 1024, timeoutMs: 3000 }), password: PORTAL_PASSWORD });
  const db = await Database.open(dbFile(office.dataDir));
  try {
    const ids = await addDossiers(db, office, 40, { files: 1, fileSize: 3000 });
    ids.push(...await addDossiers(db, office, 4, { files: 1, fileSize: 300 * 1024 }));
    let killedWhileSending = 0;
    for (let round = 0; round < opts.kills; round++) {
      // The counter keeps working between crashes: a new dossier, and status changes on existing ones.
      ids.push(...await addDossiers(db, office, 1, { files: 1, fileSize: 2000 }));
      for (let k = 0; k < 2; k++) {
        const id = ids[crypto.randomInt(ids.length)]!;
        const status = (db.raw.prepare(`SELECT status FROM dossier WHERE id = ?`).get(id) as { status: number }).status;
        if (NEXT[status]) await changeStatus(db, office, id, NEXT[status]!);
      }
      const before = portal.stats.requests;
      const r = await runChild(script, office.dataDir, config, crypto.randomInt(40, 260));
      if (!r.killed) throw new Error('child was not killed');
      if (portal.stats.requests > before) killedWhileSending++;
    }
    portal.faults = faults.filter((f) => f.action === 'latency');
    await runChild(script, office.dataDir, config, null);
    const view = portalView(portal);
    const raw = db.raw;
    return {
      kills: opts.kills, killedWhileSending, dossiers: view.dossiers.length,
      progressEntries: view.dossiers.reduce((s, d) => s + d.TienDoXuLy.length, 0),
      files: view.dossiers.reduce((s, d) => s + d.TaiLieuNop.length, 0),
      retriedItems: (raw.prepare(`SELECT count(*) AS n FROM outbox WHERE attempts > 1`).get() as { n: number }).n,
      problems: [
        ...compareWithPortal(db, view),
        ...(raw.prepare(`SELECT seq, kind, state, last_error FROM outbox WHERE state != 'done'`).all() as object[]).map((r) => `not done: ${JSON.stringify(r)}`),
      ],
      faultsFired: portal.stats.faultsFired, portalRequests: portal.stats.requests,
    };
  } finally {
    await db.close();
    await portal.close();
  }
}
