import type { notifyApi } from '../../shared/contract/api-notify';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of the applicants' notices (issue 10, item 7). */
export function createNotifyHandlers(s: Services): HandlersFor<keyof typeof notifyApi> {
  const now = () => s.clock.now();
  return {
    'notify.getSettings': async () => s.notices.getSettings(),
    'notify.setSettings': async (input, ctx) => s.notices.setSettings(input, requireUser(ctx).id, now()),
    'notify.test': async (input) => s.notices.test(input.channel, input.to),
    'notify.list': async (input) => s.notices.list(input.filter, input.limit),
    'notify.markSent': async (input, ctx) => {
      await s.notices.markSent(input.seq, input.note, requireUser(ctx).id, now());
      return { ok: true as const };
    },
    'notify.resend': async (input, ctx) => {
      await s.notices.resend(input.seq, requireUser(ctx).id, now());
      return { ok: true as const };
    },
    'notify.status': async () => s.notices.status(),
  };
}
