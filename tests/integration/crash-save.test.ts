import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import Sqlite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
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

/**
 * A child that starts the core on `dataDir`, renders a form 01 into the store inside a transaction that never
 * commits (the way a reprint is written: file first, row in the same transaction), says where, then starts an
 * atomic write large enough that its temp file is there a while (fsync) — and is SIGKILLed in it.
 */
const STRAY_CHILD = `
import { Core } from ${JSON.stringify(path.join(ROOT, 'main/core/core'))};
import { form01 } from ${JSON.stringify(path.join(ROOT, 'tests/documents/fixtures'))};
import { RecordingPrinter } from ${JSON.stringify(path.join(ROOT, 'tests/support/recording-printer'))};
const [dataDir, dossierId] = process.argv.slice(2);
(async () => {
  const core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter() });
  const s = core.services;
  void s.db.write(async (em) => {
    const doc = await s.documents.renderAndStore(em, { kind: 'form01', data: form01() }, dossierId, 'STRAY-0001', 'u', new Date());
    process.stdout.write('written ' + doc.path + '\\n');
    process.stdout.write('writing big\\n');
    (s.documents as any).files.writeAtomic('dossiers/big/scan.pdf', Buffer.alloc(200 * 1024 * 1024, 1));
    process.stdout.write('big done\\n');
    await new Promise(() => undefined);
  });
})();
`;

function runStrayChild(dataDir: string, dossierId: string): Promise<{ stray: string }> {
  const script = path.join(dataDir, 'stray-child.ts');
  fs.writeFileSync(script, STRAY_CHILD);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, dossierId], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let stray = '';
    child.stderr.on('data', (c: Buffer) => { err += c; });
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      stray = /written (\S+)/.exec(out)?.[1] ?? stray;
      if (out.includes('writing big')) {
        // Killed once the big file's temp file exists: in the middle of its write.
        const dir = path.join(dataDir, 'files', 'dossiers', 'big');
        const poll = setInterval(() => {
          if (fs.existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith('.tmp'))) { clearInterval(poll); child.kill('SIGKILL'); }
        }, 2);
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL' || !stray) return reject(new Error(`child ended by itself: ${out} ${err}`));
      resolve({ stray });
    });
  });
}

const ageBy = (file: string, ms: number) => { const t = new Date(Date.now() - ms); fs.utimesSync(file, t, t); };

describe('files a crash left without a record (SIGKILL)', () => {
  it('are removed at a later start once old enough, temp files too; recorded files are never touched', async () => {
    const h = await startCore();
    const version = await versionId(h, 'xac nhan hon nhan');
    const saved = [];
    for (let i = 0; i < 3; i++) saved.push(await h.must('dossiers.receive', intake(version)));
    await h.close();
    const files = path.join(h.dataDir, 'files');

    const { stray } = await runStrayChild(h.dataDir, saved[0].dossier.id);
    const strayFile = path.join(files, stray);
    const temps = () => fs.readdirSync(path.join(files, 'dossiers', 'big')).filter((n) => n.endsWith('.tmp')).map((n) => path.join(files, 'dossiers', 'big', n));
    expect(fs.existsSync(strayFile)).toBe(true);
    expect(execFileSync('pdftotext', [strayFile, '-'], { encoding: 'utf8' })).toContain('Nguyễn Thị Hoà Bình'.normalize('NFC'));
    expect(temps()).toHaveLength(1);
    expect(fs.existsSync(path.join(files, 'dossiers', 'big', 'scan.pdf'))).toBe(false);

    const recorded = () => {
      const db = new Sqlite(path.join(h.dataDir, 'motcua.sqlite'), { readonly: true });
      try { return db.prepare('SELECT path, sha256 FROM document').all() as { path: string; sha256: string }[]; } finally { db.close(); }
    };
    expect(recorded().map((r) => r.path)).not.toContain(stray);

    // Restarted at once: too recent to judge (a write of this launch could look the same), kept for next time.
    const lines: string[] = [];
    const start = async () => (await Core.start({ dataDir: h.dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), log: (l) => lines.push(l) })).close();
    await start();
    expect(fs.existsSync(strayFile)).toBe(true);
    expect(temps()).toHaveLength(1);

    // The next morning: both gone, logged; every recorded file still there, unchanged.
    ageBy(strayFile, 3 * 3600_000);
    for (const t of temps()) ageBy(t, 3 * 3600_000);
    await start();
    expect(fs.existsSync(strayFile)).toBe(false);
    expect(temps()).toHaveLength(0);
    expect(lines.filter((l) => l.startsWith('[storage] removed'))).toHaveLength(2);
    for (const r of recorded()) {
      const bytes = fs.readFileSync(path.join(files, r.path));
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256);
    }
    expect(recorded()).toHaveLength(3);
  }, 120_000);

  it('the first start after the upgrade looks through the whole store once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sweep-'));
    const old = path.join(dataDir, 'files', 'dossiers', '2026-10', 'X-0001', 'form01-deadbeef.pdf');
    const recent = path.join(dataDir, 'files', 'digitized', 'abc', 'f.pdf');
    for (const f of [old, recent]) { fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, '%PDF-1.7 stray'); }
    ageBy(old, 30 * 24 * 3600_000);
    const h = await startCore({ dataDir });
    const v = await versionId(h, 'khai sinh');
    const kept = await h.must('dossiers.receive', intake(v));
    await h.close();
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    const db = new Sqlite(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
    const { path: slip } = db.prepare('SELECT path FROM document WHERE id = ?').get(kept.document.id) as { path: string };
    db.close();
    // Recorded files are never candidates, however old.
    ageBy(path.join(dataDir, 'files', slip), 30 * 24 * 3600_000);
    await (await startCore({ dataDir })).close();
    expect(fs.existsSync(path.join(dataDir, 'files', slip))).toBe(true);
  }, 60_000);
});
