// Proof that the eSCL test server speaks real eSCL: Debian's sane-airscan (an independent eSCL client) lists
// it and scans from it through scanimage; then the same scan through our own eSCL client. sane-airscan also
// gives the SANE driver a real mid-batch jam (the test backend can only jam on the first page).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../main/devices/scanning/escl-driver';
import { SaneDriver } from '../../../main/devices/scanning/sane-driver';
import { parsePnm } from '../../../main/digitization/source-image';
import { pageMarkLevel, startEsclServer, type EsclTestServer } from '../../support/escl-server';
import { hasScanimage, makeSaneConfig, makeWorkDir, type SaneConfig } from '../../support/sane';
import { collect } from '../../support/scan-collect';

const run = promisify(execFile);
const hasAirscan = existsSync('/usr/lib/x86_64-linux-gnu/sane/libsane-airscan.so.1') || existsSync('/usr/lib/sane/libsane-airscan.so.1');


async function markLevel(file: string, dpi: number): Promise<number> {
  const size = Math.round(dpi * 0.8);
  // Our SANE driver's pages are PNM (sharp has no PNM loader); scanimage run by hand writes PNG.
  const pnm = file.endsWith('.pnm') ? parsePnm(readFileSync(file)) : undefined;
  const img = pnm ? sharp(pnm.data, { raw: { width: pnm.width, height: pnm.height, channels: pnm.channels } }) : sharp(file);
  const square = await img.extract({ left: 5, top: 5, width: size, height: size }).greyscale().png().toBuffer();
  return (await sharp(square).stats()).channels[0]!.mean;
}

describe.skipIf(!hasScanimage() || !hasAirscan)('sane-airscan against the eSCL test server', () => {
  let server: EsclTestServer | undefined;
  let cfg: SaneConfig | undefined;
  const dirs: string[] = [];
  const work = () => {
    const d = makeWorkDir();
    dirs.push(d);
    return d;
  };
  const setup = async (faults: Parameters<typeof startEsclServer>[0] = {}) => {
    server = await startEsclServer(faults);
    cfg = makeSaneConfig({ test: false, airscan: [{ name: 'Test', url: server.url }] });
    return { env: { ...process.env, SANE_CONFIG_DIR: cfg.configDir, LC_ALL: 'C' } };
  };

  afterEach(async () => {
    await server?.close();
    cfg?.cleanup();
    server = undefined;
    cfg = undefined;
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('scanimage -L lists it, scanimage scans a page; our client scans the same page', async () => {
    const { env } = await setup();
    const list = await run('scanimage', ['-L'], { env, timeout: 20_000 });
    expect(list.stdout).toContain("device `airscan:e0:Test' is a eSCL Test");

    const options = await run('scanimage', ['-d', 'airscan:e0:Test', '-A'], { env, timeout: 20_000 });
    expect(options.stdout).toMatch(/--resolution 100\|200\|300dpi/);
    expect(options.stdout).toMatch(/--source Flatbed\|ADF/);

    const dir = work();
    const out = join(dir, 'airscan.png');
    await run('scanimage', ['-d', 'airscan:e0:Test', '--resolution=200', '--mode=Color', '-x', '210', '-y', '297', '--format=png', `--output-file=${out}`], { env, timeout: 30_000 });
    const viaAirscan = await sharp(out).metadata();
    expect(Math.abs(viaAirscan.width! - 1654)).toBeLessThanOrEqual(2);
    expect(Math.abs(viaAirscan.height! - 2339)).toBeLessThanOrEqual(2);
    expect(Math.abs((await markLevel(out, 200)) - pageMarkLevel(1))).toBeLessThan(6);
    const airscanPost = server!.requests.find((r) => r.method === 'POST')!;
    expect(airscanPost.body).toContain('<pwg:InputSource>Platen</pwg:InputSource>');

    // The same scan through our eSCL client.
    const ours = await collect(new EsclDriver().startScan(server!.url, { source: 'flatbed', resolution: 200, colorMode: 'color', paper: 'A4' }, work()));
    expect(ours.error).toBeUndefined();
    expect(ours.pages).toHaveLength(1);
    expect(Math.abs(ours.pages[0]!.widthPx - viaAirscan.width!)).toBeLessThanOrEqual(2);
    expect(Math.abs(ours.pages[0]!.heightPx - viaAirscan.height!)).toBeLessThanOrEqual(2);
    expect(Math.abs((await markLevel(ours.pages[0]!.filePath, 200)) - pageMarkLevel(1))).toBeLessThan(6);
  });

  it('our SANE driver scans the ADF through sane-airscan: 3 pages, in order', async () => {
    await setup({ feederPages: 3 });
    const sane = new SaneDriver({ saneConfigDir: cfg!.configDir });
    const devices = await sane.listDevices();
    expect(devices.map((d) => d.id)).toContain('sane:airscan:e0:Test');
    const caps = await sane.capabilities('sane:airscan:e0:Test');
    expect(caps.sources).toEqual(['flatbed', 'feeder']);
    expect(caps.resolutions).toEqual([100, 200, 300]);
    const { pages, error } = await collect(sane.startScan('sane:airscan:e0:Test', { source: 'feeder', resolution: 100, colorMode: 'gray', paper: 'A4' }, work()));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(3);
    for (const [i, p] of pages.entries()) expect(Math.abs((await markLevel(p.filePath, 100)) - pageMarkLevel(i + 1))).toBeLessThan(6);
  });

  it('a jam after page 2 reaches the SANE driver mid-batch: PAPER_JAM with the 2 pages kept', async () => {
    await setup({ feederPages: 5, jamAfter: 2 });
    const sane = new SaneDriver({ saneConfigDir: cfg!.configDir });
    const dir = work();
    const { pages, error } = await collect(sane.startScan('sane:airscan:e0:Test', { source: 'feeder', resolution: 100, colorMode: 'gray', paper: 'A4' }, dir));
    expect(pages).toHaveLength(2);
    expect(error?.code).toBe('PAPER_JAM');
    expect(error?.pagesDelivered).toBe(2);
    expect(error?.message).toContain('quét tiếp từ trang 3');
    for (const p of pages) expect(existsSync(p.filePath)).toBe(true);
  });
});
