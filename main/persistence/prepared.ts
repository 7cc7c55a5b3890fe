import type { Database as Raw, Statement } from 'better-sqlite3';

const cache = new WeakMap<Raw, Map<string, Statement>>();
/** Prepared once per connection and SQL text: the drainer runs the same few statements thousands of times. */
export function prepared(raw: Raw, sql: string): Statement {
  let m = cache.get(raw);
  if (!m) { m = new Map(); cache.set(raw, m); }
  let s = m.get(sql);
  if (!s) { s = raw.prepare(sql); m.set(sql, s); }
  return s;
}
