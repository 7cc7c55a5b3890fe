import type { scanningApi } from '../../shared/contract/api-scanning';
import { requireUser } from '../base/context';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Handlers of the scanning and digitization methods (issue 3). */
export function createScanningHandlers(s: Services): HandlersFor<keyof typeof scanningApi> {
  const d = () => s.digitization;
  return {
    'scanning.devices': async (input) => d().devices(input.refresh),
    'scanning.capabilities': async (input) => d().capabilities(input.deviceId),
    'scanning.profiles': async (input) => d().profiles(input.procedureCode),
    'scanning.openJob': async (input, ctx) => d().openJob(input.dossierId, requireUser(ctx).id, input.profileId),
    'scanning.start': async ({ jobId, ...rest }) => d().start(jobId, rest),
    'scanning.importFiles': async ({ jobId, ...rest }) => d().importFiles(jobId, rest),
    'scanning.job': async (input) => d().getJob(input.jobId),
    'scanning.jobStatus': async (input) => d().jobStatus(input.dossierId),
    'scanning.cancel': async (input) => d().cancel(input.jobId),
    'scanning.pageOp': async (input) => d().pageOp(input.jobId, input.op),
    'scanning.thumbnail': async (input) => d().thumbnail(input.jobId, input.pageId, input.size),
    'scanning.save': async (input, ctx) => d().save(input.jobId, requireUser(ctx).id),
    'scanning.close': async (input, ctx) => {
      await d().closeJob(input.jobId, requireUser(ctx).id);
      return { ok: true as const };
    },
    'scanning.files': async (input) => d().files(input.dossierId, input.includeReplaced),
    'scanning.fileContent': async (input) => d().fileContent(input.fileId),
    'scanning.reuseCandidates': async (input) => s.digitizationReuse.candidates(input.dossierId, input.componentPosition),
    'scanning.reuse': async (input, ctx) => {
      const file = await s.digitizationReuse.reuse(input.dossierId, input.componentPosition, input.sourceFileId, requireUser(ctx).id);
      const job = input.jobId ? await d().getJob(input.jobId) : null;
      return { file, job: job && job.dossierId === input.dossierId ? job : null };
    },
  };
}
