import { useState } from 'react';
import type { MethodInput } from '../../../shared/contract';
import type { JobView } from './moves';

type PageOp = MethodInput<'scanning.pageOp'>['op'];

/** Split one scanned stack into components: page ranges ("1-3") per component, or at blank separator sheets. */
export function SplitTool({ job, disabled, onOp }: { job: JobView; disabled: boolean; onOp: (op: PageOp) => void }) {
  const [ranges, setRanges] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const blanks = job.pages.filter((p) => p.blank).length;

  const byRanges = () => {
    const out: { code: string; from: number; to: number }[] = [];
    for (const c of job.components) {
      const v = (ranges[c.code] ?? '').trim();
      if (!v) continue;
      const m = /^(\d+)\s*(?:[-–]\s*(\d+))?$/.exec(v);
      if (!m) return setError(`"${v}" không phải khoảng trang (ví dụ 1-3).`);
      out.push({ code: c.code, from: Number(m[1]), to: Number(m[2] ?? m[1]) });
    }
    if (!out.length) return setError('Nhập khoảng trang cho ít nhất một thành phần.');
    setError(null);
    onOp({ op: 'splitRanges', ranges: out });
  };

  return (
    <div className="split-tool" data-testid="split-tool">
      <h4>Chia xấp giấy vào thành phần</h4>
      {job.components.map((c, i) => (
        <label key={c.code} className="split-row">
          <span>{c.kind === 1 ? c.name : `${i + 1}. ${c.name}`}</span>
          <input value={ranges[c.code] ?? ''} placeholder="vd. 1-3" disabled={disabled}
            onChange={(e) => setRanges((r) => ({ ...r, [c.code]: e.target.value }))} aria-label={`Khoảng trang của ${c.name}`} />
        </label>
      ))}
      {error && <div className="field-error">{error}</div>}
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
