import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { writePageImage } from '../support/page-images';
import { clientConfig, PORTAL_PASSWORD, startPortal, until } from './support/portal';
import type { ReferencePortal } from '../support/reference-portal/server';

// Issue 9 #12: a dossier's uploads on the sync screen were three identical "Tải tệp lên" rows. Through the API
// of an in-process core: the slip and two digitized components (same empty code, so the same file name
// pattern) each name their file and paper; the dossier's items name its procedure and applicant, the progress
// entry its status; once the official number arrives the file names follow it.
describe('sync items name what they carry', () => {
  const dirs: string[] = [];
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-items-')); dirs.push(d); return d; };
  let h: Harness;
  let portal: ReferencePortal;
  let page: string;

  beforeAll(async () => {
    page = (await writePageImage(path.join(tmp(), 'trang.png'), { seed: 5 })).filePath;
    h = await startCore({ dataDir: tmp(), scanning: { ocr: { enabled: false } } });
    portal = await startPortal();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await portal?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('the slip and two scanned components of one dossier are three different rows, each with its file and paper', async () => {
    const [v] = await h.must('procedures.search', { query: 'tình trạng hôn nhân' });
    const components = [
      { code: '', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
      { code: '', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
    ];
    const { dossier } = await h.must('dossiers.receive', intake(v.id, { components }));
    for (const component of ['0', '1']) {
      let job = await h.must('scanning.openJob', { dossierId: dossier.id });
      job = await h.must('scanning.importFiles', { jobId: job.id, component: `TP-${component}`, paths: [page] });
      job = await waitJob(h, job.id);
      expect(job.error).toBeNull();
      await h.must('scanning.save', { jobId: job.id });
      await h.must('scanning.close', { jobId: job.id });
    }

    const items = await h.must('sync.items');
    const uploads = items.filter((i: any) => i.kind === 'file.upload');
    expect(uploads).toHaveLength(3);
    expect(uploads.every((i: any) => i.kindLabel === 'Tải tệp lên')).toBe(true);
    const details = uploads.map((i: any) => i.detail).sort();
    expect(details).toEqual([
      `TP-${dossier.number}.pdf — Căn cước công dân`,
      `TP-${dossier.number}.pdf — Tờ khai cấp Giấy xác nhận tình trạng hôn nhân`,
      `form01-${dossier.number}.pdf — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)`,
    ]);
    expect(items.find((i: any) => i.kind === 'dossier.create').detail).toBe(`${v.name} — Trần Thị Hoà Bình`);
    expect(items.find((i: any) => i.kind === 'dossier.progress').detail).toBe('→ Được tiếp nhận');
  }, 120_000);

  it('once the official number arrives, the file names shown are the ones sent', async () => {
    await h.must('sync.setConfig', { ...clientConfig(portal), password: PORTAL_PASSWORD, timeoutMs: 2000 });
    await until(async () => (await h.must('sync.status')).waiting === 0, 30_000, 'delivered');
    const [dossier] = await h.must('dossiers.list', { query: 'Trần Thị Hoà Bình' });
    expect(dossier.provisional).toBe(false);
    const sent = (await h.must('sync.items', { filter: 'all' })).filter((i: any) => i.kind === 'file.upload');
    expect(sent.map((i: any) => i.detail.split(' — ')[0]).sort()).toEqual([`TP-${dossier.number}.pdf`, `TP-${dossier.number}.pdf`, `form01-${dossier.number}.pdf`]);
    const onPortal = portal.store.record(dossier.number)!.TaiLieuNop.map((f) => f.TenTepDinhKem).sort();
    expect(onPortal).toEqual([`TP-${dossier.number}.pdf`, `TP-${dossier.number}.pdf`, `form01-${dossier.number}.pdf`]);
  }, 60_000);
});
