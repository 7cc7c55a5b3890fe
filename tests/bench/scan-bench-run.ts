// Child process of scan-bench.ts: runs ONE contender over a folder of scanned pages and prints one JSON line
// with its own figures, so each contender's peak memory and CPU are its own (process.resourceUsage:
// user + sys of every thread, libvips' included; maxRSS of this process).
//   node --import tsx tests/bench/scan-bench-run.ts app|bare <pages.json> <outDir>
// app:  the scan job (blank detection and deskew on, OCR off) and one PDF per 10-page component;
// bare: sharp decode → JPEG (quality 75, no analysis) → pdf-lib embedJpg, one PDF per 10 pages, the same
//       two pages in flight as the app — what the pipeline would cost with nothing but the codecs.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { ScanJob } from '../../main/digitization/pipeline';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { parsePnm } from '../../main/digitization/source-image';
import type { ScannedPage } from '../../main/digitization/types';
import { GROUP } from './scan-bench-inputs';

const MB = 1024 * 1024;

export interface RunResult {
  contender: 'app' | 'bare';
  pages: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  /** RSS before the first page: the Node process with its modules loaded. */
  baseRssMb: number;
  pdfBytes: number;
  /** Per page (app only): stored bytes, blank, skew, file. */
  jobPages?: { file: string; bytes: number; blank: boolean; skewAngle: number; encoding: string }[];
  jobDir?: string;
}

async function runApp(pages: ScannedPage[], out: string): Promise<Pick<RunResult, 'pdfBytes' | 'jobPages' | 'jobDir'>> {
  const components = Array.from({ length: Math.ceil(pages.length / GROUP) }, (_, g) => ({ code: `TP${String(g + 1).padStart(2, '0')}`, name: `Thành phần ${g + 1}` }));
  const job = await ScanJob.create(join(out, 'job'), BUILT_IN_PROFILES[0], components);
  // Handed over as a feeder delivers them; the job bounds its own parallelism.
  await Promise.all(pages.map((p, i) => job.addPage(p, { component: components[Math.floor(i / GROUP)].code })));
  const built = await job.buildComponentPdfs({ dossierNumber: 'BENCH-0001', scannedBy: 'Người đo', outDir: join(out, 'pdf') });
  return {
    pdfBytes: built.reduce((n, b) => n + b.bytes, 0),
    jobPages: job.pages().map((p) => ({ file: p.file, bytes: p.bytes, blank: p.blank, skewAngle: p.skewAngle, encoding: p.encoding })),
    jobDir: join(out, 'job'),
  };
}

async function bareJpeg(p: ScannedPage): Promise<Buffer> {
  let input = sharp(p.filePath);
  if (p.format === 'pnm') {
    const x = parsePnm(readFileSync(p.filePath));
    input = sharp(x.data, { raw: { width: x.width, height: x.height, channels: x.channels } });
  }
  return input.jpeg({ quality: 75, chromaSubsampling: '4:2:0' }).toBuffer();
}

async function runBare(pages: ScannedPage[], out: string): Promise<Pick<RunResult, 'pdfBytes'>> {
  sharp.cache(false);
  await mkdir(out, { recursive: true });
  let pdfBytes = 0;
  for (let g = 0; g * GROUP < pages.length; g++) {
    const group = pages.slice(g * GROUP, (g + 1) * GROUP);
    const jpegs: Buffer[] = new Array(group.length);
    let next = 0;
    const worker = async () => { for (let i = next++; i < group.length; i = next++) jpegs[i] = await bareJpeg(group[i]); };
    await Promise.all([worker(), worker()]);
    const doc = await PDFDocument.create();
    for (const [i, jpeg] of jpegs.entries()) {
      const w = (group[i].widthPx / group[i].dpi) * 72;
      const h = (group[i].heightPx / group[i].dpi) * 72;
      const image = await doc.embedJpg(jpeg);
      doc.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
    }
    const bytes = await doc.save({ useObjectStreams: true });
    await writeFile(join(out, `TP${String(g + 1).padStart(2, '0')}.pdf`), bytes);
    pdfBytes += bytes.length;
  }
  return { pdfBytes };
}

async function main() {
  const [contender, list, out] = process.argv.slice(2);
  if (contender !== 'app' && contender !== 'bare') throw new Error('usage: scan-bench-run.ts app|bare <pages.json> <outDir>');
  const pages = JSON.parse(await readFile(list, 'utf8')) as ScannedPage[];
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const baseRssMb = process.memoryUsage().rss / MB;
  const r0 = process.resourceUsage();
  const t0 = performance.now();
  const result = contender === 'app' ? await runApp(pages, out) : await runBare(pages, out);
  const seconds = (performance.now() - t0) / 1000;
  const r1 = process.resourceUsage();
  const report: RunResult = {
    contender,
    pages: pages.length,
    seconds,
    cpuSeconds: (r1.userCPUTime - r0.userCPUTime + r1.systemCPUTime - r0.systemCPUTime) / 1e6,
    maxRssMb: r1.maxRSS / 1024,
    baseRssMb,
    ...result,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
