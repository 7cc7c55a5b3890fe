// Fails a packaged app that lacks a native binary for its target (issue 8, #18: an installer built on Linux
// shipped without sharp's Windows binary and with better-sqlite3 built for Linux Node, so the core exited
// at start). It lists app.asar and app.asar.unpacked and reads the headers of the native files found there:
// the executable format and CPU (PE/ELF/Mach-O), and for V8 addons the ABI they register
// (node_register_module_v<ABI>), which must be Electron's, not Node's.
//
//   electron-builder runs it after packing (electron-builder.yml: afterPack) and stops on a problem;
//   by hand: node scripts/check-package.mjs release/win-unpacked [--platform win32] [--arch x64] [--abi 145]
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The file list of an asar archive, from its header (format: pickled UInt32 sizes, then a JSON tree). */
export function readAsarEntries(asarPath) {
  const fd = fs.openSync(asarPath, 'r');
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    const jsonLength = head.readUInt32LE(12);
    const json = Buffer.alloc(jsonLength);
    fs.readSync(fd, json, 0, jsonLength, 16);
    const entries = [];
    const walk = (node, prefix) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const rel = prefix ? `${prefix}/${name}` : name;
        if (child.files) walk(child, rel);
        else entries.push({ path: rel, unpacked: child.unpacked === true });
      }
    };
    walk(JSON.parse(json.toString('utf8')), '');
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

/** Every file under dir, as forward-slash paths relative to it. */
export function listTree(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)).split(path.sep).join('/'));
}

const PE_MACHINE = { 0x8664: 'x64', 0x14c: 'ia32', 0xaa64: 'arm64' };
const ELF_MACHINE = { 0x3e: 'x64', 0x03: 'ia32', 0xb7: 'arm64', 0x28: 'armv7l' };
const MACHO_CPU = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

/** Platform and CPU of a binary from its header; for addons also the ABI it registers (or 'napi'). */
export function binaryInfo(buf) {
  let platform = 'unknown';
  let arch = 'unknown';
  if (buf.length >= 64 && buf[0] === 0x4d && buf[1] === 0x5a) {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.readUInt32LE(pe) === 0x00004550) {
      platform = 'win32';
      arch = PE_MACHINE[buf.readUInt16LE(pe + 4)] ?? 'unknown';
    }
  } else if (buf.length >= 20 && buf.readUInt32BE(0) === 0x7f454c46) {
    platform = 'linux';
    arch = ELF_MACHINE[buf.readUInt16LE(18)] ?? 'unknown';
  } else if (buf.length >= 8 && buf.readUInt32LE(0) === 0xfeedfacf) {
    platform = 'darwin';
    arch = MACHO_CPU[buf.readUInt32LE(4)] ?? 'unknown';
  } else if (buf.length >= 8 && buf.readUInt32BE(0) === 0xcafebabe) {
    platform = 'darwin';
    arch = 'universal';
  }
  const text = buf.toString('latin1');
  const v8 = /node_register_module_v(\d+)/.exec(text);
  const abi = v8 ? Number(v8[1]) : /napi_register_module_v\d+/.test(text) ? 'napi' : null;
  return { platform, arch, abi };
}

/**
 * What a packaged app must contain for platform/arch, as paths relative to the app root (inside app.asar or
 * app.asar.unpacked): `native` files are loaded with dlopen and must be unpacked, for the target, and for
 * the ABI when `abi` is set; `files` are executed or loaded by the OS and must be unpacked.
 */
export function requiredNatives(platform, arch, sharpVersion) {
  const sharpPkg = `node_modules/@img/sharp-${platform}-${arch}`;
  const reqs = [
    { what: 'better-sqlite3 (cơ sở dữ liệu)', native: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', abi: true },
    { what: 'sharp (xử lý ảnh)', native: `${sharpPkg}/lib/sharp-${platform}-${arch}-${sharpVersion}.node` },
  ];
  if (platform === 'win32') {
    reqs.push({ what: 'libvips của sharp', pattern: new RegExp(`^${sharpPkg}/lib/libvips-42\\.dll$`) });
    reqs.push({ what: 'libvips-cpp của sharp', pattern: new RegExp(`^${sharpPkg}/lib/libvips-cpp-[\\d.]+\\.dll$`) });
    reqs.push({ what: 'SumatraPDF (in PDF trên Windows)', pattern: /^node_modules\/pdf-to-printer\/dist\/SumatraPDF[^/]*\.exe$/ });
  } else {
    const ext = platform === 'darwin' ? '\\.[\\d.]+\\.dylib' : '\\.so\\.[\\d.]+';
    reqs.push({ what: 'libvips của sharp', pattern: new RegExp(`^node_modules/@img/sharp-libvips-${platform}-${arch}/lib/libvips-cpp${ext}$`) });
  }
  return reqs;
}

/**
 * Checks a packed app from its file lists. `readUnpacked(rel)` returns an unpacked file's bytes.
 * Returns problems (the app would not start or not print) and warnings (dead weight for another platform).
 */
export function checkPackage({ platform, arch, abi, sharpVersion, asarEntries, unpackedFiles, readUnpacked }) {
  const problems = [];
  const warnings = [];
  const unpacked = new Set(unpackedFiles);
  const inAsarOnly = new Set(asarEntries.filter((e) => !e.unpacked).map((e) => e.path));
  for (const req of requiredNatives(platform, arch, sharpVersion)) {
    const found = req.native ? (unpacked.has(req.native) ? req.native : null) : unpackedFiles.find((f) => req.pattern.test(f)) ?? null;
    const label = req.native ?? String(req.pattern);
    if (!found) {
      const packedInside = req.native ? inAsarOnly.has(req.native) : [...inAsarOnly].some((f) => req.pattern.test(f));
      problems.push(packedInside
        ? `${req.what}: ${label} nằm trong app.asar nhưng không được giải nén (asarUnpack) — hệ điều hành không nạp được tệp trong asar.`
        : `${req.what}: thiếu ${label} cho ${platform}-${arch}.`);
      continue;
    }
    if (!req.native) continue;
    const info = binaryInfo(readUnpacked(found));
    if (info.platform !== platform || info.arch !== arch) {
      problems.push(`${req.what}: ${found} là tệp cho ${info.platform}-${info.arch}, không phải ${platform}-${arch}.`);
    }
    if (req.abi && abi != null && info.abi !== 'napi' && info.abi !== abi) {
      problems.push(`${req.what}: ${found} được dựng cho ABI ${info.abi ?? 'không rõ'}, Electron cần ABI ${abi} (chạy electron-builder với npmRebuild / @electron/rebuild).`);
    }
  }
  for (const f of unpackedFiles) {
    const m = /^node_modules\/@img\/sharp-(?:libvips-)?([a-z]+\d*)-([a-z0-9]+)\//.exec(f);
    if (m && (m[1] !== platform || m[2] !== arch)) {
      warnings.push(`${f.split('/').slice(0, 3).join('/')}: gói của sharp cho ${m[1]}-${m[2]} bị đóng gói thừa.`);
    }
  }
  return { problems, warnings: [...new Set(warnings)] };
}

function resourcesDir(appOutDir, platform) {
  if (platform !== 'darwin') return path.join(appOutDir, 'resources');
  const app = fs.readdirSync(appOutDir).find((n) => n.endsWith('.app'));
  return path.join(appOutDir, app ?? '', 'Contents', 'Resources');
}

export function electronAbi(root = ROOT) {
  return Number(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
}

export function sharpVersion(root = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'sharp', 'package.json'), 'utf8')).version;
}

export function checkAppOutDir(appOutDir, { platform, arch, abi = electronAbi(), sharp = sharpVersion() }) {
  const res = resourcesDir(appOutDir, platform);
  const asar = path.join(res, 'app.asar');
  if (!fs.existsSync(asar)) return { problems: [`Không thấy ${asar}.`], warnings: [] };
  const unpackedDir = path.join(res, 'app.asar.unpacked');
  return checkPackage({
    platform, arch, abi, sharpVersion: sharp,
    asarEntries: readAsarEntries(asar),
    unpackedFiles: listTree(unpackedDir),
    readUnpacked: (rel) => fs.readFileSync(path.join(unpackedDir, rel)),
  });
}

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // electron-builder's Arch enum order

function report({ problems, warnings }, where) {
  for (const w of warnings) console.warn(`cảnh báo: ${w}`);
  if (problems.length === 0) {
    console.log(`Gói ${where}: đủ tệp chạy gốc (native) cho nền tảng đích.`);
    return true;
  }
  console.error(`Gói ${where} thiếu hoặc sai tệp chạy gốc — ứng dụng sẽ không khởi động được:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return false;
}

/** electron-builder's afterPack hook: throwing stops the build before the installer is written. */
export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : context.arch;
  if (!report(checkAppOutDir(context.appOutDir, { platform, arch }), context.appOutDir)) {
    throw new Error('check-package: the packaged app lacks native binaries for its target (see above)');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dir) {
    console.error('usage: node scripts/check-package.mjs <appOutDir, e.g. release/win-unpacked> [--platform win32] [--arch x64] [--abi N]');
    process.exit(2);
  }
  const guess = /win/.test(path.basename(dir)) ? 'win32' : /mac/.test(path.basename(dir)) ? 'darwin' : 'linux';
  const abi = opt('abi') ? Number(opt('abi')) : undefined;
  const ok = report(checkAppOutDir(dir, { platform: opt('platform', guess), arch: opt('arch', 'x64'), ...(abi ? { abi } : {}) }), dir);
  process.exit(ok ? 0 : 1);
}
