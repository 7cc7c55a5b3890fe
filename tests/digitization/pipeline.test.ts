import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanJob } from '../../main/digitization/pipeline';
import { counterWork } from '../../main/base/counter-work';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ScannedPage } from '../../main/digitization/types';
import { writePageImage } from '../support/page-images';
import { pdfImages, pdfPageCount, run, tempDir } from './helpers';

const tmp = tempDir('job');
const at = (name: string) => join(tmp.dir, name);
const src: ScannedPage[] = [];
let blank: ScannedPage;
const colour = BUILT_IN_PROFILES[0];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  await Promise.all([0, 1, 2, 3].map(async (i) => { src[i] = await writePageImage(at(`s${i}.png`), { seed: 50 + i }); }));
  blank = await writePageImage(at('blank.png'), { kind: 'blank', seed: 59 });
}, 60_000);
afterAll(() => tmp.cleanup());

describe('scan job', () => {
  it('counts a page as counter work from hand-over to commit (background OCR waits for it)', async () => {
    const job = await ScanJob.create(at('job-counter'), colour);
    await expect.poll(() => counterWork.quiet, { timeout: 2_000 }).toBe(true);
    let committed = false;
    const added = job.addPage(src[0]).then((p) => { committed = true; return p; });
    expect(counterWork.quiet).toBe(false); // marked as soon as the page is handed over
    await counterWork.whenQuiet();
    expect(committed).toBe(true); // background work was held until the page was stored
    await added;
  });

  it('persists each page, edits the order, splits at a blank separator and builds one PDF per component', async () => {
    const dir = at('job1');
    const job = await ScanJob.create(dir, { ...colour, blankDetection: { mode: 'all', maxInkPercent: 0.02 } }, [
      { code: 'TP01', name: 'Tờ khai', expectedPages: 2 },
      { code: 'TP02', name: 'Giấy khai sinh' },
    ]);
    // Stack: s0 s1 | blank separator | s2 s3
    const added = await Promise.all([src[0], src[1], blank, src[2], src[3]].map((p) => job.addPage(p)));
    expect(added.map((p) => p.id)).toEqual(['p0001', 'p0002', 'p0003', 'p0004', 'p0005']);
    expect(added.map((p) => p.blank)).toEqual([false, false, true, false, false]);
    const onDisk = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(onDisk.pages).toHaveLength(5);

    await job.splitAtBlankSeparators(['TP01', 'TP02']);
    expect(job.pageCounts().map((c) => c.label)).toEqual(['2 trang đã quét / 2 trang theo hồ sơ', '2 trang đã quét']);

    // Swap the two pages of TP02, turn the first page of TP01, rescan its second page, remove nothing yet.
    await job.move('p0005', 3);
    const turned = await job.rotate('p0001', 180);
    const rescanned = await job.replacePage('p0002', src[3]);
    expect(rescanned.component).toBe('TP01');
    const order = job.pages().map((p) => p.id);
    expect(order).toEqual([turned.id, rescanned.id, 'p0003', 'p0005', 'p0004']);

    const built = await job.buildComponentPdfs({ dossierNumber: 'H42-260218-0009', scannedBy: 'Phạm Minh Đức', outDir: at('out1') });
    expect(built.map((b) => [b.code, b.record.pageCount])).toEqual([['TP01', 2], ['TP02', 2]]);
    for (const b of built) {
      expect(pdfPageCount(b.path)).toBe(2);
      expect(pdfImages(b.path).map((r) => r.xppi)).toEqual([200, 200]);
    }
    // Order inside the PDF: the DCT streams come out verbatim in the job's order.
    run('pdfimages', ['-j', built[1].path, at('tp02')]);
    const streams = readdirSync(tmp.dir).filter((f) => f.startsWith('tp02-')).sort().map((f) => sha(at(f)));
    expect(streams).toEqual(job.componentPages('TP02').map((p) => p.sha256));
    expect(job.componentPages('TP02').map((p) => p.id)).toEqual(['p0005', 'p0004']);

    // Reopened from disk: same state; removing a page deletes its file.
    const again = await ScanJob.open(dir);
    expect(again.pages().map((p) => p.id)).toEqual(order);
    await again.remove('p0004');
    expect(existsSync(join(dir, 'pages', 'p0004.jpg'))).toBe(false);
    expect(again.pageCounts()[1].label).toBe('1 trang đã quét');
    await again.splitByRanges([{ code: 'TP01', from: 1, to: 1 }, { code: 'TP02', from: 2, to: 4 }]);
    expect(again.pageCounts().map((c) => c.scanned)).toEqual([1, 2]); // the blank separator is never counted
    await expect(again.reorder(['p0005'])).rejects.toThrow('Thứ tự trang mới phải chứa đúng mỗi trang một lần.');
    await expect(again.splitAtBlankSeparators(['TP01'])).rejects.toThrow('Tờ phân cách chia xấp giấy thành 2 nhóm, nhưng có 1 thành phần hồ sơ.');
  });

  it('keeps every committed page and a valid manifest when the scanning process is killed mid-batch', async () => {
    const dir = at('crash');
    const files = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3].map((i) => src[i].filePath);
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'feed-job.ts'), dir, ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        for (const m of d.matchAll(/committed (\d+)/g)) committed = Number(m[1]);
        if (committed >= 3) { child.kill('SIGKILL'); resolve(); }
        if (d.includes('done')) reject(new Error('the child finished before it was killed'));
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.once('exit', r).once('close', r));

    const job = await ScanJob.open(dir);
    const pages = job.pages();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.length).toBeLessThan(files.length);
    for (const p of pages) expect(sha(job.pagePath(p))).toBe(p.sha256);
    // Pages processed but not committed when the process died were removed on open.
    expect(readdirSync(join(dir, 'pages')).sort()).toEqual(pages.map((p) => p.file.slice('pages/'.length)).sort());
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The clerk carries on where the scanner stopped.
    const next = await job.addPage(src[3], { component: 'TP01' });
    expect(Number(next.id.slice(1))).toBeGreaterThan(pages.length);
    const [pdf] = await job.buildComponentPdfs({ dossierNumber: 'H42-1', scannedBy: 'Phạm Minh Đức', outDir: at('crash-out') });
    expect(pdfPageCount(pdf.path)).toBe(pages.length + 1);
    writeFileSync(at('crash-report.txt'), `committed before kill: ${committed}, kept: ${pages.length}`);
  });
});
