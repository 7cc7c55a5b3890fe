// The province hears of a corrected dossier's new form 01: the slip is uploaded as a file of the dossier
// (MAU01), then the dossier's update lists it, with the slip it replaces marked deleted (sync/local-state.ts).
// Runs in the short write that makes the slip ready (DocumentService.whenReady), so the upload goes out only
// once the file exists, and before the update that references it.
import type { EntityManager } from 'typeorm';
import type { DossierDocumentRow } from '../persistence/entities';
import { enqueueDossierUpdate, enqueueFileUpload, expandPendingCreate, rawOf, uploadNamesFile } from '../sync/outbox';

export async function reportCorrectedSlip(em: EntityManager, slip: DossierDocumentRow): Promise<void> {
  if (slip.kind !== 'form01') return;
  const rows = await em.query(`SELECT d.number FROM dossier_correction c JOIN dossier d ON d.id = c.dossier_id WHERE c.document_id = ?`, [slip.id]) as
    { number: string }[];
  const dossier = rows[0];
  if (!dossier) return; // not a correction's slip (the receipt's own reports the receipt)
  const at = new Date(slip.createdAt);
  const raw = rawOf(em);
  // A create the drainer has not reached yet is expanded first: it queues every written document of the
  // dossier, this slip among them, which must then not be queued a second time.
  expandPendingCreate(raw, slip.dossierId, at);
  if (!uploadNamesFile(raw, slip.path)) {
    // Named and coded as the receipt's slip is when its create is expanded (sync/outbox/expand.ts).
    enqueueFileUpload(em, at, slip.dossierId, {
      fileKey: slip.id, relativePath: slip.path, sha256: slip.sha256, size: slip.size, fileName: `${slip.kind}-${dossier.number}.pdf`,
      componentCode: slip.kind.toUpperCase(), role: 'submitted',
    });
  }
  enqueueDossierUpdate(em, at, slip.dossierId);
}
