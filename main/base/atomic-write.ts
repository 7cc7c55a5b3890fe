// The one atomic file replacement of the core: temp file in the same folder, fsync, rename, fsync of the
// folder. A crash leaves the old file or the whole new one, never a torn file under the final name; the
// temp name (".<name>.<pid>.<random>.tmp") is what the start-up sweep recognises as an interrupted write.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (e.g. 0o600 for credentials); kept through the rename. */
  mode?: number;
  /** false for caches that can be remade: no fsync, the rename still never shows a torn file. */
  durable?: boolean;
}

export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function fsyncDir(dir: string): Promise<void> {
  // Linux needs the folder fsynced for the rename to survive a power cut; Windows cannot open folders.
  if (process.platform === 'win32') return;
  const fd = await open(dir, 'r');
  try { await fd.sync(); } finally { await fd.close(); }
}

export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

/** Flushes an already written temp file and moves it over `finalPath`. */
export async function commitTempFile(tempPath: string, finalPath: string): Promise<void> {
  const fd = await open(tempPath, 'r+');
  try { await fd.sync(); } finally { await fd.close(); }
  await rename(tempPath, finalPath);
  await fsyncDir(dirname(finalPath));
}

export async function writeFileAtomic(finalPath: string, bytes: Uint8Array | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(finalPath);
  const fd = await open(temp, 'wx', opts.mode);
  try {
    await fd.writeFile(bytes);
    if (opts.durable !== false) await fd.sync();
  } catch (e) {
    await fd.close();
    await rm(temp, { force: true });
    throw e;
  }
  await fd.close();
  await rename(temp, finalPath);
  if (opts.durable !== false) await fsyncDir(dirname(finalPath));
}

/** writeFileAtomic for callers inside a synchronous section (the file store, settings files). */
export function writeFileAtomicSync(finalPath: string, bytes: Uint8Array | string, opts: AtomicWriteOptions = {}): void {
  const temp = tempPathFor(finalPath);
  const fd = fs.openSync(temp, 'wx', opts.mode);
  try {
    fs.writeFileSync(fd, bytes);
    if (opts.durable !== false) fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, finalPath);
  // rename keeps the temp file's mode; a file that existed with wider rights gets the asked mode again.
  if (opts.mode !== undefined) fs.chmodSync(finalPath, opts.mode);
  if (opts.durable !== false) fsyncDirSync(dirname(finalPath));
}
