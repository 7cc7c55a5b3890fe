import fs from 'node:fs';
import path from 'node:path';
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
    database.checkIntegrity();
    await dataSource.runMigrations({ transaction: 'each' });
    return database;
  }

  /** The raw better-sqlite3 handle, for pragmas and hot-path prepared statements. */
  get raw(): import('better-sqlite3').Database {
    return (this.dataSource.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection;
  }

  private checkIntegrity(): void {
    const rows = this.raw.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((s) => s !== 'ok');
    if (problems.length) {
      throw new DatabaseCorruptError(`Cơ sở dữ liệu bị hỏng (${this.file}): ${problems.slice(0, 3).join('; ')}`);
    }
  }

  /** Runs fn in one serialized transaction; everything it writes commits together or not at all. */
  write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.dataSource.transaction(fn));
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
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
