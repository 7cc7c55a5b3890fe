// eSCL documents (Mopria / AirScan, namespace scan: http://schemas.hp.com/imaging/escl/2011/05/03 and
// pwg: http://www.pwg.org/schemas/2010/12/sm): capabilities and status in, ScanSettings out.
import { parseEsclRange, type EsclRange } from './escl-compression';
import { child, children, escapeXml, findAll, parseXml, textOf, type XmlElement } from './xml';
import {
  papersThatFit,
  resolutionsInRange,
  type ColorMode,
  type ScanErrorCode,
  type ScannerCapabilities,
  type ScanSource,
} from './scanner';

export const ESCL_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';

export interface EsclInputCaps {
  colorModes: string[];
  formats: string[];
  resolutions: number[];
  /** In 300ths of an inch. */
  maxWidth?: number;
  maxHeight?: number;
  /** CompressionFactorSupport given for this input (some devices put it here rather than at the top). */
  compression?: EsclRange;
}

export interface EsclModel {
  makeAndModel?: string;
  version?: string;
  /** CompressionFactorSupport: the JPEG compression factors the device takes in ScanSettings. */
  compression?: EsclRange;
  inputs: Partial<Record<ScanSource, EsclInputCaps>>;
  caps: ScannerCapabilities;
}

const COLOR: Record<ColorMode, string> = { color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' };

function parseInput(el: XmlElement | undefined): EsclInputCaps | undefined {
  if (!el) return undefined;
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const profile of findAll(el, 'SettingProfile')) {
    for (const c of findAll(profile, 'ColorMode')) colorModes.add(c.text.trim());
    for (const f of [...findAll(profile, 'DocumentFormatExt'), ...findAll(profile, 'DocumentFormat')]) formats.add(f.text.trim().toLowerCase());
    for (const d of findAll(profile, 'DiscreteResolution')) {
      const x = Number(textOf(d, 'XResolution'));
      const y = Number(textOf(d, 'YResolution'));
      if (x > 0 && x === y) resolutions.add(x);
    }
    for (const r of findAll(profile, 'ResolutionRange')) {
      const x = child(r, 'XResolution');
      const min = Number(textOf(x, 'Min'));
      const max = Number(textOf(x, 'Max'));
      if (max > 0) for (const v of resolutionsInRange(min, max, Number(textOf(x, 'Step')) || 1)) resolutions.add(v);
    }
  }
  const num = (name: string) => {
    const v = Number(textOf(el, name));
    return v > 0 ? v : undefined;
  };
  const compression = parseEsclRange(child(el, 'CompressionFactorSupport'));
  return {
    colorModes: [...colorModes],
    formats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
    maxWidth: num('MaxWidth'),
    maxHeight: num('MaxHeight'),
    ...(compression ? { compression } : {}),
  };
}

const to300 = (v: number) => (v / 300) * 25.4;

export function parseEsclCapabilities(xml: string): EsclModel {
  const root = parseXml(xml);
  if (root.name !== 'ScannerCapabilities') throw new Error(`eSCL: expected ScannerCapabilities, got ${root.name}`);
  const adf = child(root, 'Adf');
  const inputs: EsclModel['inputs'] = {
    flatbed: parseInput(child(child(root, 'Platen'), 'PlatenInputCaps')),
    feeder: parseInput(child(adf, 'AdfSimplexInputCaps')),
  };
  const duplexOption = findAll(adf, 'AdfOption').some((o) => o.text.trim() === 'Duplex');
  inputs.duplex = parseInput(child(adf, 'AdfDuplexInputCaps')) ?? (duplexOption ? inputs.feeder : undefined);
  const present = (['flatbed', 'feeder', 'duplex'] as ScanSource[]).filter((s) => inputs[s]);
  if (present.length === 0) throw new Error('eSCL: neither platen nor feeder in the capabilities');
  const all = present.map((s) => inputs[s]!);
  const colorModes = (['color', 'gray', 'bw'] as ColorMode[]).filter((m) => all.some((i) => i.colorModes.includes(COLOR[m])));
  const resolutions = [...new Set(all.flatMap((i) => i.resolutions))].sort((a, b) => a - b);
  const widths = all.map((i) => i.maxWidth).filter((v): v is number => !!v);
  const heights = all.map((i) => i.maxHeight).filter((v): v is number => !!v);
  const maxWidthMm = widths.length ? Math.round(to300(Math.max(...widths)) * 10) / 10 : undefined;
  const maxHeightMm = heights.length ? Math.round(to300(Math.max(...heights)) * 10) / 10 : undefined;
  const compression = parseEsclRange(child(root, 'CompressionFactorSupport'));
  return {
    makeAndModel: textOf(root, 'MakeAndModel'),
    version: textOf(root, 'Version'),
    ...(compression ? { compression } : {}),
    inputs,
    caps: { sources: present, resolutions, colorModes, paperSizes: papersThatFit(maxWidthMm, maxHeightMm), maxWidthMm, maxHeightMm },
  };
}

export interface EsclJobInfo {
  /** JobUri as the device writes it (usually the path, /eSCL/ScanJobs/<id>). */
  uri: string;
  uuid?: string;
  /** Processing, Completed, Canceled, Aborted, Pending… */
  state?: string;
  /** JobStateReasons: JobCompletedSuccessfully, JobCanceledByUser, AbortedBySystem, InputTrayEmpty… */
  reasons: string[];
}

export interface EsclStatus {
  state: string;
  adfState?: string;
  jobs: EsclJobInfo[];
}

export function parseEsclStatus(xml: string): EsclStatus {
  const root = parseXml(xml);
  if (root.name !== 'ScannerStatus') throw new Error(`eSCL: expected ScannerStatus, got ${root.name}`);
  return {
    state: textOf(root, 'State') ?? 'Unknown',
    adfState: textOf(root, 'AdfState'),
    jobs: children(child(root, 'Jobs'), 'JobInfo').map((j) => ({
      uri: textOf(j, 'JobUri') ?? '',
      uuid: textOf(j, 'JobUuid'),
      state: textOf(j, 'JobState'),
      reasons: findAll(child(j, 'JobStateReasons'), 'JobStateReason').map((r) => r.text.trim()).filter(Boolean),
    })),
  };
}

/** The status line of our job: by its URI (absolute or a path) or by the last segment as its UUID. */
export function findEsclJob(s: EsclStatus, jobUrl: string): EsclJobInfo | undefined {
  const path = (u: string) => {
    try {
      return new URL(u, jobUrl).pathname.replace(/\/+$/, '');
    } catch {
      return u;
    }
  };
  const ours = path(jobUrl);
  const id = ours.split('/').pop();
  return s.jobs.find((j) => (j.uri && path(j.uri) === ours) || (!!id && j.uuid === id));
}

/** The error a status explains, if any. Feeder states only count when scanning from the feeder. */
export function esclStatusError(s: EsclStatus, source: ScanSource): ScanErrorCode | undefined {
  const adf = s.adfState ?? '';
  if (source !== 'flatbed') {
    if (/Jam/i.test(adf)) return 'PAPER_JAM';
    if (/HatchOpen|DoorOpen|CoverOpen/i.test(adf)) return 'COVER_OPEN';
    if (/Empty/i.test(adf)) return 'FEEDER_EMPTY';
  }
  if (s.state === 'Stopped') return 'FAILED';
  return undefined;
}

export type EsclJobEnd =
  /** The device says the job completed (or says nothing against it). */
  | { kind: 'completed' }
  /** The job ended early: a jam, an open cover, an empty tray, a stop at the device. */
  | { kind: 'aborted'; code: ScanErrorCode; detail: string };

/**
 * After NextDocument answered 404: was that the end of a complete job, or a job the device gave up on?
 * Devices that jam mid-batch may answer 404 and only their status tells (JobState Aborted/Canceled with
 * its reasons, AdfState ScannerAdfJam). Our job's own line decides when the device lists it; otherwise a
 * jammed or open feeder does.
 */
export function esclJobEnd(s: EsclStatus, jobUrl: string, source: ScanSource): EsclJobEnd {
  const job = findEsclJob(s, jobUrl);
  const detail = `status ${s.state}, ADF ${s.adfState ?? '-'}, job ${job ? `${job.state ?? '?'} [${job.reasons.join(' ')}]` : 'not listed'}`;
  if (job && /^Completed$/i.test(job.state ?? '')) return { kind: 'completed' };
  const adfCode = source !== 'flatbed' ? esclStatusError({ ...s, state: 'Idle' }, source) : undefined;
  const terminal = job && /^(Aborted|Canceled|Cancelled)$/i.test(job.state ?? '');
  if (!terminal) {
    // Not listed, or still Processing: only a jam or an open cover says the batch did not finish (an empty
    // feeder after a batch is its normal end).
    return adfCode === 'PAPER_JAM' || adfCode === 'COVER_OPEN' ? { kind: 'aborted', code: adfCode, detail } : { kind: 'completed' };
  }
  const reasons = job.reasons.join(' ');
  const code: ScanErrorCode =
    adfCode === 'PAPER_JAM' || /Jam/i.test(reasons) ? 'PAPER_JAM'
      : adfCode === 'COVER_OPEN' || /Cover|Door|Hatch/i.test(reasons) ? 'COVER_OPEN'
        : adfCode === 'FEEDER_EMPTY' || /Empty|MediaNeeded/i.test(reasons) ? 'FEEDER_EMPTY'
          : 'STOPPED_AT_DEVICE';
  return { kind: 'aborted', code, detail };
}

export interface EsclScanSettings {
  source: ScanSource;
  colorMode: ColorMode;
  resolution: number;
  /** In 300ths of an inch. */
  width: number;
  height: number;
  format: string;
  version?: string;
  /** scan:CompressionFactor; only ever within what the device advertised (escl-compression.ts). */
  compressionFactor?: number;
}

export function esclColorMode(m: ColorMode): string {
  return COLOR[m];
}

export function scanSettingsXml(s: EsclScanSettings): string {
  const src = s.source === 'flatbed' ? 'Platen' : 'Feeder';
  const duplex = s.source === 'flatbed' ? '' : `\n  <scan:Duplex>${s.source === 'duplex'}</scan:Duplex>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">
  <pwg:Version>${escapeXml(s.version ?? '2.0')}</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${Math.round(s.width)}</pwg:Width>
      <pwg:Height>${Math.round(s.height)}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>${src}</pwg:InputSource>${duplex}${s.compressionFactor === undefined ? '' : `
  <scan:CompressionFactor>${s.compressionFactor}</scan:CompressionFactor>`}
  <scan:ColorMode>${COLOR[s.colorMode]}</scan:ColorMode>
  <pwg:DocumentFormat>${escapeXml(s.format)}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${escapeXml(s.format)}</scan:DocumentFormatExt>
  <scan:XResolution>${s.resolution}</scan:XResolution>
  <scan:YResolution>${s.resolution}</scan:YResolution>
</scan:ScanSettings>
`;
}
