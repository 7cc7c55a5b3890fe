import { useState } from 'react';
import { stackRangesToJob, type PageOp } from './grid-model';
import { groupPages, type JobView } from './moves';

/**
 * Split the unsorted stack into components: page ranges of the stack ("1-3": its pages 1 to 3, as numbered on
 * the thumbnails) per component, or at blank separator sheets. Enter in a range box splits.
 */
export function SplitTool({ job, disabled, onOp }: {
  job: JobView; disabled: boolean;
  /** The split; the panel then hands focus back to the selected page (in this key's or click's handler). */
  onOp: (op: PageOp) => void;
}) {
  const [ranges, setRanges] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const stack = groupPages(job, null);
  const blanks = job.pages.filter((p) => p.blank).length;
  let n = 0;
  const label = (c: JobView['components'][number]) => (c.kind === 1 ? c.name : `${(n += 1)}. ${c.name}`);

  const byRanges = () => {
    const asked: { code: string; from: number; to: number }[] = [];
    for (const c of job.components) {
      const v = (ranges[c.code] ?? '').trim();
      if (!v) continue;
      const m = /^(\d+)\s*(?:[-–]\s*(\d+))?$/.exec(v);
      if (!m) return setError(`"${v}" không phải khoảng trang (ví dụ 1-3).`);
      asked.push({ code: c.code, from: Number(m[1]), to: Number(m[2] ?? m[1]) });
    }
    if (!asked.length) return setError('Nhập khoảng trang cho ít nhất một thành phần.');
    const r = stackRangesToJob(job, asked);
    if ('error' in r) return setError(r.error);
    setError(null);
    setRanges({});
    onOp({ op: 'splitRanges', ranges: r.ranges });
  };

  return (
    <div className="split-tool" data-testid="split-tool">
      <h4>Chia xấp giấy vào thành phần</h4>
      <p className="hint" id="split-hint">Số trang theo xấp chưa phân loại ({stack.length} trang, số ở góc mỗi trang), ví dụ 1-3.</p>
      {job.components.map((c) => (
        <label key={c.code} className="split-row">
          <span>{label(c)}</span>
          <input value={ranges[c.code] ?? ''} placeholder="vd. 1-3" disabled={disabled} aria-describedby="split-hint"
            onChange={(e) => setRanges((r) => ({ ...r, [c.code]: e.target.value }))}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); byRanges(); } }}
            aria-label={`Khoảng trang của ${c.name}`} />
        </label>
      ))}
      {error && <div className="field-error" role="alert">{error}</div>}
      <div className="dialog-actions">
        <button type="button" onClick={byRanges} disabled={disabled}>Chia theo khoảng trang</button>
        <button type="button" disabled={disabled || blanks === 0} title="Mỗi tờ trắng ngăn cách hai thành phần, theo thứ tự danh sách (không gồm kết quả)"
          onClick={() => onOp({ op: 'splitBlank', codes: job.components.filter((c) => c.kind !== 1).map((c) => c.code) })}>
          Chia theo tờ phân cách trắng ({blanks})
        </button>
      </div>
    </div>
  );
}
