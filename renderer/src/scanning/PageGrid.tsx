import { forwardRef, type DragEvent, type KeyboardEvent } from 'react';
import { groupsOf, pageNumbers, type GridKey, type PageOp } from './grid-model';
import { dropBefore, groupPages, type JobView } from './moves';

interface Props {
  job: JobView;
  thumbs: Record<string, string>;
  selected: string | null;
  onSelect: (id: string) => void;
  /** A key in the grid; true when the panel takes it (the browser's own action is then prevented). */
  onKey: (k: GridKey) => boolean;
  /** A drop (the mouse's way of moving or assigning a page). */
  onOp: (op: PageOp) => void;
  onPreview: (id: string) => void;
  /** Pages cannot be edited now (a scan is running). */
  disabled: boolean;
  onBlocked?: () => void;
}

/**
 * Thumbnails grouped by component (the unsorted stack first), each page numbered within its group. One tab
 * stop (the selected page); inside it the keyboard does everything — the keys are the panel's (grid-model.ts).
 * Drag and drop does the same with the mouse.
 */
export const PageGrid = forwardRef<HTMLDivElement, Props>(function PageGrid({ job, thumbs, selected, onSelect, onKey, onOp, onPreview, disabled, onBlocked }, ref) {
  const groups = groupsOf(job);
  const numbers = pageNumbers(job);
  const current = selected ?? groups.flatMap((g) => groupPages(job, g.code))[0]?.id ?? null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing || !(e.target as HTMLElement).hasAttribute('data-page')) return;
    if (onKey({ key: e.key, alt: e.altKey, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey })) e.preventDefault();
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
                const no = numbers.get(p.id)!;
                const isSel = p.id === current;
                return (
                  <button type="button" key={p.id} data-page={p.id} tabIndex={isSel ? 0 : -1}
                    className={`thumb${isSel ? ' selected' : ''}${p.blank ? ' blank' : ''}`}
                    aria-label={`Trang ${no.n}/${no.of} – ${g.title}${p.blank ? ' (tờ trắng)' : ''}${p.keptPdf ? ' (trang PDF giữ nguyên)' : ''}`} aria-pressed={isSel}
                    draggable={!disabled} onDragStart={(e) => e.dataTransfer.setData('text/x-page', p.id)}
                    onDragOver={(e) => e.preventDefault()} onDrop={(e) => { e.stopPropagation(); onDrop(e, p.id, g.code); }}
                    onClick={() => onSelect(p.id)} onDoubleClick={() => onPreview(p.id)}>
                    {thumbs[p.id] ? <img src={thumbs[p.id]} alt="" draggable={false} /> : <span className="thumb-wait">…</span>}
                    <span className="thumb-no" data-testid="thumb-no">{no.n}{p.blank ? ' · trắng' : ''}{p.keptPdf ? ' · PDF giữ nguyên' : ''}</span>
                  </button>
                );
              })}
            </div>
          </section>
        );
      })}
      <p className="hint">←→ chọn trang · <kbd>Alt</kbd>+←→ chuyển vị trí · <kbd>R</kbd> xoay · <kbd>Delete</kbd> xóa · <kbd>B</kbd> đánh dấu tờ trắng · <kbd>Enter</kbd> xem lớn · <kbd>1</kbd>–<kbd>9</kbd> đưa vào thành phần · <kbd>Q</kbd> quét lại · <kbd>Insert</kbd> quét chèn trước · <kbd>V</kbd> xem tệp đã lưu</p>
    </div>
  );
});
