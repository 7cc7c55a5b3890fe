import type { formsApi } from '../../shared/contract/api-forms';
import { AppError } from '../base/errors';
import { requireUser } from '../base/context';
import { rowToDocument } from '../services/document-service';
import { ControlSheetService } from '../services/control-sheet';
import { RegisterBookService } from '../services/register-book';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Forms on request: the control sheet (Mẫu 06) and the register book (Mẫu 07, PDF and .xlsx). */
export function createFormsHandlers(s: Services): HandlersFor<keyof typeof formsApi> {
  const sheets = new ControlSheetService(s.db, s.documents);
  const books = new RegisterBookService(s.db, s.documents);
  const now = () => s.clock.now();
  const office = async () => {
    const o = await s.office.get();
    if (!o) throw new AppError('SETUP_REQUIRED', 'Chưa thiết lập thông tin cơ quan. Hãy hoàn tất bước thiết lập ban đầu.');
    return o;
  };
  return {
    'forms.controlSheet': async (input, ctx) => {
      const r = await sheets.make(input.dossierId, await office(), requireUser(ctx), now());
      return { document: rowToDocument(r.document), handOvers: r.handOvers, reused: r.reused };
    },
    'forms.registerBook': async (input, ctx) => {
      const r = await books.make(input, await office(), requireUser(ctx), now());
      return { document: rowToDocument(r.document), entries: r.entries, reused: r.reused, xlsx: { base64: r.xlsx.toString('base64'), fileName: r.fileName } };
    },
    'forms.registerBookXlsx': async (input) => {
      const r = await books.workbookOf(input.documentId);
      return { base64: r.xlsx.toString('base64'), fileName: r.fileName };
    },
    'forms.registerBooks': async (input) =>
      (await books.list(input.limit)).map((b) => ({ ...b, document: rowToDocument(b.document) })),
  };
}
