import type { feesApi } from '../../shared/contract/api-fees';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of fees, receipts and the day's collection (issue 11). */
export function createFeesHandlers(s: Services): HandlersFor<keyof typeof feesApi> {
  const now = () => s.clock.now();
  return {
    'fees.getSettings': async () => s.fees.service.settings(),
    'fees.setSettings': async (input, ctx) => s.fees.service.setSettings(input, requireUser(ctx).id, now()),
    'fees.dossier': async (input) => s.fees.service.view(input.dossierId),
    'fees.paymentQr': async (input) => s.fees.paymentQr(input.dossierId, { pages: input.pages, copies: input.copies }),
    'fees.collect': async (input, ctx) => s.fees.service.collect(input, requireUser(ctx), now()),
    'fees.cancelReceipt': async (input, ctx) => s.fees.service.cancel(input.receiptId, input.reason, requireUser(ctx), now()),
    'fees.receiptFile': async (input) => {
      const f = await s.fees.receipts.file(input.receiptId, input.paper);
      return { base64: Buffer.from(f.bytes).toString('base64'), fileName: f.fileName, mime: f.mime };
    },
    'fees.printReceipt': async (input, ctx) => s.fees.receipts.print(input.receiptId, { paper: input.paper, printer: input.printer }, requireUser(ctx), now()),
    'fees.dayReport': async (input) => s.fees.days.report(input.day, input.collectorId),
    'fees.dayReportFile': async (input) => s.fees.dayReportFile(input.day, input.format, now()),
    'fees.closeDay': async (input, ctx) => s.fees.days.close(input.day, requireUser(ctx), now()),
    'fees.overrideReturn': async (input, ctx) => s.fees.service.overrideReturn(input.dossierId, input.reason, requireUser(ctx), now()),
  };
}
