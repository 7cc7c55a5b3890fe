import { useEffect, useRef, type DragEvent, type KeyboardEvent } from 'react';
import type { MethodInput } from '../../../shared/contract';
import { dropBefore, groupPages, neighbourMove, type JobView } from './moves';

type PageOp = MethodInput<'scanning.pageOp'>['op'];

interface Props {
  job: JobView;
  thumbs: Record<string, string>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onOp: (op: PageOp) => void;
  onPreview: (id: string) => void;
  disabled: boolean;
  /** An editing key or drop while editing is disabled (a scan running): the panel says why nothing happened. */
  onBlocked?: () => void;
}

/**
 * Thumbnails grouped by component (the unsorted stack first). One tab stop; inside it the keyboard does
 * everything: ←→ select, Alt/Ctrl+←→ move within the component, R rotate, Delete remove, Enter preview,
 * B mark/unmark as a blank separator, 1–9 put the page into that component. Drag and drop does the same with the mouse.
 */
export function PageGrid({ job, thumbs, selected, onSelect, onOp, onPreview, disabled, onBlocked }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const order = job.pages.map((p) => p.id);
  const groups: { code: string | null; title: string }[] = [
    ...(job.pages.some((p) => p.component === null) ? [{ code: null, title: 'Xấp chưa phân loại' }] : []),
    // Components numbered as the keys 1–9; the result papers (kind 1, "Kết quả: …") after them, unnumbered.
    ...job.components.map((c, i) => ({ code: c.code as string | null, title: c.kind === 1 ? c.name : `${i + 1}. ${c.name}` })),
  ];
  // Display order: group by group, so arrow keys walk the thumbnails as they are seen.
  const visual = groups.flatMap((g) => groupPages(job, g.code).map((p) => p.id));

  useEffect(() => {
    if (selected && !order.includes(selected)) onSelect(visual[0] ?? null);
  }, [selected, order, visual, onSelect]);
  useEffect(() => {
    if (selected && ref.current?.contains(document.activeElement)) ref.current.querySelector<HTMLElement>(`[data-page="${selected}"]`)?.focus();
  }, [selected, job]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!visual.length) return;
    const cur = selected ?? visual[0]!;
    const at = visual.indexOf(cur);
    const moveKey = e.altKey || e.ctrlKey;
    // Editing keys give an operation; while editing is disabled the grid says so instead of doing nothing.
    const edit = (o: PageOp | null) => {
      if (!o) return;
      if (disabled) onBlocked?.();
      else onOp(o);
    };
    let handled = true;
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && moveKey) {
      const to = neighbourMove(job, cur, e.key === 'ArrowLeft' ? -1 : 1);
      edit(to === null ? null : { op: 'move', pageId: cur, toIndex: to });
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') onSelect(visual[Math.max(0, at - 1)]!);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') onSelect(visual[Math.min(visual.length - 1, at + 1)]!);
    else if (e.key === 'Home') onSelect(visual[0]!);
    else if (e.key === 'End') onSelect(visual[visual.length - 1]!);
    else if ((e.key === 'r' || e.key === 'R') && !moveKey) edit({ op: 'rotate', pageId: cur, turn: e.shiftKey ? 270 : 90 });
    else if (e.key === 'Delete') edit({ op: 'remove', pageId: cur });
    else if ((e.key === 'b' || e.key === 'B') && !moveKey) edit({ op: 'setBlank', pageId: cur, blank: !job.pages.find((p) => p.id === cur)?.blank });
    else if (e.key === 'Enter') onPreview(cur);
    else if (/^[1-9]$/.test(e.key) && !moveKey) {
      const c = job.components.filter((x) => x.kind !== 1)[Number(e.key) - 1];
      edit(c ? { op: 'assign', pageIds: [cur], component: c.code } : null);
    } else handled = false;
    if (handled) e.preventDefault();
  };

  const onDrop = (e: DragEvent, beforeId: string | null, component: string | null) => {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/x-page');
    if (!id) return;
    if (disabled) return onBlocked?.();
    const page = job.pages.find((p) => p.id === id);
    if (component && page?.component !== component) onOp({ op: 'assign', pageIds: [id], component });
    else if (beforeId && beforeId !== id) onOp({ op: 'move', pageId: id, toIndex: dropBefore(job, id, beforeId) });
  };

  return (
    <div className="page-grid" ref={ref} onKeyDown={onKeyDown} data-testid="page-grid">
      {job.pages.length === 0 && <p className="muted">Chưa có trang nào. Đặt giấy vào máy quét rồi bấm <kbd>F9</kbd>, hoặc nhập tệp.</p>}
      {groups.map((g) => {
        const pages = groupPages(job, g.code);
        return (
          <section key={g.code ?? '-'} className="page-group" onDragOver={(e) => e.preventDefault()} onDrop={(e) => onDrop(e, null, g.code)}
            data-testid={`group-${g.code ?? 'unsorted'}`}>
            <h4>{g.title} <span className="muted">{pages.length} trang</span></h4>
            <div className="thumbs">
              {pages.map((p) => {
                const n = order.indexOf(p.id) + 1;
                const isSel = p.id === (selected ?? visual[0]);
                return (
                  <button type="button" key={p.id} data-page={p.id} tabIndex={isSel ? 0 : -1}
                    className={`thumb${isSel ? ' selected' : ''}${p.blank ? ' blank' : ''}`}
                    aria-label={`Trang ${n}${p.blank ? ' (trang trắng)' : ''}`} aria-pressed={isSel}
                    draggable={!disabled} onDragStart={(e) => e.dataTransfer.setData('text/x-page', p.id)}
                    onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.stopPropagation(); onDrop(e, p.id, g.code); }}
                    onClick={() => onSelect(p.id)} onDoubleClick={() => onPreview(p.id)}>
                    {thumbs[p.id] ? <img src={thumbs[p.id]} alt="" draggable={false} /> : <span className="thumb-wait">…</span>}
                    <span className="thumb-no">{n}{p.blank ? ' · trắng' : ''}</span>
                  </button>
                );
              })}
            </div>
          </section>
        );
      })}
      <p className="muted small">←→ chọn trang · <kbd>Alt</kbd>+←→ chuyển vị trí · <kbd>R</kbd> xoay · <kbd>Delete</kbd> xóa · <kbd>B</kbd> đánh dấu tờ trắng · <kbd>Enter</kbd> xem lớn · <kbd>1</kbd>–<kbd>9</kbd> đưa vào thành phần</p>
    </div>
  );
}
