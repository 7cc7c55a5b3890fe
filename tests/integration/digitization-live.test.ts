// The scan job's live state as the core keeps it (issue 9): a scanner feeds one job at a time whatever the
// dossier (a second start is refused in Vietnamese, naming the dossier that holds it), every screen can ask
// for the dossier's scan in progress and its unsaved pages, only saved files count as digitized, and the
// device list tells two scanners of one model apart (SANE's test backend has two "Noname frontend-tester").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDevices } from '../../main/devices/scanning';
import { type Harness, intake, startCore, versionId, waitJob } from '../support/core-harness';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

describe('device labels', () => {
  it('adds the connection and the address to the name; equal labels get the full id', () => {
    const out = describeDevices([
      { id: 'sane:test:0', driver: 'sane', name: 'Noname frontend-tester', model: 'frontend-tester' },
      { id: 'sane:pixma:04A9176D_4A1234', driver: 'sane', name: 'Canon MG3600', model: 'MG3600', connection: 'usb', address: 'pixma:04A9176D_4A1234' },
      { id: 'sane:net:192.168.1.9:epson2:libusb:001:004', driver: 'sane', name: 'Epson DS-530' },
      { id: 'sane:epson2:libusb:001:004', driver: 'sane', name: 'Epson DS-530' },
      { id: 'http://192.168.1.20/eSCL', driver: 'escl', name: 'HP LaserJet MFP M428' },
      { id: 'folder:/srv/scan/tang1', driver: 'folder', name: 'Thư mục quét: Máy photo tầng 1' },
      { id: 'wia:{6BDD1FC6}\\0000', driver: 'wia', name: 'Canon LiDE 300' },
      { id: 'wia:{6BDD1FC6}\\0001', driver: 'wia', name: 'Canon LiDE 300' },
    ]);
    expect(out.map((d) => d.label)).toEqual([
      'Noname frontend-tester (thiết bị ảo, test:0)',
      'Canon MG3600 (USB, pixma:04A9176D_4A1234)',
      'Epson DS-530 (mạng, net:192.168.1.9:epson2:libusb:001:004)',
      'Epson DS-530 (USB, epson2:libusb:001:004)',
      'HP LaserJet MFP M428 (mạng, 192.168.1.20)',
      'Thư mục quét: Máy photo tầng 1 (/srv/scan/tang1)',
      'Canon LiDE 300 (nối trực tiếp, {6BDD1FC6}\\0000)',
      'Canon LiDE 300 (nối trực tiếp, {6BDD1FC6}\\0001)',
    ]);
    expect(out.map((d) => d.connection)).toEqual(['virtual', 'usb', 'network', 'usb', 'network', 'folder', 'local', 'local']);
    expect(out[0]!.detail).toBe('SANE · kết nối: thiết bị ảo · mã thiết bị: sane:test:0');
    // Two devices that say nothing more than their name: the full id tells them apart.
    const same = describeDevices([
      { id: 'twain:Scanner', driver: 'twain', name: 'Scanner', address: '' },
      { id: 'twain:Scanner#2', driver: 'twain', name: 'Scanner', address: '' },
    ]);
    expect(new Set(same.map((d) => d.label)).size).toBe(2);
  });
});

describe.skipIf(!hasScanimage())('scan jobs live in the core', () => {
  let cfg: SaneConfig;
  let h: Harness;
  const dirs: string[] = [];

  beforeAll(async () => {
    cfg = makeSaneConfig();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-live-'));
    dirs.push(dataDir);
    h = await startCore({ dataDir, scanning: { drivers: { sane: { saneConfigDir: cfg.configDir, killGraceMs: 1000 }, escl: { discover: false } }, ocr: { enabled: false } } });
  });
  afterAll(async () => {
    await h?.close();
    cfg.cleanup();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const receive = async () => {
    const r = await h.must('dossiers.receive', intake(await versionId(h, 'tình trạng hôn nhân'), { components: TWO }));
    return { id: r.dossier.id as string, number: r.dossier.number as string };
  };

  it('lists the two SANE test devices under different labels with their details', async () => {
    const devices = (await h.must('scanning.devices', { refresh: true })).filter((d: any) => d.driver === 'sane');
    expect(devices.map((d: any) => d.label)).toEqual(['Noname frontend-tester (thiết bị ảo, test:0)', 'Noname frontend-tester (thiết bị ảo, test:1)']);
    expect(devices.map((d: any) => d.connection)).toEqual(['virtual', 'virtual']);
    expect(devices[1].detail).toContain('mã thiết bị: sane:test:1');
    expect(devices.every((d: any) => d.busyWith === null)).toBe(true);
  });

  it('one scan per device across dossiers: the second start is refused naming the first dossier; both starts at once, one wins', async () => {
    const a = await receive();
    const b = await receive();
    const jobA = await h.must('scanning.openJob', { dossierId: a.id });
    const jobB = await h.must('scanning.openJob', { dossierId: b.id });
    // Both at the same moment (two counters pressing F9): exactly one gets the scanner.
    const [ra, rb] = await Promise.all([
      h.call('scanning.start', { jobId: jobA.id, deviceId: 'sane:test:0', source: 'feeder' }),
      h.call('scanning.start', { jobId: jobB.id, deviceId: 'sane:test:0', source: 'feeder' }),
    ]);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    const [winner, loser, lost] = ra.ok ? [a, b, rb] : [b, a, ra];
    const winnerJob = ra.ok ? jobA : jobB;
    const loserJob = ra.ok ? jobB : jobA;
    expect(lost.error.code).toBe('CONFLICT');
    expect(lost.error.message).toBe(`Máy quét "Noname frontend-tester (thiết bị ảo, test:0)" đang quét cho hồ sơ ${winner.number}. `
      + 'Hãy chờ lượt quét đó xong, hoặc mở hồ sơ đó và bấm "Dừng quét"; hoặc chọn máy quét khác.');

    // While it runs: the device list says which dossier holds it; the dossier's status says it is scanning.
    const busy = (await h.must('scanning.devices', {})).find((d: any) => d.id === 'sane:test:0');
    const running = await h.must('scanning.jobStatus', { dossierId: winner.id });
    // (A 10-page feeder batch of the test backend takes seconds; these calls take milliseconds.)
    expect(busy.busyWith).toEqual({ jobId: winnerJob.id, dossierId: winner.id, dossierNumber: winner.number });
    expect(running).toMatchObject({ jobId: winnerJob.id, scanning: true, deviceId: 'sane:test:0', deviceLabel: 'Noname frontend-tester (thiết bị ảo, test:0)' });
    expect(await h.must('scanning.jobStatus', { dossierId: loser.id })).toBeNull();
    // Reopening the dossier's panel (from any screen) gives the job that is scanning, not a new one.
    const reopened = await h.must('scanning.openJob', { dossierId: winner.id });
    expect(reopened.id).toBe(winnerJob.id);
    expect(reopened.scan.running).toBe(true);
    // The other test device is free for the other dossier meanwhile.
    const other = await h.must('scanning.start', { jobId: loserJob.id, deviceId: 'sane:test:1', source: 'flatbed' });
    expect(other.scan.running).toBe(true);
    await waitJob(h, loserJob.id);
    const done = await waitJob(h, winnerJob.id);
    expect(done.pages).toHaveLength(10);
    // Once the scan has ended the device is free again, for any dossier.
    expect((await h.must('scanning.devices', {})).find((d: any) => d.id === 'sane:test:0').busyWith).toBeNull();
    const again = await h.must('scanning.start', { jobId: loserJob.id, deviceId: 'sane:test:0', source: 'flatbed' });
    expect(again.scan.running).toBe(true);
    await waitJob(h, loserJob.id);
  });

  it('opening the dossier\'s job twice at once (two screens, an effect run twice) gives one job', async () => {
    const d = await receive();
    const [x, y] = await Promise.all([h.must('scanning.openJob', { dossierId: d.id }), h.must('scanning.openJob', { dossierId: d.id })]);
    expect(x.id).toBe(y.id);
    expect((await h.must('scanning.openJob', { dossierId: d.id })).id).toBe(x.id);
  });

  it('the same job twice at once (a double F9) starts one scan', async () => {
    const d = await receive();
    const job = await h.must('scanning.openJob', { dossierId: d.id });
    const results = await Promise.all([
      h.call('scanning.start', { jobId: job.id, deviceId: 'sane:test:0', source: 'flatbed' }),
      h.call('scanning.start', { jobId: job.id, deviceId: 'sane:test:1', source: 'flatbed' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const done = await waitJob(h, job.id);
    expect(done.pages).toHaveLength(1);
  });

  it('only saved files count as digitized; the status says what is not saved yet, and nothing once all is saved', async () => {
    const d = await receive();
    expect(await h.must('scanning.jobStatus', { dossierId: d.id })).toBeNull();
    let job = await h.must('scanning.openJob', { dossierId: d.id });
    job = await h.must('scanning.start', { jobId: job.id, deviceId: 'sane:test:0', source: 'flatbed', component: 'TKXN' });
    job = await waitJob(h, job.id);
    job = await h.must('scanning.start', { jobId: job.id, deviceId: 'sane:test:0', source: 'flatbed' });
    job = await waitJob(h, job.id);
    expect(job.pages).toHaveLength(2);

    // Pages scanned, nothing saved: the dossier is not digitized, and the status says why.
    expect((await h.must('dossiers.get', { id: d.id })).digitization).toMatchObject({ digitized: 0, total: 2 });
    expect(await h.must('scanning.jobStatus', { dossierId: d.id })).toMatchObject({
      jobId: job.id, scanning: false, pages: 2, unsorted: 1, unsaved: [{ code: 'TKXN', name: TWO[0]!.name }],
    });

    await h.must('scanning.save', { jobId: job.id });
    expect((await h.must('dossiers.get', { id: d.id })).digitization).toMatchObject({ digitized: 1, total: 2 });
    expect(await h.must('scanning.jobStatus', { dossierId: d.id })).toMatchObject({ unsorted: 1, unsaved: [] });

    // The unsorted page into the second component: unsaved until saved, then nothing pending.
    const stray = job.pages.find((p: any) => p.component === null).id;
    job = await h.must('scanning.pageOp', { jobId: job.id, op: { op: 'assign', pageIds: [stray], component: 'CCCD' } });
    expect(await h.must('scanning.jobStatus', { dossierId: d.id })).toMatchObject({ unsorted: 0, unsaved: [{ code: 'CCCD' }] });
    expect((await h.must('dossiers.get', { id: d.id })).digitization).toMatchObject({ digitized: 1 });
    await h.must('scanning.save', { jobId: job.id });
    expect(await h.must('scanning.jobStatus', { dossierId: d.id })).toBeNull();
    expect((await h.must('dossiers.get', { id: d.id })).digitization).toMatchObject({ digitized: 2 });
  });
});
