// The dossier's checklist beside the pages: per component the pages scanned against the pages the paper has
// (the clerk's count, explained), what is saved (only a saved file counts as digitized) and its text
// recognition; then the result papers. Đề án 06: a paper already digitized for this citizen is reused.
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { ReuseButton } from './ReuseDialog';
import type { JobView } from './moves';

type Component = JobView['components'][number];
type DigitizedFile = MethodOutput<'scanning.reuse'>['file'];
type Candidate = MethodOutput<'scanning.reuseCandidates'>[number];

const OCR_STATE: Record<string, string> = {
  pending: ' · đang nhận dạng chữ…', done: ' · đã nhận dạng chữ', partial: ' · nhận dạng chữ được một phần', failed: ' · không nhận dạng được chữ',
};

/** "Đã lưu 3 trang · đã nhận dạng chữ", or where the reused file comes from. */
function savedState(c: Component, result: boolean): string {
  const d = c.digitized;
  if (!d) return result ? 'Chưa lưu kết quả' : 'Chưa lưu bản số hóa';
  if (d.reusedFrom) return `✓ Dùng lại từ hồ sơ ${d.reusedFrom.dossierNumber}${d.state === 3 ? ' (kết quả)' : ''} · ${d.pageCount} trang`;
  return `Đã lưu ${result ? 'kết quả ' : ''}${d.pageCount} trang${OCR_STATE[d.ocrState] ?? ''}`;
}

/** "thiếu 2 trang" / "thừa 1 trang" against the count the clerk gave. */
function countGap(c: Component): string | null {
  if (c.expected === null || c.scanned === c.expected) return null;
  return c.scanned < c.expected ? `thiếu ${c.expected - c.scanned} trang` : `thừa ${c.scanned - c.expected} trang`;
}

export function Checklist({ job, reusable, scanning, busy, onExpected, onReused, onView }: {
  job: JobView; reusable: number; scanning: boolean; busy: boolean;
  /** Opens the component's saved PDF. */
  onView: (c: Component) => void;
  onExpected: (code: string, pages: number | null) => void;
  onReused: (job: JobView | null, file: DigitizedFile, from: Candidate) => void;
}) {
  const components = job.components.filter((c) => c.kind !== 1);
  const results = job.components.filter((c) => c.kind === 1);
  const saved = components.filter((c) => c.digitized).length;
  const pending = components.filter((c) => c.unsaved).length;
  return (
    <>
      <h3>Thành phần hồ sơ <span className="muted" data-testid="scan-saved-count">({saved}/{components.length} đã lưu{pending ? `, ${pending} có thay đổi chưa lưu` : ''})</span></h3>
      <p className="hint" id="expected-hint">
        Ô số bên cạnh: số trang giấy tờ có theo hồ sơ (đếm trên bản giấy) — để biết đã quét đủ chưa. Để trống nếu không cần so.
      </p>
      <ol data-testid="scan-checklist">
        {components.map((c) => (
          <li key={c.code} className={c.digitized && !c.unsaved ? 'done' : ''} data-testid={`component-${c.code}`}>
            <div className="name">{c.digitized && !c.unsaved ? '✓ ' : ''}{c.name}</div>
            <div className="counts">
              <span data-testid="component-label">{c.scanned} trang đã quét</span>
              {/* Not locked while the core answers: the clerk keeps typing in the box. */}
              <ExpectedPages component={c} disabled={scanning} onCommit={(n) => onExpected(c.code, n)} />
              {countGap(c) && <strong className="gap" data-testid="component-gap"> · {countGap(c)}</strong>}
            </div>
            <div className="state muted" data-testid="component-state">
              {savedState(c, false)}
              {c.unsaved && <strong className="unsaved"> · có thay đổi chưa lưu</strong>}
              {c.digitized && <> · <button type="button" className="link-button" onClick={() => onView(c)} data-testid={`view-file-${c.code}`}>Xem tệp</button></>}
            </div>
            <ReuseButton dossierId={job.dossierId} jobId={job.id} component={c} count={reusable} disabled={scanning || busy} onReused={onReused} />
          </li>
        ))}
      </ol>
      {results.length > 0 && (
        <>
          {/* The signed result (certificate, confirmation…): stored as an electronic result and sent as a result paper.
              It may be scanned before the dossier is marked finished. */}
          <h3>Kết quả giải quyết <span className="muted">({results.filter((c) => c.digitized).length}/{results.length} đã lưu)</span></h3>
          <ul className="plain" data-testid="scan-results">
            {results.map((c) => (
              <li key={c.code} className={c.digitized && !c.unsaved ? 'done' : ''} data-testid={`component-${c.code}`} data-kind="result">
                {/* Under this heading the job's "Kết quả: " prefix would only repeat it. */}
                <div className="name">{c.digitized && !c.unsaved ? '✓ ' : ''}{c.name.replace(/^Kết quả: /, '')}</div>
                <div className="counts"><span data-testid="component-label">{c.scanned} trang đã quét</span></div>
                <div className="state muted" data-testid="component-state">
                  {savedState(c, true)}
                  {c.unsaved && <strong className="unsaved"> · có thay đổi chưa lưu</strong>}
                  {c.digitized && <> · <button type="button" className="link-button" onClick={() => onView(c)} data-testid={`view-file-${c.code}`}>Xem tệp</button></>}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** "/ [ 5 ] trang theo hồ sơ": kept while typed, sent on Enter or on leaving the box. */
function ExpectedPages({ component: c, disabled, onCommit }: { component: Component; disabled: boolean; onCommit: (n: number | null) => void }) {
  const [text, setText] = useState(c.expected === null ? '' : String(c.expected));
  useEffect(() => setText(c.expected === null ? '' : String(c.expected)), [c.expected]);
  const commit = () => {
    const v = text.trim();
    const n = v === '' ? null : Number(v);
    if (n !== null && (!Number.isInteger(n) || n < 0)) return setText(c.expected === null ? '' : String(c.expected));
    if (n !== c.expected) onCommit(n);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') { e.preventDefault(); commit(); }
  };
  return (
    <label className="expected-label">
      {' / '}
      <input type="number" min={0} className="expected" value={text} disabled={disabled} data-testid="component-expected"
        aria-label={`Số trang theo hồ sơ của "${c.name}"`} aria-describedby="expected-hint"
        onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      {' '}trang theo hồ sơ
    </label>
  );
}
