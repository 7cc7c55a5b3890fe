// `npm start`: the Electron app where Electron can run; otherwise, in one clear line, why not — and the
// browser shell instead (same core, same UI), printing its URL.
import { spawn } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// `npm run serve` asks for the browser shell whatever is installed.
const browserOnly = process.argv.includes('--browser-shell');
const extra = process.argv.slice(2).filter((a) => a !== '--browser-shell');
// The core's heap limit, as the Electron shell gives its core process (main/base/core-heap.ts says why).
const heap = JSON.parse(fs.readFileSync(path.join(root, 'main', 'base', 'core-heap.json'), 'utf8'));
const coreFlags = [`--max-old-space-size=${heap.maxOldSpaceMb}`];
// …and, on Linux, glibc's malloc arenas (core-heap.ts says why); Electron's main process passes it to its core.
const coreEnv = process.platform === 'linux' && !process.env.MALLOC_ARENA_MAX
  ? { ...process.env, MALLOC_ARENA_MAX: String(heap.glibcMallocArenas) }
  : process.env;

function electronBinary() {
  try {
    const bin = require('electron'); // the package exports the binary's path, or throws when it was not downloaded
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = browserOnly ? null : electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
/**
 * The launcher only waits: a signal sent to it (a script's kill(), a service manager) stops the app too. So
 * does its parent going away: `npm start` runs it under a shell that dies of a SIGTERM npm passes on without
 * passing it further, which left the app running with nothing to stop it.
 */
function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const parent = process.ppid;
  const orphaned = () => {
    if (process.ppid !== parent) return true; // re-parented (POSIX)
    try { process.kill(parent, 0); return false; } catch (e) { return e.code === 'ESRCH'; }
  };
  const watch = setInterval(() => { if (orphaned()) { clearInterval(watch); child.kill('SIGTERM'); } }, 1000);
  watch.unref();
}

if (bin && !noDisplay) {
  const child = spawn(bin, [root, ...extra], { stdio: 'inherit', env: coreEnv });
  forwardSignals(child);
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!browserOnly) {
    const why = !bin ? 'chưa có tệp chạy Electron (cài với ELECTRON_SKIP_BINARY_DOWNLOAD)' : 'không có màn hình (DISPLAY)';
    console.log(`Không chạy được Electron: ${why} — mở bản chạy trên trình duyệt thay thế.`);
  }
  const child = spawn(process.execPath, [...coreFlags, path.join(root, 'dist', 'main', 'node', 'serve.js'), ...extra], { stdio: 'inherit', env: coreEnv });
  forwardSignals(child);
  child.on('exit', (code) => process.exit(code ?? 0));
}
