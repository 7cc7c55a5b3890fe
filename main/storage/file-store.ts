import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredFile { relativePath: string; sha256: string; size: number }

/**
 * Files (PDFs, later scans) under the data folder. Written atomically: temp file, fsync, rename,
 * then fsync of the folder, so a crash leaves either the old state or the whole new file.
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

  writeAtomic(relativePath: string, bytes: Uint8Array): StoredFile {
    const full = this.resolve(relativePath);
    const dir = path.dirname(full);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(full)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, full);
    fsyncDir(dir);
    return {
      relativePath: path.relative(this.root, full).split(path.sep).join('/'),
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
    };
  }

  read(relativePath: string): Buffer {
    return fs.readFileSync(this.resolve(relativePath));
  }
}

function fsyncDir(dir: string): void {
  // Directory fsync makes the rename durable on Linux; Windows cannot open folders this way.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
