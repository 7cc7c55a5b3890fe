// A file replaced by a newer version (the OCR'd PDF) is retired, not deleted at once: a reader that looked up
// its path just before the switch still finds it for a grace, and an app stopped before the grace ends leaves
// the path in the journal for the next start's clean-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../main/storage/file-store';

const roots: string[] = [];
afterEach(() => { for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true }); });

function store(): FileStore {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-store-'));
  roots.push(root);
  return new FileStore(root);
}

describe('FileStore.retire', () => {
  it('keeps the file readable during the grace, then removes it', async () => {
    const files = store();
    files.writeAtomic('digitized/d1/f1.pdf', new Uint8Array([1, 2, 3]));
    files.takeJournal().giveBack([]); // the write's own journal line, as a clean-up would have taken it
    files.retire('digitized/d1/f1.pdf', 300);
    expect([...files.read('digitized/d1/f1.pdf')]).toEqual([1, 2, 3]);
    await expect.poll(() => fs.existsSync(files.resolve('digitized/d1/f1.pdf')), { timeout: 5_000 }).toBe(false);
  });

  it('names the file in the journal first: the next start looks at it if the app stopped before the grace ended', () => {
    const files = store();
    files.writeAtomic('digitized/d1/f2.pdf', new Uint8Array([4]));
    files.takeJournal().giveBack([]);
    files.retire('digitized/d1/f2.pdf', 60 * 60_000);
    // A new launch over the same folder.
    const next = new FileStore(files.root);
    expect(next.takeJournal().paths).toContain('digitized/d1/f2.pdf');
    expect(fs.existsSync(next.resolve('digitized/d1/f2.pdf'))).toBe(true);
  });
});
