import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource, type EntityManager } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export class DatabaseCorruptError extends Error {}

/**
 * The local SQLite store. One connection (better-sqlite3 is synchronous), so every write transaction
 * goes through one queue: two awaits of two transactions must never interleave on the same connection.
 * Reads wait for the write in flight, so nobody sees half of a transaction.
 */
export class Database {
  private tail: Promise<unknown> = Promise.resolve();
  /** 'checking' until the background integrity check answers; writes are refused once it says 'damaged'. */
  integrityState: 'checking' | 'ok' | 'damaged' = 'checking';
  integrityProblems: string[] = [];
  /** Resolves when the start-up integrity check is done (tests and the admin screen wait on it). */
  integrity: Promise<'ok' | 'damaged'> = Promise.resolve('ok');

  private constructor(readonly dataSource: DataSource, readonly file: string) {}

  static async open(file: string): Promise<Database> {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      entities: ALL_ENTITIES,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      timeout: 5000,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        // FULL: a committed dossier survives a power cut at the counter, not only a crash.
        db.pragma('synchronous = FULL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    });
    await dataSource.initialize();
    const database = new Database(dataSource, file);
    await dataSource.runMigrations({ transaction: 'each' });
    database.integrity = database.startIntegrityCheck();
    return database;
  }

  /** The raw better-sqlite3 handle, for pragmas and hot-path prepared statements. */
  get raw(): import('better-sqlite3').Database {
    return (this.dataSource.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection;
  }

  /**
   * PRAGMA quick_check reads the whole file (about a second for 300 MB), so it runs on a read-only
   * connection in a worker thread right after start-up instead of delaying the counter. A damaged
   * database switches the core to read-only with a clear message: nothing more is written into it.
   */
  private startIntegrityCheck(): Promise<'ok' | 'damaged'> {
    if (this.file === ':memory:') { this.integrityState = 'ok'; return Promise.resolve('ok'); }
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      try {
        const Sqlite = require(workerData.module);
        const db = new Sqlite(workerData.file, { readonly: true, fileMustExist: true });
        // The check reads every page once: a 16 MB page cache (better-sqlite3's default) only added to the
        // core's memory while it ran, right after start-up.
        db.pragma('cache_size = -1000');
        const rows = db.pragma('quick_check');
        db.close();
        parentPort.postMessage(rows.map((r) => r.quick_check));
      } catch (e) { parentPort.postMessage([String(e && e.message || e)]); }`;
    return new Promise((resolve) => {
      const worker = new Worker(code, { eval: true, workerData: { file: this.file, module: require.resolve('better-sqlite3') } });
      worker.unref();
      worker.once('message', (rows: string[]) => {
        const problems = rows.filter((r) => r !== 'ok');
        this.integrityProblems = problems.slice(0, 5);
        this.integrityState = problems.length ? 'damaged' : 'ok';
        void worker.terminate();
        resolve(this.integrityState as 'ok' | 'damaged');
      });
      worker.once('error', (e) => {
        this.integrityProblems = [e.message];
        this.integrityState = 'damaged';
        resolve('damaged');
      });
    });
  }

  private damagedError(): DatabaseCorruptError {
    return new DatabaseCorruptError(`Cơ sở dữ liệu bị hỏng (${this.file}): ${this.integrityProblems.slice(0, 3).map((p) => p.replace(/\s+/g, ' ')).join('; ')}. Ứng dụng chỉ cho xem, không ghi thêm; hãy báo quản trị để khôi phục từ bản sao lưu.`);
  }

  /**
   * Runs fn in one serialized transaction; everything it writes commits together or not at all.
   * `durable: false` commits without waiting for the disk (synchronous = NORMAL for this transaction): for a
   * write that the next start redoes when a power cut loses it (a slip marked ready: a pending one is rendered
   * again), never for what the clerk is told is saved. A kill of the process loses neither: the commit is in
   * the WAL file, and the next durable commit's sync carries it to the disk too.
   */
  write<T>(fn: (em: EntityManager) => Promise<T>, opts: { durable?: boolean } = {}): Promise<T> {
    const run = this.tail.then(async () => {
      if (this.integrityState === 'damaged') throw this.damagedError();
      if (opts.durable !== false) return this.dataSource.transaction(fn);
      this.raw.pragma('synchronous = NORMAL');
      try {
        return await this.dataSource.transaction(fn);
      } finally {
        this.raw.pragma('synchronous = FULL');
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Waits for the write in flight, then reads. */
  async read<T>(fn: (em: EntityManager) => Promise<T> | T): Promise<T> {
    await this.tail;
    return fn(this.dataSource.manager);
  }

  async close(): Promise<void> {
    await this.tail;
    await this.integrity;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
