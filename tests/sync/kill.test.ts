import { describe, expect, it } from 'vitest';
import { killLoop } from './support/kill-loop';

// The drainer process is killed with SIGKILL at random moments of a drain, 100 times in a row, while the
// counter keeps adding dossiers and status changes between crashes; the portal injects resets (before and
// after commit), 5xx and latency. Once with a portal that honours idempotency keys (and also delivers some
// requests twice), once with a portal that ignores them: then only the client's look-up before create (and
// its progress check) stand between a retry and a duplicate. The two run side by side (separate processes).
const KILLS = Number(process.env.SYNC_KILLS ?? 100);

describe.concurrent('SIGKILL during a drain', () => {
  for (const honourIdempotency of [true, false]) {
    it(`${KILLS} kills: the portal ends equal to the local state, no duplicates, no losses (${honourIdempotency ? 'idempotency honoured' : 'portal ignores idempotency keys'})`, async () => {
      const r = await killLoop({ honourIdempotency, kills: KILLS });
      console.log(`[kill test, ${honourIdempotency ? 'idempotency honoured' : 'idempotency ignored'}] ${JSON.stringify(r)}`);
      expect(r.problems).toEqual([]);
      expect(r.killedWhileSending).toBeGreaterThan(r.kills / 2);
      expect(r.retriedItems).toBeGreaterThan(0);
    }, 600_000);
  }
});
