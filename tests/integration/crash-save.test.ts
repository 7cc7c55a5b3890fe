import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { ROOT } from '../support/server';
import { startCore, versionId } from '../support/core-harness';

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
        const docs = raw.prepare('SELECT path, sha256 FROM document WHERE dossier_id = ?').all(d.id) as { path: string; sha256: string }[];
        expect(components.n, d.number).toBeGreaterThanOrEqual(1);
        expect(events.n, d.number).toBe(1);
        expect(outbox.n, d.number).toBe(1);
        expect(docs, d.number).toHaveLength(1);
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
