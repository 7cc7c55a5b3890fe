// Every request the shells hand the core is counter work: background OCR waits until none has run for a
// moment (main/base/counter-work.ts), also when the request fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterWork } from '../../main/base/counter-work';
import { type Harness, startCore } from '../support/core-harness';

let h: Harness;
beforeAll(async () => { h = await startCore(); }, 60_000);
afterAll(async () => { await h?.close(); });

describe('requests as counter work', () => {
  it('marks each request, answered or refused: background work waits for its answer', async () => {
    for (const request of [() => h.must('dossiers.list', {}), () => h.call('scanning.job', { jobId: 'khong-co' })]) {
      await expect.poll(() => counterWork.quiet, { timeout: 2_000 }).toBe(true);
      const answered = request();
      const quietWhileAnswering = counterWork.quiet;
      const waited = counterWork.whenQuiet();
      let answeredFirst = false;
      void answered.then(() => { answeredFirst = true; });
      await waited;
      expect(quietWhileAnswering).toBe(false);
      expect(answeredFirst).toBe(true); // background work waited for the answer
    }
  });
});
