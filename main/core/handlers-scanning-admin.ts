import type { scanningAdminApi } from '../../shared/contract/api-scanning-admin';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of the scanning settings methods (Quản trị → Máy quét). */
export function createScanningAdminHandlers(s: Services): HandlersFor<keyof typeof scanningAdminApi> {
  return {
    'scanning.getSettings': async () => s.scanningSettings.get(),
    'scanning.setSettings': async (input, ctx) => s.scanningSettings.set(input, requireUser(ctx).id),
    'scanning.testEscl': async (input) => s.scanningSettings.testEscl(input.address),
  };
}
