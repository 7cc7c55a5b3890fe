import type { Database as Raw } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';

/**
 * The caller's open transaction: a TypeORM EntityManager (services) or the raw better-sqlite3 handle
 * (the drainer's queue, inbound sync). The owner never opens a transaction of its own inside it.
 */
export type Tx = EntityManager | Raw;

/**
 * The better-sqlite3 handle under a transaction (one connection: statements on it join the transaction in
 * progress), so one synchronous implementation serves both kinds of writers.
 */
export function rawOf(tx: Tx): Raw {
  if ('prepare' in tx && typeof tx.prepare === 'function') return tx as Raw;
  return ((tx as EntityManager).connection.driver as unknown as { databaseConnection: Raw }).databaseConnection;
}
