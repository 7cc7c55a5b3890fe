import type { syncApi } from '../../shared/contract/api-sync';
import type { HandlersFor } from './handlers';
import type { Services } from './services';

/** Handlers of the provincial sync methods (issue 4). */
export function createSyncHandlers(_s: Services): HandlersFor<keyof typeof syncApi> {
  return {};
}
