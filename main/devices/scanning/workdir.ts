// Page files in a job folder: p0001.<ext>, p0002.<ext>… written under "<name>.part" and renamed into place,
// so a file with a page name is always complete (a crash leaves only .part files, removed on the next run).
import { copyFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function pageName(n: number, ext: string): string {
  return `p${String(n).padStart(4, '0')}.${ext}`;
}

/** Continues numbering after pages already in the folder (a rescan after a jam must not overwrite them). */
export async function nextPageNumber(workDir: string): Promise<number> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  let max = 0;
  for (const n of names) {
    const m = /^p(\d{4,})\./.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** Removes pages interrupted by a jam, a kill or a cancel ("<name>.part"): they are never pages. */
export async function removeLeftovers(workDir: string): Promise<void> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^p\d{4,}\.\w+\.part$/.test(n)).map((n) => unlink(join(workDir, n)).catch(() => undefined)));
}

export async function writeAtomic(file: string, data: Uint8Array): Promise<void> {
  await writeFile(`${file}.part`, data);
  await rename(`${file}.part`, file);
}

export async function copyAtomic(from: string, to: string): Promise<void> {
  await copyFile(from, `${to}.part`);
  await rename(`${to}.part`, to);
}
