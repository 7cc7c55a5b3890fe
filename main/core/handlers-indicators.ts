import type { indicatorsApi } from '../../shared/contract/api-indicators';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of the office's indicators (issue 10, item 6). */
export function createIndicatorHandlers(s: Services): HandlersFor<keyof typeof indicatorsApi> {
  return {
    'indicators.compute': async (input) => s.indicators.compute(input.from, input.to),
    'indicators.dossiers': async (input) => s.indicators.dossiers(input),
    'indicators.getTargets': async () => s.indicators.targets(),
    'indicators.setTargets': async (input, ctx) => s.indicators.setTargets(input, requireUser(ctx).id),
    'indicators.exportXlsx': async (input) => s.indicators.exportXlsx(input.from, input.to),
  };
}
