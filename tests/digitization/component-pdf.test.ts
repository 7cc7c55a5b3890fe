import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponentPdf, type PdfPageSource } from '../../main/digitization/component-pdf';
import { processPage } from '../../main/digitization/page-processor';
import { readRecordFields, XMP_NAMESPACE } from '../../main/digitization/pdf-metadata';
import { BUILT_IN_PROFILES, type ScanProfile } from '../../main/digitization/profiles';
import { finalizeFile, UnsignedSigner } from '../../main/digitization/signer';
import type { ScannedPage } from '../../main/digitization/types';
import { fromVnParts } from '../../shared/time/vn-time';
import { writePageImage } from '../support/page-images';
import { pdfImages, pdfPageCount, run, tempDir } from './helpers';

const tmp = tempDir('pdf');
const at = (name: string) => join(tmp.dir, name);
const scanned: ScannedPage[] = [];
const scannedAt = fromVnParts(2026, 2, 18, 9, 5);
const base = { dossierNumber: '000.00.13.H42-260218-0007', componentCode: 'TP02', componentName: 'Giấy khai sinh (bản sao)', scannedBy: 'Trần Thị Hồng Nhung', scannedAt };

async function pagesFor(profile: ScanProfile, tag: string): Promise<PdfPageSource[]> {
  const out: PdfPageSource[] = [];
  for (const [i, page] of scanned.entries()) {
    const p = await processPage(page, { profile, outputBase: at(`${tag}-${i}`) });
    out.push({ ...p, path: p.processedPath });
  }
  return out;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  for (let i = 0; i < 3; i++) scanned.push(await writePageImage(at(`src-${i}.png`), { seed: 30 + i, stamp: i === 0 }));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('component PDF', () => {
  it('has the pages in order, A4 at 200 dpi, the JPEG bytes embedded unchanged', async () => {
    const pages = await pagesFor(BUILT_IN_PROFILES[0], 'c');
    const pdf = await buildComponentPdf({ ...base, pages });
    const file = at('colour.pdf');
    writeFileSync(file, pdf.pdfBytes);
    expect(pdf.sha256).toBe(sha(pdf.pdfBytes));
    expect(pdfPageCount(file)).toBe(3);
    expect(run('pdfinfo', [file])).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
    const images = pdfImages(file);
    expect(images.map((r) => [r.page, r.color, r.bpc, r.enc, r.xppi, r.yppi])).toEqual([1, 2, 3].map((n) => [n, 'rgb', 8, 'jpeg', 200, 200]));
    // pdfimages -j writes DCT streams out verbatim: same bytes, same order as the stored pages.
    run('pdfimages', ['-j', file, at('x')]);
    const extracted = readdirSync(tmp.dir).filter((f) => /^x-\d+\.jpg$/.test(f)).sort();
    expect(extracted.map((f) => sha(readFileSync(at(f))))).toEqual(pages.map((p) => p.sha256));
    // No re-encoding: the PDF is the page files plus a few kilobytes.
    const imageBytes = pages.reduce((n, p) => n + readFileSync(p.path).length, 0);
    expect(pdf.pdfBytes.length).toBeLessThan(imageBytes + 40_000);
  });

  it('embeds grey JPEG and 1-bit pages as chosen', async () => {
    const gray = await buildComponentPdf({ ...base, pages: await pagesFor({ ...BUILT_IN_PROFILES[1], dpi: 200 }, 'g') });
    const bw = await buildComponentPdf({ ...base, pages: await pagesFor({ ...BUILT_IN_PROFILES[2], dpi: 200 }, 'b') });
    writeFileSync(at('gray.pdf'), gray.pdfBytes);
    writeFileSync(at('bw.pdf'), bw.pdfBytes);
    expect(pdfImages(at('gray.pdf')).map((r) => [r.color, r.bpc, r.enc, r.xppi])).toEqual(Array(3).fill(['gray', 8, 'jpeg', 200]));
    expect(pdfImages(at('bw.pdf')).map((r) => [r.color, r.bpc, r.enc, r.xppi, r.width, r.height])).toEqual(Array(3).fill(['gray', 1, 'image', 200, 1654, 2339]));
    expect(bw.pdfBytes.length * 4).toBeLessThan(gray.pdfBytes.length);
    // The 1-bit page renders as the page (not inverted, not garbled): mostly white with black text.
    run('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-gray', '-png', at('bw.pdf'), at('bw-render')]);
    const rendered = readdirSync(tmp.dir).filter((f) => f.startsWith('bw-render')).map(at)[0];
    const pixels = await sharp(rendered).toColourspace('b-w').raw().toBuffer();
    const dark = pixels.filter((v) => v < 128).length / pixels.length;
    expect(dark).toBeGreaterThan(0.005);
    expect(dark).toBeLessThan(0.15);
    console.log(`3 A4 pages: grey PDF ${(gray.pdfBytes.length / 1024).toFixed(0)} KB, 1-bit PDF ${(bw.pdfBytes.length / 1024).toFixed(0)} KB`);
  });

  it('shows "Số hóa bởi <name>, <HH:mm dd/mm/yyyy>" at the top left of page 1 only, in Vietnam time', async () => {
    const pdf = await buildComponentPdf({ ...base, pages: await pagesFor(BUILT_IN_PROFILES[0], 'm') });
    writeFileSync(at('mark.pdf'), pdf.pdfBytes);
    const page1 = run('pdftotext', ['-f', '1', '-l', '1', '-layout', at('mark.pdf'), '-']);
    expect(page1.normalize('NFC')).toContain('Số hóa bởi Trần Thị Hồng Nhung, 09:05 18/02/2026');
    expect(run('pdftotext', ['-f', '2', '-l', '3', at('mark.pdf'), '-']).trim()).toBe('');
    const bbox = run('pdftotext', ['-f', '1', '-l', '1', '-bbox', at('mark.pdf'), '-']);
    const first = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Số<\/word>/.exec(bbox);
    expect(first).not.toBeNull();
    expect(Number(first?.[1])).toBeLessThan(30);
    expect(Number(first?.[2])).toBeLessThan(30);
  });

  it('records the metadata in the Info dictionary and in XMP, and returns the record', async () => {
    const pages = await pagesFor(BUILT_IN_PROFILES[0], 'd');
    const pdf = await buildComponentPdf({ ...base, pages });
    writeFileSync(at('meta.pdf'), pdf.pdfBytes);
    const info = run('pdfinfo', [at('meta.pdf')]);
    expect(info).toContain('Title:           Giấy khai sinh (bản sao) – hồ sơ 000.00.13.H42-260218-0007');
    expect(info).toContain('Keywords:        000.00.13.H42-260218-0007 TP02 số hóa');
    expect(info).toContain('Author:          Trần Thị Hồng Nhung');
    const xmp = run('pdfinfo', ['-meta', at('meta.pdf')]);
    expect(xmp).toContain(`xmlns:mcd="${XMP_NAMESPACE}"`);
    expect(xmp).toContain('<mcd:ScannedAt>2026-02-18T09:05:00+07:00</mcd:ScannedAt>');
    expect(xmp).toContain('<mcd:Dpi>200</mcd:Dpi>');
    for (const p of pages) expect(xmp).toContain(`<rdf:li>${p.sha256}</rdf:li>`);
    const fields = await readRecordFields(pdf.pdfBytes);
    expect(fields).toMatchObject({ dossierNumber: base.dossierNumber, componentCode: 'TP02', scannedBy: base.scannedBy, pageCount: '3', colorMode: 'color', dpi: '200' });
    expect(fields.pageSha256?.split(' ')).toEqual(pages.map((p) => p.sha256));
    expect(pdf.record).toMatchObject({ pageCount: 3, dpi: 200, colorMode: 'color', scannedAt: '2026-02-18T09:05:00+07:00' });

    const final = await finalizeFile(pdf.pdfBytes, new UnsignedSigner(), { name: base.scannedBy });
    expect(final.signature.signed).toBe(false);
    expect(final.bytes).toBe(pdf.pdfBytes);
    expect(final.sha256).toBe(pdf.sha256);
  });

  it('refuses a page file changed after it was processed', async () => {
    const pages = await pagesFor(BUILT_IN_PROFILES[0], 't');
    const bytes = readFileSync(pages[1].path);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(pages[1].path, bytes);
    await expect(buildComponentPdf({ ...base, pages })).rejects.toThrow('Trang 2 của "Giấy khai sinh (bản sao)" đã bị thay đổi hoặc hỏng (sai mã băm).');
  });
});
