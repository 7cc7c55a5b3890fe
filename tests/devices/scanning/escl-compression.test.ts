// eSCL CompressionFactor: read from ScannerCapabilities (top level or per input), the profile's JPEG quality
// mapped onto the device's range and steps, sent only to a device that advertises it — checked in what the
// eSCL test server received and in the JPEGs it made from it.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { esclCompressionFactor, parseEsclRange } from '../../../main/devices/scanning/escl-compression';
import { EsclDriver } from '../../../main/devices/scanning/escl-driver';
import { parseEsclCapabilities } from '../../../main/devices/scanning/escl-parse';
import type { ScanRequest } from '../../../main/devices/scanning/scanner';
import { parseXml } from '../../../main/devices/scanning/xml';
import { readJpegHeader } from '../../../main/digitization/jpeg-header';
import { capabilitiesXml, startEsclServer, type EsclFaults, type EsclTestServer } from '../../support/escl-server';
import { makeWorkDir } from '../../support/sane';
import { collect } from '../../support/scan-collect';

const FEEDER: ScanRequest = { source: 'feeder', resolution: 100, colorMode: 'gray', paper: 'A4', jpegQuality: 75 };
const range = (xml: string) => parseEsclRange(parseXml(`<scan:CompressionFactorSupport xmlns:scan="x">${xml}</scan:CompressionFactorSupport>`));

describe('CompressionFactorSupport and the factor for a JPEG quality', () => {
  it('reads Min, Max, Normal and Step; a missing Step is 1; a range that contradicts itself is no support', () => {
    expect(range('<scan:Min>0</scan:Min><scan:Max>100</scan:Max><scan:Normal>25</scan:Normal><scan:Step>1</scan:Step>')).toEqual({ min: 0, max: 100, normal: 25, step: 1 });
    expect(range('<scan:Min>1</scan:Min><scan:Max>5</scan:Max>')).toEqual({ min: 1, max: 5, step: 1 });
    expect(range('<scan:Min>0</scan:Min><scan:Max>100</scan:Max><scan:Step>0</scan:Step>')).toEqual({ min: 0, max: 100, step: 1 });
    expect(range('<scan:Min>50</scan:Min><scan:Max>10</scan:Max>')).toBeUndefined();
    expect(range('<scan:Min>0</scan:Min><scan:Max>100</scan:Max><scan:Normal>120</scan:Normal>')).toBeUndefined();
    expect(range('<scan:Min>0</scan:Min><scan:Max>high</scan:Max>')).toBeUndefined();
    expect(range('<scan:Max>100</scan:Max>')).toBeUndefined();
  });

  it('finds it at the top of ScannerCapabilities (eSCL) or inside an input (some devices)', () => {
    const top = parseEsclCapabilities(capabilitiesXml('u', undefined, { min: 0, max: 100, normal: 20, step: 5 }));
    expect(top.compression).toEqual({ min: 0, max: 100, normal: 20, step: 5 });
    expect(top.inputs.feeder?.compression).toBeUndefined();
    const inInput = parseEsclCapabilities(capabilitiesXml('u', undefined, { min: 1, max: 100, where: 'input' }));
    expect(inInput.compression).toBeUndefined();
    expect(inInput.inputs.flatbed?.compression).toEqual({ min: 1, max: 100, step: 1 });
    expect(parseEsclCapabilities(capabilitiesXml('u')).compression).toBeUndefined();
  });

  it('maps the quality the other way round onto the device range: higher factor, coarser image', () => {
    expect(esclCompressionFactor(75, { min: 0, max: 100, step: 1 })).toBe(25);
    expect(esclCompressionFactor(90, { min: 0, max: 100, step: 1 })).toBe(10);
    expect(esclCompressionFactor(100, { min: 0, max: 100, step: 1 })).toBe(0);
    expect(esclCompressionFactor(75, { min: 1, max: 100, step: 1 })).toBe(26); // 25.75 → the coarser whole step
    expect(esclCompressionFactor(75, { min: 1, max: 5, step: 1 })).toBe(2);
    expect(esclCompressionFactor(75, { min: 7, max: 7, step: 1 })).toBe(7);
  });

  it('takes the coarser step when it costs at most 5 quality points, else the finer one (never coarser than that)', () => {
    expect(esclCompressionFactor(75, { min: 0, max: 100, step: 10 })).toBe(30); // q70: stored as sent
    expect(esclCompressionFactor(75, { min: 0, max: 100, step: 20 })).toBe(20); // q60 would be 15 points worse: q80, re-encoded
    expect(esclCompressionFactor(75, { min: 0, max: 10, step: 1 })).toBe(3); // 2.5 → 3
    expect(esclCompressionFactor(75, { min: 0, max: 100, step: 40 })).toBe(0); // 40 is 15 points coarser
    for (const step of [1, 3, 7, 10, 20, 30]) {
      const f = esclCompressionFactor(75, { min: 0, max: 100, step });
      expect(f % step).toBe(0);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(30);
    }
  });
});

describe('ScanSettings sent to an eSCL device', () => {
  let server: EsclTestServer | undefined;
  const dirs: string[] = [];
  const scan = async (faults: EsclFaults, req: ScanRequest = FEEDER) => {
    server = await startEsclServer({ feederPages: 2, ...faults });
    const dir = makeWorkDir();
    dirs.push(dir);
    const { pages, error } = await collect(new EsclDriver({ retryDelayMs: 50, requestTimeoutMs: 5000, discover: false }).startScan(server.url.replace(/\/$/, ''), req, dir));
    expect(error).toBeUndefined();
    const post = server.requests.find((r) => r.method === 'POST')!;
    return { pages, body: post.body, qualities: pages.map((p) => readJpegHeader(readFileSync(p.filePath))?.quality) };
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('asks a device that advertises 0–100 for 25 (the profile\'s q75) and gets q75 JPEGs', async () => {
    const { body, qualities } = await scan({ compression: { min: 0, max: 100, normal: 20, step: 1 } });
    expect(body).toContain('<scan:CompressionFactor>25</scan:CompressionFactor>');
    // Between InputSource (and Duplex) and ColorMode, where sane-airscan puts it too.
    expect(body.indexOf('CompressionFactor')).toBeGreaterThan(body.indexOf('InputSource'));
    expect(body.indexOf('CompressionFactor')).toBeLessThan(body.indexOf('ColorMode'));
    expect(qualities).toEqual([75, 75]);
  });

  it('uses the range of the input scanned when the device gives it there, on its steps', async () => {
    const { body, qualities } = await scan({ compression: { min: 0, max: 100, step: 10, where: 'input' } }, { ...FEEDER, source: 'flatbed' });
    expect(body).toContain('<scan:CompressionFactor>30</scan:CompressionFactor>');
    expect(qualities).toEqual([70]);
  });

  it('sends no factor to a device that does not advertise one (it would refuse the job)', async () => {
    const { body, qualities } = await scan({});
    expect(body).not.toContain('CompressionFactor');
    expect(qualities).toEqual([80, 80]);
  });

  it('sends none without a profile quality, nor for a PDF-only device', async () => {
    expect((await scan({ compression: { min: 0, max: 100 } }, { ...FEEDER, jpegQuality: undefined })).body).not.toContain('CompressionFactor');
    await server!.close();
    const pdf = await scan({ compression: { min: 0, max: 100 }, formats: ['application/pdf'] });
    expect(pdf.body).toContain('<pwg:DocumentFormat>application/pdf</pwg:DocumentFormat>');
    expect(pdf.body).not.toContain('CompressionFactor');
  });

  it('the test server, like a strict device, refuses a factor it did not advertise or off its steps', async () => {
    server = await startEsclServer({ compression: { min: 0, max: 100, step: 10 } });
    const post = (factor: string) => fetch(`${server!.url}ScanJobs`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: `<scan:ScanSettings xmlns:scan="s"><scan:CompressionFactor>${factor}</scan:CompressionFactor></scan:ScanSettings>` });
    expect((await post('25')).status).toBe(409);
    expect((await post('110')).status).toBe(409);
  });
});
