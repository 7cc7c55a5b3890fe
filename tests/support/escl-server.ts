// An eSCL (AirScan/Mopria) scanner on 127.0.0.1 for the tests, speaking enough real eSCL for our client and
// for Debian's sane-airscan (an independent client): capabilities, status, scan jobs, NextDocument, DELETE.
// Pages are real JPEGs rendered with sharp at the requested size and resolution. Each page carries a grey
// square (1 inch, top left) whose level encodes its number (pageMarkLevel), so tests can check page order.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';

export const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm';

export interface EsclFaults {
  /** Sheets in the feeder (default 3). The platen always gives one page. */
  feederPages?: number;
  /** The feeder jams after this many pages: AdfState ScannerAdfJam, and NextDocument answers jamStatus. */
  jamAfter?: number;
  /** What NextDocument answers once jammed (real devices: 503, 409, or 404 with the job Aborted; default 503). */
  jamStatus?: number;
  /** POST ScanJobs answers 503 and the status says Processing (another job is running). */
  busy?: boolean;
  /** The ADF hatch is open: status ScannerAdfHatchOpen, POST answers 409. */
  hatchOpen?: boolean;
  /** Wait before each NextDocument answer. */
  pageDelayMs?: number;
  /** The first NextDocument of each job answers 503 this many times (devices still warming up). */
  notReadyTimes?: number;
  /** Destroy the connection when this page (1-based) is requested. */
  dropOnPage?: number;
  /** Answer this page (1-based) with bytes that are not an image. */
  garbageOnPage?: number;
  /** Answer this page (1-based) with the first half of its JPEG (a transfer cut short). */
  truncateOnPage?: number;
  /** Never answer the NextDocument of this page (1-based): the job stays Processing until it is deleted. */
  stallOnPage?: number;
  /** Document formats offered (default image/jpeg and application/pdf); ['application/pdf'] is a PDF-only device. */
  formats?: string[];
  /** PDF jobs: the whole feeder batch comes as one multi-page PDF at the first NextDocument. */
  pdfBatch?: boolean;
  /** Pages come at this resolution and paper size (JPEG stating that resolution), whatever was asked. */
  oversize?: { dpi: number; widthMm: number; heightMm: number };
  /**
   * Advertise scan:CompressionFactorSupport (at the top of ScannerCapabilities as eSCL has it, or inside each
   * input's caps as some devices do). A job that asks for a factor gets JPEGs at libjpeg quality
   * 100 − (factor − min) × 100 / (max − min); without one, quality `normal`'s equivalent, or 80 when there is
   * no support. Like a strict device, POST ScanJobs answers 409 to a CompressionFactor that was not
   * advertised, is not a whole number, lies outside min..max or off its steps.
   */
  compression?: { min: number; max: number; step?: number; normal?: number; where?: 'root' | 'input' };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

interface Job {
  id: string;
  source: 'Platen' | 'Feeder';
  colorMode: string;
  dpi: number;
  widthPx: number;
  heightPx: number;
  format: string;
  /** JPEG quality of its pages. */
  quality: number;
  served: number;
  notReady: number;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  created: number;
}

export interface EsclTestServer {
  /** Base URL with the trailing slash: http://127.0.0.1:PORT/eSCL/ */
  url: string;
  port: number;
  faults: EsclFaults;
  requests: RecordedRequest[];
  jobs: Map<string, Job>;
  /** Every document NextDocument answered with, in order (the bytes as sent). */
  documents: Buffer[];
  close(): Promise<void>;
}

/** Grey level of page n's mark (1-based); distinct and far enough apart to survive JPEG. */
export function pageMarkLevel(n: number): number {
  return Math.min(240, 20 * n);
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8"?>\n';

type Compression = EsclFaults['compression'];

function compressionXml(c: Compression): string {
  if (!c) return '';
  return `<scan:CompressionFactorSupport><scan:Min>${c.min}</scan:Min><scan:Max>${c.max}</scan:Max>` +
    `${c.normal === undefined ? '' : `<scan:Normal>${c.normal}</scan:Normal>`}<scan:Step>${c.step ?? 1}</scan:Step></scan:CompressionFactorSupport>`;
}

/** The JPEG quality this device makes for a compression factor (higher factor, coarser image). */
export function qualityForFactor(c: NonNullable<Compression>, factor: number): number {
  return c.max === c.min ? 80 : Math.round(100 - ((factor - c.min) * 100) / (c.max - c.min));
}

function inputCaps(maxHeight: number, formats: string[], compression?: Compression): string {
  const res = [100, 200, 300]
    .map((r) => `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`)
    .join('');
  return `<scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
<scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>${maxHeight}</scan:MaxHeight>
<scan:MaxScanRegions>1</scan:MaxScanRegions>
<scan:SettingProfiles><scan:SettingProfile>
<scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
<scan:DocumentFormats>${formats.map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat>`).join('')}
${formats.map((f) => `<scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join('')}</scan:DocumentFormats>
<scan:SupportedResolutions><scan:DiscreteResolutions>${res}</scan:DiscreteResolutions></scan:SupportedResolutions>
<scan:ColorSpaces><scan:ColorSpace>sRGB</scan:ColorSpace></scan:ColorSpaces>
</scan:SettingProfile></scan:SettingProfiles>
<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>TextAndGraphic</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>
<scan:MaxOpticalXResolution>300</scan:MaxOpticalXResolution><scan:MaxOpticalYResolution>300</scan:MaxOpticalYResolution>${compression?.where === 'input' ? compressionXml(compression) : ''}`;
}

export function capabilitiesXml(uuid: string, formats = ['image/jpeg', 'application/pdf'], compression?: Compression): string {
  return `${xmlHead}<scan:ScannerCapabilities xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">
<pwg:Version>2.63</pwg:Version>
<pwg:MakeAndModel>MCD Test eSCL Scanner</pwg:MakeAndModel>
<pwg:SerialNumber>MCD-0001</pwg:SerialNumber>
<scan:UUID>${uuid}</scan:UUID>
<scan:Platen><scan:PlatenInputCaps>${inputCaps(3508, formats, compression)}</scan:PlatenInputCaps></scan:Platen>
<scan:Adf><scan:AdfSimplexInputCaps>${inputCaps(4200, formats, compression)}</scan:AdfSimplexInputCaps>
<scan:FeederCapacity>50</scan:FeederCapacity>
<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption></scan:AdfOptions></scan:Adf>
${compression && compression.where !== 'input' ? compressionXml(compression) : ''}
</scan:ScannerCapabilities>
`;
}

/** Reads the first element with this local name, whatever its prefix. */
function field(xml: string, local: string): string | undefined {
  const m = new RegExp(`<(?:[\\w-]+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${local}>`).exec(xml);
  return m?.[1]?.trim();
}

async function renderJpeg(job: Job, n: number, oversize?: EsclFaults['oversize']): Promise<{ jpeg: Buffer; w: number; h: number; dpi: number }> {
  const dpi = oversize?.dpi ?? job.dpi;
  const w = oversize ? Math.round((oversize.widthMm / 25.4) * dpi) : job.widthPx;
  const h = oversize ? Math.round((oversize.heightMm / 25.4) * dpi) : job.heightPx;
  const mark = pageMarkLevel(n);
  const lines = Array.from({ length: 24 }, (_, i) => {
    const y = Math.round(dpi * 1.6 + i * dpi * 0.32);
    return `<text x="${dpi}" y="${y}" font-size="${Math.round(dpi * 0.14)}" font-family="sans-serif">Trang ${n} - dòng ${i + 1}: Ủy ban nhân dân xã, hồ sơ một cửa số ${n * 100 + i}</text>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="white"/>` +
    `<rect x="0" y="0" width="${dpi}" height="${dpi}" fill="rgb(${mark},${mark},${mark})"/>${lines}</svg>`;
  let img = sharp(Buffer.from(svg));
  if (job.colorMode !== 'RGB24') img = img.grayscale();
  return { jpeg: await img.jpeg({ quality: job.quality }).withMetadata({ density: dpi }).toBuffer(), w, h, dpi };
}

/** Pages `from`..`to` (1-based) as the device sends them: a JPEG, or a PDF with one page per sheet. */
async function renderDocument(job: Job, from: number, to: number, faults: EsclFaults): Promise<Buffer> {
  if (job.format !== 'application/pdf') return (await renderJpeg(job, from, faults.oversize)).jpeg;
  const pdf = await PDFDocument.create();
  for (let n = from; n <= to; n++) {
    const { jpeg, w, h, dpi } = await renderJpeg(job, n, faults.oversize);
    const embedded = await pdf.embedJpg(jpeg);
    const page = pdf.addPage([(w / dpi) * 72, (h / dpi) * 72]);
    page.drawImage(embedded, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await pdf.save());
}

export async function startEsclServer(faults: EsclFaults = {}): Promise<EsclTestServer> {
  const uuid = randomUUID();
  const requests: RecordedRequest[] = [];
  const jobs = new Map<string, Job>();
  const sockets = new Set<Socket>();
  let adfJammed = false;
  let port = 0;
  const documents: Buffer[] = [];
  const state: EsclTestServer = { url: '', port: 0, faults, requests, jobs, documents, close: async () => undefined };

  const active = () => [...jobs.values()].find((j) => j.state === 'Processing');
  const adfState = () => {
    if (state.faults.hatchOpen) return 'ScannerAdfHatchOpen';
    if (adfJammed) return 'ScannerAdfJam';
    const j = active();
    const left = (state.faults.feederPages ?? 3) - (j?.source === 'Feeder' ? j.served : 0);
    return left > 0 ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty';
  };

  const statusXml = () => {
    const busy = state.faults.busy || !!active();
    const infos = [...jobs.values()]
      .map((j) => `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid>
<scan:Age>${Math.round((Date.now() - j.created) / 1000)}</scan:Age><pwg:ImagesCompleted>${j.served}</pwg:ImagesCompleted>
<pwg:ImagesToTransfer>${j.state === 'Processing' ? 1 : 0}</pwg:ImagesToTransfer><pwg:JobState>${j.state}</pwg:JobState>
<pwg:JobStateReasons><pwg:JobStateReason>${j.state === 'Processing' ? 'JobScanning' : j.state === 'Completed' ? 'JobCompletedSuccessfully' : j.state === 'Aborted' ? 'AbortedBySystem' : 'JobCanceledByUser'}</pwg:JobStateReason></pwg:JobStateReasons></scan:JobInfo>`)
      .join('');
    return `${xmlHead}<scan:ScannerStatus xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">
<pwg:Version>2.63</pwg:Version><pwg:State>${busy ? 'Processing' : 'Idle'}</pwg:State>
<scan:AdfState>${adfState()}</scan:AdfState><scan:Jobs>${infos}</scan:Jobs></scan:ScannerStatus>
`;
  };

  const send = (res: ServerResponse, status: number, body: string | Buffer = '', type = 'text/xml') => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/eSCL/ScannerCapabilities') return send(res, 200, capabilitiesXml(uuid, state.faults.formats, state.faults.compression));
    if (method === 'GET' && path === '/eSCL/ScannerStatus') return send(res, 200, statusXml());
    if (method === 'POST' && path === '/eSCL/ScanJobs') {
      if (state.faults.busy || active()) return send(res, 503, '');
      const source = field(body, 'InputSource') === 'Feeder' ? 'Feeder' : 'Platen';
      if (source === 'Feeder' && state.faults.hatchOpen) return send(res, 409, '');
      if (source === 'Feeder' && adfJammed) return send(res, 409, '');
      if (source === 'Feeder' && adfState() === 'ScannerAdfEmpty') return send(res, 409, '');
      const dpi = Number(field(body, 'XResolution') ?? 300);
      if (![100, 200, 300].includes(dpi)) return send(res, 409, '');
      const c = state.faults.compression;
      const asked = field(body, 'CompressionFactor');
      let quality = c?.normal !== undefined ? qualityForFactor(c, c.normal) : 80;
      if (asked !== undefined) {
        const factor = Number(asked);
        const onStep = c && Number.isInteger(factor) && (factor - c.min) % (c.step ?? 1) === 0;
        if (!c || !onStep || factor < c.min || factor > c.max) return send(res, 409, '');
        quality = qualityForFactor(c, factor);
      }
      const w300 = Number(field(body, 'Width') ?? 2480);
      const h300 = Number(field(body, 'Height') ?? 3508);
      const id = randomUUID();
      jobs.set(id, {
        id,
        source,
        colorMode: field(body, 'ColorMode') ?? 'RGB24',
        dpi,
        widthPx: Math.round((w300 * dpi) / 300),
        heightPx: Math.round((h300 * dpi) / 300),
        format: field(body, 'DocumentFormatExt') ?? field(body, 'DocumentFormat') ?? 'image/jpeg',
        quality,
        served: 0,
        notReady: state.faults.notReadyTimes ?? 0,
        state: 'Processing',
        created: Date.now(),
      });
      res.setHeader('Location', `http://127.0.0.1:${port}/eSCL/ScanJobs/${id}`);
      return send(res, 201, '');
    }
    const m = /^\/eSCL\/ScanJobs\/([\w-]+)(\/NextDocument)?\/?$/.exec(path);
    const job = m ? jobs.get(m[1]!) : undefined;
    if (!m || !job) return send(res, 404, '');
    if (method === 'DELETE' && !m[2]) {
      if (job.state === 'Processing') job.state = 'Canceled';
      return send(res, 200, '');
    }
    if (method !== 'GET' || !m[2]) return send(res, 405, '');
    if (job.state !== 'Processing') return send(res, 404, '');
    if (job.notReady > 0) {
      job.notReady--;
      return send(res, 503, '');
    }
    const n = job.served + 1;
    const limit = job.source === 'Platen' ? 1 : (state.faults.feederPages ?? 3);
    if (job.source === 'Feeder' && state.faults.jamAfter !== undefined && job.served >= state.faults.jamAfter) {
      adfJammed = true;
      job.state = 'Aborted';
      return send(res, state.faults.jamStatus ?? 503, '');
    }
    if (job.served >= limit) {
      job.state = 'Completed';
      return send(res, 404, '');
    }
    if (state.faults.pageDelayMs) await new Promise((r) => setTimeout(r, state.faults.pageDelayMs));
    if (state.faults.dropOnPage === n) {
      req.socket.destroy();
      return;
    }
    if (state.faults.stallOnPage === n) {
      // Holds the request: the job stays Processing (and the device busy) until the client deletes it.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (job.state !== 'Processing' || req.socket.destroyed) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      if (!req.socket.destroyed) send(res, 404, '');
      return;
    }
    // A PDF-only device that sends the batch as one document gives every sheet at the first NextDocument.
    const last = job.format === 'application/pdf' && state.faults.pdfBatch ? limit : n;
    job.served = last;
    if (state.faults.garbageOnPage === n) return send(res, 200, Buffer.from('<html>Internal error</html>'), 'image/jpeg');
    let page = await renderDocument(job, n, last, state.faults);
    if (state.faults.truncateOnPage === n) page = page.subarray(0, Math.floor(page.length / 2));
    documents.push(page);
    // A real device drops a finished job from its queue; the next NextDocument then says 404.
    return send(res, 200, page, job.format === 'application/pdf' ? 'application/pdf' : 'image/jpeg');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      handle(req, res, body).catch((err: unknown) => send(res, 500, String(err), 'text/plain'));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `http://127.0.0.1:${port}/eSCL/`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
