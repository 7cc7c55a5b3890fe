// Where a page's CPU goes in the scan pipeline, stage by stage, one page at a time (process CPU: user + sys
// of every thread, libvips' included). Not a comparator bench: the profile behind scan-bench's figures.
//   node --import tsx tests/bench/scan-stage-profile.ts [--pages 30] [--set pnm|png|jpeg]
// (JPEG pages are re-encoded here as the bench's q80 ones are; a scanner's q75 page that needs no turn is
// stored as sent, skipping the encode: see scan-bench's q75 line.)
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { writeFileAtomic } from '../../main/base/atomic-write';
import { analysisFactor, greyBoxShrink } from '../../main/digitization/analysis-image';
import { buildComponentPdf, type PdfPageSource } from '../../main/digitization/component-pdf';
import { analysePage, MIN_CORRECTED_SKEW } from '../../main/digitization/page-analysis';
import { jpegOptions } from '../../main/digitization/page-processor';
import { shearRotate } from '../../main/digitization/shear-rotate';
import { parsePnm } from '../../main/digitization/source-image';
import { inputPages, type InputSet } from './scan-bench-inputs';

const { values } = parseArgs({ options: { pages: { type: 'string' }, set: { type: 'string' } } });
const PAGES = Number(values.pages ?? 30);
const SET = (values.set ?? 'pnm') as InputSet;

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const totals = new Map<string, number>();
async function stage<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const t = cpu();
  const r = await f();
  totals.set(name, (totals.get(name) ?? 0) + cpu() - t);
  return r;
}

async function main() {
  sharp.cache(false);
  sharp.concurrency(Number(process.env.VIPS_THREADS ?? 2));
  const pages = await inputPages(join(tmpdir(), 'mcd-scan-bench'), PAGES, SET, 80);
  const out = join(tmpdir(), 'mcd-scan-stage');
  let skewed = 0;
  const stored: PdfPageSource[] = [];
  for (const [i, p] of pages.entries()) {
    const bytes = await stage('read file', () => readFile(p.filePath));
    const raw = SET === 'pnm'
      ? await stage('parse PNM', () => { const x = parsePnm(bytes); return { data: x.data, width: x.width, height: x.height, channels: x.channels }; })
      : await stage('decode (sharp)', async () => { const r = await sharp(bytes).raw().toBuffer({ resolveWithObject: true }); return { data: r.data, width: r.info.width, height: r.info.height, channels: r.info.channels }; });
    const k = analysisFactor(p.dpi);
    const small = await stage('grey 100 dpi copy (JS)', () => greyBoxShrink(raw.data, raw.width, raw.height, raw.channels, k));
    const a = await stage('analysis: blank, skew, box (JS)', () => analysePage(small, { skew: true }));
    const skew = Math.abs(a.skewAngle) >= MIN_CORRECTED_SKEW ? a.skewAngle : 0;
    const input = { raw: { width: raw.width, height: raw.height, channels: raw.channels as 3 } };
    let jpeg: Buffer;
    if (skew) {
      skewed++;
      // The turn and its encoding apart, as the pipeline does them.
      const turned = await stage('turn (WASM shears, skewed pages)', () => shearRotate(raw.data, raw.width, raw.height, raw.channels, -skew));
      jpeg = await stage('JPEG encode (turned pages)', () => sharp(turned, input).jpeg(jpegOptions(75)).toBuffer());
    } else {
      jpeg = await stage('JPEG encode (straight pages)', () => sharp(raw.data, input).jpeg(jpegOptions(75)).toBuffer());
    }
    const sha256 = await stage('sha256', () => createHash('sha256').update(jpeg).digest('hex'));
    const file = join(out, `p${i}.jpg`);
    await stage('atomic write + fsync', () => writeFileAtomic(file, jpeg));
    stored.push({ path: file, encoding: 'jpeg', widthPx: raw.width, heightPx: raw.height, dpi: p.dpi, colorMode: 'color', sha256 });
  }
  // One PDF per 10 pages with the app's own builder (metadata, the "Số hóa bởi" mark, hashes).
  for (let g = 0; g * 10 < stored.length; g++) {
    await stage('component PDF (app builder, pdf-lib)', async () => {
      const pdf = await buildComponentPdf({ dossierNumber: 'BENCH-0001', componentCode: `TP${g + 1}`, componentName: 'Thành phần', scannedBy: 'Người đo', scannedAt: new Date(), pages: stored.slice(g * 10, g * 10 + 10) });
      await writeFileAtomic(join(out, `TP${g + 1}.pdf`), pdf.pdfBytes);
    });
  }
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`${SET}: ${PAGES} pages, ${skewed} turned; CPU ms per page (of all pages) by stage:`);
  for (const [name, ms] of totals) console.log(`  ${name.padEnd(42)} ${(ms / PAGES).toFixed(1).padStart(6)}  ${((100 * ms) / sum).toFixed(0).padStart(3)} %`);
  console.log(`  ${'total'.padEnd(42)} ${(sum / PAGES).toFixed(1).padStart(6)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
