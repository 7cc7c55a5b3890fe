import type { syncApi } from '../../shared/contract/api-sync';
import { AppError } from '../base/errors';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';
import { Inbound } from '../sync/inbound';

/** Handlers of the provincial sync methods (issue 4). */
export function createSyncHandlers(s: Services): HandlersFor<keyof typeof syncApi> {
  return {
    'sync.status': async () => s.sync.status(),
    'sync.items': async (input) => s.sync.items(input.filter, input.limit),
    'sync.retryNow': async (input) => ({ rescheduled: await s.sync.retryNow(input.seq) }),
    'sync.resend': async (input, ctx) => {
      await s.sync.resend(input.seq, requireUser(ctx).id);
      return { ok: true as const };
    },
    'sync.resolve': async (input, ctx) => {
      await s.sync.resolve(input.seq, input.note, requireUser(ctx).id);
      return { ok: true as const };
    },
    'sync.conflicts': async (input) => s.sync.store.read((raw) => Inbound.list(raw, input.state, input.limit)),
    'sync.resolveConflict': async (input, ctx) => {
      let problem: string | null = null;
      await s.sync.store.write((raw) => { problem = Inbound.resolve(raw, input.id, input.keep, requireUser(ctx).id, s.clock.now()); });
      if (problem) throw new AppError('CONFLICT', problem);
      s.sync.drainer?.notify();
      return { ok: true as const };
    },
    'sync.getConfig': async () => s.sync.getConfig(),
    'sync.setConfig': async (input, ctx) => s.sync.setConfig(input, requireUser(ctx).id),
  };
}
