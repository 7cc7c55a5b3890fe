import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DocumentInfo, DocumentKind } from '../../shared/contract';
import { vnDateKey } from '../../shared/time/vn-time';
import type { FormRenderer } from '../documents/form-renderer';
import { FORM_OF_KIND, type FormPayload } from '../documents/kinds';
import { notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { DocumentEntity, type DocumentRow, type DossierDocumentRow } from '../persistence/entities';
import type { FileStore } from '../storage/file-store';

export type { FormPayload };

export const rowToDocument = (r: DocumentRow): DocumentInfo => ({
  id: r.id, dossierId: r.dossierId, kind: r.kind as DocumentKind, templateVersion: r.templateVersion,
  sha256: r.sha256, size: r.size, createdAt: r.createdAt,
});

/**
 * Runs in the transaction that makes a pending document of a dossier ready: what the province must hear of it
 * (the receipt's create with its slip, a corrected slip's upload and the dossier's update). Each hook decides
 * whether the document is its own. Documents of the office (the register book) run no hook.
 */
export type ReadyHook = (em: EntityManager, row: DossierDocumentRow) => Promise<void>;

/**
 * Renders forms, keeps each PDF with its dossier (atomic file + SHA-256) and records it.
 *
 * Two ways: renderAndStore renders inside the caller's transaction (no save uses it: it holds every other
 * writer for a PDF); reserve + complete keep the rendering out of the serialized write — the transaction
 * records the document as 'pending' with the data to render it, and complete() writes the PDF afterwards and
 * marks the row 'ready' in a short write of its own (receipts and corrected slips).
 * A pending document is derivable: whoever asks for it (get) waits for it, and one left by a crash is
 * rendered again at start (resumePending).
 *
 * Every form kind goes the same way: forms 01–03 at the counter, 04 (extension) and 05 (stop) from the
 * workflow's transitions, 06 (control sheet) and 07 (register book) on request. A document of the office
 * (the register book) has no dossier: dossierId null.
 */
export class DocumentService {
  private rendererPromise: Promise<FormRenderer> | null = null;
  private readonly inflight = new Map<string, Promise<DocumentRow>>();
  private readonly readyHooks: ReadyHook[] = [];

  constructor(private readonly db: Database, private readonly files: FileStore, private readonly assetsDir: string) {}

  /**
   * The renderer parses fonts and templates once per launch; saves reuse it. Loaded lazily (pdf-lib and
   * fontkit cost a few hundred ms to load) and warmed up right after start-up, off the start-up path.
   */
  /**
   * Adds what is written together with a document becoming ready. Registered when the services are built,
   * before the start-up's resumePending, so a document a crash left pending reports like any other.
   */
  whenReady(hook: ReadyHook): void {
    this.readyHooks.push(hook);
  }

  renderer(): Promise<FormRenderer> {
    if (!this.rendererPromise) {
      this.rendererPromise = import('../documents/form-renderer').then((m) => m.FormRenderer.create({ assetsDir: this.assetsDir }));
      this.rendererPromise.catch(() => { this.rendererPromise = null; });
    }
    return this.rendererPromise;
  }

  async renderAndStore(em: EntityManager, payload: FormPayload, dossierId: string | null, dossierNumber: string, userId: string, at: Date): Promise<DocumentRow> {
    const renderer = await this.renderer();
    const rendered = await renderer.render(payload);
    const id = crypto.randomUUID();
    const stored = this.files.writeAtomic(documentPath(payload, dossierNumber, id, at), rendered.bytes);
    const row: DocumentRow = {
      id, dossierId, kind: payload.kind, templateVersion: rendered.templateVersion, path: stored.relativePath,
      sha256: stored.sha256, size: stored.size, createdAt: at.toISOString(), createdBy: userId, state: 'ready', payloadJson: '',
    };
    await em.insert(DocumentEntity, row);
    return row;
  }

  /**
   * In the caller's transaction: records the document as pending, with where its PDF will be and the data to
   * render it. Nothing is rendered here; call complete() (or get()) once the transaction has committed.
   * `dossierId` null: a document of the office (the register book). Load the renderer (renderer()) before
   * taking the write lock: the template's version is read here.
   */
  async reserve(em: EntityManager, payload: FormPayload, dossierId: string | null, dossierNumber: string, userId: string, at: Date): Promise<DocumentRow> {
    const template = (await this.renderer()).templateFor(FORM_OF_KIND[payload.kind], payload.data.issuedAt);
    const id = crypto.randomUUID();
    const row: DocumentRow = {
      id, dossierId, kind: payload.kind, templateVersion: template.version, path: this.files.normalize(documentPath(payload, dossierNumber, id, at)),
      sha256: '', size: 0, createdAt: at.toISOString(), createdBy: userId, state: 'pending', payloadJson: JSON.stringify(payload),
    };
    await em.insert(DocumentEntity, row);
    return row;
  }

  /** Renders a pending document, writes its PDF and marks it ready (with onReady) in one short write. Once per document. */
  complete(row: DocumentRow): Promise<DocumentRow> {
    if (row.state === 'ready') return Promise.resolve(row);
    let running = this.inflight.get(row.id);
    if (!running) {
      running = this.finish(row).finally(() => this.inflight.delete(row.id));
      this.inflight.set(row.id, running);
    }
    return running;
  }

  private async finish(row: DocumentRow): Promise<DocumentRow> {
    const rendered = await (await this.renderer()).render(parsePayload(row.payloadJson));
    // The pending row names the file (recorded): a crash before it is ready renders it again at start.
    const stored = this.files.writeAtomic(row.path, rendered.bytes, { recorded: true });
    return this.db.write(async (em) => {
      const current = await em.findOneBy(DocumentEntity, { id: row.id });
      if (!current) throw notFound('tài liệu');
      if (current.state === 'ready') return current;
      const ready: DocumentRow = { ...current, state: 'ready', sha256: stored.sha256, size: stored.size, templateVersion: rendered.templateVersion };
      // Plain SQL: TypeORM's update writes the size into the statement's text, a new statement every save.
      await em.query('UPDATE document SET state = ?, sha256 = ?, size = ?, template_version = ? WHERE id = ?',
        ['ready', stored.sha256, stored.size, rendered.templateVersion, row.id]);
      if (isDossierDocument(ready)) for (const hook of this.readyHooks) await hook(em, ready);
      return ready;
      // Not waited onto the disk (the second fsync of every save): lost by a power cut, the row is pending
      // again and the next start renders it and runs the hooks (resumePending); the PDF itself was synced.
    }, { durable: false });
  }

  /** Documents a crash left pending: rendered again, oldest first. Returns how many. */
  async resumePending(log: (line: string) => void = () => undefined): Promise<number> {
    const pending = await this.db.read((em) => em.find(DocumentEntity, { where: { state: 'pending' }, order: { createdAt: 'ASC' } }));
    for (const row of pending) {
      await this.complete(row);
      log(`[documents] ${row.kind} ${row.id} of ${row.dossierId ? `dossier ${row.dossierId}` : 'the office'} was left pending by an interrupted save: rendered again (${row.path})`);
    }
    return pending.length;
  }

  /** The document, with its PDF written (a pending one is completed first, or waited for). */
  async get(id: string): Promise<DocumentRow> {
    const row = await this.db.read((em) => em.findOneBy(DocumentEntity, { id }));
    if (!row) throw notFound('tài liệu');
    return row.state === 'pending' ? this.complete(row) : row;
  }

  content(row: DocumentRow): Buffer {
    return this.files.read(row.path);
  }

  filePath(row: DocumentRow): string {
    return this.files.resolve(row.path);
  }
}

export const isDossierDocument = (row: DocumentRow): row is DossierDocumentRow => row.dossierId !== null;

function documentPath(payload: FormPayload, dossierNumber: string, id: string, at: Date): string {
  const month = vnDateKey(at).slice(0, 7);
  if (!dossierNumber) return `office/${month}/${payload.kind}-${id.slice(0, 8)}.pdf`;
  const safeNumber = dossierNumber.replace(/[^0-9A-Za-z.-]/g, '_');
  return `dossiers/${month}/${safeNumber}/${payload.kind}-${id.slice(0, 8)}.pdf`;
}

// The instants of a form's data (every name ending in "At": receivedAt, newDueAt, handedAt…), which JSON
// carries as ISO strings; calendar days ('YYYY-MM-DD', the register's period) stay strings.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function parsePayload(json: string): FormPayload {
  return JSON.parse(json, (key, value) => (key.endsWith('At') && typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : value)) as FormPayload;
}
