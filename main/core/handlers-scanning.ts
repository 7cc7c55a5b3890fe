import type { scanningApi } from '../../shared/contract/api-scanning';
import type { HandlersFor } from './handlers';
import type { Services } from './services';

/** Handlers of the scanning and digitization methods (issue 3). */
export function createScanningHandlers(_s: Services): HandlersFor<keyof typeof scanningApi> {
  return {};
}
