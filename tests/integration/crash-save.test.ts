import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { Core } from '../../main/core/core';
import { ROOT } from '../support/server';
import { intake, startCore, versionId } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';

/**
 * Runs the save loop in a child process and kills it with SIGKILL `ms` after its `afterSaves`-th
 * acknowledged save — at a random moment inside a later save, whatever the machine's load.
 */
function saveThenKill(dataDir: string, version: string, afterSaves: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/save-loop.ts'), dataDir, version], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c; });
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (!timer && (out.match(/saved/g) ?? []).length >= afterSaves) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    let timer: NodeJS.Timeout | undefined;
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      resolve((out.match(/saved/g) ?? []).length);
    });
  });
}

describe('a save killed mid-way (SIGKILL) leaves each dossier complete or absent', () => {
  it('survives repeated kills at random moments', async () => {
    const h = await startCore();
    const version = await versionId(h, 'xac nhan hon nhan');
    const dataDir = h.dataDir;
    await h.close();

    let acknowledged = 0;
    for (let round = 0; round < 6; round++) {
      acknowledged += await saveThenKill(dataDir, version, 1 + crypto.randomInt(3), crypto.randomInt(120));
    }
    expect(acknowledged).toBeGreaterThanOrEqual(6);

    // A kill between a save's transaction and its slip's PDF leaves the slip pending; the next start renders
    // it again and reports the receipt then. Start the core once, as the counter would in the morning.
    const lines: string[] = [];
    const restarted = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), log: (l) => lines.push(l) });
    await restarted.close();
    console.info(`[crash-save] ${acknowledged} acknowledged saves; slips rendered again at restart: ${lines.filter((l) => l.includes('left pending')).length}`);

    const db = await Database.open(path.join(dataDir, 'motcua.sqlite'));
    try {
      const raw = db.raw;
      const dossiers = raw.prepare('SELECT id, number FROM dossier').all() as { id: string; number: string }[];
      // Every save the child reported before the kill is there (committed means durable).
      expect(dossiers.length).toBeGreaterThanOrEqual(acknowledged);
      for (const d of dossiers) {
        const components = raw.prepare('SELECT count(*) n FROM dossier_component WHERE dossier_id = ?').get(d.id) as { n: number };
        const events = raw.prepare('SELECT count(*) n FROM dossier_event WHERE dossier_id = ?').get(d.id) as { n: number };
        const outbox = raw.prepare("SELECT count(*) n FROM outbox WHERE dossier_id = ? AND kind = 'dossier.create'").get(d.id) as { n: number };
        const docs = raw.prepare('SELECT path, sha256, state FROM document WHERE dossier_id = ?').all(d.id) as { path: string; sha256: string; state: string }[];
        expect(components.n, d.number).toBeGreaterThanOrEqual(1);
        expect(events.n, d.number).toBe(1);
        expect(outbox.n, d.number).toBe(1);
        expect(docs, d.number).toHaveLength(1);
        expect(docs[0]!.state, d.number).toBe('ready');
        const bytes = fs.readFileSync(path.join(dataDir, 'files', docs[0]!.path));
        expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(docs[0]!.sha256);
      }
      // Numbers stay unique and consecutive for the day: a rolled-back save gives its number back.
      const seqs = dossiers.map((d) => Number(d.number.slice(-4))).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('a save interrupted after its transaction, before its slip is written', () => {
  it('keeps the dossier with its slip pending and nothing sent; the retry or the next start completes both', async () => {
    const h = await startCore();
    const version = await versionId(h, 'xac nhan hon nhan');
    const files = (h.core.services.documents as unknown as { files: { writeAtomic: (...a: unknown[]) => unknown } }).files;
    const write = files.writeAtomic;
    files.writeAtomic = () => { throw new Error('ENOSPC: no space left on device'); };
    const first = intake(version);
    const failed = await h.call('dossiers.receive', first);
    expect(failed.ok).toBe(false);
    expect(failed.error.message).toMatch(/không bị mất/);
    const raw = h.core.services.db.raw;
    const [dossier] = raw.prepare('SELECT id, number FROM dossier WHERE operation_id = ?').all(first.operationId) as { id: string; number: string }[];
    expect(dossier).toBeDefined();
    const slip = () => raw.prepare('SELECT id, path, sha256, state FROM document WHERE dossier_id = ?').get(dossier!.id) as { id: string; path: string; sha256: string; state: string };
    const creates = () => (raw.prepare("SELECT count(*) AS n FROM outbox WHERE dossier_id = ? AND kind = 'dossier.create'").get(dossier!.id) as { n: number }).n;
    expect(slip()).toMatchObject({ state: 'pending', sha256: '' });
    expect(fs.existsSync(path.join(h.dataDir, 'files', slip().path))).toBe(false);
    // The province hears nothing of a receipt whose slip does not exist yet.
    expect(creates()).toBe(0);

    // A second dossier is interrupted the same way and left for the next start.
    const second = intake(version);
    expect((await h.call('dossiers.receive', second)).ok).toBe(false);
    files.writeAtomic = write;

    // The clerk saves again (same operation id): the same dossier, its slip now written, reported once.
    const retried = await h.must('dossiers.receive', first);
    expect(retried.dossier.id).toBe(dossier!.id);
    expect(retried.document.id).toBe(slip().id);
    expect(slip().state).toBe('ready');
    expect(creates()).toBe(1);
    await h.close();

    const again = await startCore({ dataDir: h.dataDir });
    const raw2 = again.core.services.db.raw;
    const rows = raw2.prepare(`SELECT d.id, doc.path, doc.sha256, doc.state, (SELECT count(*) FROM outbox o WHERE o.dossier_id = d.id AND o.kind = 'dossier.create') AS creates
      FROM dossier d JOIN document doc ON doc.dossier_id = d.id`).all() as { id: string; path: string; sha256: string; state: string; creates: number }[];
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.state).toBe('ready');
      expect(r.creates).toBe(1);
      const bytes = fs.readFileSync(path.join(h.dataDir, 'files', r.path));
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256);
      expect(execFileSync('pdftotext', [path.join(h.dataDir, 'files', r.path), '-'], { encoding: 'utf8' })).toContain('GIẤY TIẾP NHẬN HỒ SƠ');
    }
    // The second save, retried after the restart, answers with the dossier the restart completed.
    const late = await again.must('dossiers.receive', second);
    expect(rows.map((r) => r.id)).toContain(late.dossier.id);
    await again.close();
  }, 60_000);
});
