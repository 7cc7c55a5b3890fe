// Form 01 benchmark (not part of the test suite), issue 12 target 3:
//   node --import tsx tests/bench/form01-bench.ts [--rounds 6] [--docs 20]
// The two-liên receipt slip (Mẫu 01) rendered by the app's FormRenderer and, in the same process, the same
// slip printed by Debian's Chromium (playwright-core, launched as tests/support/browser.ts does): an HTML page
// with the same text at the same places in Tinos (@font-face from assets/fonts, warm in Chromium's cache),
// the same rules and the same QR (SVG), turned into a PDF by page.pdf() with the page kept open
// (setContent + pdf per document). The HTML is built beforehand from what the renderer draws (absolutely
// placed lines: no text flow for Chromium to lay out, which only favours the comparator). Rounds alternate
// which side goes first; each document's time is taken alone. Prints the per-document medians, their ratio
// per round and overall, and both files' sizes. Target: ratio ≤ 0.5 and our file no bigger.
import fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PDFPage } from 'pdf-lib';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { A4_SIZE, MARGINS, QR_SIZE } from '../../main/documents/form-composer';
import { FormRenderer } from '../../main/documents/form-renderer';
import { PageTextWriter, type PlacedText } from '../../main/documents/page-text';
import { buildQrContent } from '../../main/documents/qr';
import type { Form01Data } from '../../main/documents/types';
import { form01 } from '../documents/fixtures';
import { CHROMIUM_ARGS } from '../support/browser';
import { ROOT } from '../support/server';

const { values: options } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' }, docs: { type: 'string' } } });
const ROUNDS = Number(options.rounds ?? 6);
const DOCS = Number(options.docs ?? 20);

const NAMES = ['Nguyễn Thị Hoà Bình', 'Trần Văn Đức', 'Lê Hữu Phước', 'Phạm Ngọc Ánh', 'Hoàng Thu Hương', 'Đặng Quốc Việt', 'Bùi Thị Yến', 'Võ Minh Khoa'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function slip(i: number): Form01Data {
  return form01({
    dossierNumber: `000.00.13.H42-261128-${String(i + 1).padStart(4, '0')}`,
    lookupCode: `K7M2Q9XR${String(1000 + i)}`,
    applicant: { fullName: NAMES[i % NAMES.length]!, idNumber: `0011900${String(10000 + i)}`, address: `Số ${i + 1} ngõ 45 phố Đội Cấn, Hà Nội`, phone: '0912 345 678' },
  });
}

interface Drawn { kind: 'text'; text: string; x: number; y: number; size: number; style: string }
interface Rule { kind: 'rule'; x: number; y: number; length: number; thickness: number }
interface Box { kind: 'box'; x: number; y: number; width: number; height: number; border: number }
type Item = Drawn | Rule | Box;

/** What the renderer draws on each page, caught at its text writer and pdf-lib's drawLine/drawRectangle (bench only). */
async function drawingOf(renderer: FormRenderer, data: Form01Data): Promise<Item[][]> {
  const pages = new Map<PDFPage, Item[]>();
  const on = (page: PDFPage) => pages.get(page) ?? pages.set(page, []).get(page)!;
  const proto = PDFPage.prototype;
  const { drawLine, drawRectangle } = proto;
  const { draw } = PageTextWriter.prototype;
  PageTextWriter.prototype.draw = function (this: PageTextWriter, page: PDFPage, pieces: PlacedText[]) {
    for (const p of pieces) on(page).push({ kind: 'text', text: p.text, x: p.x, y: p.y, size: p.size, style: p.style[0]! });
    return draw.call(this, page, pieces);
  };
  proto.drawLine = function (this: PDFPage, o) {
    on(this).push({ kind: 'rule', x: o.start.x, y: o.start.y, length: o.end.x - o.start.x, thickness: o.thickness ?? 1 });
    return drawLine.call(this, o);
  };
  proto.drawRectangle = function (this: PDFPage, o = {}) {
    on(this).push({ kind: 'box', x: o.x ?? 0, y: o.y ?? 0, width: o.width ?? 0, height: o.height ?? 0, border: o.borderWidth ?? 0 });
    return drawRectangle.call(this, o);
  };
  try {
    await renderer.renderForm01(data);
  } finally {
    PageTextWriter.prototype.draw = draw;
    proto.drawLine = drawLine;
    proto.drawRectangle = drawRectangle;
  }
  const drawn = [...pages.values()];
  if (drawn.length < 2 || !drawn.every((items) => items.some((d) => d.kind === 'text'))) throw new Error('the slip\'s drawing was not caught: the HTML would be empty');
  return drawn;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ASCENT = 0.891; // Tinos' ascender per em: CSS places a line's top, PDF its baseline

function slipHtml(pages: Item[][], qrSvg: string): string {
  const [w, h] = A4_SIZE;
  const fontFace = (style: string, file: string, weight: string, italic: string) =>
    `@font-face{font-family:Tinos;src:url('file://${path.join(ROOT, 'assets', 'fonts', file)}');font-weight:${weight};font-style:${italic}}` + (style ? '' : '');
  const css = [
    fontFace('', 'Tinos-Regular.ttf', 'normal', 'normal'), fontFace('', 'Tinos-Bold.ttf', 'bold', 'normal'), fontFace('', 'Tinos-Italic.ttf', 'normal', 'italic'),
    `@page{size:${w}pt ${h}pt;margin:0}body{margin:0;font-family:Tinos}`,
    `.p{position:relative;width:${w}pt;height:${h}pt;overflow:hidden;break-after:page}`,
    '.p>span{position:absolute;white-space:pre;line-height:1}.b{font-weight:bold}.i{font-style:italic}.p>div{position:absolute;background:#000}.p>div.c{background:none;border:solid #000}',
    `.q{position:absolute;left:${MARGINS.left}pt;top:${h - (h - MARGINS.top)}pt;width:${QR_SIZE}pt;height:${QR_SIZE}pt}`,
  ].join('');
  const body = pages.map((items) => `<div class="p"><div class="q" style="background:none">${qrSvg}</div>${items.map((d) =>
    d.kind === 'text'
      ? `<span class="${d.style}" style="left:${d.x.toFixed(2)}pt;top:${(h - d.y - ASCENT * d.size).toFixed(2)}pt;font-size:${d.size}pt">${esc(d.text)}</span>`
      : d.kind === 'box'
        ? `<div class="c" style="left:${(d.x - d.border / 2).toFixed(2)}pt;top:${(h - d.y - d.height - d.border / 2).toFixed(2)}pt;width:${d.width.toFixed(2)}pt;height:${d.height.toFixed(2)}pt;border-width:${d.border}pt"></div>`
        : `<div style="left:${d.x.toFixed(2)}pt;top:${(h - d.y - d.thickness / 2).toFixed(2)}pt;width:${d.length.toFixed(2)}pt;height:${d.thickness}pt"></div>`,
  ).join('')}</div>`).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`;
}

async function main(): Promise<void> {
  const renderer = await FormRenderer.create({ warmUp: true });
  const slips = Array.from({ length: DOCS }, (_, i) => slip(i));
  const htmls: string[] = [];
  for (const data of slips) {
    const qr = buildQrContent({ dossierNumber: data.dossierNumber, procedureCode: data.procedureCode, lookupCode: data.lookupCode }, data.office.lookupUrl);
    const svg = await QRCode.toString(qr, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
    htmls.push(slipHtml(await drawingOf(renderer, data), svg.replace('<svg ', '<svg width="100%" height="100%" ')));
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  // A file: page, so the fonts load from assets/ and stay in Chromium's cache from one slip to the next.
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'mcd-form01-'));
  fs.writeFileSync(path.join(dir, 'blank.html'), '<!doctype html><title>slip</title>');
  await page.goto(`file://${path.join(dir, 'blank.html')}`);

  const ours = async (i: number) => {
    const t = performance.now();
    const bytes = await renderer.renderForm01(slips[i]!);
    return { ms: performance.now() - t, size: bytes.length, bytes };
  };
  const theirs = async (i: number) => {
    const t = performance.now();
    await page.setContent(htmls[i]!);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const bytes = await page.pdf({ preferCSSPageSize: true });
    return { ms: performance.now() - t, size: bytes.length, bytes };
  };
  // Warm both (JIT, Chromium's font cache), then keep one of each for inspection.
  for (let i = 0; i < 3; i++) { await ours(i); await theirs(i); }
  fs.writeFileSync(path.join(dir, 'ours.pdf'), (await ours(0)).bytes);
  fs.writeFileSync(path.join(dir, 'chromium.pdf'), (await theirs(0)).bytes);

  const all = { ours: [] as number[], theirs: [] as number[], oursSize: [] as number[], theirsSize: [] as number[] };
  const ratios: number[] = [];
  console.log(`Form 01 (two liên): ${DOCS} slips × ${ROUNDS} rounds, alternating; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  for (let r = 0; r < ROUNDS; r++) {
    const round = { ours: [] as number[], theirs: [] as number[] };
    const sides: [keyof typeof round, typeof ours][] = r % 2 === 0 ? [['ours', ours], ['theirs', theirs]] : [['theirs', theirs], ['ours', ours]];
    for (const [name, run] of sides) {
      for (let i = 0; i < DOCS; i++) {
        const x = await run(i);
        round[name].push(x.ms);
        (name === 'ours' ? all.oursSize : all.theirsSize).push(x.size);
      }
    }
    all.ours.push(...round.ours);
    all.theirs.push(...round.theirs);
    ratios.push(median(round.ours) / median(round.theirs));
    console.log(`  round ${r + 1}: FormRenderer ${median(round.ours).toFixed(1)} ms | Chromium page.pdf ${median(round.theirs).toFixed(1)} ms | ratio ${ratios[r]!.toFixed(2)}`);
  }
  const kb = (xs: number[]) => (median(xs) / 1024).toFixed(1);
  console.log(`per slip (median of ${all.ours.length}): FormRenderer ${median(all.ours).toFixed(1)} ms, Chromium ${median(all.theirs).toFixed(1)} ms; ratio median of rounds ${median(ratios).toFixed(2)} (target ≤ 0.50)`);
  console.log(`file size (median): FormRenderer ${kb(all.oursSize)} KB, Chromium ${kb(all.theirsSize)} KB (${(median(all.oursSize) / median(all.theirsSize)).toFixed(2)}×; target ≤ 1)`);
  console.log(`load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}; sample files in ${dir}`);
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
