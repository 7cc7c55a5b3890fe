import type { dossierCorrectionApi } from '../../shared/contract/api-dossier-correction';
import { requireUser } from '../base/context';
import { AppError } from '../base/errors';
import { DossierCorrectionService } from '../services/dossier-correction';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of correcting a saved dossier (dossiers.correctionForm, dossiers.correct). */
export function createDossierHandlers(s: Services): HandlersFor<keyof typeof dossierCorrectionApi> {
  const corrections = new DossierCorrectionService({ db: s.db, catalogue: s.catalogue, documents: s.documents, dossiers: s.dossiers });
  return {
    'dossiers.correctionForm': async (input) => corrections.form(input.id),
    'dossiers.correct': async (input, ctx) => {
      const office = await s.office.get();
      if (!office) throw new AppError('SETUP_REQUIRED', 'Chưa thiết lập thông tin cơ quan. Hãy hoàn tất bước thiết lập ban đầu.');
      return corrections.correct(input, office, requireUser(ctx), s.clock.now());
    },
  };
}
