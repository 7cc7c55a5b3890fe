// Background OCR of stored component PDFs, and what it means for the upload to the provincial system.
//
// Ordering: the `file.upload` outbox item is written in the save's transaction (so a saved file can never be
// forgotten by the sync), but held back (next_attempt_at in the future) while OCR is pending. When OCR ends,
// one transaction records the final file on the row and points the still-untouched upload item at it and
// releases it; the portal thus receives the searchable file, once. If the item was already attempted (the
// hold ran out, or someone pressed "Thử lại ngay"), the first file stays on the portal as sent and a second
// upload + dossier update carry the OCR'd file. The OCR'd PDF is written under a new name, so an upload
// reading the first file is never handed a file that changes under it.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../persistence/database';
import { DigitizedFileEntity, type DigitizedFileRow } from '../persistence/entities-digitization';
import type { FileStore } from '../storage/file-store';
import { addTextLayer, finalizeFile, ocrAvailable, OcrQueue, type DocumentSigner, type OcrPageImage } from '../digitization';
import { enqueueDossierUpdate, enqueueFileUpload, releaseUpload, replacePendingUpload } from '../sync/outbox';
import type { Clock } from '../base/context';
import { counterWork, type CounterWork } from '../base/counter-work';
import { writeAudit } from './audit';
import { foldForSearch } from '../../shared/text';

export interface OcrSettings {
  /** false: no OCR at all; undefined: on when Tesseract with Vietnamese data is installed. */
  enabled?: boolean;
  tesseractPath?: string;
  language?: string;
  /** Longest hold of a file's upload while its OCR is pending; after it the file goes as it is. */
  holdUploadMs?: number;
  /** Documents OCR'd at once (1 by default: Tesseract never takes more than one core from the counter). */
  concurrency?: number;
  /** Tesseract's page segmentation mode (3, automatic layout, by default; 6, one block of text, is ~10 % faster on one-column forms). */
  pageSegMode?: number;
  /** How long the file the OCR'd version replaced stays on disk for a reader that had its path (2 minutes). */
  keepReplacedMs?: number;
  /**
   * true (the default): OCR's work inside the core (a page's grey copy, merging the text into the PDF, signing)
   * waits for a quiet moment of the counter (no request being answered, no page being scanned); Tesseract
   * itself runs at the lowest priority either way. false only to measure what the wait spares the counter.
   */
  waitForCounter?: boolean;
}

const DEFAULT_HOLD_MS = 30 * 60_000;
const DEFAULT_KEEP_REPLACED_MS = 2 * 60_000;

export class DigitizationOcr {
  readonly queue: OcrQueue;
  private availability: Promise<boolean> | null = null;

  constructor(private readonly deps: {
    db: Database; files: FileStore; clock: Clock; signer: DocumentSigner; stagingRoot: string;
    settings: OcrSettings; notifySync: () => void; log: (line: string) => void;
    /** The core's counter (tests give their own). */
    counter?: CounterWork;
  }) {
    this.queue = new OcrQueue(deps.settings.concurrency ?? 1);
  }

  enabled(): Promise<boolean> {
    if (this.deps.settings.enabled === false) return Promise.resolve(false);
    this.availability ??= ocrAvailable({ tesseractPath: this.deps.settings.tesseractPath }).then((r) => {
      if (!r.ok) this.deps.log(`[digitization] OCR off: ${r.message}`);
      return r.ok;
    });
    return this.availability;
  }

  get holdMs(): number { return this.deps.settings.holdUploadMs ?? DEFAULT_HOLD_MS; }

  stagingDir(fileId: string): string { return path.join(this.deps.stagingRoot, fileId); }

  /**
   * Keeps the page images OCR needs apart from the job folder (which the clerk may keep editing or close):
   * hard links where possible, copies otherwise.
   */
  stage(fileId: string, images: readonly OcrPageImage[]): void {
    const dir = this.stagingDir(fileId);
    fs.mkdirSync(dir, { recursive: true });
    const list = images.map((img, i) => {
      const name = `${String(i + 1).padStart(4, '0')}${path.extname(img.path)}`;
      const to = path.join(dir, name);
      try { fs.linkSync(img.path, to); } catch { fs.copyFileSync(img.path, to); }
      return { file: name, dpi: img.dpi };
    });
    fs.writeFileSync(path.join(dir, 'pages.json'), JSON.stringify(list));
  }

  enqueue(fileId: string): Promise<void> {
    return this.queue.enqueue(fileId, (signal) => this.run(fileId, signal)).catch((e: Error) => {
      this.deps.log(`[digitization] OCR of ${fileId} stopped: ${e.message}`);
    });
  }

  /** After a restart: files whose OCR never finished are queued again (or released without it). */
  async recover(): Promise<void> {
    const pending = await this.deps.db.read((em) => em.find(DigitizedFileEntity, { where: { ocrState: 'pending' } }));
    for (const row of pending) {
      if (fs.existsSync(path.join(this.stagingDir(row.id), 'pages.json')) && (await this.enabled())) void this.enqueue(row.id);
      else await this.finish(row.id, null, 'failed', '', 'Ảnh trang để nhận dạng chữ không còn (ứng dụng đã tắt giữa chừng).');
    }
  }

  private async run(fileId: string, signal: AbortSignal): Promise<void> {
    const row = await this.deps.db.read((em) => em.findOneBy(DigitizedFileEntity, { id: fileId }));
    if (!row || row.ocrState !== 'pending') return;
    const dir = this.stagingDir(fileId);
    const pages = JSON.parse(fs.readFileSync(path.join(dir, 'pages.json'), 'utf8')) as { file: string; dpi: number }[];
    const images = pages.map((p) => ({ path: path.join(dir, p.file), dpi: p.dpi }));
    const counter = this.deps.counter ?? counterWork;
    const whenQuiet = this.deps.settings.waitForCounter === false ? undefined : () => counter.whenQuiet({ signal });
    let result;
    try {
      result = await addTextLayer(new Uint8Array(this.deps.files.read(row.path)), images, {
        signal, tesseractPath: this.deps.settings.tesseractPath, language: this.deps.settings.language ?? 'vie', pageSegMode: this.deps.settings.pageSegMode, whenQuiet,
      });
    } catch (e) {
      if (signal.aborted) throw e;
      return this.finish(fileId, null, 'failed', '', (e as Error).message);
    }
    if (result.status === 'failed') return this.finish(fileId, null, 'failed', '', result.errors[0]?.message ?? 'Không nhận dạng được chữ.');
    // Signing is the last change to the file, so it happens after the text layer.
    await whenQuiet?.();
    if (signal.aborted) return;
    const final = await finalizeFile(result.pdfBytes, this.deps.signer, { name: row.scannedByName, userId: row.scannedBy });
    const stored = this.deps.files.writeAtomic(row.path.replace(/(\.ocr)?\.pdf$/, '.ocr.pdf'), final.bytes);
    const text = result.pageTexts.map((t, i) => `--- Trang ${i + 1} ---\n${t.trim()}`).join('\n');
    const problem = result.errors.length ? result.errors.map((e) => `trang ${e.page}: ${e.message}`).join('; ') : null;
    await this.finish(fileId, { ...stored, signature: final.signature }, result.status, text, problem);
  }

  /** Records the outcome and releases (or re-sends) the upload, in one transaction. */
  private async finish(
    fileId: string,
    stored: { relativePath: string; sha256: string; size: number; signature: Awaited<ReturnType<typeof finalizeFile>>['signature'] } | null,
    state: 'done' | 'partial' | 'failed', text: string, error: string | null,
  ): Promise<void> {
    const at = this.deps.clock.now();
    let oldPath: string | null = null;
    await this.deps.db.write(async (em) => {
      const row = await em.findOneBy(DigitizedFileEntity, { id: fileId });
      if (!row) return;
      const patch: Partial<DigitizedFileRow> = { ocrState: state, ocrText: text, ocrError: error, syncState: 'queued' };
      const raw = this.deps.db.raw;
      if (stored) {
        Object.assign(patch, { path: stored.relativePath, sha256: stored.sha256, size: stored.size });
        if (stored.signature.signed) Object.assign(patch, { signed: true, certificateSerial: stored.signature.certificateSerial, signingTime: stored.signature.signingTime });
        // The upload not tried yet now carries the OCR'd file; otherwise the OCR'd version goes as a new upload.
        if (replacePendingUpload(em, fileId, stored)) oldPath = row.path;
        else {
          const dossier = raw.prepare(`SELECT number FROM dossier WHERE id = ?`).get(row.dossierId) as { number: string } | undefined;
          await enqueueFileUpload(em, at, row.dossierId, {
            fileKey: `${fileId}.ocr`, relativePath: stored.relativePath, sha256: stored.sha256, size: stored.size,
            fileName: `${row.componentCode || 'TP'}-${dossier?.number ?? row.dossierId}.pdf`, componentCode: row.componentCode,
            // The same scanned paper as the first upload: a result stays a result, and it is digitized here (state 1).
            role: row.kind === 1 ? 'result' : 'submitted', digitizationState: 1, ...(row.kind === 1 ? { documentName: row.componentName } : {}),
          });
          await enqueueDossierUpdate(em, at, row.dossierId);
        }
      } else {
        releaseUpload(em, fileId);
      }
      await em.update(DigitizedFileEntity, { id: fileId }, patch);
      // The words of the document become searchable from the dossier list (folded like the dossier keys).
      raw.prepare('DELETE FROM document_text_fts WHERE file_id = ?').run(fileId);
      if (text.trim()) raw.prepare('INSERT INTO document_text_fts(text, dossier_id, file_id) VALUES (?, ?, ?)').run(foldForSearch(text), row.dossierId, fileId);
      await writeAudit(em, { at, userId: null, action: 'digitized.ocr', entity: 'digitized_file', entityId: fileId,
        before: { sha256: row.sha256, path: row.path }, after: { state, error, sha256: stored?.sha256 ?? row.sha256, path: stored?.relativePath ?? row.path } });
    });
    // The first file is no longer referenced by anything once the upload points at the OCR'd one; removed after
    // a grace, since a preview opened just before the switch may still be reading it.
    if (oldPath) this.deps.files.retire(oldPath, this.deps.settings.keepReplacedMs ?? DEFAULT_KEEP_REPLACED_MS);
    fs.rmSync(this.stagingDir(fileId), { recursive: true, force: true });
    this.deps.notifySync();
  }
}
