// mDNS/DNS-SD discovery of eSCL scanners through Avahi's command-line browser, where it is installed (Linux;
// elsewhere, or without the daemon, mdns-browse.ts asks in JavaScript).
// `avahi-browse -r -t -p -k _uscan._tcp` (and `_uscans._tcp`) prints one "=" line per resolved service:
//   =;<interface>;<IPv4|IPv6>;<instance name, escaped>;<type>;<domain>;<host name>;<address>;<port>;<txt>
// The instance name is escaped by avahi_escape_label: "\." and "\\", and every byte outside [-_a-zA-Z0-9]
// as three decimal digits ("\032" is a space; UTF-8 names come as their bytes). TXT records are printed as
// "key=value" strings in double quotes, separated by spaces. eSCL keys (Mopria): rs (resource path, "eSCL"
// when absent), ty (model), UUID. No Avahi daemon, no avahi-browse, or a browse that hangs: no devices,
// within the time-out; the child is killed with its process group.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const ESCL_SERVICE_TYPES = ['_uscan._tcp', '_uscans._tcp'] as const;

export interface MdnsService {
  interface: string;
  protocol: 'IPv4' | 'IPv6';
  /** Instance name, unescaped ("HP LaserJet MFP M130nw (A1B2C3)"). */
  name: string;
  type: string;
  domain: string;
  hostName: string;
  address: string;
  port: number;
  /** TXT record, keys lower-cased (DNS-SD keys are case-insensitive). */
  txt: Record<string, string>;
}

export interface DiscoveredEscl {
  /** eSCL base URL, e.g. "http://192.168.1.20:80/eSCL" (give it to normalizeEsclAddress for a device id). */
  url: string;
  /** The same service through its host name ("http://HP1234.local:80/eSCL"), for matching hand-entered addresses. */
  hostUrl?: string;
  name: string;
  model?: string;
  uuid?: string;
  secure: boolean;
}

/** Undoes avahi_escape_label: "\032" → byte 32, "\." → ".", "\\" → "\"; the bytes are UTF-8. */
export function unescapeAvahiLabel(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const dec = /^\d{3}/.exec(s.slice(i + 1, i + 4));
      if (dec && Number(dec[0]) < 256) {
        bytes.push(Number(dec[0]));
        i += 3;
      } else {
        bytes.push(...Buffer.from(s[i + 1]!, 'utf8'));
        i += 1;
      }
      continue;
    }
    bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `"txtvers=1" "ty=HP LaserJet MFP M130nw" "rs=eSCL"` → { txtvers: '1', ty: '…', rs: 'eSCL' }. */
export function parseTxt(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const t = s.trim();
  if (!t.startsWith('"') || !t.endsWith('"') || t.length < 2) return out;
  // avahi prints each string between quotes, joined by one space, without escaping inside.
  for (const item of t.slice(1, -1).split('" "')) {
    if (!item) continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).toLowerCase();
    if (!key || key in out) continue; // the first occurrence wins (RFC 6763 6.4)
    out[key] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

/** The resolved services ("=" lines) of `avahi-browse -p -r` output; other lines are ignored. */
export function parseAvahiBrowse(output: string): MdnsService[] {
  const services: MdnsService[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.startsWith('=;')) continue;
    const f = line.split(';');
    if (f.length < 10) continue;
    const [, iface, protocol, name, type, domain, hostName, address, port] = f as [string, string, string, string, string, string, string, string, string];
    const p = Number(port);
    if (protocol !== 'IPv4' && protocol !== 'IPv6') continue;
    if (!Number.isInteger(p) || p <= 0 || p > 65535 || !address) continue;
    services.push({
      interface: iface,
      protocol,
      name: unescapeAvahiLabel(name),
      type,
      domain,
      hostName,
      address,
      port: p,
      // The TXT part may itself contain ";".
      txt: parseTxt(f.slice(9).join(';')),
    });
  }
  return services;
}

function isLinkLocalV6(a: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(a);
}

function resourcePath(rs: string | undefined): string {
  // No rs: "/eSCL" (what sane-airscan assumes too); an empty one: the root.
  if (rs === undefined) return '/eSCL';
  const trimmed = rs.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '/';
}

/**
 * One entry per scanner: the same service is reported per interface and per protocol, and many devices
 * publish both _uscan (HTTP) and _uscans (HTTPS). Kept: HTTP before HTTPS (printers' certificates are
 * self-signed, which the HTTP client refuses), IPv4 before IPv6. Link-local IPv6 addresses are skipped: a
 * URL would need the zone ("%eth0"), which the URL parser does not accept.
 */
export function esclFromServices(services: readonly MdnsService[]): DiscoveredEscl[] {
  const best = new Map<string, { rank: number; d: DiscoveredEscl }>();
  for (const s of services) {
    const type = s.type.toLowerCase();
    if (type !== '_uscan._tcp' && type !== '_uscans._tcp') continue;
    if (s.protocol === 'IPv6' && isLinkLocalV6(s.address)) continue;
    const secure = type === '_uscans._tcp';
    const scheme = secure ? 'https' : 'http';
    const host = s.protocol === 'IPv6' ? `[${s.address}]` : s.address;
    const path = resourcePath(s.txt['rs']);
    const uuid = s.txt['uuid']?.trim().toLowerCase() || undefined;
    const model = s.txt['ty']?.trim() || undefined;
    const d: DiscoveredEscl = {
      url: `${scheme}://${host}:${s.port}${path}`,
      hostUrl: s.hostName ? `${scheme}://${s.hostName.replace(/\.$/, '')}:${s.port}${path}` : undefined,
      name: s.name || model || s.address,
      model,
      uuid,
      secure,
    };
    const key = uuid ?? s.name.toLowerCase();
    const rank = (secure ? 2 : 0) + (s.protocol === 'IPv6' ? 1 : 0);
    const prev = best.get(key);
    if (!prev || rank < prev.rank) best.set(key, { rank, d });
  }
  return [...best.values()].map((v) => v.d).sort((a, b) => a.name.localeCompare(b.name));
}

export interface AvahiBrowseOptions {
  /** The avahi-browse program (found on PATH by default). */
  bin?: string;
  /** The whole browse, resolving included (default 3 s); the child is killed when it runs out. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface AvahiBrowseResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  /** Set when the program could not be started. */
  error?: string;
}

/**
 * Runs `avahi-browse -r -t -p -k <type>` and returns what it printed. Never hangs: on time-out the child
 * and its process group get SIGTERM, then SIGKILL, and the result comes back with what was printed so far.
 */
export function runAvahiBrowse(type: string, opts: AvahiBrowseOptions = {}): Promise<AvahiBrowseResult> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const grace = 500;
  const group = process.platform !== 'win32';
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const child = spawn(opts.bin ?? 'avahi-browse', ['-r', '-t', '-p', '-k', type], {
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // Its own process group, so a time-out also stops whatever it started.
      detached: group,
    });
    const finish = (r: Omit<AvahiBrowseResult, 'stdout' | 'stderr' | 'timedOut'>) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({ stdout, stderr, timedOut, ...r });
    };
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => (stdout = (stdout + d).slice(0, 1024 * 1024)));
    child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-64 * 1024)));
    child.once('error', (err) => finish({ code: null, error: err.message }));
    // 'close' waits for the pipes: all output read. 'exit' is the fallback when something else holds them.
    child.once('close', (code) => finish({ code }));
    child.once('exit', (code) => {
      if (!done) timers.push(setTimeout(() => finish({ code }), grace));
    });
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        timers.push(setTimeout(() => kill('SIGKILL'), grace));
        // Whatever happens, answer: the caller is listing devices for a person waiting.
        timers.push(setTimeout(() => finish({ code: null }), 3 * grace));
      }, timeoutMs),
    );
  });
}

/** eSCL scanners on the local network through avahi: both service types browsed in parallel, merged. */
export async function discoverEscl(opts: AvahiBrowseOptions = {}): Promise<DiscoveredEscl[]> {
  return (await discoverEsclWithAvahi(opts)) ?? [];
}

/**
 * The same, or undefined when avahi could not browse at all (no program, no daemon: avahi-browse exits
 * with an error at once), so the caller can ask in JavaScript instead.
 */
export async function discoverEsclWithAvahi(opts: AvahiBrowseOptions = {}): Promise<DiscoveredEscl[] | undefined> {
  const results = await Promise.all(ESCL_SERVICE_TYPES.map((t) => runAvahiBrowse(t, opts)));
  if (results.every((r) => r.error || (!r.timedOut && r.code !== 0))) return undefined;
  return esclFromServices(results.flatMap((r) => parseAvahiBrowse(r.stdout)));
}

const onPath = new Map<string, boolean>();

/** Whether a program is found on PATH (an absolute path is checked as it is); checked once per PATH, cached. */
export function programOnPath(bin: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = env['PATH'] ?? env['Path'] ?? '';
  const key = `${bin}\0${path}`;
  const known = onPath.get(key);
  if (known !== undefined) return known;
  const exts = process.platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const candidates = bin.includes('/') || bin.includes('\\') ? [bin] : path.split(delimiter).filter(Boolean).flatMap((d) => exts.map((e) => join(d, bin + e)));
  const found = candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  onPath.set(key, found);
  return found;
}

/** Discovery is on by default where it can work: Linux with avahi-browse installed. */
export function avahiAvailable(bin = 'avahi-browse', platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' && programOnPath(bin);
}
