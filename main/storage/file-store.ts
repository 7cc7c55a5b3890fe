import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../base/atomic-write';

export interface StoredFile { relativePath: string; sha256: string; size: number }

/** Files written since the last clean-up, one relative path a line (see noteWrite). */
const JOURNAL = '.writes.log';
/** A journal taken for a clean-up; left behind if the clean-up is interrupted, read again next time. */
const TAKEN = /^\.writes\.\d+\.taken$/;
/** Set once the whole store has been looked through (the first clean-up after this journal existed). */
const WALKED = '.walked';
/** writeAtomic's temp file for `x.pdf`: `.x.pdf.<pid>.<8 hex>.tmp`, next to it. */
const TEMP = /^\.(.+)\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Files (PDFs of the forms, digitized documents) under the data folder. Written atomically: temp file, fsync,
 * rename, then fsync of the folder, so a crash leaves either the old state or the whole new file.
 *
 * A file is written before the row that records it commits, so a crash in between leaves a file nobody
 * refers to — with personal data in it. Each write is first noted in a journal; the start-up clean-up
 * (services/storage-sweep.ts) looks at exactly those files and removes the ones no row names.
 */
export class FileStore {
  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  resolve(relativePath: string): string {
    const full = path.resolve(this.root, relativePath);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Đường dẫn tệp không hợp lệ: ${relativePath}`);
    return full;
  }

  /** The path as the store records it ('/'-separated, relative to the root), as writeAtomic returns it. */
  normalize(relativePath: string): string {
    return path.relative(this.root, this.resolve(relativePath)).split(path.sep).join('/');
  }

  /**
   * `recorded`: a committed row already names the path and is redone at start until the file is there (a
   * pending slip), so the file can never be a stray and needs no journal line (nor its fdatasync, on every
   * save); the temp files an interrupted earlier write of it left are removed here instead.
   */
  writeAtomic(relativePath: string, bytes: Uint8Array, opts: { recorded?: boolean } = {}): StoredFile {
    const full = this.resolve(relativePath);
    const dir = path.dirname(full);
    fs.mkdirSync(dir, { recursive: true });
    if (opts.recorded) for (const temp of this.tempsOf(relativePath)) this.remove(temp);
    else this.noteWrite(this.normalize(relativePath));
    writeFileAtomicSync(full, bytes);
    return {
      relativePath: path.relative(this.root, full).split(path.sep).join('/'),
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
    };
  }

  read(relativePath: string): Buffer {
    return fs.readFileSync(this.resolve(relativePath));
  }

  remove(relativePath: string): void {
    fs.rmSync(this.resolve(relativePath), { force: true });
  }

  /**
   * A file no row names any more (replaced by a newer version), removed after `graceMs`: a reader that looked
   * its path up just before the replacement (the preview, a copy out) still finds it meanwhile. Noted in the
   * journal first, so if the app stops before then the next start's clean-up removes it instead.
   */
  retire(relativePath: string, graceMs: number): void {
    this.noteWrite(this.normalize(relativePath));
    setTimeout(() => this.remove(relativePath), graceMs).unref();
  }

  /** Modification time in ms, or null when the file is not there. */
  mtimeMs(relativePath: string): number | null {
    try {
      return fs.statSync(this.resolve(relativePath)).mtimeMs;
    } catch {
      return null;
    }
  }

  /** writeAtomic's temp files for `relativePath` (left by a crash in the middle of a write). */
  tempsOf(relativePath: string): string[] {
    const full = this.resolve(relativePath);
    let names: string[];
    try {
      names = fs.readdirSync(path.dirname(full));
    } catch {
      return [];
    }
    const rel = path.posix.dirname(this.normalize(relativePath));
    return names.filter((n) => TEMP.exec(n)?.[1] === path.basename(full)).map((n) => (rel === '.' ? n : `${rel}/${n}`));
  }

  /** True for a name writeAtomic gives its temp files. */
  static isTemp(relativePath: string): boolean {
    return TEMP.test(path.posix.basename(relativePath));
  }

  /**
   * Takes the journal of writes for a clean-up: the paths written since the last one (and those a previous
   * clean-up kept). New writes go to a fresh journal meanwhile. Give back what must be looked at again.
   */
  takeJournal(): { paths: string[]; giveBack(keep: string[]): void } {
    const journal = path.join(this.root, JOURNAL);
    if (fs.existsSync(journal)) fs.renameSync(journal, path.join(this.root, `.writes.${Date.now()}.taken`));
    const taken = fs.readdirSync(this.root).filter((n) => TAKEN.test(n)).map((n) => path.join(this.root, n));
    const paths = [...new Set(taken.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)))];
    return {
      paths,
      giveBack: (keep) => {
        if (keep.length) this.appendJournal(keep);
        for (const f of taken) fs.rmSync(f, { force: true });
      },
    };
  }

  /** Whether the whole store was looked through once (files written before the journal existed). */
  get walked(): boolean {
    return fs.existsSync(path.join(this.root, WALKED));
  }

  markWalked(): void {
    fs.writeFileSync(path.join(this.root, WALKED), new Date().toISOString());
  }

  /** Every file of the store (relative paths), the store's own bookkeeping left out. */
  async *walk(dir = this.root): AsyncGenerator<string> {
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* this.walk(full);
      else if (entry.isFile() && !(dir === this.root && (entry.name === JOURNAL || entry.name === WALKED || TAKEN.test(entry.name)))) {
        yield path.relative(this.root, full).split(path.sep).join('/');
      }
    }
  }

  /** Noted (and on disk) before the file is created: after any crash the journal names every file that may be a stray. */
  private noteWrite(relativePath: string): void {
    this.appendJournal([relativePath]);
  }

  private appendJournal(paths: string[]): void {
    const fd = fs.openSync(path.join(this.root, JOURNAL), 'a');
    try {
      fs.writeSync(fd, paths.map((p) => `${p}\n`).join(''));
      fs.fdatasyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
