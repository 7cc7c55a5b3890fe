// mDNS/DNS-SD discovery of eSCL scanners in JavaScript (bonjour-service over multicast-dns), for every
// platform: Windows has no avahi, and a Linux counter may have no avahi daemon. It asks for _uscan._tcp and
// _uscans._tcp on 224.0.0.251:5353 (joined on every IPv4 interface, asked through the default one), keeps
// what answers within the time-out, and turns it into the same services as avahi-browse's (mdns.ts), so one
// merge rule (esclFromServices) applies to both. A socket that cannot be opened (port taken without
// address reuse, no network) gives no devices, never an error.
import { Bonjour, type Service } from 'bonjour-service';
import { isIPv6 } from 'node:net';
import { esclFromServices, type DiscoveredEscl, type MdnsService } from './mdns';

/** Where the multicast goes: 224.0.0.251:5353 by default (tests use a private port and group). */
export interface MdnsTransport {
  port?: number;
  ip?: string;
  /** The IPv4 address of the interface to ask through (default: the system's choice). */
  interface?: string;
}

export interface MdnsBrowseOptions {
  /** How long answers are collected (default 3000 ms). */
  timeoutMs?: number;
  transport?: MdnsTransport;
}

const TYPES = ['uscan', 'uscans'] as const;

/** TXT values as strings (bonjour-service gives Buffers for binary values). */
function txtOf(txt: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!txt || typeof txt !== 'object') return out;
  for (const [k, v] of Object.entries(txt as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (key in out) continue;
    out[key] = Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'boolean' ? '' : String(v);
  }
  return out;
}

/** One service per address it announced (or the address it answered from, when it gave none). */
export function servicesOf(s: Service, type: string): MdnsService[] {
  const addresses = s.addresses?.length ? s.addresses : s.referer?.address ? [s.referer.address] : [];
  return addresses.map((address) => ({
    interface: '',
    protocol: isIPv6(address) ? 'IPv6' as const : 'IPv4' as const,
    name: s.name,
    type,
    domain: 'local',
    hostName: s.host ?? '',
    address,
    port: s.port,
    txt: txtOf(s.txt),
  }));
}

export async function browseEscl(opts: MdnsBrowseOptions = {}): Promise<DiscoveredEscl[]> {
  const found: MdnsService[] = [];
  let bonjour: Bonjour;
  try {
    bonjour = new Bonjour({ ...opts.transport }, () => undefined);
  } catch {
    return [];
  }
  // multicast-dns reports a socket that cannot be bound as an 'error' event, which nothing in
  // bonjour-service listens to: without a listener it would be thrown and take the core down.
  const socket = (bonjour as unknown as { server?: { mdns?: NodeJS.EventEmitter } }).server?.mdns;
  socket?.on('error', () => undefined);
  socket?.on('warning', () => undefined);
  const browsers = TYPES.map((t) => bonjour.find({ type: t, protocol: 'tcp' }, (s) => found.push(...servicesOf(s, `_${t}._tcp`))));
  // Asked again halfway: a multicast question is sometimes lost, and devices may answer late.
  const again = setTimeout(() => { for (const b of browsers) b.update(); }, Math.round((opts.timeoutMs ?? 3000) / 2));
  await new Promise((r) => setTimeout(r, opts.timeoutMs ?? 3000));
  clearTimeout(again);
  for (const b of browsers) b.stop();
  await new Promise<void>((resolve) => {
    try {
      bonjour.destroy(() => resolve());
    } catch {
      resolve();
    }
  });
  return esclFromServices(found);
}
