// V8 flags of the core process. The core's work is many small requests (a save, its slip, a search), each
// leaving a few hundred KB of garbage (PDF buffers, query results). With V8's default heap growing, the old
// generation grew by ~10 MB every 50 saves before a full collection came, so the core's resident memory rose
// with the day's work: 289 MB after 200 saves at 200,000 dossiers, 57 MB of it live. --optimize-for-size
// keeps the growing factor small: the heap stays near its live size (~60–75 MB) and the core at ~190 MB
// (issue 12 target 4: ≤ 200 MB). (--max-semi-space-size=1 was tried: it promotes more short-lived objects
// and made the peak worse, 297 MB.) Both entry points of the core — Electron's utility process (core-host.ts)
// and the browser shell (serve.ts) — set them first thing at run time: V8 reads this one at every collection.
import v8 from 'node:v8';

export const CORE_V8_FLAGS: readonly string[] = ['--optimize-for-size'];

/** Sets the core's V8 flags unless the process was started with them (or MOTCUA_V8_DEFAULTS=1, for benchmarks). */
export function applyCoreV8Flags(): void {
  if (process.env.MOTCUA_V8_DEFAULTS === '1') return;
  for (const flag of CORE_V8_FLAGS) if (!process.execArgv.includes(flag)) v8.setFlagsFromString(flag);
}
