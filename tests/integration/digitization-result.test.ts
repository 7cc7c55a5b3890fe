// Digitizing the RESULT (kind 1) through the API of an in-process core: the signed marriage certificate of a
// dossier is imported (files driver, generated pages; no SANE, no OCR) into the job's result target KQ1 and
// saved as a kind-1 row under its national result-type code (KQ.G15.000032), uploaded with role 'result' as
// `<dossier number>-KQ1.pdf`; drained into the reference portal it is listed among the result papers
// (DanhSachGiayToKetQua), not the submitted ones; a second dossier of the same citizen reuses it (state 3);
// the dossier summary says the result is digitized. Also: results as catalogue data (default result, versions,
// seed versions of an older database filled in), a result without a code ('KQ1'), none for a refused dossier.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/base/context';
import type { CoreOptions } from '../../main/core/core';
import { filesDir } from '../../main/base/data-dir';
import { Drainer } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { type Harness, intake, startCore, waitJob } from '../support/core-harness';
import { SPOUSE_PARTY } from '../support/fixtures';
import { writePageImage } from '../support/page-images';
import { clientConfig, PORTAL_PASSWORD, startPortal, until } from '../sync/support/portal';

const SCANNING: CoreOptions['scanning'] = { drivers: { hasScanimage: () => false, escl: { discover: false } }, ocr: { enabled: false } };
const MARRIAGE_CODE = 'KQ.G15.000032';
const TKKH = [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }];
const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

async function receive(h: Harness, query: string, components: unknown[], over: Record<string, unknown> = {}) {
  const [v] = await h.must('procedures.search', { query });
  // As the counter receives it: with the other parties the version names (a marriage's other spouse).
  const r = await h.must('dossiers.receive', intake(v.id, { components, parties: v.parties.length ? [SPOUSE_PARTY] : [], ...over }));
  return { id: r.dossier.id as string, number: r.dossier.number as string };
}

async function importInto(h: Harness, jobId: string, component: string, page: string) {
  await h.must('scanning.importFiles', { jobId, component, paths: [page] });
  const job = await waitJob(h, jobId);
  expect(job.error).toBeNull();
  return job;
}

const raw = (h: Harness) => h.core.services.db.raw;
const uploadsOf = (h: Harness, dossierId: string) => (raw(h).prepare(`SELECT seq, payload_json FROM outbox WHERE kind = 'file.upload' AND dossier_id = ? ORDER BY seq`)
  .all(dossierId) as { seq: number; payload_json: string }[]).map((r) => ({ seq: r.seq, ...JSON.parse(r.payload_json) }));
const numberOf = (h: Harness, dossierId: string) => raw(h).prepare('SELECT number FROM dossier WHERE id = ?').pluck().get(dossierId) as string;
const pending = (h: Harness) => raw(h).prepare(`SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')`).pluck().get() as number;

describe('digitizing the result of a dossier (kind 1)', () => {
  const dirs: string[] = [];
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-result-')); dirs.push(d); return d; };
  let declaration: string;
  let certificate: string;
  let certificate2: string;

  beforeAll(async () => {
    const dir = tmp();
    declaration = (await writePageImage(path.join(dir, 'to-khai.png'), { title: 'Tờ khai đăng ký kết hôn', seed: 1 })).filePath;
    certificate = (await writePageImage(path.join(dir, 'gcn-ket-hon.png'), { title: 'Giấy chứng nhận kết hôn', seed: 2, stamp: true })).filePath;
    certificate2 = (await writePageImage(path.join(dir, 'gcn-ket-hon-2.png'), { title: 'Giấy chứng nhận kết hôn', seed: 5, stamp: true })).filePath;
  }, 60_000);
  afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('scans the signed certificate into the result target: kind-1 row under its code, uploaded as a result, listed among the portal\'s result papers, reused by the citizen\'s next dossier with state 3', async () => {
    const h = await startCore({ scanning: SCANNING });
    try {
      const a = await receive(h, 'đăng ký kết hôn', TKKH);
      // Received at the counter (2), not yet finished (9): the result can already be scanned.
      expect((await h.must('dossiers.get', { id: a.id })).status).toBe(2);
      const before = (await h.must('dossiers.get', { id: a.id })).digitization;
      expect(before).toMatchObject({ digitized: 0, total: 1, resultsDigitized: 0, resultDigitized: false });
      expect(before.results).toEqual([{ position: 0, code: MARRIAGE_CODE, name: 'Giấy chứng nhận kết hôn', state: 0, fileId: null, pageCount: 0 }]);

      // The result paper is a target after the components, marked kind 1.
      let job = await h.must('scanning.openJob', { dossierId: a.id });
      expect(job.components.map((c: any) => [c.code, c.kind, c.name, c.position])).toEqual([
        ['TKKH', 0, 'Tờ khai đăng ký kết hôn', 0],
        ['KQ1', 1, 'Kết quả: Giấy chứng nhận kết hôn', 0],
      ]);
      job = await importInto(h, job.id, 'TKKH', declaration);
      job = await importInto(h, job.id, 'KQ1', certificate);
      expect(job.components.map((c: any) => [c.code, c.scanned, c.unsaved])).toEqual([['TKKH', 1, true], ['KQ1', 1, true]]);

      const { saved, job: after } = await h.must('scanning.save', { jobId: job.id });
      expect(saved.map((f: any) => [f.kind, f.componentCode, f.componentName, f.componentPosition, f.state])).toEqual([
        [0, 'TKKH', 'Tờ khai đăng ký kết hôn', 0, 1],
        [1, MARRIAGE_CODE, 'Giấy chứng nhận kết hôn', 0, 1],
      ]);
      const result = saved[1];
      // The PDF itself names the result by its national code and paper name (Info dictionary and XMP).
      const resultPdf = path.join(filesDir(h.dataDir), raw(h).prepare('SELECT path FROM digitized_file WHERE id = ?').pluck().get(result.id) as string);
      const info = execFileSync('pdfinfo', [resultPdf], { encoding: 'utf8' });
      expect(info).toMatch(/Subject:.*Giấy chứng nhận kết hôn/);
      expect(info).not.toContain('Kết quả:');
      expect(execFileSync('pdfinfo', ['-meta', resultPdf], { encoding: 'utf8' })).toContain(MARRIAGE_CODE);
      expect(after.components.find((c: any) => c.code === 'KQ1')).toMatchObject({ kind: 1, unsaved: false, digitized: { fileId: result.id, pageCount: 1, state: 1 } });
      // The component's row and the result's row share the position 0 but not the kind: neither replaced the other.
      expect(raw(h).prepare('SELECT kind, component_code, replaced_by FROM digitized_file WHERE dossier_id = ? ORDER BY kind').all(a.id))
        .toEqual([{ kind: 0, component_code: 'TKKH', replaced_by: null }, { kind: 1, component_code: MARRIAGE_CODE, replaced_by: null }]);
      expect(JSON.parse(raw(h).prepare(`SELECT after_json FROM audit_event WHERE action = 'digitized.create' AND entity_id = ?`).pluck().get(result.id) as string))
        .toMatchObject({ kind: 1, component: MARRIAGE_CODE, dossierId: a.id });

      // Uploaded as a result paper, named as electronic results are stored: <dossier number>-KQ1.
      const uploads = uploadsOf(h, a.id).filter((u) => u.fileKey === result.id || u.fileKey === saved[0].id);
      expect(uploads.find((u) => u.fileKey === result.id)).toMatchObject({
        role: 'result', componentCode: MARRIAGE_CODE, fileName: `${a.number}-KQ1.pdf`, documentName: 'Giấy chứng nhận kết hôn', digitizationState: 1, sha256: result.sha256,
      });
      expect(uploads.find((u) => u.fileKey === saved[0].id)).toMatchObject({ role: 'submitted', componentCode: 'TKKH', fileName: `TKKH-${a.number}.pdf` });
      expect((await h.must('scanning.fileContent', { fileId: result.id })).fileName).toBe(`${a.number}-KQ1.pdf`);

      // The summary: the component and the result are digitized.
      const detail = (await h.must('dossiers.get', { id: a.id })).digitization;
      expect(detail).toMatchObject({ digitized: 1, total: 1, resultsDigitized: 1, resultDigitized: true });
      expect(detail.results).toEqual([{ position: 0, code: MARRIAGE_CODE, name: 'Giấy chứng nhận kết hôn', state: 1, fileId: result.id, pageCount: 1 }]);
      await h.must('scanning.close', { jobId: job.id });

      // A second dossier of the same citizen (same ID number) is offered the certificate, as a result; reusing it gives state 3.
      const b = await receive(h, 'tình trạng hôn nhân', TWO);
      const candidates = await h.must('scanning.reuseCandidates', { dossierId: b.id, componentPosition: 1 });
      expect(candidates.find((c: any) => c.fileId === result.id)).toMatchObject({ kind: 1, isResult: true, state: 1, componentCode: MARRIAGE_CODE, dossierId: a.id });
      const { file: reused } = await h.must('scanning.reuse', { dossierId: b.id, componentPosition: 1, sourceFileId: result.id });
      expect(reused).toMatchObject({ kind: 0, state: 3, reusedFrom: result.id, componentCode: 'CCCD', sha256: result.sha256 });
      expect(uploadsOf(h, b.id).find((u) => u.fileKey === reused.id)).toMatchObject({ role: 'submitted', digitizationState: 3, componentCode: 'CCCD' });
      const bDetail = (await h.must('dossiers.get', { id: b.id })).digitization;
      expect(bDetail).toMatchObject({ digitized: 1, reused: 1, total: 2, resultDigitized: false });
      expect(bDetail.components[1]).toMatchObject({ state: 3, reusedFrom: { dossierId: a.id, dossierNumber: a.number } });
      expect(bDetail.results.map((r: any) => [r.code, r.name, r.state])).toEqual([['KQ1', 'Giấy xác nhận tình trạng hôn nhân', 0]]);

      // Drained into the reference portal: the certificate is a result paper of the first dossier, not a submitted one.
      const portal = await startPortal({ dir: tmp() });
      const config = clientConfig(portal);
      const root = filesDir(h.dataDir);
      const drainer = new Drainer(new OutboxStore(h.core.services.db), new PortalClient(config, PORTAL_PASSWORD), config, root, systemClock,
        { concurrency: 4, retryBaseMs: 20, retryMaxMs: 200, probeBaseMs: 50, probeMaxMs: 200, pauseAfterFailures: 50, pollMs: 50 });
      const portalSha = (id: string) => (portal.store.db.prepare('SELECT sha256 FROM file WHERE id = ?').get(id) as { sha256: string } | undefined)?.sha256;
      const onPortal = (dossierId: string) => portal.store.allDossiers().find((d) => d.MaHoSo === numberOf(h, dossierId))!;
      try {
        await drainer.start();
        await until(() => pending(h) === 0 && drainer.busy === 0, 60_000, 'drain');
        expect(raw(h).prepare(`SELECT count(*) FROM outbox WHERE state = 'needs_attention'`).pluck().get()).toBe(0);
        const pa = onPortal(a.id);
        expect(pa.DanhSachGiayToKetQua).toHaveLength(1);
        expect(pa.DanhSachGiayToKetQua[0]).toMatchObject({ TenGiayTo: 'Giấy chứng nhận kết hôn', MaThanhPhanHoSo: MARRIAGE_CODE });
        const resultOnPortal = pa.DanhSachGiayToKetQua[0]!.GiayToId;
        expect(pa.DanhSachGiayToKetQua[0]!.DuongDanTepTinKetQua).toBe(`files/${resultOnPortal}`);
        expect(portalSha(resultOnPortal)).toBe(result.sha256);
        expect(pa.TaiLieuNop.map((f) => f.TepDinhKemId)).not.toContain(resultOnPortal);
        expect(pa.TaiLieuNop.map((f) => f.MaThanhPhanHoSo)).not.toContain(MARRIAGE_CODE);
        expect(pa.TaiLieuNop.find((f) => f.MaThanhPhanHoSo === 'TKKH')).toMatchObject({ digitizationState: 1, IsDeleted: false });
        // The second dossier lists the reused certificate as its submitted CCCD, reused from a result.
        const pb = onPortal(b.id);
        expect(pb.DanhSachGiayToKetQua).toEqual([]);
        const cccd = pb.TaiLieuNop.find((f) => f.MaThanhPhanHoSo === 'CCCD')!;
        expect(cccd).toMatchObject({ digitizationState: 3, IsDeleted: false });
        expect(portalSha(cccd.TepDinhKemId)).toBe(result.sha256);

        // The certificate is scanned again (a better copy): the new version replaces the old one in the results list.
        let again = await h.must('scanning.openJob', { dossierId: a.id });
        again = await importInto(h, again.id, 'KQ1', certificate2);
        const second = await h.must('scanning.save', { jobId: again.id });
        expect(second.saved.map((f: any) => [f.kind, f.componentCode])).toEqual([[1, MARRIAGE_CODE]]);
        expect(raw(h).prepare('SELECT replaced_by FROM digitized_file WHERE id = ?').pluck().get(result.id)).toBe(second.saved[0].id);
        await h.must('scanning.close', { jobId: again.id });
        await h.must('sync.retryNow', {});
        await until(() => pending(h) === 0 && drainer.busy === 0, 60_000, 'drain after rescan');
        const results = onPortal(a.id).DanhSachGiayToKetQua;
        expect(results).toHaveLength(1);
        expect(portalSha(results[0]!.GiayToId)).toBe(second.saved[0].sha256);
      } finally {
        await drainer.stop();
        await portal.close();
      }
    } finally {
      await h.close();
    }
  }, 180_000);

  it('results are catalogue data: KQ<n> without a code, the default result, kept across versions, filled into an older database\'s seed versions; none for a refused dossier', async () => {
    const dataDir = tmp();
    let h = await startCore({ dataDir, scanning: SCANNING });
    let oldJobId = '';
    try {
      // Every seed procedure has its result paper(s); only the code the domain reference gives is filled in.
      const [marriage] = await h.must('procedures.search', { query: '1.000894' });
      expect(marriage.results).toEqual([{ code: MARRIAGE_CODE, name: 'Giấy chứng nhận kết hôn', note: '' }]);
      const [birth] = await h.must('procedures.search', { query: '1.001193' });
      expect(birth.results).toEqual([{ code: '', name: 'Giấy khai sinh (bản chính)', note: '' }]);
      for (const v of await h.must('procedures.search', { query: '', limit: 50 })) expect(v.results.length).toBeGreaterThan(0);

      // A result without a code is stored as KQ1, its file named <dossier number>-KQ1.pdf all the same.
      const d = await receive(h, '1.001193', [{ code: 'TKKS', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 1 }]);
      let job = await h.must('scanning.openJob', { dossierId: d.id });
      expect(job.components.map((c: any) => [c.code, c.kind, c.name])).toEqual([['TKKS', 0, 'Tờ khai đăng ký khai sinh'], ['KQ1', 1, 'Kết quả: Giấy khai sinh (bản chính)']]);
      job = await importInto(h, job.id, 'KQ1', certificate);
      const { saved } = await h.must('scanning.save', { jobId: job.id });
      expect(saved.map((f: any) => [f.kind, f.componentCode, f.componentName])).toEqual([[1, 'KQ1', 'Giấy khai sinh (bản chính)']]);
      expect(uploadsOf(h, d.id).find((u) => u.fileKey === saved[0].id)).toMatchObject({ role: 'result', componentCode: 'KQ1', fileName: `${d.number}-KQ1.pdf` });
      // Only the result is digitized: the summary says so, the components are still to do.
      expect((await h.must('dossiers.get', { id: d.id })).digitization).toMatchObject({ digitized: 0, total: 1, resultsDigitized: 1, resultDigitized: true });
      await h.must('scanning.close', { jobId: job.id });

      // A refused dossier (form 03) issues no result: no result target, nothing to report.
      const refused = await receive(h, '1.000894', TKKH, { outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' });
      const refusedJob = await h.must('scanning.openJob', { dossierId: refused.id });
      expect(refusedJob.components.map((c: any) => c.kind)).toEqual([0]);
      expect((await h.must('dossiers.get', { id: refused.id })).digitization).toMatchObject({ results: [], resultDigitized: false });
      await h.must('scanning.close', { jobId: refusedJob.id });

      // A new version made without results (as an API client that predates them would) keeps the previous version's;
      // an explicit empty list gives the default result.
      const base = { code: marriage.code, name: marriage.name, sector: marriage.sector, durationUnit: marriage.durationUnit, durationValue: 1, cutoff: null, components: marriage.components, fees: marriage.fees, feeNote: '' };
      const kept = await h.must('procedures.createVersion', { ...base, validFrom: '2030-01-01' });
      expect(kept.results).toEqual(marriage.results);
      const cleared = await h.must('procedures.createVersion', { ...base, validFrom: '2030-02-01', results: [] });
      expect(cleared.results).toEqual([{ code: '', name: 'Kết quả giải quyết', note: '' }]);
      const custom = await h.must('procedures.createVersion', { ...base, validFrom: '2030-03-01', results: [{ code: MARRIAGE_CODE, name: 'Giấy chứng nhận kết hôn' }, { name: 'Trích lục kết hôn' }] });
      expect(custom.results.map((r: any) => [r.code, r.name])).toEqual([[MARRIAGE_CODE, 'Giấy chứng nhận kết hôn'], ['', 'Trích lục kết hôn']]);

      // A job opened before results could be scanned (its manifest lists the components only), left open.
      oldJobId = (await h.must('scanning.openJob', { dossierId: (await receive(h, '1.000894', TKKH)).id })).id;
      const folder = raw(h).prepare('SELECT folder FROM scan_job WHERE id = ?').pluck().get(oldJobId) as string;
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      manifest.components = manifest.components.filter((c: { code: string }) => c.code !== 'KQ1');
      fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));

      // A database made before result papers existed: its seed versions have no results (NULL) and read as
      // the default; the next start fills them from the asset (audited), other versions stay as they are.
      raw(h).prepare(`UPDATE procedure_version SET results_json = NULL WHERE source = 'seed'`).run();
      expect((await h.must('procedures.history', { code: '1.000894' })).at(-1).results).toEqual([{ code: '', name: 'Kết quả giải quyết', note: '' }]);
    } finally {
      await h.close();
    }
    h = await startCore({ dataDir, scanning: SCANNING });
    try {
      const history = await h.must('procedures.history', { code: '1.000894' });
      expect(history.map((v: any) => [v.validFrom, v.results.map((r: any) => r.name).join(' + ')])).toEqual([
        ['2030-03-01', 'Giấy chứng nhận kết hôn + Trích lục kết hôn'], ['2030-02-01', 'Kết quả giải quyết'],
        ['2030-01-01', 'Giấy chứng nhận kết hôn'], ['2025-07-01', 'Giấy chứng nhận kết hôn'],
      ]);
      expect(history.at(-1).results[0].code).toBe(MARRIAGE_CODE);
      const filled = raw(h).prepare(`SELECT count(*) FROM audit_event WHERE action = 'procedure.version.results'`).pluck().get() as number;
      expect(filled).toBe(raw(h).prepare(`SELECT count(*) FROM procedure_version WHERE source = 'seed'`).pluck().get());
      expect(raw(h).prepare(`SELECT count(*) FROM procedure_version WHERE results_json IS NULL AND source = 'seed'`).pluck().get()).toBe(0);
      // The job left open comes back (after the restart, from its folder) with the result target added.
      const reopened = await h.must('scanning.job', { jobId: oldJobId });
      expect(reopened.components.map((c: any) => [c.code, c.kind, c.name])).toEqual([['TKKH', 0, 'Tờ khai đăng ký kết hôn'], ['KQ1', 1, 'Kết quả: Giấy chứng nhận kết hôn']]);
      await h.must('scanning.close', { jobId: oldJobId });
      // The 1.000894 version the marriage dossiers were received under now offers the coded result again.
      const d = await receive(h, '1.000894', TKKH);
      const job = await h.must('scanning.openJob', { dossierId: d.id });
      expect(job.components.at(-1)).toMatchObject({ code: 'KQ1', kind: 1, name: 'Kết quả: Giấy chứng nhận kết hôn' });
      await h.must('scanning.close', { jobId: job.id });
    } finally {
      await h.close();
    }
  }, 120_000);
});
