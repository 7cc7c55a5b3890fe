// eSCL (AirScan / Mopria driverless network scanning) over HTTP with axios. The device id is its base URL
// (e.g. http://192.168.1.20/eSCL), entered by hand, plus the scanners found by mDNS (avahi-browse where it
// works, JavaScript mDNS elsewhere; counter networks often block multicast, so hand entry stays the main way).
import type { AxiosInstance, AxiosResponse } from 'axios';
import { axios } from '../../base/lazy-module';
import { networkCode, runEsclJob } from './escl-job';
import { esclCompressionFactor } from './escl-compression';
import { esclStatusError, parseEsclCapabilities, parseEsclStatus, scanSettingsXml, type EsclModel, type EsclStatus } from './escl-parse';
import { PageChannel } from './job';
import { avahiAvailable, discoverEsclWithAvahi, type DiscoveredEscl } from './mdns';
import { browseEscl, type MdnsTransport } from './mdns-browse';
import {
  PAPER_MM,
  scanError,
  ScanError,
  type ScanErrorCode,
  type ScanJob,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
} from './scanner';

export interface EsclDriverOptions {
  /** Addresses entered by the clerk or the technician (base URLs, or bare host names/IPs). */
  addresses?: readonly string[];
  /** Per HTTP request except NextDocument (capabilities, status, job creation). */
  requestTimeoutMs?: number;
  /** Default for ScanRequest.timeoutMs: longest wait for the next page. */
  pageTimeoutMs?: number;
  /** Wait between NextDocument retries when the device says 503 (page not ready yet). */
  retryDelayMs?: number;
  http?: AxiosInstance;
  /**
   * List the scanners found by mDNS (_uscan._tcp, _uscans._tcp) too. Default: on (avahi-browse where it
   * works, JavaScript mDNS elsewhere).
   */
  discover?: boolean;
  /** How long one discovery may take (default 3000 ms). */
  discoveryTimeoutMs?: number;
  /** The avahi-browse program (default: found on PATH). */
  avahiBrowsePath?: string;
  /** Multicast group and port of the JavaScript discovery (default 224.0.0.251:5353). */
  mdns?: MdnsTransport;
  /** Replaces the discovery (tests, or another resolver). */
  discoverDevices?: () => Promise<DiscoveredEscl[]>;
}

/** "192.168.1.20" or "http://192.168.1.20/eSCL/" → "http://192.168.1.20/eSCL". */
export function normalizeEsclAddress(address: string): string {
  let a = address.trim();
  if (!/^https?:\/\//i.test(a)) a = `http://${a}`;
  const u = new URL(a);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/eSCL';
  return u.toString().replace(/\/+$/, '');
}

export class EsclDriver implements ScannerDriver {
  readonly kind = 'escl' as const;
  private readonly http: AxiosInstance;
  private readonly models = new Map<string, Promise<EsclModel>>();
  private readonly addresses: Set<string>;

  constructor(private readonly opts: EsclDriverOptions = {}) {
    this.http = opts.http ?? axios.create();
    this.addresses = new Set((opts.addresses ?? []).map(normalizeEsclAddress));
  }

  /** Manual address entry: checks the device answers, remembers it, returns it. */
  async addDevice(address: string): Promise<ScannerDevice> {
    const id = normalizeEsclAddress(address);
    this.models.delete(id);
    const model = await this.model(id);
    this.addresses.add(id);
    return this.device(id, model);
  }

  /**
   * The entered addresses that answer now (an unreachable one is left out: the clerk sees it missing), then
   * the scanners discovered by mDNS that are not among them (not probed: they have just announced themselves).
   */
  async listDevices(): Promise<ScannerDevice[]> {
    const [found, discovered] = await Promise.all([
      Promise.all(
        [...this.addresses].map(async (id) => {
          this.models.delete(id);
          try {
            return this.device(id, await this.model(id));
          } catch {
            return undefined;
          }
        }),
      ),
      this.discovered(),
    ]);
    const devices = found.filter((d): d is ScannerDevice => !!d);
    const known = new Set(this.addresses);
    for (const d of discovered) {
      const id = safeNormalize(d.url);
      if (!id || known.has(id) || (d.hostUrl && known.has(safeNormalize(d.hostUrl) ?? ''))) continue;
      known.add(id);
      devices.push({ id, driver: 'escl', name: d.name, model: d.model });
    }
    return devices;
  }

  /**
   * Scanners announced by mDNS: through avahi where it is installed and its daemon runs (it owns the
   * machine's mDNS there), otherwise in JavaScript (Windows, macOS, Linux without avahi).
   */
  private async discovered(): Promise<DiscoveredEscl[]> {
    if (this.opts.discover === false) return [];
    if (this.opts.discoverDevices) return this.opts.discoverDevices().catch(() => []);
    const timeoutMs = this.opts.discoveryTimeoutMs;
    if (avahiAvailable(this.opts.avahiBrowsePath ?? 'avahi-browse')) {
      const viaAvahi = await discoverEsclWithAvahi({ bin: this.opts.avahiBrowsePath, timeoutMs }).catch(() => undefined);
      if (viaAvahi) return viaAvahi;
    }
    return browseEscl({ timeoutMs, transport: this.opts.mdns }).catch(() => []);
  }

  async capabilities(deviceId: string): Promise<ScannerCapabilities> {
    return (await this.model(normalizeEsclAddress(deviceId))).caps;
  }

  async status(deviceId: string): Promise<EsclStatus> {
    const base = normalizeEsclAddress(deviceId);
    const r = await this.request(base, { method: 'GET', url: `${base}/ScannerStatus`, responseType: 'text' });
    return parseEsclStatus(String(r.data));
  }

  startScan(deviceId: string, req: ScanRequest, workDir: string): ScanJob {
    const job = new PageChannel(undefined, req.signal);
    const base = normalizeEsclAddress(deviceId);
    void this.scan(job, base, req, workDir).catch((err: unknown) =>
      job.fail(err instanceof ScanError ? new ScanError(err.code, err.message, err.detail, job.count) : scanError('FAILED', job.count, String(err))),
    );
    return job;
  }

  private device(id: string, model: EsclModel): ScannerDevice {
    return { id, driver: 'escl', name: model.makeAndModel ?? new URL(id).host, model: model.makeAndModel };
  }

  /**
   * The device's capabilities (cached per address). An address that answers HTTP with anything but a
   * readable ScannerCapabilities (a router's login page, a printer without eSCL, a wrong path) is
   * NOT_A_SCANNER, never "damaged image".
   */
  private model(base: string): Promise<EsclModel> {
    let m = this.models.get(base);
    if (!m) {
      const host = new URL(base).host;
      m = this.request(base, { method: 'GET', url: `${base}/ScannerCapabilities`, responseType: 'text' }).then((r) => {
        const head = `GET ScannerCapabilities: HTTP ${r.status} ${String(r.headers['content-type'] ?? '')}`;
        if (r.status !== 200) throw scanError('NOT_A_SCANNER', 0, head, host);
        try {
          return parseEsclCapabilities(String(r.data));
        } catch (err) {
          throw scanError('NOT_A_SCANNER', 0, `${head}: ${String(err)}`, host);
        }
      });
      m.catch(() => this.models.delete(base));
      this.models.set(base, m);
    }
    return m;
  }

  /** One HTTP exchange; no answer → DISCONNECTED/TIMEOUT. HTTP error statuses are returned, not thrown. */
  private async request(base: string, config: Parameters<AxiosInstance['request']>[0], pagesDelivered = 0): Promise<AxiosResponse> {
    try {
      return await this.http.request({ timeout: this.opts.requestTimeoutMs ?? 30_000, validateStatus: () => true, ...config });
    } catch (err) {
      const code = networkCode(err) ?? 'FAILED';
      throw scanError(code, pagesDelivered, `${config.method} ${config.url}: ${(err as Error).message}`, new URL(base).host);
    }
  }

  private async statusError(base: string, source: ScanRequest['source'], fallback: ScanErrorCode, pages: number, detail: string): Promise<ScanError> {
    let code = fallback;
    let more = '';
    try {
      const s = await this.status(base);
      code = esclStatusError(s, source) ?? fallback;
      more = ` (status ${s.state}, ADF ${s.adfState ?? '-'})`;
    } catch {
      // The status itself failed: keep the fallback.
    }
    return scanError(code, pages, detail + more, new URL(base).host);
  }

  private async scan(job: PageChannel, base: string, req: ScanRequest, workDir: string): Promise<void> {
    const model = await this.model(base);
    const input = model.inputs[req.source];
    const nguon = { flatbed: 'mặt kính', feeder: 'khay nạp giấy', duplex: 'quét hai mặt' }[req.source];
    if (!input) throw scanError('UNSUPPORTED', 0, `source ${req.source}`, nguon);
    const mode = { color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' }[req.colorMode];
    if (input.colorModes.length > 0 && !input.colorModes.includes(mode)) throw scanError('UNSUPPORTED', 0, `color mode ${mode}`, 'chế độ màu');
    if (input.resolutions.length > 0 && !input.resolutions.includes(req.resolution)) {
      throw scanError('UNSUPPORTED', 0, `resolution ${req.resolution} not in ${input.resolutions.join(',')}`, `${req.resolution} dpi`);
    }
    // JPEG first: the pipeline recompresses anyway; PDF only from devices that offer nothing else.
    const format = ['image/jpeg', 'image/png', 'application/pdf'].find((f) => input.formats.includes(f)) ?? 'image/jpeg';
    // The profile's JPEG quality, asked of a device that says it takes a compression factor (its input's own
    // range first, else the device-wide one); never sent to one that does not, nor for PNG or PDF.
    const support = input.compression ?? model.compression;
    const compressionFactor = format === 'image/jpeg' && req.jpegQuality !== undefined && support ? esclCompressionFactor(req.jpegQuality, support) : undefined;
    const paper = PAPER_MM[req.paper];
    const width = Math.min((paper.w / 25.4) * 300, input.maxWidth ?? Infinity);
    const height = Math.min((paper.h / 25.4) * 300, input.maxHeight ?? Infinity);

    if (req.source !== 'flatbed') {
      const pre = await this.status(base).catch(() => undefined);
      const code = pre && esclStatusError(pre, req.source);
      if (code) throw scanError(code, 0, `ScannerStatus before the job: ${pre.state}, ADF ${pre.adfState}`);
    }
    if (job.isCancelled) return job.fail(scanError('CANCELLED'));

    const created = await this.request(base, {
      method: 'POST',
      url: `${base}/ScanJobs`,
      data: scanSettingsXml({ source: req.source, colorMode: req.colorMode, resolution: req.resolution, width, height, format, version: model.version, compressionFactor }),
      headers: { 'Content-Type': 'text/xml' },
      responseType: 'text',
    });
    if (created.status !== 201 && created.status !== 200) {
      // 503 or 409: the device is busy, unless its status names a reason (jam, open hatch, empty feeder).
      throw await this.statusError(base, req.source, created.status === 503 || created.status === 409 ? 'BUSY' : 'FAILED', 0, `POST ScanJobs: HTTP ${created.status}`);
    }
    const location = created.headers['location'] as string | undefined;
    if (!location) throw scanError('FAILED', 0, 'POST ScanJobs: no Location header');
    const jobUrl = new URL(location, `${base}/`).toString().replace(/\/+$/, '');
    await runEsclJob(job, {
      http: this.http, base, jobUrl, req, workDir, region: { width, height },
      timeoutMs: req.timeoutMs ?? this.opts.pageTimeoutMs ?? 120_000,
      retryDelayMs: this.opts.retryDelayMs ?? 1000,
      status: () => this.status(base),
    });
  }
}

function safeNormalize(url: string): string | undefined {
  try {
    return normalizeEsclAddress(url);
  } catch {
    return undefined;
  }
}
