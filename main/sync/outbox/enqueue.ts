// Writers' operations on the outbox, named after what the caller means. Each runs inside the caller's
// transaction, next to the change it reports, so the change and its report commit together.
import { prepared } from '../../persistence/prepared';
import { expandPendingCreate } from './expand';
import { insertItem, payloadField } from './insert';
import type { DossierCreatePayload, FileUploadPayload, OutboxEntry, ProgressItemPayload } from './payloads';
import { rawOf, type Tx } from './tx';

/**
 * Any item of a dossier after its receipt: the receipt's create is expanded first (if the drainer has not
 * reached it yet), so the receipt's own items keep their place before this one.
 */
export function enqueue(tx: Tx, at: Date, dossierId: string | null, entry: OutboxEntry): void {
  const raw = rawOf(tx);
  if (dossierId) expandPendingCreate(raw, dossierId, at);
  insertItem(raw, at, dossierId, entry);
}

/**
 * The dossier received at the counter: one item, written with the dossier, its slip and its first event.
 * Its operation id is the intake's, so a repeated save cannot queue it twice.
 */
export function enqueueDossierCreate(tx: Tx, at: Date, p: Omit<DossierCreatePayload, 'expanded'> & { operationId: string }): void {
  const { operationId, ...payload } = p;
  insertItem(rawOf(tx), at, payload.dossierId, { kind: 'dossier.create', payload }, operationId);
}

export function enqueueFileUpload(tx: Tx, at: Date, dossierId: string, file: FileUploadPayload): void {
  enqueue(tx, at, dossierId, { kind: 'file.upload', payload: file });
}

/** A status event: reported with CapNhatTienDoHoSoMC. userId is resolved to a name when it is sent. */
export function enqueueProgress(tx: Tx, at: Date, p: ProgressItemPayload): void {
  enqueue(tx, at, p.dossierId, { kind: 'dossier.progress', payload: p });
}

/** The dossier's fields changed: the current state is sent with DongBoHoSoMC isUpdating=true. */
export function enqueueDossierUpdate(tx: Tx, at: Date, dossierId: string): void {
  enqueue(tx, at, dossierId, { kind: 'dossier.update', payload: { dossierId } });
}

// A file's upload not tried yet can still be held back, released or pointed at a newer version of the file
// (OCR adds a text layer after the save): "pending and never tried" is the state in which nothing of it can
// have reached the portal.
const UNTRIED_UPLOAD = `kind = 'file.upload' AND state = 'pending' AND attempts = 0 AND ${payloadField('fileKey')} = ?`;

/** Keeps a file's upload back until `until` (a newer version may replace it before then). Returns how many items. */
export function holdUploadUntil(tx: Tx, fileKey: string, until: Date): number {
  return prepared(rawOf(tx), `UPDATE outbox SET next_attempt_at = ? WHERE ${UNTRIED_UPLOAD}`).run(until.toISOString(), fileKey).changes;
}

/** Lets a held upload go now. Returns how many items. */
export function releaseUpload(tx: Tx, fileKey: string): number {
  return prepared(rawOf(tx), `UPDATE outbox SET next_attempt_at = NULL WHERE ${UNTRIED_UPLOAD}`).run(fileKey).changes;
}

/**
 * Points a file's pending, never-tried upload at a newer version of the file and releases it. Answers whether
 * it could: when the first version is already on its way (or sent), the caller enqueues a new upload instead.
 */
export function replacePendingUpload(tx: Tx, fileKey: string, file: Pick<FileUploadPayload, 'relativePath' | 'sha256' | 'size'>): boolean {
  return prepared(rawOf(tx), `UPDATE outbox SET payload_json = json_set(payload_json, '$.relativePath', ?, '$.sha256', ?, '$.size', ?),
      next_attempt_at = NULL WHERE ${UNTRIED_UPLOAD}`).run(file.relativePath, file.sha256, file.size, fileKey).changes > 0;
}
