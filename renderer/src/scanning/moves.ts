// Page moves within a component, as the pipeline's `move` wants them: the target index in the job's page
// list without the moved page.
import type { MethodOutput } from '../../../shared/contract';

export type JobView = MethodOutput<'scanning.job'>;
export type JobPage = JobView['pages'][number];

/** Pages of one group (a component code, or null for the unsorted stack), in job order. */
export function groupPages(job: JobView, component: string | null): JobPage[] {
  return job.pages.filter((p) => p.component === component);
}

/** toIndex for moving `pageId` one place earlier (-1) or later (+1) among the pages of its group; null at an end. */
export function neighbourMove(job: JobView, pageId: string, dir: -1 | 1): number | null {
  const page = job.pages.find((p) => p.id === pageId);
  if (!page) return null;
  const group = groupPages(job, page.component);
  const at = group.findIndex((p) => p.id === pageId);
  const neighbour = group[at + dir];
  if (!neighbour) return null;
  const without = job.pages.filter((p) => p.id !== pageId).map((p) => p.id);
  const n = without.indexOf(neighbour.id);
  return dir < 0 ? n : n + 1;
}

/** toIndex for dropping `pageId` just before `beforeId` (a drag onto another thumbnail). */
export function dropBefore(job: JobView, pageId: string, beforeId: string): number {
  const without = job.pages.filter((p) => p.id !== pageId).map((p) => p.id);
  return Math.max(0, without.indexOf(beforeId));
}
