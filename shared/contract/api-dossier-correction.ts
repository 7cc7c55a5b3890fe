// Correcting a dossier already saved (issue 8 #5): the province may reject a dossier for its data (a wrong ID
// number, a misspelt name), and the counter must be able to fix it. The applicant, the documents handed in,
// the delivery and the note can be corrected, always with a reason; the core keeps the before/after in the
// audit trail, queues the update for the provincial system, and re-renders form 01 on request (a new slip,
// the old one kept). Merged into the one API table.
import { z } from 'zod';
import { id, optionalText, text } from './common';
import { COUNTER, method } from './method';
import { partiesInput } from './parties';
import {
  applicantInput, componentInput, deliveryInput, documentInfoSchema, dossierDetailSchema, procedureVersionSchema,
} from './schemas';

/** A document handed in, as corrected: `position` names the line it was (null: a line added now). */
export const correctionComponentInput = componentInput.extend({
  position: z.number().int().min(0).max(999).nullable().default(null),
});

export const dossierCorrectionInput = z.object({
  /** Client-made id; repeating a call with the same id returns the first result (idempotent, like dossiers.receive). */
  operationId: z.string().uuid(),
  dossierId: id,
  applicant: applicantInput,
  /** The other parties as corrected; omitted: they stay as they are. */
  parties: partiesInput.optional(),
  /** Every document handed in after the correction; lines left out are removed (not when already digitized). */
  components: z.array(correctionComponentInput).max(60),
  setCount: z.number().int().min(1).max(20),
  delivery: deliveryInput,
  note: optionalText(1000),
  /** Why the data is corrected (kept in the audit trail and the dossier's history). */
  reason: text(1000).pipe(z.string().min(5, 'Ghi rõ lý do sửa, ví dụ: tỉnh trả về vì sai số định danh.')),
  /** Re-render form 01 with the corrected data (a new slip; the old one is kept). */
  reprint: z.boolean().default(false),
});
export type DossierCorrectionInput = z.input<typeof dossierCorrectionInput>;

const outcome = z.enum(['receive', 'request-completion', 'refuse']);

export const dossierCorrectionApi = {
  /**
   * What the correction form starts from: the dossier, its procedure version (the checklist), its lines with
   * their positions, whether it may be corrected (and if not, why, in Vietnamese) and whether it has a form 01.
   */
  'dossiers.correctionForm': method(z.object({ id }), z.object({
    dossier: dossierDetailSchema,
    version: procedureVersionSchema,
    /** How the dossier was taken in at the counter: the intake rules checked on a correction are that outcome's. */
    outcome,
    components: z.array(z.object({
      position: z.number().int(), code: z.string(), name: z.string(), copyType: z.enum(['original', 'certified-copy', 'copy']),
      quantity: z.number().int(), digitized: z.boolean(),
    })),
    allowed: z.boolean(),
    refusal: z.string().nullable(),
    canReprint: z.boolean(),
  }), COUNTER),
  'dossiers.correct': method(dossierCorrectionInput, z.object({
    dossier: dossierDetailSchema,
    /** The new form 01 when reprint was asked. */
    document: documentInfoSchema.nullable(),
    /** Field paths that changed: 'applicant.fullName', 'components', 'delivery', 'setCount', 'note'. */
    changed: z.array(z.string()),
    warnings: z.array(z.string()),
  }), COUNTER),
} as const;
