// The Số hóa panel's page model (issue 9 #1, #11, #15): which page stays selected when the job changes under
// it, what each grid key does, numbering within a component, the stack's ranges in the job's order, and what
// the clerk is told when text recognition ends.
import { describe, expect, it } from 'vitest';
import { gridAction, pageNumbers, reselect, stackRangesToJob, visualOrder } from '../../../renderer/src/scanning/grid-model';
import type { JobView } from '../../../renderer/src/scanning/moves';
import { ocrChanges } from '../../../renderer/src/scanning/ocr-news';

const page = (id: string, component: string | null = null) => ({
  id, component, blank: false, rotation: 0, widthPx: 100, heightPx: 140, dpi: 200, colorMode: 'color' as const, profileId: 'color-200', keptPdf: false,
});
const comp = (code: string, name: string, digitized: JobView['components'][number]['digitized'] = null) => ({
  code, name, position: 0, kind: 0, expected: null, scanned: 0, label: '', digitized, unsaved: false,
});
function job(pages: ReturnType<typeof page>[], components = [comp('A', 'Tờ khai'), comp('B', 'Căn cước')]): JobView {
  return {
    id: '00000000-0000-4000-8000-000000000001', dossierId: '00000000-0000-4000-8000-000000000002', dossierNumber: 'X',
    profile: { id: 'color-200', name: 'Màu', colorMode: 'color', dpi: 200, jpegQuality: 80, bilevel: false },
    state: 'open', scan: { running: false, deviceId: null, pagesDone: 0, pagesExpected: null, phase: 'idle', startedAt: null },
    error: null, warnings: [], components, pages, updatedAt: '',
  };
}
const key = (k: string, mods: Partial<{ alt: boolean; ctrl: boolean; shift: boolean }> = {}) => ({ key: k, alt: false, ctrl: false, shift: false, ...mods });

describe('selection across job changes', () => {
  const before = job([page('p0001'), page('p0002'), page('p0003'), page('p0004', 'A')]);

  it('a turned or rescanned page (new id, same place) stays selected under its new id', () => {
    const after = job([page('p0001'), page('p0009'), page('p0003'), page('p0004', 'A')]);
    expect(reselect(before, after, 'p0002')).toBe('p0009');
  });

  it('after Delete the next page, at the end of the list the previous one', () => {
    expect(reselect(before, job([page('p0001'), page('p0003'), page('p0004', 'A')]), 'p0002')).toBe('p0003');
    expect(reselect(before, job([page('p0001'), page('p0002'), page('p0003')]), 'p0004')).toBe('p0003');
  });

  it('a page still there stays selected; an action may name the next page (assign: the next of the stack)', () => {
    const moved = job([page('p0001', 'A'), page('p0002'), page('p0003'), page('p0004', 'A')]);
    expect(reselect(before, moved, 'p0001')).toBe('p0001');
    const a = gridAction(before, 'p0001', key('1'));
    expect(a).toEqual({ kind: 'op', op: { op: 'assign', pageIds: ['p0001'], component: 'A' }, after: ['p0002', 'p0003', 'p0001'] });
    expect(reselect(before, moved, 'p0001', a!.kind === 'op' ? a!.after : undefined)).toBe('p0002');
    // The stack's last page: it is followed into its component.
    const last = job([page('p0001', 'A')]);
    const b = gridAction(job([page('p0001')]), 'p0001', key('1'));
    expect(reselect(job([page('p0001')]), last, 'p0001', b!.kind === 'op' ? b!.after : undefined)).toBe('p0001');
  });

  it('nothing chosen yet stays so (the first page shows as selected)', () => {
    expect(reselect(null, before, null)).toBeNull();
  });
});

describe('grid keys', () => {
  const j = job([page('p0001'), page('p0002'), page('p0003', 'B')]);
  it('arrows walk the thumbnails as shown (stack, then components); editing keys name the page', () => {
    expect(visualOrder(j)).toEqual(['p0001', 'p0002', 'p0003']);
    expect(gridAction(j, 'p0002', key('ArrowRight'))).toEqual({ kind: 'select', id: 'p0003' });
    expect(gridAction(j, 'p0002', key('r'))).toEqual({ kind: 'op', op: { op: 'rotate', pageId: 'p0002', turn: 90 } });
    expect(gridAction(j, 'p0002', key('R', { shift: true }))).toEqual({ kind: 'op', op: { op: 'rotate', pageId: 'p0002', turn: 270 } });
    expect(gridAction(j, 'p0002', key('Delete'))).toMatchObject({ kind: 'op', op: { op: 'remove', pageId: 'p0002' }, after: ['p0001'] });
    expect(gridAction(j, 'p0002', key('q'))).toEqual({ kind: 'scan', replacePageId: 'p0002' });
    expect(gridAction(j, 'p0002', key('Insert'))).toEqual({ kind: 'scan', insertAt: 1 });
    expect(gridAction(j, 'p0003', key('v'))).toEqual({ kind: 'view', component: 'B' });
    expect(gridAction(j, 'p0003', key('2'))).toEqual({ kind: 'none' });
    expect(gridAction(j, 'p0002', key('x'))).toBeNull();
  });
});

describe('numbering and ranges', () => {
  it('numbers pages within their group; the stack\'s "1-2" becomes the job\'s runs', () => {
    const j = job([page('p0001', 'A'), page('p0002'), page('p0003', 'B'), page('p0004'), page('p0005')]);
    const n = pageNumbers(j);
    expect([n.get('p0003')!.n, n.get('p0003')!.group.title]).toEqual([1, '2. Căn cước']);
    expect([n.get('p0004')!.n, n.get('p0004')!.of]).toEqual([2, 3]);
    expect(stackRangesToJob(j, [{ code: 'B', from: 1, to: 2 }])).toEqual({ ranges: [{ code: 'B', from: 2, to: 2 }, { code: 'B', from: 4, to: 4 }] });
    expect(stackRangesToJob(j, [{ code: 'A', from: 2, to: 3 }])).toEqual({ ranges: [{ code: 'A', from: 4, to: 5 }] });
    expect(stackRangesToJob(j, [{ code: 'A', from: 3, to: 4 }])).toEqual({ error: 'Khoảng trang 3–4 không có trong xấp chưa phân loại (xấp có 3 trang).' });
  });
});

describe('text recognition news', () => {
  const file = (ocrState: string, ocrError: string | null = null) => ({
    fileId: '00000000-0000-4000-8000-0000000000f1', pageCount: 2, scannedAt: '2026-01-05T02:00:00.000Z', ocrState, ocrError, state: 1, reusedFrom: null,
  });
  it('says when it is done, and why it failed', () => {
    const pending = job([], [comp('A', 'Tờ khai', file('pending'))]);
    expect(ocrChanges(pending, job([], [comp('A', 'Tờ khai', file('done'))]))).toEqual([
      { kind: 'success', text: 'Đã nhận dạng chữ xong: "Tờ khai" — tìm được hồ sơ theo chữ trong tệp.' },
    ]);
    expect(ocrChanges(pending, job([], [comp('A', 'Tờ khai', file('failed', 'Tesseract không chạy được.'))]))[0]).toMatchObject({
      kind: 'warning', text: expect.stringContaining('Không nhận dạng được chữ của "Tờ khai": Tesseract không chạy được.'),
    });
    expect(ocrChanges(pending, pending)).toEqual([]);
  });
});
