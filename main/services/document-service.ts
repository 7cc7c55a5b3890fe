import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DocumentInfo, DocumentKind } from '../../shared/contract';
import { vnDateKey } from '../../shared/time/vn-time';
import type { FormPayload, FormRenderer } from '../documents/form-renderer';
import { notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { DocumentEntity, type DocumentRow } from '../persistence/entities';
import type { FileStore } from '../storage/file-store';

export type { FormPayload };

export const rowToDocument = (r: DocumentRow): DocumentInfo => ({
  id: r.id, dossierId: r.dossierId, kind: r.kind as DocumentKind, templateVersion: r.templateVersion,
  sha256: r.sha256, size: r.size, createdAt: r.createdAt,
});

/** Renders a form, keeps the PDF with the dossier (atomic file + SHA-256) and records it. */
export class DocumentService {
  private rendererPromise: Promise<FormRenderer> | null = null;

  constructor(private readonly db: Database, private readonly files: FileStore, private readonly assetsDir: string) {}

  /**
   * The renderer parses fonts and templates once per launch; saves reuse it. Loaded lazily (pdf-lib and
   * fontkit cost a few hundred ms to load) and warmed up right after start-up, off the start-up path.
   */
  renderer(): Promise<FormRenderer> {
    if (!this.rendererPromise) {
      this.rendererPromise = import('../documents/form-renderer').then((m) => m.FormRenderer.create({ assetsDir: this.assetsDir }));
      this.rendererPromise.catch(() => { this.rendererPromise = null; });
    }
    return this.rendererPromise;
  }

  async renderAndStore(em: EntityManager, payload: FormPayload, dossierId: string, dossierNumber: string, userId: string, at: Date): Promise<DocumentRow> {
    const renderer = await this.renderer();
    const rendered = await renderer.render(payload);
    const id = crypto.randomUUID();
    const safeNumber = dossierNumber.replace(/[^0-9A-Za-z.-]/g, '_');
    const stored = this.files.writeAtomic(`dossiers/${vnDateKey(at).slice(0, 7)}/${safeNumber}/${payload.kind}-${id.slice(0, 8)}.pdf`, rendered.bytes);
    const row: DocumentRow = {
      id, dossierId, kind: payload.kind, templateVersion: rendered.templateVersion, path: stored.relativePath,
      sha256: stored.sha256, size: stored.size, createdAt: at.toISOString(), createdBy: userId,
    };
    await em.insert(DocumentEntity, row);
    return row;
  }

  async get(id: string): Promise<DocumentRow> {
    const row = await this.db.read((em) => em.findOneBy(DocumentEntity, { id }));
    if (!row) throw notFound('tài liệu');
    return row;
  }

  content(row: DocumentRow): Buffer {
    return this.files.read(row.path);
  }

  filePath(row: DocumentRow): string {
    return this.files.resolve(row.path);
  }
}
