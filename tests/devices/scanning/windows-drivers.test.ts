// WIA (PowerShell helper) and TWAIN (NAPS2 console) cannot run here: these tests check how the helpers are
// called and how their output and errors are turned into pages and ScanErrors, with an injected spawn.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createScannerDrivers } from '../../../main/devices/scanning';
import { ScanError, type ScannedPage, type ScanRequest } from '../../../main/devices/scanning/scanner';
import { classifyNaps2Output, findNaps2, parseNaps2Devices, TwainDriver } from '../../../main/devices/scanning/twain-driver';
import { parseWiaLine, WiaDriver } from '../../../main/devices/scanning/wia-driver';
import { makeWorkDir } from '../../support/sane';
import { fakeSpawn, type SpawnCall } from './fake-child';
import { collect } from '../../support/scan-collect';

const REQ: ScanRequest = { source: 'feeder', resolution: 200, colorMode: 'gray', paper: 'A4' };
const dirs: string[] = [];
const work = () => {
  const d = makeWorkDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});


const png = (file: string) => sharp({ create: { width: 165, height: 234, channels: 3, background: '#c8c8c8' } }).toColourspace('b-w').png().toFile(file);
const arg = (call: SpawnCall, name: string) => call.args[call.args.indexOf(name) + 1];

describe('WIA driver (wia-scan.ps1 through powershell.exe)', () => {
  const script = 'C:\\App\\resources\\assets\\scanning\\wia-scan.ps1';

  it('ships the helper script in assets/scanning', () => {
    expect(existsSync(join(__dirname, '../../../assets/scanning/wia-scan.ps1'))).toBe(true);
  });

  it('parses the JSON lines and ignores anything else', () => {
    expect(parseWiaLine('{"type":"page","path":"C:\\\\x\\\\p0001.png","width":1654,"height":2339,"dpi":200,"side":null}')).toMatchObject({ type: 'page', width: 1654 });
    expect(parseWiaLine('\uFEFF{"type":"done","pages":3}')).toEqual({ type: 'done', pages: 3 });
    expect(parseWiaLine('{"type":"error","hresult":"0x80210002","code":"SOMETHING_NEW"}')).toMatchObject({ code: 'FAILED' });
    expect(parseWiaLine('WARNING: something PowerShell said')).toBeUndefined();
    expect(parseWiaLine('{"type":"page","path":""}')).toBeUndefined();
    expect(parseWiaLine('{not json')).toBeUndefined();
  });

  it('lists devices with powershell.exe -NoProfile -ExecutionPolicy Bypass -File …', async () => {
    const { spawn, calls } = fakeSpawn(({ child }) => {
      child.line({ type: 'device', id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', name: 'Canon DR-C225', manufacturer: 'Canon' });
      child.line({ type: 'done', pages: 0 });
      child.exit(0);
    });
    const d = new WiaDriver({ spawn, scriptPath: script });
    expect(await d.listDevices()).toEqual([{ id: 'wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001', driver: 'wia', name: 'Canon DR-C225', model: 'Canon Canon DR-C225' }]);
    expect(calls[0]!.command).toBe('powershell.exe');
    expect(calls[0]!.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, '-Action', 'list']);
    expect(calls[0]!.options.windowsHide).toBe(true);
    expect(calls[0]!.options.shell).toBeUndefined();
  });

  it('reads capabilities (a resolution range becomes the usual list)', async () => {
    const { spawn, calls } = fakeSpawn(({ child }) => {
      child.line({ type: 'caps', sources: ['flatbed', 'feeder', 'duplex'], resolutions: [75, 600], resolutionKind: 'range', colorModes: ['color', 'gray', 'bw'], maxWidthMm: 215.9, maxHeightMm: 355.6 });
      child.line({ type: 'done', pages: 0 });
      child.exit(0);
    });
    const caps = await new WiaDriver({ spawn, scriptPath: script }).capabilities('wia:DEV1');
    expect(caps.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600]);
    expect(caps.sources).toEqual(['flatbed', 'feeder', 'duplex']);
    expect(caps.paperSizes).toEqual(['A4', 'A5', 'Letter', 'Legal']);
    expect(arg(calls[0]!, '-DeviceId')).toBe('DEV1');
  });

  it('scans a feeder batch: arguments, pages as each line arrives, empty feeder after pages = normal end', async () => {
    const dir = work();
    const { spawn, calls } = fakeSpawn(async ({ child, args }) => {
      const out = arg({ args } as SpawnCall, '-OutDir')!;
      for (let i = 1; i <= 3; i++) {
        const f = join(out, `p000${i}.png`);
        await png(f);
        child.line({ type: 'page', path: f, width: 165, height: 234, dpi: 200, side: null });
      }
      child.line({ type: 'done', pages: 3 });
      child.exit(0);
    });
    const { pages, error } = await collect(new WiaDriver({ spawn, scriptPath: script }).startScan('wia:DEV1', REQ, dir));
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.index, p.filePath.slice(-9), p.widthPx, p.colorMode])).toEqual([
      [0, 'p0001.png', 165, 'gray'],
      [1, 'p0002.png', 165, 'gray'],
      [2, 'p0003.png', 165, 'gray'],
    ]);
    const a = calls[0]!.args;
    expect(a.slice(0, 8)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, '-Action', 'scan']);
    expect(Object.fromEntries(['-DeviceId', '-Source', '-Dpi', '-Color', '-WidthMm', '-HeightMm', '-OutDir', '-StartIndex'].map((k) => [k, arg(calls[0]!, k)]))).toEqual({
      '-DeviceId': 'DEV1', '-Source': 'feeder', '-Dpi': '200', '-Color': 'gray', '-WidthMm': '210', '-HeightMm': '297', '-OutDir': dir, '-StartIndex': '1',
    });
  });

  it.each([
    ['0x80210002', 'PAPER_JAM', 'Giấy bị kẹt trong khay nạp. Hãy gỡ giấy kẹt rồi quét tiếp từ trang 2.'],
    ['0x80210003', 'FEEDER_EMPTY', 'Khay nạp giấy đã hết giấy sau 1 trang.'],
    ['0x80210006', 'BUSY', 'Máy quét đang bận'],
    ['0x80210005', 'DISCONNECTED', 'Không kết nối được với máy quét'],
    ['0x80210016', 'COVER_OPEN', 'Nắp máy quét'],
  ])('maps the error line %s to %s, keeping the page before it', async (hresult, code, text) => {
    const dir = work();
    const { spawn } = fakeSpawn(async ({ child }) => {
      await png(join(dir, 'p0001.png'));
      child.line({ type: 'page', path: join(dir, 'p0001.png'), width: 165, height: 234 });
      child.line({ type: 'error', hresult, code, message: 'from WIA' });
      child.exit(2);
    });
    const { pages, error } = await collect(new WiaDriver({ spawn, scriptPath: script }).startScan('wia:DEV1', REQ, dir));
    expect(pages).toHaveLength(1);
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(text);
    expect(error?.detail).toContain(hresult);
  });

  it('a helper that dies without a word → DRIVER_CRASHED; a page line naming garbage → BAD_OUTPUT', async () => {
    const crashed = fakeSpawn(({ child }) => {
      child.stderr.write('Exception of type System.AccessViolationException\n');
      child.exit(-1073741819);
    });
    const r1 = await collect(new WiaDriver({ spawn: crashed.spawn, scriptPath: script }).startScan('wia:DEV1', REQ, work()));
    expect(r1.error?.code).toBe('DRIVER_CRASHED');
    expect(r1.error?.detail).toContain('AccessViolation');

    const dir = work();
    const garbage = fakeSpawn(({ child }) => {
      writeFileSync(join(dir, 'p0001.png'), 'not an image');
      child.line({ type: 'page', path: join(dir, 'p0001.png'), width: 10, height: 10 });
    });
    const r2 = await collect(new WiaDriver({ spawn: garbage.spawn, scriptPath: script, killGraceMs: 50, platform: 'linux' }).startScan('wia:DEV1', REQ, dir));
    expect(r2.error?.code).toBe('BAD_OUTPUT');
    expect(garbage.calls[0]!.child.killed.length).toBeGreaterThan(0);
  });

  it('a hung helper is killed with its process tree (taskkill /T /F on Windows) → TIMEOUT', async () => {
    const { spawn, calls } = fakeSpawn(({ command, child }) => {
      // powershell.exe never answers; taskkill ends it.
      if (command === 'taskkill') {
        calls[0]!.child.exit(1);
        child.exit(0);
      }
    });
    const { error } = await collect(new WiaDriver({ spawn, scriptPath: script, platform: 'win32' }).startScan('wia:DEV1', { ...REQ, timeoutMs: 200 }, work()));
    expect(error?.code).toBe('TIMEOUT');
    const tk = calls.find((c) => c.command === 'taskkill')!;
    expect(tk.args).toEqual(['/PID', '4242', '/T', '/F']);
  });

  it('cancel kills the helper and keeps the delivered page', async () => {
    const dir = work();
    const { spawn } = fakeSpawn(async ({ child }) => {
      await png(join(dir, 'p0001.png'));
      child.line({ type: 'page', path: join(dir, 'p0001.png'), width: 165, height: 234 });
    });
    const job = new WiaDriver({ spawn, scriptPath: script, platform: 'linux' }).startScan('wia:DEV1', REQ, dir);
    const pages: ScannedPage[] = [];
    const err = await (async () => {
      for await (const p of job.pages) {
        pages.push(p);
        await job.cancel();
      }
    })().catch((e: ScanError) => e);
    expect(pages).toHaveLength(1);
    expect((err as ScanError).code).toBe('CANCELLED');
    expect(readdirSync(dir)).toEqual(['p0001.png']);
  });
});

describe('TWAIN driver (NAPS2.Console.exe)', () => {
  const exe = 'C:\\Program Files\\NAPS2\\NAPS2.Console.exe';
  const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' };

  it('finds NAPS2 in the usual folders or at a configured path', () => {
    expect(findNaps2({ env, exists: (p) => p === exe })).toBe(exe);
    const x86 = 'C:\\Program Files (x86)\\NAPS2\\NAPS2.Console.exe';
    expect(findNaps2({ env, exists: (p) => p === x86 })).toBe(x86);
    expect(findNaps2({ env, naps2Path: 'D:\\Tools\\NAPS2\\NAPS2.Console.exe', exists: () => true })).toBe('D:\\Tools\\NAPS2\\NAPS2.Console.exe');
    expect(findNaps2({ env, exists: () => false })).toBeUndefined();
  });

  it('without NAPS2: no devices, and a scan says what to install', async () => {
    const d = new TwainDriver({ env, exists: () => false });
    expect(await d.listDevices()).toEqual([]);
    const { error } = await collect(d.startScan('twain:X', REQ, work()));
    expect(error?.code).toBe('UNSUPPORTED');
    expect(error?.message).toContain('NAPS2');
  });

  it('lists devices with --listdevices --driver twain', async () => {
    const { spawn, calls } = fakeSpawn(({ child }) => {
      child.line('Canon DR-C225 TWAIN');
      child.line('WIA-Brother MFC-L2700D');
      child.exit(0);
    });
    const d = new TwainDriver({ env, exists: (p) => p === exe, spawn });
    expect((await d.listDevices()).map((x) => x.id)).toEqual(['twain:Canon DR-C225 TWAIN', 'twain:WIA-Brother MFC-L2700D']);
    expect(calls[0]!.command).toBe(exe);
    expect(calls[0]!.args).toEqual(['--listdevices', '--driver', 'twain']);
    expect(parseNaps2Devices('\r\nScanner A\r\n\r\n')).toEqual(['Scanner A']);
  });

  it('builds the scan command line', () => {
    const d = new TwainDriver({ env, exists: () => true });
    expect(d.scanArgs('Canon DR-C225 TWAIN', { source: 'duplex', resolution: 300, colorMode: 'bw', paper: 'Legal' }, '/w')).toEqual([
      '--noprofile', '--driver', 'twain', '--device', 'Canon DR-C225 TWAIN', '--source', 'duplex', '--dpi', '300', '--bitdepth', 'bw', '--pagesize', 'legal', '-o', '/w/naps2-$(nnnn).png', '-f', '-v',
    ]);
    expect(d.scanArgs('X', { ...REQ, source: 'flatbed' }, '/w')).toContain('glass');
  });

  it('picks pages up from the output folder as NAPS2 writes them, renamed in order', async () => {
    const dir = work();
    const { spawn } = fakeSpawn(async ({ child }) => {
      child.line('Beginning scan...');
      for (let i = 1; i <= 3; i++) child.line(`Scanned page ${i}.`);
      for (let i = 1; i <= 3; i++) {
        await png(join(dir, `naps2-000${i}.png`));
        await new Promise((r) => setTimeout(r, 60));
      }
      child.exit(0);
    });
    const { pages, error } = await collect(new TwainDriver({ env, exists: () => true, spawn, pollMs: 20 }).startScan('twain:Canon', REQ, dir));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.filePath.slice(-9))).toEqual(['p0001.png', 'p0002.png', 'p0003.png']);
    expect(readdirSync(dir).sort()).toEqual(['p0001.png', 'p0002.png', 'p0003.png']);
  });

  it.each([
    ['There is a paper jam.', 'PAPER_JAM'],
    ['No pages are in the feeder.', 'FEEDER_EMPTY'],
    ['The scanner is busy.', 'BUSY'],
    ['The scanner is offline.', 'DISCONNECTED'],
    ['The device could not be found.', 'DISCONNECTED'],
    ["The scanner's cover is open.", 'COVER_OPEN'],
  ])('classifies NAPS2 output %j as %s', (text, code) => {
    expect(classifyNaps2Output(`Beginning scan...\n${text}\n`)).toBe(code);
  });

  it('an error printed by NAPS2 becomes the ScanError; no output and no page → FEEDER_EMPTY for the feeder', async () => {
    const jam = fakeSpawn(({ child }) => {
      child.line('There is a paper jam.');
      child.exit(0);
    });
    const r1 = await collect(new TwainDriver({ env, exists: () => true, spawn: jam.spawn, pollMs: 20 }).startScan('twain:Canon', REQ, work()));
    expect(r1.error?.code).toBe('PAPER_JAM');
    const none = fakeSpawn(({ child }) => child.exit(0));
    const r2 = await collect(new TwainDriver({ env, exists: () => true, spawn: none.spawn, pollMs: 20 }).startScan('twain:Canon', REQ, work()));
    expect(r2.error?.code).toBe('FEEDER_EMPTY');
  });
});

describe('createScannerDrivers', () => {
  it('Linux with scanimage: SANE, eSCL, files; Windows: eSCL, WIA, TWAIN, files', () => {
    const linux = createScannerDrivers({ platform: 'linux', hasScanimage: () => true });
    expect(linux.drivers.map((d) => d.kind)).toEqual(['sane', 'escl', 'files']);
    expect(createScannerDrivers({ platform: 'linux', hasScanimage: () => false }).drivers.map((d) => d.kind)).toEqual(['escl', 'files']);
    const win = createScannerDrivers({ platform: 'win32' });
    expect(win.drivers.map((d) => d.kind)).toEqual(['escl', 'wia', 'twain', 'files']);
    expect(win.driverFor('http://192.168.1.20/eSCL').kind).toBe('escl');
    expect(win.driverFor('wia:{X}\\0001').kind).toBe('wia');
    expect(win.driverFor('twain:Canon').kind).toBe('twain');
    expect(win.driverFor('files').kind).toBe('files');
    expect(() => win.driverFor('sane:test:0')).toThrow(ScanError);
    expect(linux.driverFor('sane:test:0').kind).toBe('sane');
  });
});
