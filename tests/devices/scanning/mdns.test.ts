// mDNS discovery of eSCL scanners through avahi-browse: the parser on realistic `avahi-browse -rtpk` output,
// the runner against stand-in avahi-browse scripts on PATH (one that answers, one that hangs), and the eSCL
// driver listing discovered scanners next to the hand-entered ones. Avahi itself is not needed. And the
// JavaScript discovery against a real mDNS responder (bonjour-service's own) on a private port.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { Bonjour } from 'bonjour-service';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../main/devices/scanning/escl-driver';
import {
  avahiAvailable, discoverEscl, esclFromServices, parseAvahiBrowse, parseTxt, programOnPath, runAvahiBrowse, unescapeAvahiLabel,
} from '../../../main/devices/scanning/mdns';
import { browseEscl } from '../../../main/devices/scanning/mdns-browse';
import { startEsclServer, type EsclTestServer } from '../../support/escl-server';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mcd-mdns-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// What `avahi-browse -r -t -p -k _uscan._tcp` prints on an office LAN: an HP on two interfaces and both IP
// versions (link-local IPv6), a Canon with a Vietnamese instance name and a global IPv6 address only, an
// Epson without rs, a device that went away ("-"), and a line that is cut off.
const HP = 'HP\\032LaserJet\\032MFP\\032M130nw\\032\\040A1B2C3\\041';
const HP_TXT =
  '"mopria-certified-scan=1.3" "vers=2.63" "representation=/images/printer.png" "rs=eSCL" "ty=HP LaserJet MFP M129-M134" ' +
  '"note=" "pdl=application/pdf,image/jpeg" "UUID=564e4333-4a30-3839-3231-3e5282a1b2c3" "cs=binary,color,grayscale" "is=platen,adf" "duplex=F"';
const CANON = 'M\\195\\161y\\032qu\\195\\169t\\032Canon\\032t\\225\\186\\167ng\\0321';
const USCAN = [
  `+;eth0;IPv6;${HP};_uscan._tcp;local`,
  `+;eth0;IPv4;${HP};_uscan._tcp;local`,
  `+;wlan0;IPv4;${HP};_uscan._tcp;local`,
  `+;eth0;IPv6;${CANON};_uscan._tcp;local`,
  `+;eth0;IPv4;EPSON\\032ET-4850\\032Series;_uscan._tcp;local`,
  `=;eth0;IPv6;${HP};_uscan._tcp;local;NPIA1B2C3.local;fe80::3e52:82ff:fea1:b2c3;8080;${HP_TXT}`,
  `=;eth0;IPv4;${HP};_uscan._tcp;local;NPIA1B2C3.local;192.168.1.20;8080;${HP_TXT}`,
  `=;wlan0;IPv4;${HP};_uscan._tcp;local;NPIA1B2C3.local;192.168.1.20;8080;${HP_TXT}`,
  `=;eth0;IPv6;${CANON};_uscan._tcp;local;Canon-G7000.local;2001:db8:0:1::45;80;"txtvers=1" "ty=Canon G7000 series" "rs=/eSCL/" "uuid=00000000-0000-1000-8000-0018a1b2c3d4" "note=Tầng 1; phòng một cửa"`,
  `=;eth0;IPv4;EPSON\\032ET-4850\\032Series;_uscan._tcp;local;EPSON1A2B3C.local;192.168.1.31;443;"ty=EPSON ET-4850 Series" "UUID=cfe92100-67c4-11d4-a45f-f8d0273b1c5f"`,
  `-;eth0;IPv4;Old\\032scanner;_uscan._tcp;local`,
  `=;eth0;IPv4;Cut\\032off;_uscan._tcp;local;cut.local;192.168.1`,
].join('\n');
// _uscans._tcp: the HP again (HTTPS, same UUID) and a Brother that only offers HTTPS.
const USCANS = [
  `+;eth0;IPv4;${HP};_uscans._tcp;local`,
  `=;eth0;IPv4;${HP};_uscans._tcp;local;NPIA1B2C3.local;192.168.1.20;443;${HP_TXT}`,
  `=;eth0;IPv4;Brother\\032MFC-L2750DW\\032series;_uscans._tcp;local;BRW105BAD123456.local;192.168.1.40;443;"txtvers=1" "ty=Brother MFC-L2750DW series" "rs=eSCL" "UUID=e3248000-80ce-11db-8000-30055c123456"`,
].join('\n');

describe('avahi-browse output', () => {
  it('unescapes instance names: \\032 is a space, UTF-8 comes as decimal bytes, \\. and \\\\', () => {
    expect(unescapeAvahiLabel(HP)).toBe('HP LaserJet MFP M130nw (A1B2C3)');
    expect(unescapeAvahiLabel(CANON)).toBe('Máy quét Canon tầng 1');
    expect(unescapeAvahiLabel('Scanner\\.lab\\\\2\\059x')).toBe('Scanner.lab\\2;x');
    expect(unescapeAvahiLabel('plain-name_1')).toBe('plain-name_1');
  });

  it('reads TXT records: keys case-insensitive, empty values, the first of a repeated key', () => {
    expect(parseTxt(HP_TXT)).toMatchObject({ rs: 'eSCL', ty: 'HP LaserJet MFP M129-M134', uuid: '564e4333-4a30-3839-3231-3e5282a1b2c3', note: '', duplex: 'F' });
    expect(parseTxt('"rs=eSCL" "RS=other" "flag"')).toEqual({ rs: 'eSCL', flag: '' });
    expect(parseTxt('')).toEqual({});
  });

  it('keeps the resolved "=" lines, with the TXT part even when it contains ";"', () => {
    const services = parseAvahiBrowse(USCAN);
    expect(services).toHaveLength(5);
    expect(services[0]).toMatchObject({ interface: 'eth0', protocol: 'IPv6', name: 'HP LaserJet MFP M130nw (A1B2C3)', type: '_uscan._tcp', domain: 'local', hostName: 'NPIA1B2C3.local', address: 'fe80::3e52:82ff:fea1:b2c3', port: 8080 });
    expect(services[3]!.txt['note']).toBe('Tầng 1; phòng một cửa');
    expect(services[3]!.name).toBe('Máy quét Canon tầng 1');
    expect(parseAvahiBrowse(USCAN.replace(/\n/g, '\r\n'))).toHaveLength(5);
  });

  it('turns them into one eSCL URL per scanner: per-interface and HTTPS duplicates merged, link-local IPv6 skipped', () => {
    const found = esclFromServices([...parseAvahiBrowse(USCAN), ...parseAvahiBrowse(USCANS)]);
    expect(found).toEqual([
      {
        url: 'https://192.168.1.40:443/eSCL', hostUrl: 'https://BRW105BAD123456.local:443/eSCL', name: 'Brother MFC-L2750DW series',
        model: 'Brother MFC-L2750DW series', uuid: 'e3248000-80ce-11db-8000-30055c123456', secure: true,
      },
      {
        url: 'http://192.168.1.31:443/eSCL', hostUrl: 'http://EPSON1A2B3C.local:443/eSCL', name: 'EPSON ET-4850 Series',
        model: 'EPSON ET-4850 Series', uuid: 'cfe92100-67c4-11d4-a45f-f8d0273b1c5f', secure: false,
      },
      {
        url: 'http://192.168.1.20:8080/eSCL', hostUrl: 'http://NPIA1B2C3.local:8080/eSCL', name: 'HP LaserJet MFP M130nw (A1B2C3)',
        model: 'HP LaserJet MFP M129-M134', uuid: '564e4333-4a30-3839-3231-3e5282a1b2c3', secure: false,
      },
      {
        url: 'http://[2001:db8:0:1::45]:80/eSCL', hostUrl: 'http://Canon-G7000.local:80/eSCL', name: 'Máy quét Canon tầng 1',
        model: 'Canon G7000 series', uuid: '00000000-0000-1000-8000-0018a1b2c3d4', secure: false,
      },
    ]);
    // A scanner reachable only by link-local IPv6 is left out (a URL cannot carry the interface).
    expect(esclFromServices(parseAvahiBrowse(USCAN.split('\n').filter((l) => !l.includes(';IPv4;')).join('\n'))).map((d) => d.name)).toEqual(['Máy quét Canon tầng 1']);
  });
});

/** A stand-in avahi-browse in a fresh folder; returns the folder (for PATH) and the program path. */
function fakeAvahi(script: string): { dir: string; bin: string } {
  const dir = temp();
  const bin = join(dir, 'avahi-browse');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  return { dir, bin };
}

function answering(): { dir: string; bin: string; log: string } {
  const data = temp();
  writeFileSync(join(data, 'uscan.txt'), USCAN + '\n');
  writeFileSync(join(data, 'uscans.txt'), USCANS + '\n');
  const log = join(data, 'calls.log');
  const f = fakeAvahi(`echo "$*" >> '${log}'\nfor a; do t="$a"; done\ncase "$t" in\n  _uscan._tcp) cat '${data}/uscan.txt' ;;\n  _uscans._tcp) cat '${data}/uscans.txt' ;;\nesac`);
  return { ...f, log };
}

/** Alive and not a zombie (an orphan may wait for a reaper that a container does not have). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('running avahi-browse', () => {
  it('browses both eSCL service types with parseable, resolving, terminating options', async () => {
    const { bin, log } = answering();
    const found = await discoverEscl({ bin, timeoutMs: 3000 });
    expect(found.map((d) => d.url)).toEqual(['https://192.168.1.40:443/eSCL', 'http://192.168.1.31:443/eSCL', 'http://192.168.1.20:8080/eSCL', 'http://[2001:db8:0:1::45]:80/eSCL']);
    expect(readFileSync(log, 'utf8').trim().split('\n').sort()).toEqual(['-r -t -p -k _uscan._tcp', '-r -t -p -k _uscans._tcp']);
  });

  it('kills a browse that hangs at the time-out, with what it started, and keeps what it printed', async () => {
    const pids = temp();
    const { bin } = fakeAvahi(
      `echo $$ > '${pids}/self'\n` +
        `echo '=;eth0;IPv4;Brother\\032MFC;_uscan._tcp;local;brw.local;192.168.1.40;80;"rs=eSCL" "ty=Brother MFC"'\n` +
        `sleep 30 &\necho $! > '${pids}/child'\nwait`,
    );
    const t0 = Date.now();
    const r = await runAvahiBrowse('_uscan._tcp', { bin, timeoutMs: 400 });
    const took = Date.now() - t0;
    expect(r.timedOut).toBe(true);
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(2500);
    expect(esclFromServices(parseAvahiBrowse(r.stdout)).map((d) => d.url)).toEqual(['http://192.168.1.40:80/eSCL']);
    const self = Number(readFileSync(join(pids, 'self'), 'utf8'));
    const child = Number(readFileSync(join(pids, 'child'), 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    expect(alive(self)).toBe(false);
    expect(alive(child)).toBe(false);
    // discoverEscl answers within its time-out too.
    const t1 = Date.now();
    expect(await discoverEscl({ bin, timeoutMs: 300 })).toHaveLength(1);
    expect(Date.now() - t1).toBeLessThan(2500);
  });

  it('no avahi-browse, or no daemon: no devices, no error', async () => {
    const missing = join(temp(), 'avahi-browse');
    const r = await runAvahiBrowse('_uscan._tcp', { bin: missing });
    expect(r.error).toMatch(/ENOENT/);
    expect(await discoverEscl({ bin: missing })).toEqual([]);
    const { bin } = fakeAvahi(`echo 'Failed to create client object: Daemon not running' >&2\nexit 1`);
    const r2 = await runAvahiBrowse('_uscan._tcp', { bin });
    expect(r2).toMatchObject({ code: 1, timedOut: false, stdout: '' });
    expect(r2.stderr).toContain('Daemon not running');
    expect(await discoverEscl({ bin })).toEqual([]);
  });

  it('finds avahi-browse on PATH (checked once per PATH)', () => {
    const { dir } = answering();
    const env = { PATH: [temp(), dir].join(delimiter) };
    expect(programOnPath('avahi-browse', env)).toBe(true);
    expect(programOnPath('avahi-browse', { PATH: temp() })).toBe(false);
    expect(programOnPath(join(dir, 'avahi-browse'), {})).toBe(true);
    expect(avahiAvailable(join(dir, 'avahi-browse'), 'win32')).toBe(false);
    expect(avahiAvailable(join(dir, 'avahi-browse'), 'linux')).toBe(true);
  });
});

describe('eSCL driver with discovery', () => {
  let server: EsclTestServer | undefined;
  const savedPath = process.env['PATH'];
  afterEach(async () => {
    process.env['PATH'] = savedPath;
    await server?.close();
    server = undefined;
  });

  it('lists discovered scanners after the hand-entered ones, without duplicates (same URL or same host name)', async () => {
    server = await startEsclServer();
    const port = server.port;
    const d = new EsclDriver({
      addresses: [server.url, `http://localhost:${port}/eSCL`],
      requestTimeoutMs: 5000,
      discoverDevices: async () => [
        { url: `http://127.0.0.1:${port}/eSCL/`, name: 'Test by IP', secure: false },
        { url: `http://192.0.2.5:${port}/eSCL`, hostUrl: `http://localhost:${port}/eSCL`, name: 'Test by host name', secure: false },
        { url: 'http://192.168.1.20:8080/eSCL', name: 'HP LaserJet MFP M130nw (A1B2C3)', model: 'HP LaserJet MFP M129-M134', secure: false },
        { url: 'http://192.168.1.20:8080/eSCL', name: 'HP again (other interface)', secure: false },
      ],
    });
    expect(await d.listDevices()).toEqual([
      { id: `http://127.0.0.1:${port}/eSCL`, driver: 'escl', name: 'MCD Test eSCL Scanner', model: 'MCD Test eSCL Scanner' },
      { id: `http://localhost:${port}/eSCL`, driver: 'escl', name: 'MCD Test eSCL Scanner', model: 'MCD Test eSCL Scanner' },
      { id: 'http://192.168.1.20:8080/eSCL', driver: 'escl', name: 'HP LaserJet MFP M130nw (A1B2C3)', model: 'HP LaserJet MFP M129-M134' },
    ]);
    // A discovered scanner is an ordinary eSCL device: its URL is the id the other calls take.
    const found = await new EsclDriver({ discoverDevices: async () => [{ url: `http://127.0.0.1:${port}/eSCL`, name: 'Found', secure: false }] }).listDevices();
    expect(found).toEqual([{ id: `http://127.0.0.1:${port}/eSCL`, driver: 'escl', name: 'Found', model: undefined }]);
    expect((await new EsclDriver().capabilities(found[0]!.id)).sources).toEqual(['flatbed', 'feeder']);
  });

  it('discovers through avahi-browse on PATH by default; discover: false turns it off; a failing discovery lists the rest', async () => {
    const { dir, log } = answering();
    process.env['PATH'] = [dir, savedPath].join(delimiter);
    const ids = (await new EsclDriver().listDevices()).map((x) => x.id);
    expect(ids).toEqual(['https://192.168.1.40/eSCL', 'http://192.168.1.31:443/eSCL', 'http://192.168.1.20:8080/eSCL', 'http://[2001:db8:0:1::45]/eSCL']);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await new EsclDriver({ discover: false }).listDevices()).toEqual([]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await new EsclDriver({ discoverDevices: () => Promise.reject(new Error('boom')) }).listDevices()).toEqual([]);
    expect(existsSync(log)).toBe(true);
  });
});

describe('eSCL discovery in JavaScript (no avahi: Windows, or Linux without the daemon)', () => {
  let responder: Bonjour | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (responder ? responder.unpublishAll(() => { responder!.destroy(() => resolve()); }) : resolve()));
    responder = undefined;
  });

  it('finds the scanners a real mDNS responder announces (HTTP preferred, one entry per UUID, Vietnamese names kept)', async () => {
    // A responder on a private port: other tests on this machine (or the office network) never see it.
    const port = 40000 + Math.floor(Math.random() * 20000);
    responder = new Bonjour({ port }, () => undefined);
    const txt = { rs: 'eSCL', ty: 'HP LaserJet MFP M130nw', UUID: '564E4333-4A30-3839-3231-3E5282A1B2C3', pdl: 'image/jpeg,application/pdf' };
    responder.publish({ name: 'Máy quét tầng 2 (HP)', type: 'uscan', port: 8080, host: 'npia1b2c3.local', txt, disableIPv6: true, probe: false });
    responder.publish({ name: 'Máy quét tầng 2 (HP)', type: 'uscans', port: 443, host: 'npia1b2c3.local', txt, disableIPv6: true, probe: false });
    responder.publish({ name: 'Brother MFC-L2750DW', type: 'uscans', port: 443, host: 'brw105bad.local', txt: { rs: '/eSCL/', ty: 'Brother MFC-L2750DW series' }, disableIPv6: true, probe: false });
    // No avahi here (a path that does not exist): the driver asks in JavaScript.
    const d = new EsclDriver({ avahiBrowsePath: join(temp(), 'no-avahi-browse'), mdns: { port }, discoveryTimeoutMs: 1500 });
    const devices = await d.listDevices();
    expect(devices.map((x) => [x.name, x.model, x.id.replace(/\/\/[^/:]+/, '//<ip>')])).toEqual([
      // (443 is https's own port: the id leaves it out)
      ['Brother MFC-L2750DW', 'Brother MFC-L2750DW series', 'https://<ip>/eSCL'],
      ['Máy quét tầng 2 (HP)', 'HP LaserJet MFP M130nw', 'http://<ip>:8080/eSCL'],
    ]);
    // The address is one the responder announced (its A record: an address of this machine).
    const own = Object.values(networkInterfaces()).flat().map((i) => i?.address);
    for (const x of devices) expect(own).toContain(new URL(x.id).hostname);
    // Through the default transport nothing answers on this private port: no devices, no error.
    expect(await browseEscl({ timeoutMs: 300, transport: { port: port + 1 } })).toEqual([]);
  });
});
