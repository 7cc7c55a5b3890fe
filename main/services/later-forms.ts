// The province hears of a form made after the receipt as a file of the dossier: a slip re-made by a
// correction (MAU01, the one it replaces then listed IsDeleted, sync/local-state.ts), and the forms handed to
// the applicant during processing — the request to complete (MAU02), the apology with the new due date
// (MAU04) and the stop notice (MAU05). The form is uploaded, then the dossier's update lists it. Runs in the
// short write that makes the form ready (DocumentService.whenReady), so the upload goes out only once the
// file exists, and before the update that references it. The control sheet (06) and the register (07) are
// the office's own papers: never sent (PORTAL_FORM_KINDS).
import type { EntityManager } from 'typeorm';
import type { DossierDocumentRow } from '../persistence/entities';
import { enqueueDossierUpdate, enqueueFileUpload, expandPendingCreate, PORTAL_FORM_KINDS, rawOf, uploadNamesFile } from '../sync/outbox';

export async function reportLaterForm(em: EntityManager, doc: DossierDocumentRow): Promise<void> {
  if (!PORTAL_FORM_KINDS.has(doc.kind)) return;
  const dossier = (await em.query(`SELECT number FROM dossier WHERE id = ?`, [doc.dossierId]) as { number: string }[])[0];
  if (!dossier) return;
  const first = (await em.query(`SELECT id FROM document WHERE dossier_id = ? ORDER BY created_at, rowid LIMIT 1`, [doc.dossierId]) as { id: string }[])[0];
  if (first?.id === doc.id) return; // the receipt's own slip: reported with the receipt (dossier-service.ts)
  if (doc.kind === 'form01') {
    // A form 01 after the receipt's is a correction's re-made slip: reported only as that.
    const corrected = await em.query(`SELECT 1 FROM dossier_correction WHERE document_id = ?`, [doc.id]) as unknown[];
    if (!corrected.length) return;
  }
  const at = new Date(doc.createdAt);
  const raw = rawOf(em);
  // A create the drainer has not reached yet is expanded first: it queues every written form of the
  // dossier, this one among them, which must then not be queued a second time.
  expandPendingCreate(raw, doc.dossierId, at);
  if (!uploadNamesFile(raw, doc.path)) {
    // Named and coded as the receipt's slip is when its create is expanded (sync/outbox/expand.ts).
    enqueueFileUpload(em, at, doc.dossierId, {
      fileKey: doc.id, relativePath: doc.path, sha256: doc.sha256, size: doc.size, fileName: `${doc.kind}-${dossier.number}.pdf`,
      componentCode: doc.kind.toUpperCase(), role: 'submitted',
    });
  }
  enqueueDossierUpdate(em, at, doc.dossierId);
}
