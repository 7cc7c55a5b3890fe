// Reuse of documents already digitized (Đề án 06, Thông tư 01/2023): the office must not ask a citizen again
// for a paper it already holds digitized. A component of this dossier takes the stored file of another
// dossier of the same citizen (same 12-digit ID number): a new digitized_file row with state 2 (3 when the
// source is a result), reused_from = the source row, and the same stored PDF — nothing is copied on disk.
// The row replaces the component's current file as a save does, with audit, the OCR words for search and
// the portal upload, in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { ReuseCandidate } from '../../shared/contract/api-scanning';
import { foldForSearch } from '../../shared/text';
import type { Clock } from '../base/context';
import { AppError, notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { DossierEntity, type DossierRow } from '../persistence/entities';
import { DigitizedFileEntity, type DigitizedFileRow } from '../persistence/entities-digitization';
import type { FileStore } from '../storage/file-store';
import { enqueueDossierUpdate, enqueueFileUpload } from '../sync/outbox';
import { In, IsNull, type EntityManager } from 'typeorm';
import { writeAudit } from './audit';
import { componentsOf, currentFiles, toDigitizedFile, type JobComponentRef } from './digitization-records';

/** The personal ID number (CCCD / số định danh cá nhân) that links a citizen's dossiers. */
const ID_NUMBER = /^\d{12}$/;
const conflict = (m: string) => new AppError('CONFLICT', m);

/** 2 reused; 3 reused from another dossier's result (a result row, or a row that itself reused one). */
export function reuseStateOf(source: Pick<DigitizedFileRow, 'kind' | 'state'>): 2 | 3 {
  return source.kind === 1 || source.state === 3 ? 3 : 2;
}

export class DigitizationReuseService {
  /** SHA-256 of stored files by path, valid while size and modification time stay the same. */
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(private readonly deps: {
    db: Database; files: FileStore; clock: Clock; notifySync?: () => void; log?: (line: string) => void;
  }) {}

  /**
   * Current digitized files (components and results) of the other dossiers whose owner has this dossier's
   * owner's ID number, newest first — with componentPosition, those of the same component code first. Files
   * still waiting for OCR (their stored file is about to change) and files missing or damaged on disk
   * (SHA-256 differs from the row) are left out; a file shared by several dossiers is listed once.
   */
  async candidates(dossierId: string, componentPosition?: number): Promise<ReuseCandidate[]> {
    const found = await this.deps.db.read(async (em) => {
      const dossier = await em.findOneBy(DossierEntity, { id: dossierId });
      if (!dossier) throw notFound('hồ sơ');
      const component = componentPosition === undefined ? undefined : await componentAt(em, dossierId, componentPosition);
      if (!ID_NUMBER.test(dossier.applicantIdNumber)) return { component, rows: [] };
      return { component, rows: await citizenFiles(em, dossier) };
    });
    const code = found.component?.code ?? '';
    // One entry per stored file: a file reused by several dossiers shows as its original (state 1) if current.
    const byPath = new Map<string, (typeof found.rows)[number]>();
    for (const r of found.rows) {
      if (r.file.ocrState === 'pending') continue;
      const seen = byPath.get(r.file.path);
      if (!seen || (seen.file.state !== 1 && r.file.state === 1)) byPath.set(r.file.path, r);
    }
    const sound: ReuseCandidate[] = [];
    for (const { file: f, dossier: d } of byPath.values()) {
      if (!(await this.intact(f))) {
        this.deps.log?.(`[digitization] reuse: stored file of ${f.id} (${f.path}) is missing or damaged; not offered`);
        continue;
      }
      sound.push({
        fileId: f.id, dossierId: d.id, dossierNumber: d.number, procedureCode: d.procedureCode, procedureName: d.procedureName,
        receivedAt: d.receivedAt, componentPosition: f.componentPosition, componentCode: f.componentCode, componentName: f.componentName,
        pageCount: f.pageCount, dpi: f.dpi, colorMode: f.colorMode, size: f.size, scannedAt: f.scannedAt, scannedBy: f.scannedByName,
        kind: f.kind, isResult: f.kind === 1, state: f.state, sameComponent: !!code && f.componentCode === code,
      });
    }
    return sound.sort((a, b) => Number(b.sameComponent) - Number(a.sameComponent)
      || b.scannedAt.localeCompare(a.scannedAt) || b.receivedAt.localeCompare(a.receivedAt));
  }

  /**
   * The component at `componentPosition` of the dossier takes the source's stored file: a new current row
   * (state 2, or 3 from a result) replacing the component's current one, the OCR words for search, audit
   * `digitized.reuse`, and the upload + dossier update for the portal — one transaction.
   */
  async reuse(dossierId: string, componentPosition: number, sourceFileId: string, userId: string) {
    // The file is checked before the write (reading it must not hold the database queue), the rows inside it.
    const first = await this.deps.db.read((em) => em.findOneBy(DigitizedFileEntity, { id: sourceFileId }));
    if (!first) throw notFound('bản số hóa cần dùng lại');
    if (!(await this.intact(first))) {
      throw conflict('Tệp của bản số hóa này bị thiếu hoặc bị hỏng (mã SHA-256 không khớp), nên không dùng lại được. Hãy quét lại giấy tờ.');
    }
    const at = this.deps.clock.now();
    const row = await this.deps.db.write(async (em) => {
      const dossier = await em.findOneBy(DossierEntity, { id: dossierId });
      if (!dossier) throw notFound('hồ sơ');
      const component = await componentAt(em, dossierId, componentPosition);
      const source = await em.findOneBy(DigitizedFileEntity, { id: sourceFileId });
      if (!source) throw notFound('bản số hóa cần dùng lại');
      if (source.dossierId === dossierId) {
        throw conflict('Bản số hóa này thuộc chính hồ sơ đang xử lý; chỉ dùng lại được bản đã số hóa của hồ sơ khác.');
      }
      const from = await em.findOneBy(DossierEntity, { id: source.dossierId });
      if (!ID_NUMBER.test(dossier.applicantIdNumber)) {
        throw conflict('Hồ sơ chưa có số định danh cá nhân (12 chữ số) của người nộp, nên không tìm được giấy tờ đã số hóa để dùng lại.');
      }
      if (!from || from.applicantIdNumber !== dossier.applicantIdNumber) {
        throw conflict('Bản số hóa này là giấy tờ của người khác (số định danh cá nhân khác người nộp hồ sơ này); chỉ được dùng lại giấy tờ của chính người nộp.');
      }
      if (source.replacedBy) {
        throw conflict(`Bản số hóa này đã được thay bằng bản mới hơn trong hồ sơ ${from.number}; hãy chọn bản hiện hành.`);
      }
      if (source.path !== first.path || source.sha256 !== first.sha256) {
        throw conflict('Bản số hóa này vừa thay đổi; hãy mở lại danh sách và chọn lại.');
      }
      if (source.ocrState === 'pending') {
        throw conflict('Bản số hóa này đang được nhận dạng chữ; hãy thử lại sau ít phút.');
      }
      const previous = (await currentFiles(em, dossierId)).find((f) => f.componentPosition === component.position && f.kind === 0);
      if (previous?.reusedFrom === source.id || (previous && previous.path === source.path && previous.sha256 === source.sha256)) {
        throw conflict(`Thành phần "${component.name}" đã dùng đúng bản số hóa này rồi.`);
      }
      const id = randomUUID();
      const now = at.toISOString();
      const state = reuseStateOf(source);
      const r: DigitizedFileRow = {
        id, dossierId, componentPosition: component.position, componentCode: component.code, componentName: component.name, kind: 0, state,
        // The same stored PDF: path, hash, size and the scan's own metadata (who scanned it, when, how, its signature).
        path: source.path, sha256: source.sha256, size: source.size, pageCount: source.pageCount, dpi: source.dpi, colorMode: source.colorMode,
        scannedBy: source.scannedBy, scannedByName: source.scannedByName, scannedAt: source.scannedAt, profileId: source.profileId,
        signed: source.signed, certificateSerial: source.certificateSerial, signingTime: source.signingTime,
        ocrState: source.ocrState, ocrText: source.ocrText, ocrError: source.ocrError, syncState: 'queued',
        jobId: null, sourceKey: `reuse:${source.id}`, replacedBy: null, replacedAt: null, createdAt: now, reusedFrom: source.id,
      };
      if (previous) await em.update(DigitizedFileEntity, { id: previous.id }, { replacedBy: id, replacedAt: now });
      await em.insert(DigitizedFileEntity, r);
      // The document's words find this dossier too (folded like the dossier keys, as the OCR does).
      if (r.ocrText.trim()) {
        await em.query('INSERT INTO document_text_fts(text, dossier_id, file_id) VALUES (?, ?, ?)', [foldForSearch(r.ocrText), dossierId, id]);
      }
      await writeAudit(em, {
        at, userId, action: 'digitized.reuse', entity: 'digitized_file', entityId: id,
        before: previous ? { id: previous.id, state: previous.state, sha256: previous.sha256, pageCount: previous.pageCount } : undefined,
        after: {
          dossierId, component: r.componentCode, position: r.componentPosition, state, reusedFrom: source.id,
          sourceDossierId: from.id, sourceDossierNumber: from.number, sourceKind: source.kind,
          pageCount: r.pageCount, sha256: r.sha256, path: r.path,
        },
      });
      await enqueueFileUpload(em, at, dossierId, {
        fileKey: id, relativePath: r.path, sha256: r.sha256, size: r.size, fileName: `${r.componentCode || 'TP'}-${dossier.number}.pdf`,
        componentCode: r.componentCode, role: 'submitted', digitizationState: state,
      });
      // As after a save: the dossier on the portal lists its files, the update after the upload carries the new list.
      await enqueueDossierUpdate(em, at, dossierId);
      return r;
    });
    this.deps.notifySync?.();
    return toDigitizedFile(row);
  }

  /** The stored file is there and its SHA-256 is the row's. */
  private async intact(f: Pick<DigitizedFileRow, 'path' | 'sha256' | 'size'>): Promise<boolean> {
    let full: string;
    try {
      full = this.deps.files.resolve(f.path);
    } catch {
      return false;
    }
    const st = await fs.promises.stat(full).catch(() => undefined);
    if (!st?.isFile() || st.size !== f.size) return false;
    const cached = this.hashes.get(full);
    if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.sha256 === f.sha256;
    const sha256 = await hashFile(full).catch(() => null);
    if (sha256 === null) return false;
    this.hashes.set(full, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
    return sha256 === f.sha256;
  }
}

/** The dossier's component at that position (handed in, not a missing one), or a Vietnamese refusal. */
async function componentAt(em: EntityManager, dossierId: string, position: number): Promise<JobComponentRef> {
  const c = (await componentsOf(em, dossierId)).find((x) => x.position === position);
  if (!c) {
    throw new AppError('VALIDATION', `Hồ sơ không có thành phần thứ ${position + 1} (hoặc thành phần đó chưa nộp).`,
      [{ field: 'componentPosition', message: 'Chọn một thành phần của hồ sơ.', severity: 'error' }]);
  }
  return c;
}

/** Current files of the other dossiers of the same owner: dossiers by ID number (indexed), then their current files. */
async function citizenFiles(em: EntityManager, dossier: DossierRow): Promise<{ file: DigitizedFileRow; dossier: DossierRow }[]> {
  const others = (await em.find(DossierEntity, { where: { applicantIdNumber: dossier.applicantIdNumber } })).filter((d) => d.id !== dossier.id);
  if (others.length === 0) return [];
  const byId = new Map(others.map((d) => [d.id, d]));
  const out: { file: DigitizedFileRow; dossier: DossierRow }[] = [];
  // Chunks keep the IN list well under SQLite's parameter limit for a citizen with very many dossiers.
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const files = await em.find(DigitizedFileEntity, { where: { dossierId: In(ids.slice(i, i + 500)), replacedBy: IsNull() } });
    for (const f of files) out.push({ file: f, dossier: byId.get(f.dossierId)! });
  }
  return out;
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}
