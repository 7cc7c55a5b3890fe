// Scan-to-folder through the API: the folder set in Quản trị → Máy quét is a device in the scanning panel;
// "Quét" watches it, every file the network scanner saves becomes pages of the job, a damaged file is a
// warning that does not stop the job, "Dừng quét" ends it normally and the pages are saved as usual.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intake, startCore, versionId, type Harness } from '../support/core-harness';
import { writePageImage } from '../support/page-images';

const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};

describe('scan-to-folder device', () => {
  const dirs: string[] = [];
  const tmp = (prefix: string) => { const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); dirs.push(d); return d; };
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('takes the files a network scanner saves into the folder until the clerk stops, damaged ones reported', async () => {
    h = await startCore({
      dataDir: tmp('motcua-folderscan-'),
      scanning: { drivers: { hasScanimage: () => false, escl: { discover: false }, folder: { stableMs: 200, pollMs: 100 } }, ocr: { enabled: false } },
    });
    const share = tmp('motcua-share-');
    const sources = tmp('motcua-share-src-');
    await h.must('scanning.setSettings', { profiles: [], procedureDefaults: [], esclAddresses: [], watchFolders: [{ path: share, name: 'Máy quét tầng 1' }] });
    const devices = await h.must('scanning.devices', { refresh: true });
    const device = devices.find((d: any) => d.driver === 'folder');
    expect(device).toMatchObject({ id: `folder:${share}`, name: 'Thư mục quét: Máy quét tầng 1' });

    const dossier = (await h.must('dossiers.receive', intake(await versionId(h, 'tình trạng hôn nhân')))).dossier;
    let job = await h.must('scanning.openJob', { dossierId: dossier.id });
    // Saved before the clerk pressed "Quét": taken too.
    await writePageImage(path.join(share, 'scan-001.png'), { seed: 11 });
    job = await h.must('scanning.start', { jobId: job.id, deviceId: device.id, source: 'feeder', component: 'TKXN' });
    expect(job.scan.running).toBe(true);
    job = await until(() => h!.must('scanning.job', { jobId: job.id }), (j: any) => j.scan.pagesDone === 1);

    // While the job runs: a second page, then a damaged file (a truncated PNG).
    const second = await writePageImage(path.join(sources, 'scan-002.png'), { seed: 12 });
    fs.copyFileSync(second.filePath, path.join(share, 'scan-002.png'));
    fs.writeFileSync(path.join(share, 'scan-003.png'), fs.readFileSync(second.filePath).subarray(0, 3000));
    job = await until(() => h!.must('scanning.job', { jobId: job.id }), (j: any) => j.scan.pagesDone === 2 && j.warnings.length === 1);
    expect(job.scan.running).toBe(true);
    expect(job.warnings[0]).toMatch(/scan-003\.png/);
    expect(job.error).toBeNull();

    job = await h.must('scanning.cancel', { jobId: job.id });
    expect(job.scan.running).toBe(false);
    expect(job.error).toBeNull(); // stopping a folder job is its normal end, not a cancelled scan
    expect(job.pages.map((p: any) => p.component)).toEqual(['TKXN', 'TKXN']);
    expect(fs.readdirSync(path.join(share, 'da-nhap')).sort()).toEqual(['scan-001.png', 'scan-002.png']);
    expect(fs.readdirSync(path.join(share, 'khong-nhap-duoc'))).toEqual(['scan-003.png']);

    const { saved } = await h.must('scanning.save', { jobId: job.id });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ componentCode: 'TKXN', pageCount: 2 });

    // A file saved after the stop waits for the next "Quét".
    await writePageImage(path.join(share, 'scan-004.png'), { seed: 13 });
    await new Promise((r) => setTimeout(r, 600));
    expect((await h.must('scanning.job', { jobId: job.id })).pages).toHaveLength(2);
    expect(fs.existsSync(path.join(share, 'scan-004.png'))).toBe(true);
  });
});
