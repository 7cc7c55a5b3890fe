// The SIGKILL test body, shared by the "portal honours idempotency" and "portal ignores it" suites.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { Database } from '../../../main/persistence/database';
import type { FaultRule } from '../../support/reference-portal/server';
import { addDossiers, changeStatus, compareWithPortal, dbFile, drainChildScript, makeOffice, type LocalOffice } from './local';
import { clientConfig, PORTAL_PASSWORD, portalView, startPortal } from './portal';

export interface KillReport { kills: number; killedWhileSending: number; dossiers: number; progressEntries: number; files: number; retriedItems: number; problems: string[]; faultsFired: Record<string, number>; portalRequests: number }

interface Child { proc: ChildProcess; out: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> }

/** A drain process with its code loaded, waiting for "go" (so a restart costs no module loading). */
function spawnWarm(script: string, dataDir: string, config: string, untilEmpty: boolean): Child {
  const proc = spawn(process.execPath, [script, dataDir, config, ...(untilEmpty ? ['--until-empty'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => { out += c; });
  proc.stderr!.on('data', (c: Buffer) => { err += c; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, err })));
  return { proc, out: () => out, exited };
}

async function waitFor(child: Child, word: string): Promise<void> {
  while (!child.out().includes(word)) {
    if (child.proc.exitCode !== null) throw new Error(`drain child exited before "${word}": ${(await child.exited).err}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets a warm child drain, kills it with SIGKILL `killAfterMs` after it started (null: runs until empty). */
async function runChild(child: Child, killAfterMs: number | null): Promise<void> {
  await waitFor(child, 'loaded');
  child.proc.stdin!.write('go\n');
  await waitFor(child, 'ready');
  if (killAfterMs !== null) {
    await new Promise((r) => setTimeout(r, killAfterMs));
    child.proc.kill('SIGKILL');
  }
  const { code, signal, err } = await child.exited;
  if (killAfterMs !== null ? signal !== 'SIGKILL' : code !== 0) throw new Error(`drain child ended by itself (${code}/${signal}): ${err}`);
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
    let warm = spawnWarm(script, office.dataDir, config, false);
    for (let round = 0; round < opts.kills; round++) {
      // The counter keeps working between crashes: a new dossier, and status changes on existing ones.
      ids.push(...await addDossiers(db, office, 1, { files: 1, fileSize: 2000 }));
      for (let k = 0; k < 2; k++) {
        const id = ids[crypto.randomInt(ids.length)]!;
        const status = (db.raw.prepare(`SELECT status FROM dossier WHERE id = ?`).get(id) as { status: number }).status;
        if (NEXT[status]) await changeStatus(db, office, id, NEXT[status]!);
      }
      const before = portal.stats.requests;
      const current = warm;
      warm = spawnWarm(script, office.dataDir, config, false); // loads while `current` drains
      const t0 = Date.now();
      await runChild(current, crypto.randomInt(40, 260));
      if (process.env.SYNC_DEBUG) console.log(`round ${round}: ${Date.now() - t0} ms`);
      if (portal.stats.requests > before) killedWhileSending++;
    }
    warm.proc.kill('SIGKILL');
    portal.faults = faults.filter((f) => f.action === 'latency');
    await runChild(spawnWarm(script, office.dataDir, config, true), null);
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
