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
    'sync.retryNow': async (input) => s.sync.retryNow(input.seq),
    'sync.resend': async (input, ctx) => ({ ok: true as const, ...(await s.sync.resend(input.seq, requireUser(ctx).id)) }),
    'sync.resolve': async (input, ctx) => ({ ok: true as const, ...(await s.sync.resolve(input.seq, input.note, requireUser(ctx).id)) }),
    'sync.conflicts': async (input) => s.sync.store.read((raw) => Inbound.list(raw, input.state, input.limit)),
    'sync.resolveConflict': async (input, ctx) => {
      let problem: string | null = null;
      await s.sync.store.write((raw) => { problem = Inbound.resolve(raw, input.id, input.keep, requireUser(ctx).id, s.clock.now()); });
      if (problem) throw new AppError('CONFLICT', problem);
      s.sync.drainer?.notify();
      // Recorded here (a real change); what goes to the province then shows in the list like any waiting item.
      return { ok: true as const, outcome: 'done' as const, tone: 'success' as const, message: input.keep === 'local'
        ? 'Đã giữ bản tại quầy; bản này được đưa vào hàng chờ gửi lên hệ thống tỉnh.'
        : 'Đã lấy bản của hệ thống tỉnh vào hồ sơ tại quầy.' };
    },
    'sync.getConfig': async () => s.sync.getConfig(),
    'sync.setConfig': async (input, ctx) => s.sync.setConfig(input, requireUser(ctx).id),
    'sync.testConnection': async (input) => {
      const check = await s.sync.testConnection(input);
      return { ok: check.ok, summary: check.summary, steps: check.steps };
    },
  };
}
