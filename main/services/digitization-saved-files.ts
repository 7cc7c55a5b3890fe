// The legal record of a digitization: one PDF per dossier component (and per result paper, kind 1) built
// from the job's pages, signed (or left for the OCR to sign after its text layer), stored, and recorded with
// its row, audit and outbox items in one transaction; and reading the stored files back. Changes with the
// record's rules (Thông tư 01/2023), not with scanners or page edits.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../base/context';
import { notFound } from '../base/errors';
import { finalizeFile, PageProblem, type DocumentSigner, type JobPage, type ScanJob } from '../digitization';
import type { Database } from '../persistence/database';
import { DossierEntity, UserEntity } from '../persistence/entities';
import { DigitizedFileEntity, ScanJobEntity, type DigitizedFileRow } from '../persistence/entities-digitization';
import type { FileStore } from '../storage/file-store';
import { enqueueDossierUpdate, enqueueFileUpload, holdUploadUntil } from '../sync/outbox';
import { writeAudit } from './audit';
import { conflict } from './digitization-live';
import type { DigitizationOcr } from './digitization-ocr';
import { currentFiles, digitizedFileName, fileOf, sourceKeyOf, toDigitizedFile } from './digitization-records';
import type { ScanJobs } from './digitization-scan-jobs';

export interface DigitizedFilesDeps {
  db: Database;
  files: FileStore;
  clock: Clock;
  jobs: ScanJobs;
  ocr: DigitizationOcr;
  signer: DocumentSigner;
  notifySync?: () => void;
  log?: (line: string) => void;
}

export class DigitizedFiles {
  constructor(private readonly deps: DigitizedFilesDeps) {}

  /**
   * One PDF per component whose pages changed since the last save: stored atomically, then the rows (a new
   * version replaces the current one, whose file stays on disk), audit and outbox in one transaction.
   */
  async save(jobId: string, userId: string) {
    const l = await this.deps.jobs.load(jobId);
    if (l.scan.running) throw conflict('Đang quét; hãy chờ quét xong rồi mới lưu.');
    const job = l.job;
    await job.flush();
    const [user, current] = await this.deps.db.read(async (em) => [await em.findOneBy(UserEntity, { id: userId }), await currentFiles(em, l.row.dossierId)] as const);
    const userName = user?.fullName ?? userId;
    const changed = l.components.filter((c) => {
      const pages = job.componentPages(c.jobCode);
      if (pages.length === 0) return false;
      return fileOf(current, c)?.sourceKey !== sourceKeyOf(job.jobId, pages);
    });
    if (changed.length === 0) throw conflict('Không có thành phần nào có trang mới cần lưu.');
    const scannedAt = this.deps.clock.now();
    const outDir = path.join(l.row.folder, 'out');
    let built;
    try {
      // The PDF names a result by its national code and paper name, not by the job's KQ1 / "Kết quả: …".
      const documentOf = (jobCode: string) => {
        const t = l.components.find((c) => c.jobCode === jobCode);
        return t && { code: t.code, name: t.name };
      };
      built = await job.buildComponentPdfs({ dossierNumber: l.dossierNumber, scannedBy: userName, scannedAt, outDir, documentOf });
    } catch (e) {
      // Our own checks say what is wrong in Vietnamese; a library's or the disk's words go to the log.
      if (e instanceof PageProblem) throw conflict(`Không tạo được tệp PDF: ${e.message}`);
      this.deps.log?.(`[digitization] save ${l.row.id}: ${(e as Error).message}`);
      throw conflict('Không tạo được tệp PDF (lỗi khi ghi hoặc đọc tệp trang). Hãy thử lưu lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.');
    }
    const ocrOn = await this.deps.ocr.enabled();
    const rows: DigitizedFileRow[] = [];
    for (const c of changed) {
      const b = built.find((x) => x.code === c.jobCode);
      if (!b) continue;
      const id = randomUUID();
      const pdf = new Uint8Array(fs.readFileSync(b.path));
      // With OCR the signature waits for the text layer (signing must be the last change to the file).
      const final = ocrOn ? null : await finalizeFile(pdf, this.deps.signer, { name: userName, userId });
      const stored = this.deps.files.writeAtomic(`digitized/${l.row.dossierId}/${id}.pdf`, final?.bytes ?? pdf);
      if (ocrOn) this.deps.ocr.stage(id, b.pageImages);
      const sig = final?.signature;
      rows.push({
        // A result paper (kind 1) is stored under its result-type code ('KQ<n>' without one) and its paper's name.
        id, dossierId: l.row.dossierId, componentPosition: c.position, componentCode: c.code, componentName: c.name, kind: c.kind, state: 1,
        path: stored.relativePath, sha256: stored.sha256, size: stored.size, pageCount: b.record.pageCount, dpi: b.record.dpi,
        colorMode: b.record.colorMode, scannedBy: userId, scannedByName: userName, scannedAt: scannedAt.toISOString(),
        profileId: mostUsedProfile(job, job.componentPages(c.jobCode)),
        signed: !!sig?.signed, certificateSerial: sig?.signed ? sig.certificateSerial : null, signingTime: sig?.signed ? sig.signingTime : null,
        ocrState: ocrOn ? 'pending' : 'off', ocrText: '', ocrError: null, syncState: ocrOn ? 'waiting-ocr' : 'queued',
        jobId: job.jobId, sourceKey: sourceKeyOf(job.jobId, job.componentPages(c.jobCode)), replacedBy: null, replacedAt: null, createdAt: scannedAt.toISOString(),
      });
    }
    const holdUntil = new Date(scannedAt.getTime() + this.deps.ocr.holdMs).toISOString();
    await this.deps.db.write(async (em) => {
      for (const r of rows) {
        const previous = fileOf(await currentFiles(em, r.dossierId), { position: r.componentPosition, kind: r.kind as 0 | 1 });
        if (previous) await em.update(DigitizedFileEntity, { id: previous.id }, { replacedBy: r.id, replacedAt: r.createdAt });
        await em.insert(DigitizedFileEntity, r);
        await writeAudit(em, {
          at: scannedAt, userId, action: previous ? 'digitized.replace' : 'digitized.create', entity: 'digitized_file', entityId: r.id,
          before: previous ? { id: previous.id, sha256: previous.sha256, pageCount: previous.pageCount } : undefined,
          after: { dossierId: r.dossierId, component: r.componentCode, position: r.componentPosition, kind: r.kind, pageCount: r.pageCount, sha256: r.sha256, path: r.path },
        });
        // A result goes to the portal as a result paper (DanhSachGiayToKetQua), a component as a submitted paper.
        await enqueueFileUpload(em, scannedAt, r.dossierId, {
          fileKey: r.id, relativePath: r.path, sha256: r.sha256, size: r.size, fileName: digitizedFileName(r, l.dossierNumber),
          componentCode: r.componentCode, role: r.kind === 1 ? 'result' : 'submitted', digitizationState: 1,
          ...(r.kind === 1 ? { documentName: r.componentName } : {}),
        });
        if (ocrOn) {
          holdUploadUntil(em, r.id, new Date(holdUntil));
        }
      }
      // The dossier on the portal lists its files: an update after the uploads carries the new list.
      await enqueueDossierUpdate(em, scannedAt, l.row.dossierId);
      await em.update(ScanJobEntity, { id: l.row.id }, { updatedAt: scannedAt.toISOString(), error: null });
    });
    l.error = null;
    l.row.error = null;
    for (const r of rows) if (ocrOn) void this.deps.ocr.enqueue(r.id);
    this.deps.notifySync?.();
    return { job: await this.deps.jobs.view(l), saved: rows.map(toDigitizedFile) };
  }

  async files(dossierId: string, includeReplaced: boolean) {
    const rows = await this.deps.db.read((em) => includeReplaced
      ? em.find(DigitizedFileEntity, { where: { dossierId }, order: { componentPosition: 'ASC', createdAt: 'ASC' } })
      : currentFiles(em, dossierId));
    return rows.map(toDigitizedFile);
  }

  async fileContent(fileId: string) {
    const row = await this.deps.db.read((em) => em.findOneBy(DigitizedFileEntity, { id: fileId }));
    if (!row) throw notFound('tệp số hóa');
    const dossier = await this.deps.db.read((em) => em.findOneBy(DossierEntity, { id: row.dossierId }));
    return { base64: this.deps.files.read(row.path).toString('base64'), fileName: digitizedFileName(row, dossier?.number ?? '') };
  }
}

/** The profile most of a component's pages were scanned with (the record keeps one profile id). */
function mostUsedProfile(job: ScanJob, pages: readonly JobPage[]): string {
  const counts = new Map<string, number>();
  for (const p of pages) counts.set(job.profileIdOf(p), (counts.get(job.profileIdOf(p)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? job.profile.id;
}
