import type { civilStatusApi } from '../../shared/contract/api-civil-status';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

type Names = keyof typeof civilStatusApi;

/** Civil-status registration (issue 11): every method through CivilStatusService. */
export function createCivilStatusHandlers(s: Services): HandlersFor<Names> {
  const now = () => s.clock.now();
  const cs = () => s.civilStatus;
  return {
    'civilStatus.eventTypes': async (input) => cs().eventTypes(input.all, now()),
    'civilStatus.draft': async (input) => cs().draft(input.dossierId, input.eventType, now()),
    'civilStatus.validate': async (input) => cs().validate(input.eventType, input.schemaVersion, input.fields, now()),
    'civilStatus.register': async (input, ctx) => cs().register(input, requireUser(ctx), now()),
    'civilStatus.get': async (input) => cs().get(input.id),
    'civilStatus.forDossier': async (input) => cs().forDossier(input.dossierId),
    'civilStatus.search': async (input) => cs().search(input.eventType, input.query, input.limit),
    'civilStatus.cancel': async (input, ctx) => cs().cancel(input.entryId, input.reason, requireUser(ctx), now()),
    'civilStatus.books': async (input) => cs().books(input.year, input.eventType, now()),
    'civilStatus.bookEntries': async (input) => cs().bookEntries(input.bookId, input.offset, input.limit, now()),
    'civilStatus.closeBook': async (input, ctx) => cs().closeBook(input.bookId, requireUser(ctx), now()),
    'civilStatus.bookPdf': async (input) => cs().bookPdf(input.bookId, now()),
    'civilStatus.bookXlsx': async (input) => cs().bookXlsx(input.bookId, now()),
    'civilStatus.certificateFields': async (input) => cs().certificateFields(input.entryId),
    'civilStatus.logCopies': async (input, ctx) => cs().logCopies(input.entryId, input.copies, requireUser(ctx), now()),
    'civilStatus.resultReady': async (input, ctx) => cs().resultReady(input.operationId, input.entryId, requireUser(ctx), now()),
  };
}
