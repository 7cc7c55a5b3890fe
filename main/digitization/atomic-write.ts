// Atomic file replacement: temp file in the same folder, fsync, rename, fsync of the folder. A crash leaves
// the old file or the whole new one, never a torn file under the final name.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function fsyncDir(dir: string): Promise<void> {
  // Linux needs the folder fsynced for the rename to survive a power cut; Windows cannot open folders.
  if (process.platform === 'win32') return;
  const fd = await open(dir, 'r');
  try { await fd.sync(); } finally { await fd.close(); }
}

/** Flushes an already written temp file and moves it over `finalPath`. */
export async function commitTempFile(tempPath: string, finalPath: string): Promise<void> {
  const fd = await open(tempPath, 'r+');
  try { await fd.sync(); } finally { await fd.close(); }
  await rename(tempPath, finalPath);
  await fsyncDir(dirname(finalPath));
}

export async function writeFileAtomic(finalPath: string, bytes: Uint8Array | string): Promise<void> {
  const temp = tempPathFor(finalPath);
  const fd = await open(temp, 'wx');
  try {
    await fd.writeFile(bytes);
    await fd.sync();
  } catch (e) {
    await fd.close();
    await rm(temp, { force: true });
    throw e;
  }
  await fd.close();
  await rename(temp, finalPath);
  await fsyncDir(dirname(finalPath));
}
