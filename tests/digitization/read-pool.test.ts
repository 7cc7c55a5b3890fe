// Scanned PNM pages are read into buffers used again for later pages: the right bytes every time, a buffer
// never handed to a second reader while the first still holds it, and at most two kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPooled } from '../../main/digitization/read-pool';
import { tempDir } from './helpers';

const tmp = tempDir('readpool');
afterAll(() => tmp.cleanup());
const file = (name: string, size: number, fill: number) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, Buffer.alloc(size, fill));
  return path;
};

describe('pooled page reads', () => {
  it('reads each file exactly, reuses a released buffer, and never shares one still in use', async () => {
    const big = file('big.pnm', 3_000_000, 7);
    const small = file('small.pnm', 1_000, 9);
    const first = await readPooled(big);
    expect(first.bytes.length).toBe(3_000_000);
    expect(first.bytes.every((b) => b === 7)).toBe(true);
    // Held: a second read gets its own memory.
    const second = await readPooled(big);
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    const firstMemory = first.bytes.buffer;
    first.release();
    first.release(); // once only
    second.release();
    // A smaller page reuses a kept buffer, and sees only its own bytes.
    const third = await readPooled(small);
    expect([firstMemory, second.bytes.buffer]).toContain(third.bytes.buffer);
    expect(third.bytes.length).toBe(1_000);
    expect(third.bytes.every((b) => b === 9)).toBe(true);
    const fourth = await readPooled(big);
    expect(fourth.bytes.buffer).not.toBe(third.bytes.buffer);
    expect(fourth.bytes.every((b) => b === 7)).toBe(true);
    third.release();
    fourth.release();
  });
});
