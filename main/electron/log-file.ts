// The shell's log: one file in the data folder (logs/motcua.log), kept under a size by rotating once at
// start. It is where the failure window points, so it must be writable even when the data folder is not:
// then it falls back to the system's temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAX_BYTES = 5 * 1024 * 1024;

export interface LogFile {
  file: string;
  write(line: string): void;
}

function tryOpen(dir: string): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'motcua.log');
    if (fs.existsSync(file) && fs.statSync(file).size > MAX_BYTES) fs.renameSync(file, `${file}.1`);
    fs.appendFileSync(file, '');
    return file;
  } catch {
    return null;
  }
}

export function openLogFile(dataDir: string): LogFile {
  const file = tryOpen(path.join(dataDir, 'logs')) ?? tryOpen(path.join(os.tmpdir(), 'MotCuaDesk-logs')) ?? path.join(os.tmpdir(), 'motcua.log');
  return {
    file,
    write(line: string) {
      try {
        fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
      } catch {
        // a log that cannot be written must never stop the app
      }
    },
  };
}
