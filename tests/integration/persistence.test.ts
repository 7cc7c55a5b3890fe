import Sqlite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake, SettableClock, startCore, versionId } from '../support/core-harness';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-db-'));

describe('SQLite store', () => {
  it('opens with WAL, foreign keys and busy timeout, and runs each migration once', async () => {
    const file = path.join(tmp(), 'motcua.sqlite');
    const db = await Database.open(file);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    const applied = db.raw.prepare('SELECT name FROM schema_migrations').all();
    await db.close();
    const again = await Database.open(file);
    expect(again.raw.prepare('SELECT name FROM schema_migrations').all()).toEqual(applied);
    expect(() => again.raw.prepare("INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity) VALUES ('nope', 0, '', 'x', 'original', 1)").run())
      .toThrow(/FOREIGN KEY/);
    await again.close();
  });

  it('finds a damaged database in the background and then refuses to write, with a clear message', async () => {
    const dataDir = tmp();
    const file = path.join(dataDir, 'motcua.sqlite');
    const h = await startCore({ dataDir });
    const v = await versionId(h, 'khai sinh');
    for (let i = 0; i < 30; i++) await h.must('dossiers.receive', intake(v));
    expect(await h.core.services.db.integrity).toBe('ok');
    expect((await h.must('app.info')).dataIntegrity).toBe('ok');
    await h.close();
    // Overwrite the root page of the dossier table (not the file header): the integrity check must notice.
    const probe = new Sqlite(file, { readonly: true });
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const rootPage = (probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'dossier'").get() as { rootpage: number }).rootpage;
    probe.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootPage - 1) * pageSize);
    fs.closeSync(fd);
    // The header is intact, so the core starts (the counter is not held up) and the check runs behind it.
    const damaged = await startCore({ dataDir });
    expect(await damaged.core.services.db.integrity).toBe('damaged');
    expect((await damaged.must('app.info')).dataIntegrity).toBe('damaged');
    const refused = await damaged.call('dossiers.receive', intake(v));
    expect(refused.error.code).toBe('DATA_DAMAGED');
    expect(refused.error.message).toMatch(/Cơ sở dữ liệu bị hỏng.*sao lưu/);
    await damaged.close();
  });
});

describe('office settings', () => {
  it('requires {counter} in the number pattern when a counter code is set, and uses it', async () => {
    const clock = new SettableClock(new Date('2026-11-27T09:00:00+07:00'));
    const h = await startCore({ clock });
    const bad = await h.call('office.update', { ...OFFICE, counterCode: 'Q2' });
    expect(bad.error.fields).toEqual([expect.objectContaining({ field: 'numberPattern', message: expect.stringContaining('{counter}') })]);
    await h.must('office.update', { ...OFFICE, counterCode: 'Q2', numberPattern: '{agency}-{yy}{MM}{dd}-{counter}{seq:3}' });
    const v = await versionId(h, 'khai sinh');
    const r = await h.must('dossiers.receive', intake(v));
    expect(r.dossier.number).toBe('000.00.13.H42-261127-Q2001');
    const admin = await h.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(admin.ok).toBe(true);
    await h.close();
  });
});

describe('the write lock during a save', () => {
  it('is not held while the slip is rendered: another writer commits while the PDF is being made', async () => {
    const h = await startCore();
    const v = await versionId(h, 'xac nhan hon nhan');
    const renderer = await h.core.services.documents.renderer();
    const render = renderer.render.bind(renderer);
    const events: string[] = [];
    let entered!: () => void;
    const inRender = new Promise<void>((r) => { entered = r; });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    renderer.render = async (payload) => {
      entered();
      // Held until the other writer got through, or (if it cannot, because the lock is held) a while later.
      await Promise.race([gate, new Promise((r) => setTimeout(r, 3000))]);
      events.push('render resumes');
      return render(payload);
    };
    const saving = h.must('dossiers.receive', intake(v));
    await inRender;
    // As a scan save or the sync drainer would: a transaction of its own.
    const other = h.core.services.db.write(async (em) => em.query('SELECT 1')).then(() => { events.push('other writer committed'); release(); });
    await Promise.all([saving, other]);
    expect(events).toEqual(['other writer committed', 'render resumes']);
    renderer.render = render;
    await h.close();
  });
});
