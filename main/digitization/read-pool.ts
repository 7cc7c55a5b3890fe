// Scanned pages read from disk into buffers that are used again for the next pages. A colour A4 page at 200
// dpi as PNM is 11.6 MB: a new Buffer per page is memory V8 counts as external, and its growth set off a full
// garbage collection every few pages; a reused one costs neither that nor the kernel's zeroing of fresh pages.
// Only a caller that is certainly done with the bytes (every libvips call on them awaited) gives them back.
import { open } from 'node:fs/promises';

/** Buffers kept for reuse: the pipeline has at most two pages in flight. */
const KEEP = 2;
/** After this long without a page, the kept buffers are let go (the core runs all day; scans come in bursts). */
const IDLE_MS = 30_000;

const free: Buffer[] = [];
let idleTimer: ReturnType<typeof setTimeout> | null = null;

export interface PooledFile {
  bytes: Buffer;
  /** Gives the buffer back; call once, when nothing (libvips included) uses `bytes` any more. */
  release(): void;
}

export async function readPooled(path: string): Promise<PooledFile> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    let i = free.findIndex((b) => b.length >= size);
    if (i < 0 && free.length >= KEEP) i = 0; // too small: replaced below rather than kept beside a new one
    let buffer = i >= 0 ? free.splice(i, 1)[0] : undefined;
    if (!buffer || buffer.length < size) buffer = Buffer.allocUnsafeSlow(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(buffer, read, size - read, read);
      if (bytesRead === 0) break; // the file shrank while being read: parsed as it is (a truncated page is refused)
      read += bytesRead;
    }
    let released = false;
    const kept = buffer;
    return {
      bytes: buffer.subarray(0, read),
      release: () => {
        if (released) return;
        released = true;
        if (free.length < KEEP) free.push(kept);
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => { free.length = 0; idleTimer = null; }, IDLE_MS);
        idleTimer.unref?.();
      },
    };
  } finally {
    await file.close();
  }
}
