// Parsers for CUPS command-line output. The driver runs the tools with LANG=C, so the English
// wording of lpstat.c / lp.c is what we match; queue names never contain white space in CUPS.
import type { PrinterInfo } from './printer';

export interface LpstatSnapshot {
  printers: PrinterInfo[];
  defaultName?: string;
}

// Keys printed by `lpstat -l -p` after the state-message lines (cups/systemv/lpstat.c).
const LONG_KEYS = /^(Form mounted|Content types|Printer types|Description|Alerts|Location|Connection|Interface|On fault|After fault|Users allowed|Users denied|Forms allowed|Banner required|Banner not required|Charset sets|Default pitch|Default page size|Default port settings|Ready to print)\b/;
const PRINTER_LINE = /^printer (\S+) (is idle|now printing|is printing|disabled)\b/;
const ACCEPT_LINE = /^(\S+) (not )?accepting requests\b/;
const DEFAULT_LINE = /^system default destination: (\S+)/;
// lpstat's own filler when a paused queue has no message: not worth showing to anyone.
const NO_REASON = 'reason unknown';

/**
 * Parses the combined output of `lpstat -d -l -p -a` (each part optional, any order).
 * A queue that is enabled but rejecting jobs is reported as 'disabled': nothing printed there will come out.
 */
export function parseLpstat(text: string): LpstatSnapshot {
  const byName = new Map<string, PrinterInfo>();
  const rejecting = new Map<string, string[]>();
  let defaultName: string | undefined;
  // The block the indented lines belong to, and whether they are still state-message lines.
  let block: { kind: 'printer'; info: PrinterInfo; messages: string[]; inKeys: boolean } | { kind: 'accept'; messages: string[] } | undefined;

  const closeBlock = () => {
    if (block?.kind === 'printer') {
      const message = block.messages.filter((m) => m !== NO_REASON).join(' ').trim();
      if (message) block.info.stateMessage = message;
    }
    block = undefined;
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (!line) continue;
    if (/^\s/.test(line)) {
      const content = line.trim();
      if (block?.kind === 'printer') {
        if (block.inKeys || LONG_KEYS.test(content)) {
          block.inKeys = true;
          const desc = /^Description: (.*)$/.exec(content);
          if (desc && desc[1].trim()) block.info.description = desc[1].trim();
        } else {
          block.messages.push(content);
        }
      } else if (block?.kind === 'accept') {
        block.messages.push(content);
      }
      continue;
    }

    closeBlock();
    let m: RegExpExecArray | null;
    if ((m = DEFAULT_LINE.exec(line))) {
      defaultName = m[1];
    } else if ((m = PRINTER_LINE.exec(line))) {
      const state: PrinterInfo['state'] = m[2] === 'is idle' ? 'idle' : m[2] === 'disabled' ? 'disabled' : 'printing';
      const info: PrinterInfo = { name: m[1], isDefault: false, state };
      byName.set(m[1], info);
      block = { kind: 'printer', info, messages: [], inKeys: false };
    } else if ((m = ACCEPT_LINE.exec(line))) {
      const messages: string[] = [];
      if (m[2]) rejecting.set(m[1], messages);
      block = { kind: 'accept', messages };
    }
    // Anything else ("no system default destination", unknown future lines) carries no printer data.
  }
  closeBlock();

  for (const [name, messages] of rejecting) {
    const info = byName.get(name);
    if (!info) continue;
    info.state = 'disabled';
    const reason = messages.join(' ').trim();
    if (reason && !info.stateMessage) info.stateMessage = reason;
  }
  const printers = [...byName.values()];
  for (const p of printers) p.isDefault = defaultName !== undefined && p.name === defaultName;
  return defaultName === undefined ? { printers } : { printers, defaultName };
}

/** The job id from lp's "request id is Queue-12 (1 file(s))". */
export function parseLpRequestId(stdout: string): string | undefined {
  return /request id is (\S+)/.exec(stdout)?.[1];
}

export type CupsFailure = 'scheduler-down' | 'no-destinations' | 'not-found' | 'not-accepting' | 'no-default' | 'file-unreadable';

/** Classifies lp/lpstat error output; undefined when the wording is not one we know. */
export function classifyCupsError(output: string): CupsFailure | undefined {
  if (/scheduler is not running|unable to connect to server|connection refused/i.test(output)) return 'scheduler-down';
  if (/no destinations added/i.test(output)) return 'no-destinations';
  if (/not accepting jobs/i.test(output)) return 'not-accepting';
  if (/no default destination/i.test(output)) return 'no-default';
  if (/(printer or class does not exist|invalid destination name|unknown destination|non-existent destination)/i.test(output)) return 'not-found';
  if (/unable to access|no such file/i.test(output)) return 'file-unreadable';
  return undefined;
}
