import { expect, it } from 'vitest';
import { killLoop } from './support/kill-loop';

// The drainer process is killed with SIGKILL at random moments of a drain, 100 times in a row, while the
// counter keeps adding dossiers and status changes; the portal honours idempotency keys and injects resets
// (before and after commit), 5xx, latency and duplicate deliveries.
it('100 SIGKILLs during a drain: the portal ends equal to the local state, no duplicates, no losses (idempotency honoured)', async () => {
  const r = await killLoop({ honourIdempotency: true, kills: Number(process.env.SYNC_KILLS ?? 100) });
  console.log(`[kill test, idempotency honoured] ${JSON.stringify(r)}`);
  expect(r.problems).toEqual([]);
  expect(r.killedWhileSending).toBeGreaterThan(r.kills / 2);
  expect(r.retriedItems).toBeGreaterThan(0);
}, 240_000);
