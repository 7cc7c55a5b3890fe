// The counter's activity gate: background work goes on only after nothing has run for the quiet period,
// never while a request or a scanned page is in progress, and never waits for ever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CounterWork } from '../../../main/base/counter-work';

let clock = 0;
const counter = () => new CounterWork(150, () => clock);
const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => { done = true; });
  await vi.advanceTimersByTimeAsync(0);
  return done;
};
const advance = async (ms: number) => { clock += ms; await vi.advanceTimersByTimeAsync(ms); };

beforeEach(() => { vi.useFakeTimers(); clock = 1_000; });
afterEach(() => { vi.useRealTimers(); });

describe('CounterWork', () => {
  it('lets background work go at once when nothing has run', async () => {
    expect(await settled(counter().whenQuiet())).toBe(true);
  });

  it('holds background work while work runs, and for the quiet period after the last of it ends', async () => {
    const c = counter();
    const endA = c.begin();
    const endB = c.begin();
    const waiting = c.whenQuiet();
    await advance(5_000);
    expect(await settled(waiting)).toBe(false);
    endA();
    endA(); // ending twice counts once
    await advance(1_000);
    expect(await settled(waiting)).toBe(false); // B still runs
    endB();
    await advance(100);
    expect(await settled(waiting)).toBe(false); // within the quiet period
    const again = c.begin(); // a second click restarts it
    again();
    await advance(100);
    expect(await settled(waiting)).toBe(false);
    await advance(60);
    expect(await settled(waiting)).toBe(true);
    expect(c.quiet).toBe(true);
  });

  it('gives up waiting after maxWaitMs, and at once on abort', async () => {
    const c = counter();
    c.begin();
    const capped = c.whenQuiet({ maxWaitMs: 2_000 });
    const controller = new AbortController();
    const aborted = c.whenQuiet({ signal: controller.signal });
    await advance(1_000);
    expect(await settled(capped)).toBe(false);
    controller.abort();
    expect(await settled(aborted)).toBe(true);
    await advance(1_000);
    expect(await settled(capped)).toBe(true);
  });

  it('run() marks work for as long as it runs, also when it fails', async () => {
    const c = counter();
    let release!: () => void;
    const work = c.run(() => new Promise<void>((r) => { release = r; }));
    expect(c.quiet).toBe(false);
    release();
    await work;
    await advance(150);
    expect(c.quiet).toBe(true);
    await expect(c.run(async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(c.quiet).toBe(false);
    await advance(150);
    expect(c.quiet).toBe(true);
  });
});
