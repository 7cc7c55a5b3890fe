// The page grid as the clerk sees it: groups (the unsorted stack, then each component, then the result
// papers), pages numbered within their group, what each key does, and which page stays selected when the
// job changes under the selection (a page turned or rescanned gets a new id; a deleted one leaves a gap).
import type { MethodInput } from '../../../shared/contract';
import { groupPages, neighbourMove, type JobPage, type JobView } from './moves';

export type PageOp = MethodInput<'scanning.pageOp'>['op'];

export interface Group { code: string | null; title: string; short: string }

/** The unsorted stack (when it has pages), the components numbered as the keys 1–9, then the result papers. */
export function groupsOf(job: JobView): Group[] {
  let n = 0;
  return [
    ...(job.pages.some((p) => p.component === null) ? [{ code: null, title: 'Xấp chưa phân loại', short: 'xấp chưa phân loại' }] : []),
    ...job.components.map((c) => {
      if (c.kind === 1) return { code: c.code, title: c.name, short: c.name };
      n += 1;
      return { code: c.code, title: `${n}. ${c.name}`, short: `thành phần ${n}` };
    }),
  ];
}

/** Page ids in display order: group by group, so arrow keys walk the thumbnails as they are seen. */
export function visualOrder(job: JobView): string[] {
  return groupsOf(job).flatMap((g) => groupPages(job, g.code).map((p) => p.id));
}

export interface PageNumber { n: number; of: number; group: Group }

/** Each page's number within its group (component 2's pages are 1, 2…, not 8, 9). */
export function pageNumbers(job: JobView): Map<string, PageNumber> {
  const out = new Map<string, PageNumber>();
  for (const g of groupsOf(job)) {
    const pages = groupPages(job, g.code);
    pages.forEach((p, i) => out.set(p.id, { n: i + 1, of: pages.length, group: g }));
  }
  return out;
}

/** "Trang 2/3 – 1. Tờ khai…" for labels and titles. */
export function pageLabel(job: JobView, pageId: string): string {
  const no = pageNumbers(job).get(pageId);
  return no ? `Trang ${no.n}/${no.of} – ${no.group.title}` : 'Trang';
}

/**
 * The unsorted stack's ranges as the clerk reads them ("1-3": the stack's pages 1 to 3) in the job's own
 * order, as splitRanges takes them: the stack's pages need not sit side by side in the job, so one range of
 * the stack may be several runs of the job.
 */
export function stackRangesToJob(job: JobView, ranges: readonly { code: string; from: number; to: number }[]):
  { ranges: { code: string; from: number; to: number }[] } | { error: string } {
  const stack = groupPages(job, null);
  const out: { code: string; from: number; to: number }[] = [];
  for (const r of ranges) {
    if (r.from < 1 || r.to < r.from || r.to > stack.length) {
      return { error: `Khoảng trang ${r.from}–${r.to} không có trong xấp chưa phân loại (xấp có ${stack.length} trang).` };
    }
    const positions = stack.slice(r.from - 1, r.to).map((p) => job.pages.indexOf(p) + 1);
    for (const at of positions) {
      const last = out[out.length - 1];
      if (last && last.code === r.code && last.to === at - 1) last.to = at;
      else out.push({ code: r.code, from: at, to: at });
    }
  }
  return { ranges: out };
}

export interface GridKey { key: string; alt: boolean; ctrl: boolean; shift: boolean }

export type GridAction =
  | { kind: 'select'; id: string }
  | { kind: 'op'; op: PageOp; after?: Reselect }
  | { kind: 'preview'; id: string }
  /** Rescan the page (it keeps its place), or scan new pages in before it. */
  | { kind: 'scan'; replacePageId?: string; insertAt?: number }
  /** Open the saved PDF of the page's component. */
  | { kind: 'view'; component: string | null }
  | { kind: 'none' };

/**
 * What a key does in the grid with `cur` selected: ←→↑↓ Home End select, Alt/Ctrl+←→ move within the
 * component, R (Shift+R) turn, Delete remove, B blank separator, Enter preview, 1–9 into that component,
 * Q rescan the page, Insert scan new pages in before it, V open the saved PDF of its component.
 * null: not a grid key.
 */
export function gridAction(job: JobView, cur: string | null, k: GridKey): GridAction | null {
  const visual = visualOrder(job);
  if (!visual.length) return null;
  const sel = cur && visual.includes(cur) ? cur : visual[0]!;
  const at = visual.indexOf(sel);
  const moveKey = k.alt || k.ctrl;
  const page = job.pages.find((p) => p.id === sel)!;
  if ((k.key === 'ArrowLeft' || k.key === 'ArrowRight') && moveKey) {
    const to = neighbourMove(job, sel, k.key === 'ArrowLeft' ? -1 : 1);
    return to === null ? { kind: 'none' } : { kind: 'op', op: { op: 'move', pageId: sel, toIndex: to } };
  }
  if (moveKey) return null;
  switch (k.key) {
    case 'ArrowLeft': case 'ArrowUp': return { kind: 'select', id: visual[Math.max(0, at - 1)]! };
    case 'ArrowRight': case 'ArrowDown': return { kind: 'select', id: visual[Math.min(visual.length - 1, at + 1)]! };
    case 'Home': return { kind: 'select', id: visual[0]! };
    case 'End': return { kind: 'select', id: visual[visual.length - 1]! };
    case 'Enter': return { kind: 'preview', id: sel };
    case 'Delete': return { kind: 'op', op: { op: 'remove', pageId: sel }, after: nextInGroup(job, page) };
    case 'r': case 'R': return { kind: 'op', op: { op: 'rotate', pageId: sel, turn: k.shift ? 270 : 90 } };
    case 'b': case 'B': return { kind: 'op', op: { op: 'setBlank', pageId: sel, blank: !page.blank } };
    case 'q': case 'Q': return { kind: 'scan', replacePageId: sel };
    case 'v': case 'V': return { kind: 'view', component: page.component };
    case 'Insert': return { kind: 'scan', insertAt: job.pages.findIndex((p) => p.id === sel) };
    default: break;
  }
  if (/^[1-9]$/.test(k.key)) {
    const c = job.components.filter((x) => x.kind !== 1)[Number(k.key) - 1];
    if (!c) return { kind: 'none' };
    if (c.code === page.component) return { kind: 'none' };
    // Sorting a stack page by page: the next page of the stack is the one to sort next.
    return { kind: 'op', op: { op: 'assign', pageIds: [sel], component: c.code }, after: [...nextInGroup(job, page), sel] };
  }
  return null;
}

/** Pages to select after an action, best first (the first still in the job wins). */
export type Reselect = string[];

/** The pages after `page` in its group, then those before it, nearest first. */
function nextInGroup(job: JobView, page: JobPage): string[] {
  const group = groupPages(job, page.component).map((p) => p.id);
  const at = group.indexOf(page.id);
  return [...group.slice(at + 1), ...group.slice(0, at).reverse()];
}

/**
 * The page selected once the job has changed from `prev` to `next`. An explicit choice (`after`, from the
 * action) comes first; a page still there stays selected; a page that was replaced where it stood (turned,
 * rescanned: the job has as many pages) is followed to its new id; a page gone leaves the selection on the
 * page now in its place in display order (the next one, or the previous one at the end).
 */
export function reselect(prev: JobView | null, next: JobView, selected: string | null, after?: Reselect): string | null {
  const ids = new Set(next.pages.map((p) => p.id));
  const visual = visualOrder(next);
  if (after) {
    const pick = after.find((id) => ids.has(id));
    if (pick) return pick;
  }
  if (selected && ids.has(selected)) return selected;
  if (!selected || !prev) return selected === null ? null : visual[0] ?? null;
  const jobAt = prev.pages.findIndex((p) => p.id === selected);
  if (jobAt >= 0 && prev.pages.length === next.pages.length) {
    const replacement = next.pages[jobAt];
    if (replacement && !prev.pages.some((p) => p.id === replacement.id)) return replacement.id;
  }
  const prevVisual = visualOrder(prev);
  const was = prevVisual.indexOf(selected);
  // The nearest page that was after it and is still there, else the nearest before it.
  for (let i = was + 1; i < prevVisual.length; i++) if (ids.has(prevVisual[i]!)) return prevVisual[i]!;
  for (let i = was - 1; i >= 0; i--) if (ids.has(prevVisual[i]!)) return prevVisual[i]!;
  return visual[0] ?? null;
}
