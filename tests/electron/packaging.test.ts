// Packaging for Windows (issue 8, #18/#19), testable without Electron or Windows: the check that stops a
// build lacking native binaries for its target (run on real asar archives made by @electron/asar, with
// real Linux binaries from node_modules and PE headers for Windows ones), that electron-builder.yml unpacks
// what the check requires, and the fuses it burns (applied by @electron/fuses to a stand-in binary).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createPackageWithOptions } from '@electron/asar';
import { flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import * as check from '../../scripts/check-package.mjs';
// @ts-expect-error plain ESM script without type declarations
import { integrityMatches, lockedPackage } from '../../scripts/dist-win.mjs';
import { builderConfig, builderFuses, PLAYWRIGHT_COPY_FLIP, REQUIRED_FUSES, toFuseConfig, wireMismatches } from '../windows/fuse-policy';
import { ROOT, tempDir } from './support';

const require = createRequire(__filename);
const { minimatch } = require('minimatch') as { minimatch(p: string, pattern: string, o?: object): boolean };
const NM = path.join(ROOT, 'node_modules');
const SHARP = JSON.parse(fs.readFileSync(path.join(NM, 'sharp', 'package.json'), 'utf8')).version as string;
const ELECTRON_ABI = 145; // node_modules/electron/abi_version for Electron 41
const cleanup: string[] = [];
afterAll(() => { for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true }); });

/** A minimal PE image: DOS header, PE signature, machine, then the export names an addon carries. */
function pe(machine: number, exportNames = ''): Buffer {
  const b = Buffer.alloc(0x200 + exportNames.length);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32LE(0x00004550, 0x80);
  b.writeUInt16LE(machine, 0x84);
  b.write(exportNames, 0x200, 'latin1');
  return b;
}

/** Lays out files under app/, packs app.asar with `unpack` like electron-builder's asarUnpack, returns the appOutDir. */
async function packApp(files: Record<string, Buffer | string>, unpack: string): Promise<string> {
  const out = tempDir('motcua-pack-');
  cleanup.push(out);
  const src = path.join(out, 'src');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    fs.writeFileSync(path.join(src, rel), content);
  }
  fs.mkdirSync(path.join(out, 'win-unpacked', 'resources'), { recursive: true });
  await createPackageWithOptions(src, path.join(out, 'win-unpacked', 'resources', 'app.asar'), { unpack });
  return path.join(out, 'win-unpacked');
}

const APP_FILES = { 'package.json': '{"name":"mot-cua-desk"}', 'dist/main/electron/main.js': '//' };
const UNPACK = '{*.node,*.dll,*.exe,*.so.*}';

describe('check-package', () => {
  it('fails the package issue 8 found: a Windows build holding Linux natives and no sharp for win32', async () => {
    const dir = await packApp({
      ...APP_FILES,
      // what `npm ci` on Linux leaves in node_modules, packed as is
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node': fs.readFileSync(path.join(NM, 'better-sqlite3/build/Release/better_sqlite3.node')),
      [`node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-${SHARP}.node`]: fs.readFileSync(path.join(NM, `@img/sharp-linux-x64/lib/sharp-linux-x64-${SHARP}.node`)),
      'node_modules/pdf-to-printer/dist/SumatraPDF-3.4.6-32.exe': pe(0x14c),
    }, UNPACK);
    const { problems, warnings } = check.checkAppOutDir(dir, { platform: 'win32', arch: 'x64', abi: ELECTRON_ABI, sharp: SHARP });
    const text = problems.join('\n');
    expect(text).toContain(`thiếu node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64-${SHARP}.node cho win32-x64`);
    expect(text).toMatch(/libvips của sharp: thiếu/);
    expect(text).toContain('better_sqlite3.node là tệp cho linux-x64, không phải win32-x64');
    expect(text).toContain(`ABI ${process.versions.modules}, Electron cần ABI ${ELECTRON_ABI}`);
    expect(warnings.join('\n')).toContain('node_modules/@img/sharp-linux-x64: gói của sharp cho linux-x64 bị đóng gói thừa');
  });

  it('passes a Windows x64 package with Electron-ABI better-sqlite3, sharp with its DLLs, and SumatraPDF', async () => {
    const dir = await packApp({
      ...APP_FILES,
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node': pe(0x8664, `\0node_register_module_v${ELECTRON_ABI}\0`),
      [`node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64-${SHARP}.node`]: pe(0x8664, '\0napi_register_module_v1\0'),
      'node_modules/@img/sharp-win32-x64/lib/libvips-42.dll': pe(0x8664),
      'node_modules/@img/sharp-win32-x64/lib/libvips-cpp-8.18.7.dll': pe(0x8664),
      'node_modules/pdf-to-printer/dist/SumatraPDF-3.4.6-32.exe': pe(0x14c),
    }, UNPACK);
    expect(check.checkAppOutDir(dir, { platform: 'win32', arch: 'x64', abi: ELECTRON_ABI, sharp: SHARP })).toEqual({ problems: [], warnings: [] });
  });

  it('tells a native left inside app.asar from a missing one, and an arm64 build from an x64 one', async () => {
    const dir = await packApp({
      ...APP_FILES,
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node': pe(0x8664, `node_register_module_v${ELECTRON_ABI}`),
      [`node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64-${SHARP}.node`]: pe(0xaa64, 'napi_register_module_v1'),
      'node_modules/@img/sharp-win32-x64/lib/libvips-42.dll': pe(0x8664),
      'node_modules/@img/sharp-win32-x64/lib/libvips-cpp-8.18.7.dll': pe(0x8664),
      'node_modules/pdf-to-printer/dist/SumatraPDF-3.4.6-32.exe': pe(0x14c),
    }, '{*.dll,*.exe,sharp-*.node}'); // better_sqlite3.node stays packed
    const { problems } = check.checkAppOutDir(dir, { platform: 'win32', arch: 'x64', abi: ELECTRON_ABI, sharp: SHARP });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('better_sqlite3.node nằm trong app.asar nhưng không được giải nén');
    expect(problems[1]).toContain('là tệp cho win32-arm64, không phải win32-x64');
  });

  it('reads the real Linux binaries of node_modules: right for Node\'s ABI, wrong for Electron\'s', async () => {
    const files: Record<string, Buffer | string> = { ...APP_FILES };
    for (const rel of ['better-sqlite3/build/Release/better_sqlite3.node', `@img/sharp-linux-x64/lib/sharp-linux-x64-${SHARP}.node`]) {
      files[`node_modules/${rel}`] = fs.readFileSync(path.join(NM, rel));
    }
    const libvips = fs.readdirSync(path.join(NM, '@img/sharp-libvips-linux-x64/lib')).find((f) => f.startsWith('libvips-cpp.so.'))!;
    files[`node_modules/@img/sharp-libvips-linux-x64/lib/${libvips}`] = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array(10).fill(0), 0x3e, 0]);
    const dir = await packApp(files, UNPACK);
    const nodeAbi = Number(process.versions.modules);
    expect(check.checkAppOutDir(dir, { platform: 'linux', arch: 'x64', abi: nodeAbi, sharp: SHARP }).problems).toEqual([]);
    expect(check.checkAppOutDir(dir, { platform: 'linux', arch: 'x64', abi: ELECTRON_ABI, sharp: SHARP }).problems).toEqual([
      `better-sqlite3 (cơ sở dữ liệu): node_modules/better-sqlite3/build/Release/better_sqlite3.node được dựng cho ABI ${nodeAbi}, Electron cần ABI ${ELECTRON_ABI} (chạy electron-builder với npmRebuild / @electron/rebuild).`,
    ]);
  });

  it('is the afterPack hook of electron-builder.yml, and the yml unpacks every native the check requires for win32-x64', () => {
    const config = builderConfig();
    expect(config.afterPack).toBe('./scripts/check-package.mjs');
    expect(typeof check.default).toBe('function');
    expect(config.npmRebuild).toBe(true);
    const unpack = config.asarUnpack as string[];
    const samples = [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      `node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64-${SHARP}.node`,
      'node_modules/@img/sharp-win32-x64/lib/libvips-42.dll',
      'node_modules/@img/sharp-win32-x64/lib/libvips-cpp-8.18.7.dll',
      'node_modules/pdf-to-printer/dist/SumatraPDF-3.4.6-32.exe',
    ];
    for (const file of samples) expect(unpack.some((g) => minimatch(file, g, { dot: true })), file).toBe(true);
    // …and the win32 file filters do not drop them.
    const winFiles = ((config.win as { files: string[] }).files).map((g) => g.replace(/^!/, ''));
    for (const file of samples) expect(winFiles.some((g) => minimatch(file, g, { dot: true })), file).toBe(false);
    expect(winFiles.some((g) => minimatch(`node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-${SHARP}.node`, g))).toBe(true);
    expect((config.win as { icon: string }).icon).toBe('assets/icon.ico');
    expect(fs.readFileSync(path.join(ROOT, 'assets', 'icon.ico')).readUInt16LE(2)).toBe(1); // ICO type
  });
});

describe('dist:win on a machine that is not Windows x64', () => {
  it('fetches sharp\'s win32-x64 package at the locked version and checks it against the lock\'s integrity', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const locked = lockedPackage(lock, '@img/sharp-win32-x64');
    expect(locked.version).toBe(SHARP); // the same sharp as the JavaScript side
    expect(locked.integrity).toMatch(/^sha512-/);
    const bytes = Buffer.from('a tarball');
    const sri = `sha512-${require('node:crypto').createHash('sha512').update(bytes).digest('base64')}`;
    expect(integrityMatches(sri, bytes)).toBe(true);
    expect(integrityMatches(sri, Buffer.from('another tarball'))).toBe(false);
    expect(integrityMatches(`md5-${Buffer.from('x').toString('base64')}`, bytes)).toBe(false);
    expect(() => lockedPackage(lock, '@img/sharp-win32-mips')).toThrow(/not in package-lock/);
  });
});

describe('fuses', () => {
  it('electron-builder.yml burns the fuses issue 8 requires', () => {
    const fuses = builderFuses();
    expect(fuses).toMatchObject(REQUIRED_FUSES);
  });

  it('@electron/fuses applies them to a binary, and the smoke copy differs only in --inspect', async () => {
    const dir = tempDir('motcua-fuses-');
    cleanup.push(dir);
    const exe = path.join(dir, 'Một Cửa Desk.exe');
    // A binary's fuse wire: sentinel, version 1, length 8, every fuse at Electron's default.
    const defaults = '10110010'; // RunAsNode on, cookie off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, snapshot off, file privileges on
    fs.writeFileSync(exe, Buffer.concat([Buffer.from('MZ…'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from('…')]));
    expect(wireMismatches(await getCurrentFuseWire(exe) as never, REQUIRED_FUSES)).toHaveLength(5);

    await flipFuses(exe, toFuseConfig(builderFuses()));
    expect(wireMismatches(await getCurrentFuseWire(exe) as never, builderFuses())).toEqual([]);

    await flipFuses(exe, toFuseConfig(PLAYWRIGHT_COPY_FLIP));
    expect(wireMismatches(await getCurrentFuseWire(exe) as never, builderFuses())).toEqual(['enableNodeCliInspectArguments: expected off, binary has on']);
  });
});
