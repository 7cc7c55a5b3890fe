// The clerk's edits of a job's pages before saving (order, turn, remove, blank or not, which component) and
// the page images the screen shows. Changes with the editing screen, not with scanners or saved files.
import path from 'node:path';
import type { PageOp, ScanJobView } from '../../shared/contract/api-scanning';
import { notFound } from '../base/errors';
import { ScanJobError } from '../digitization';
import { conflict, type LiveJob } from './digitization-live';
import { pageImage } from './digitization-pages';
import type { ScanJobs } from './digitization-scan-jobs';

export class PageOps {
  constructor(private readonly jobs: ScanJobs) {}

  async apply(jobId: string, op: PageOp): Promise<ScanJobView> {
    const l = await this.jobs.load(jobId);
    if (l.scan.running) throw conflict('Đang quét; hãy chờ quét xong hoặc hủy rồi mới sửa trang.');
    const job = l.job;
    try {
      switch (op.op) {
        case 'move': await job.move(op.pageId, op.toIndex); break;
        case 'reorder': await job.reorder(op.pageIds); break;
        case 'rotate': await job.rotate(op.pageId, op.turn); break;
        case 'remove': await job.remove(op.pageId); break;
        case 'setBlank': await job.setBlank(op.pageId, op.blank); break;
        case 'assign': await assign(l, op.pageIds, op.component); break;
        case 'splitRanges': await job.splitByRanges(op.ranges); break;
        case 'splitBlank': await job.splitAtBlankSeparators(op.codes); break;
        case 'setExpected': {
          if (!job.components.some((c) => c.code === op.component)) throw new ScanJobError(`Không có thành phần hồ sơ ${op.component}.`);
          await job.setComponents(job.components.map((c) => {
            if (c.code !== op.component) return c;
            const { expectedPages: _drop, ...rest } = c;
            return op.pages === null ? rest : { ...rest, expectedPages: op.pages };
          }));
          break;
        }
      }
    } catch (e) {
      if (e instanceof ScanJobError) throw conflict(e.message);
      throw e;
    }
    await this.jobs.touch(l);
    return this.jobs.view(l);
  }

  async thumbnail(jobId: string, pageId: string, size: 'thumb' | 'large') {
    const l = await this.jobs.load(jobId);
    const page = l.job.pages().find((p) => p.id === pageId);
    if (!page) throw notFound('trang');
    return pageImage(l.job.pagePath(page), path.join(l.row.folder, 'thumbs'), pageId, size);
  }
}

async function assign(l: LiveJob, pageIds: readonly string[], component: string): Promise<void> {
  const order = l.job.pages();
  const ranges = pageIds.map((id) => {
    const n = order.findIndex((p) => p.id === id) + 1;
    if (n === 0) throw new ScanJobError(`Không có trang ${id} trong lượt quét.`);
    return { code: component, from: n, to: n };
  });
  await l.job.splitByRanges(ranges);
}
