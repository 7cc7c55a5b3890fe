// Parsers on real-world text: scanimage -A of other backends, eSCL XML with other prefixes, the page channel.
import { describe, expect, it } from 'vitest';
import { esclJobEnd, esclStatusError, parseEsclCapabilities, parseEsclStatus, scanSettingsXml } from '../../../main/devices/scanning/escl-parse';
import { PageChannel } from '../../../main/devices/scanning/job';
import { classifySaneExit, parseSaneListLines, parseSaneOptions, saneCapabilities } from '../../../main/devices/scanning/sane-parse';
import type { ScanProgress } from '../../../main/devices/scanning/scanner';
import { parseXml } from '../../../main/devices/scanning/xml';

// Abridged `scanimage -A` of a Fujitsu fi-series (fujitsu backend): lists, Lineart, duplex, fractional mm.
const FUJITSU = `
All options specific to device \`fujitsu:fi-7160:1234':
  Standard:
    --source ADF Front|ADF Back|ADF Duplex [ADF Front]
        Selects the scan source (such as a document-feeder).
    --mode Lineart|Halftone|Gray|Color [Lineart]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --resolution 50..600dpi (in steps of 1) [600]
        Sets the resolution of the scanned image.
  Geometry:
    -l 0..215.872mm (in steps of 0.0211639) [0]
    -t 0..355.6mm (in steps of 0.0211639) [0]
    -x 0..215.872mm (in steps of 0.0211639) [215.872]
    -y 0..355.6mm (in steps of 0.0211639) [279.364]
    --page-width 0..221.121mm (in steps of 0.0211639) [215.872]
  Advanced:
    --swdeskew[=(yes|no)] [no]
`;

// Abridged `scanimage -A` of an HP all-in-one (hpaio): resolution list, flatbed + ADF.
const HPAIO = `
  Scan mode:
    --mode Lineart|Gray|Color [Lineart]
    --resolution 75|100|150|200|300|600|1200dpi [75]
  Advanced:
    --source Flatbed|ADF [Flatbed]
  Geometry:
    -l 0..215.9mm [0]
    -t 0..296.926mm [0]
    -x 0..215.9mm [215.9]
    -y 0..296.926mm [296.926]
`;

describe('scanimage -A', () => {
  it('a sheet-fed duplex scanner', () => {
    const m = saneCapabilities(parseSaneOptions(FUJITSU));
    expect(m.caps.sources).toEqual(['feeder', 'duplex']);
    expect(m.sourceNames).toEqual({ feeder: 'ADF Front', duplex: 'ADF Duplex' });
    expect(m.caps.colorModes).toEqual(['color', 'gray', 'bw']);
    expect(m.modeNames.bw).toBe('Lineart'); // not Halftone
    expect(m.caps.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600]);
    expect(m.caps.maxHeightMm).toBeCloseTo(355.6);
    expect(m.caps.paperSizes).toEqual(['A4', 'A5', 'Letter', 'Legal']);
  });

  it('an all-in-one with a resolution list', () => {
    const m = saneCapabilities(parseSaneOptions(HPAIO));
    expect(m.caps.sources).toEqual(['flatbed', 'feeder']);
    expect(m.caps.resolutions).toEqual([75, 100, 150, 200, 300, 600, 1200]);
    expect(m.resolution).toEqual({ kind: 'list', values: ['75', '100', '150', '200', '300', '600', '1200'], unit: 'dpi' });
    expect(m.caps.paperSizes).toEqual(['A4', 'A5', 'Letter']); // 296.9 mm deep: no Legal
  });

  it('-L lines and exit classification', () => {
    expect(parseSaneListLines("device `epson2:net:192.168.1.5' is a Epson PID 1234 flatbed scanner\n")).toEqual([
      { name: 'epson2:net:192.168.1.5', vendor: 'Epson', model: 'PID', type: '1234 flatbed scanner' },
    ]);
    expect(classifySaneExit(0, null, '')).toBeUndefined();
    expect(classifySaneExit(1, null, 'scanimage: open of device foo failed: Invalid argument')).toBe('DISCONNECTED');
    expect(classifySaneExit(1, null, 'scanimage: setting of option --mode failed (Invalid argument)')).toBe('UNSUPPORTED');
    expect(classifySaneExit(null, 'SIGSEGV', '')).toBe('DRIVER_CRASHED');
    expect(classifySaneExit(7, null, 'scanimage: sane_start: Document feeder out of documents')).toBe('FEEDER_EMPTY');
  });
});

describe('eSCL XML', () => {
  // Same schema, other prefixes and a default namespace (seen on some Canon and Epson firmwares).
  const CAPS = `<?xml version="1.0" encoding="UTF-8"?>
<ScannerCapabilities xmlns="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:p="http://www.pwg.org/schemas/2010/12/sm">
  <p:Version>2.6</p:Version><p:MakeAndModel>Canon MF&amp;Co 445</p:MakeAndModel>
  <Platen><PlatenInputCaps><MinWidth>16</MinWidth><MaxWidth>2551</MaxWidth><MinHeight>16</MinHeight><MaxHeight>3508</MaxHeight>
    <SettingProfiles><SettingProfile><ColorModes><ColorMode>RGB24</ColorMode><ColorMode>BlackAndWhite1</ColorMode></ColorModes>
    <DocumentFormats><p:DocumentFormat>application/pdf</p:DocumentFormat></DocumentFormats>
    <SupportedResolutions><ResolutionRange><XResolution><Min>75</Min><Max>600</Max><Step>1</Step></XResolution><YResolution><Min>75</Min><Max>600</Max><Step>1</Step></YResolution></ResolutionRange></SupportedResolutions>
    </SettingProfile></SettingProfiles></PlatenInputCaps></Platen>
  <Adf><AdfSimplexInputCaps><MaxWidth>2551</MaxWidth><MaxHeight>4200</MaxHeight><SettingProfiles><SettingProfile><ColorModes><ColorMode>Grayscale8</ColorMode></ColorModes>
    <SupportedResolutions><DiscreteResolutions><DiscreteResolution><XResolution>300</XResolution><YResolution>300</YResolution></DiscreteResolution></DiscreteResolutions></SupportedResolutions>
    </SettingProfile></SettingProfiles></AdfSimplexInputCaps>
    <AdfOptions><AdfOption>Duplex</AdfOption></AdfOptions></Adf>
</ScannerCapabilities>`;

  it('reads capabilities whatever the prefixes', () => {
    const m = parseEsclCapabilities(CAPS);
    expect(m.makeAndModel).toBe('Canon MF&Co 445');
    expect(m.caps.sources).toEqual(['flatbed', 'feeder', 'duplex']);
    expect(m.caps.colorModes).toEqual(['color', 'gray', 'bw']);
    expect(m.inputs.flatbed!.formats).toEqual(['application/pdf']);
    expect(m.inputs.flatbed!.resolutions).toEqual([75, 100, 150, 200, 240, 300, 400, 600]);
    expect(m.caps.maxHeightMm).toBeCloseTo(355.6, 1);
  });

  it('reads status and maps ADF states', () => {
    const s = parseEsclStatus(`<scan:ScannerStatus xmlns:scan="x" xmlns:pwg="y"><pwg:State>Idle</pwg:State><scan:AdfState>ScannerAdfJam</scan:AdfState>
      <scan:Jobs><scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/1</pwg:JobUri><pwg:JobState>Aborted</pwg:JobState></scan:JobInfo></scan:Jobs></scan:ScannerStatus>`);
    expect(s).toEqual({ state: 'Idle', adfState: 'ScannerAdfJam', jobs: [{ uri: '/eSCL/ScanJobs/1', state: 'Aborted', reasons: [] }] });
    expect(esclStatusError(s, 'feeder')).toBe('PAPER_JAM');
    expect(esclStatusError(s, 'flatbed')).toBeUndefined();
    expect(esclStatusError({ ...s, adfState: 'ScannerAdfHatchOpen' }, 'duplex')).toBe('COVER_OPEN');
    expect(esclStatusError({ ...s, adfState: 'ScannerAdfEmpty' }, 'feeder')).toBe('FEEDER_EMPTY');
  });

  it('tells a complete job from one the device gave up on, by the job\'s own line in ScannerStatus', () => {
    const status = (adf: string, jobs: string) => parseEsclStatus(`<scan:ScannerStatus xmlns:scan="x" xmlns:pwg="y"><pwg:State>Idle</pwg:State>
      <scan:AdfState>${adf}</scan:AdfState><scan:Jobs>${jobs}</scan:Jobs></scan:ScannerStatus>`);
    const info = (uri: string, state: string, ...reasons: string[]) => `<scan:JobInfo><pwg:JobUri>${uri}</pwg:JobUri><pwg:JobUuid>${uri.split('/').pop()}</pwg:JobUuid>
      <pwg:JobState>${state}</pwg:JobState><pwg:JobStateReasons>${reasons.map((r) => `<pwg:JobStateReason>${r}</pwg:JobStateReason>`).join('')}</pwg:JobStateReasons></scan:JobInfo>`;
    const url = 'http://10.0.0.5:8080/eSCL/ScanJobs/abc';
    // Our job by its path (other jobs listed too), by an absolute URI, or by its UUID.
    expect(esclJobEnd(status('ScannerAdfEmpty', info('/eSCL/ScanJobs/old', 'Aborted', 'AbortedBySystem') + info('/eSCL/ScanJobs/abc', 'Completed', 'JobCompletedSuccessfully')), url, 'feeder')).toEqual({ kind: 'completed' });
    expect(esclJobEnd(status('ScannerAdfLoaded', info('http://10.0.0.5:8080/eSCL/ScanJobs/abc/', 'Aborted', 'JobCanceledByDevice')), url, 'feeder')).toMatchObject({ kind: 'aborted', code: 'STOPPED_AT_DEVICE' });
    expect(esclJobEnd(status('ScannerAdfJam', info('urn:x/abc', 'Aborted', 'AbortedBySystem').replace('urn:x/abc</pwg:JobUri>', 'other</pwg:JobUri>')), url, 'feeder')).toMatchObject({ kind: 'aborted', code: 'PAPER_JAM' });
    expect(esclJobEnd(status('ScannerAdfEmpty', info('/eSCL/ScanJobs/abc', 'Aborted', 'InputTrayEmpty')), url, 'feeder')).toMatchObject({ kind: 'aborted', code: 'FEEDER_EMPTY' });
    expect(esclJobEnd(status('ScannerAdfLoaded', info('/eSCL/ScanJobs/abc', 'Canceled', 'JobCanceledByUser')), url, 'duplex')).toMatchObject({ kind: 'aborted', code: 'STOPPED_AT_DEVICE' });
    // Not listed: a jammed or open feeder says the batch did not finish; an empty one is the normal end.
    expect(esclJobEnd(status('ScannerAdfJam', ''), url, 'feeder')).toMatchObject({ kind: 'aborted', code: 'PAPER_JAM' });
    expect(esclJobEnd(status('ScannerAdfHatchOpen', ''), url, 'feeder')).toMatchObject({ kind: 'aborted', code: 'COVER_OPEN' });
    expect(esclJobEnd(status('ScannerAdfEmpty', ''), url, 'feeder')).toEqual({ kind: 'completed' });
    // The platen ignores the feeder's state.
    expect(esclJobEnd(status('ScannerAdfJam', ''), url, 'flatbed')).toEqual({ kind: 'completed' });
  });

  it('writes ScanSettings that parse back', () => {
    const x = parseXml(scanSettingsXml({ source: 'duplex', colorMode: 'color', resolution: 300, width: 2480, height: 3508, format: 'image/jpeg' }));
    const flat = (el: typeof x): string[] => [el.name + '=' + el.text.trim(), ...el.children.flatMap(flat)];
    expect(flat(x)).toEqual(expect.arrayContaining(['InputSource=Feeder', 'Duplex=true', 'ColorMode=RGB24', 'XResolution=300', 'Width=2480', 'ContentRegionUnits=escl:ThreeHundredthsOfInches']));
  });

  it('rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>')).toThrow();
    expect(() => parseEsclCapabilities('<html><body>Login</body></html>')).toThrow();
  });
});

describe('page channel', () => {
  const page = { filePath: '/x', format: 'png' as const, widthPx: 1, heightPx: 1, dpi: 200, colorMode: 'color' as const };

  it('delivers queued pages before the error, with the count of pages delivered', async () => {
    const ch = new PageChannel();
    const progress: ScanProgress[] = [];
    ch.progress((p) => progress.push(p));
    ch.push(page);
    ch.push(page);
    const { scanError } = await import('../../../main/devices/scanning/scanner');
    ch.fail(scanError('PAPER_JAM', 2));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const p of ch.pages) got.push(p.index);
      })(),
    ).rejects.toMatchObject({ code: 'PAPER_JAM', pagesDelivered: 2 });
    expect(got).toEqual([0, 1]);
    expect(progress.map((p) => p.phase)).toEqual(['starting', 'scanning', 'scanning', 'finishing']);
    expect(() => ch.pages[Symbol.asyncIterator]()).toThrow();
  });

  it('breaking out of the loop cancels the job', async () => {
    const ch = new PageChannel();
    let stopped = false;
    ch.onCancel = async () => {
      stopped = true;
    };
    ch.push(page);
    for await (const _p of ch.pages) break;
    expect(stopped).toBe(true);
    expect(ch.push(page)).toBe(false);
  });
});
