// Parsers for scanimage's text output (run with LC_ALL=C so the wording is English and stable).
import {
  papersThatFit,
  resolutionsInRange,
  type ColorMode,
  type ScanErrorCode,
  type ScannerCapabilities,
  type ScanSource,
} from './scanner';

/** Tab-separated format for `scanimage -f`: name, vendor, model, type. */
export const SANE_LIST_FORMAT = '%d\t%v\t%m\t%t%n';

export interface SaneDeviceLine {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export function parseSaneDeviceList(stdout: string): SaneDeviceLine[] {
  const out: SaneDeviceLine[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const parts = line.split('\t');
    if (parts.length < 4 || !parts[0]) continue;
    out.push({ name: parts[0], vendor: parts[1]!, model: parts[2]!, type: parts.slice(3).join('\t') });
  }
  return out;
}

/** `scanimage -L` lines: device `test:0' is a Noname frontend-tester virtual device */
export function parseSaneListLines(stdout: string): SaneDeviceLine[] {
  const out: SaneDeviceLine[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^device `(.+)' is a (.*)$/.exec(line.trim());
    if (!m) continue;
    const words = m[2]!.split(' ');
    out.push({ name: m[1]!, vendor: words[0] ?? '', model: words[1] ?? '', type: words.slice(2).join(' ') });
  }
  return out;
}

export type SaneConstraint =
  | { kind: 'range'; min: number; max: number; step?: number; unit: string }
  | { kind: 'list'; values: string[]; unit: string }
  | { kind: 'none' };

export interface SaneOption {
  name: string;
  constraint: SaneConstraint;
  current?: string;
  inactive: boolean;
}

const UNIT = /(dpi|mm|pel|bit|us|%)$/;

function parseConstraint(text: string): SaneConstraint {
  const t = text.trim();
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)([a-z%]*)(?:,\.\.\.)?(?:\s+\(in steps of (\d+(?:\.\d+)?)\))?$/.exec(t);
  if (range) {
    return { kind: 'range', min: Number(range[1]), max: Number(range[2]), unit: range[3] ?? '', step: range[4] ? Number(range[4]) : undefined };
  }
  if (t.startsWith('<')) return { kind: 'none' };
  const values = t.split('|');
  const last = values[values.length - 1]!;
  const unit = UNIT.exec(last)?.[1] ?? '';
  // Only numeric lists carry a unit suffix ("75|150|300dpi"); a word list keeps its last word whole.
  if (unit && /^-?\d+(?:\.\d+)?$/.test(last.slice(0, -unit.length))) values[values.length - 1] = last.slice(0, -unit.length);
  return { kind: 'list', values, unit: /^-?\d/.test(values[0] ?? '') ? unit : '' };
}

/** Options of `scanimage -d <dev> -A`. */
export function parseSaneOptions(stdout: string): Map<string, SaneOption> {
  const opts = new Map<string, SaneOption>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s+(--?[A-Za-z0-9][\w-]*)(?:\[=\([^)]*\)\])?(?:\s+(.*?))?\s+\[([^\]]*)\](?:\s+\[([^\]]*)\])?\s*$/.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/^-+/, '');
    const current = m[3];
    const inactive = current === 'inactive' || m[4] === 'inactive';
    opts.set(name, { name, constraint: m[2] ? parseConstraint(m[2]) : { kind: 'none' }, current: inactive ? undefined : current, inactive });
  }
  return opts;
}

export function saneSourceKind(value: string): ScanSource | undefined {
  if (/duplex/i.test(value)) return 'duplex';
  if (/\bback\b/i.test(value)) return undefined;
  if (/adf|feeder/i.test(value)) return 'feeder';
  if (/flatbed|platen|glass|document table|normal/i.test(value)) return 'flatbed';
  return undefined;
}

export function saneModeKind(value: string): ColorMode | undefined {
  if (/colou?r|rgb/i.test(value)) return 'color';
  if (/gr[ae]y/i.test(value)) return 'gray';
  if (/lineart|binary|black|mono|halftone/i.test(value)) return 'bw';
  return undefined;
}

/** What the driver needs to turn a ScanRequest into scanimage options. */
export interface SaneDeviceModel {
  caps: ScannerCapabilities;
  sourceNames: Partial<Record<ScanSource, string>>;
  modeNames: Partial<Record<ColorMode, string>>;
  resolution?: SaneConstraint;
  geometry: { l: boolean; t: boolean; x: boolean; y: boolean };
}

export function saneCapabilities(opts: Map<string, SaneOption>): SaneDeviceModel {
  const sourceNames: Partial<Record<ScanSource, string>> = {};
  const source = opts.get('source');
  if (source?.constraint.kind === 'list') {
    for (const v of source.constraint.values) {
      const k = saneSourceKind(v);
      if (k && !sourceNames[k]) sourceNames[k] = v;
    }
  }
  // A device without a --source option has only what it has: a flatbed for all we know.
  if (!source) sourceNames.flatbed = '';

  const modeNames: Partial<Record<ColorMode, string>> = {};
  const mode = opts.get('mode');
  if (mode?.constraint.kind === 'list') {
    // Prefer Lineart over Halftone for text pages: the first matching name wins, so sort halftone last.
    const values = [...mode.constraint.values].sort((a, b) => Number(/halftone/i.test(a)) - Number(/halftone/i.test(b)));
    for (const v of values) {
      const k = saneModeKind(v);
      if (k && modeNames[k] === undefined) modeNames[k] = v;
    }
  }

  const res = opts.get('resolution');
  let resolutions: number[] = [];
  if (res?.constraint.kind === 'range') resolutions = resolutionsInRange(res.constraint.min, res.constraint.max, res.constraint.step);
  else if (res?.constraint.kind === 'list') resolutions = res.constraint.values.map(Number).filter((n) => Number.isFinite(n) && n > 0);

  const x = opts.get('x');
  const y = opts.get('y');
  const maxWidthMm = x?.constraint.kind === 'range' ? x.constraint.max : undefined;
  const maxHeightMm = y?.constraint.kind === 'range' ? y.constraint.max : undefined;

  const order: ScanSource[] = ['flatbed', 'feeder', 'duplex'];
  const modeOrder: ColorMode[] = ['color', 'gray', 'bw'];
  return {
    caps: {
      sources: order.filter((s) => sourceNames[s] !== undefined),
      resolutions,
      colorModes: modeOrder.filter((m) => modeNames[m] !== undefined),
      paperSizes: papersThatFit(maxWidthMm, maxHeightMm),
      maxWidthMm,
      maxHeightMm,
    },
    sourceNames,
    modeNames,
    resolution: res?.constraint,
    geometry: { l: opts.has('l'), t: opts.has('t'), x: !!x, y: !!y },
  };
}

/** SANE_Status values; scanimage exits with the status of the failing sane_start/sane_read. */
const STATUS_CODES: Record<number, ScanErrorCode> = {
  1: 'UNSUPPORTED',
  2: 'CANCELLED',
  3: 'BUSY',
  4: 'UNSUPPORTED',
  6: 'PAPER_JAM',
  7: 'FEEDER_EMPTY',
  8: 'COVER_OPEN',
  9: 'DISCONNECTED',
  10: 'FAILED',
  11: 'FAILED',
};

const STDERR_RULES: [RegExp, ScanErrorCode][] = [
  [/Document feeder jammed/i, 'PAPER_JAM'],
  [/Document feeder out of documents/i, 'FEEDER_EMPTY'],
  [/cover is open/i, 'COVER_OPEN'],
  [/Device busy/i, 'BUSY'],
  [/open of device .* failed|no SANE devices found|Error during device I\/O/i, 'DISCONNECTED'],
  [/setting of option .* failed|Invalid argument|Operation not supported/i, 'UNSUPPORTED'],
  [/Operation was cancel+ed/i, 'CANCELLED'],
];

/** Maps how scanimage ended to an error code; undefined means success. */
export function classifySaneExit(code: number | null, signal: string | null, stderr: string): ScanErrorCode | undefined {
  if (signal) return 'DRIVER_CRASHED';
  if (code === 0) return undefined;
  // The last message is the one that stopped the batch.
  const lines = stderr.split(/\r?\n/).filter((l) => l.startsWith('scanimage:'));
  for (const line of lines.reverse()) {
    for (const [re, c] of STDERR_RULES) if (re.test(line)) return c;
  }
  if (code !== null && STATUS_CODES[code]) return STATUS_CODES[code];
  // scanimage aborts (exit 134) or segfaults inside a backend: treat any other code as a crash.
  return code !== null && code > 128 ? 'DRIVER_CRASHED' : 'FAILED';
}
