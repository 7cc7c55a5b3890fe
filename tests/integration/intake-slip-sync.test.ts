// What a save waits on the disk for (issue 12, target 4): the dossier's transaction is synced (synchronous =
// FULL) before the clerk is answered; the slip becoming ready is not — a power cut that loses it leaves the
// slip pending, and the next start renders it again. The slip's file needs no journal line (its pending row
// names it); a temp file an interrupted write of it left is removed when it is written again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesDir } from '../../main/base/data-dir';
import { Core } from '../../main/core/core';
import { intake, startCore, versionId, type Harness } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';

let h: Harness;
let version: string;

beforeAll(async () => {
  h = await startCore();
  version = await versionId(h, 'xac nhan hon nhan');
});
afterAll(async () => { await h?.close(); });

const synchronous = () => h.core.services.db.raw.pragma('synchronous', { simple: true });

describe('the disk syncs of a save', () => {
  it('a write marked not durable commits with synchronous NORMAL; every other write, and after it, FULL', async () => {
    const db = h.core.services.db;
    expect(await db.write(async () => synchronous())).toBe(2);
    expect(await db.write(async () => synchronous(), { durable: false })).toBe(1);
    expect(synchronous()).toBe(2);
    // Also after a failed one.
    await expect(db.write(async () => { throw new Error('x'); }, { durable: false })).rejects.toThrow('x');
    expect(synchronous()).toBe(2);
  });

  it("the receipt's transaction is synced, its slip becoming ready is not", async () => {
    const seen: { durable: boolean; synchronous: unknown }[] = [];
    const db = h.core.services.db;
    const write = db.write.bind(db);
    // The save's own writes (the outbox's background flush may write meanwhile).
    db.write = ((fn, opts) => {
      if (!/DossierService|DocumentService/.test(new Error().stack ?? '')) return write(fn, opts);
      return write(async (em) => { seen.push({ durable: opts?.durable !== false, synchronous: synchronous() }); return fn(em); }, opts);
    }) as typeof db.write;
    try {
      await h.must('dossiers.receive', intake(version));
    } finally {
      db.write = write;
    }
    expect(seen).toEqual([{ durable: true, synchronous: 2 }, { durable: false, synchronous: 1 }]);
  });

  it("the slip's file is not journalled; a temp file left by an interrupted write of it goes when the next start writes it again", async () => {
    const journal = path.join(filesDir(h.dataDir), '.writes.log');
    const before = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '';
    const saved = await h.must('dossiers.receive', intake(version));
    const raw = h.core.services.db.raw;
    const row = raw.prepare('SELECT path FROM document WHERE id = ?').get(saved.document.id) as { path: string };
    expect((fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '')).toBe(before);

    // As a kill in the middle of the slip's write leaves it: the row pending, a temp file next to the PDF.
    const full = path.join(filesDir(h.dataDir), row.path);
    const temp = path.join(path.dirname(full), `.${path.basename(full)}.4242.0badc0de.tmp`);
    fs.writeFileSync(temp, 'half a PDF');
    fs.rmSync(full);
    raw.prepare(`UPDATE document SET state = 'pending', sha256 = '', size = 0 WHERE id = ?`).run(saved.document.id);
    raw.prepare(`DELETE FROM outbox WHERE dossier_id = ? AND kind = 'dossier.create'`).run(saved.dossier.id); // written with 'ready'
    await h.close();

    const core = await Core.start({ dataDir: h.dataDir, shell: 'browser', printerDriver: new RecordingPrinter() });
    try {
      const again = core.services.db.raw.prepare('SELECT state, size FROM document WHERE id = ?').get(saved.document.id) as { state: string; size: number };
      expect(again.state).toBe('ready');
      expect(fs.statSync(full).size).toBe(again.size);
      expect(fs.existsSync(temp)).toBe(false);
    } finally {
      await core.close();
    }
    h = await startCore({ dataDir: h.dataDir });
  });
});
