// "Dùng lại bản đã số hóa" (Đề án 06: the office does not ask the citizen again for a paper it already holds
// digitized): per component of the scanning checklist, a button when the citizen's other dossiers have current
// digitized files, and the dialog that lists them — ↑/↓ choose, Enter reuses, Esc closes — with a preview of
// the chosen file.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { PdfFrame } from '../components/PdfFrame';
import { formatInstant } from '../lib/format';
import type { JobView } from './moves';

type Candidate = MethodOutput<'scanning.reuseCandidates'>[number];
type DigitizedFile = MethodOutput<'scanning.reuse'>['file'];
interface ComponentRef { position: number; code: string; name: string }

/**
 * The button of one checklist line; nothing when the citizen has no digitized file elsewhere. `count` comes
 * from the panel, which asks for the dossier's candidates once for all its lines.
 */
export function ReuseButton({ dossierId, jobId, component, count, disabled, onReused }: {
  dossierId: string; jobId: string; component: ComponentRef; count: number; disabled: boolean;
  onReused: (job: JobView | null, file: DigitizedFile, from: Candidate) => void;
}) {
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  return (
    <>
      <button type="button" className="link-button" disabled={disabled} onClick={() => setOpen(true)} data-testid={`reuse-${component.code}`}
        title="Giấy tờ này đã được số hóa trong hồ sơ khác của cùng người nộp: dùng lại, không yêu cầu nộp lại">
        Dùng lại bản đã số hóa ({count})
      </button>
      {open && createPortal(
        <ReuseDialog dossierId={dossierId} jobId={jobId} component={component} onClose={() => setOpen(false)}
          onReused={(job, file, from) => { setOpen(false); onReused(job, file, from); }} />,
        document.body,
      )}
    </>
  );
}

/** The citizen's digitized files in other dossiers for one component: same component first, newest first. */
export function ReuseDialog({ dossierId, jobId, component, onClose, onReused }: {
  dossierId: string; jobId?: string; component: ComponentRef; onClose: () => void;
  onReused: (job: JobView | null, file: DigitizedFile, from: Candidate) => void;
}) {
  const [list, setList] = useState<Candidate[] | null>(null);
  const [active, setActive] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    let cancelled = false;
    api.call('scanning.reuseCandidates', { dossierId, componentPosition: component.position }).then(
      (r) => { if (!cancelled) { setList(r); setActive(0); } },
      (e) => { if (!cancelled) setFailure(errorMessage(e)); },
    );
    return () => { cancelled = true; };
  }, [dossierId, component.position]);

  // The dialog opens before the list arrives: the list takes the focus once it is there.
  const loaded = list !== null && list.length > 0;
  useEffect(() => { if (loaded) tableRef.current?.focus(); }, [loaded]);
  useEffect(() => { tableRef.current?.querySelector(`#reuse-row-${active}`)?.scrollIntoView({ block: 'nearest' }); }, [active]);

  const choose = (c: Candidate | undefined) => {
    if (!c || busy) return;
    setBusy(true);
    setFailure(null);
    api.call('scanning.reuse', { dossierId, componentPosition: component.position, sourceFileId: c.fileId, jobId }).then(
      (r) => onReused(r.job, r.file, c),
      (e) => { setFailure(errorMessage(e)); setBusy(false); },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (!list?.length) return;
    const last = list.length - 1;
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, last));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(last);
    else if (e.key === 'Enter') choose(list[active]);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // Esc closes this dialog only. Left to the browser, Chrome may treat the stacked dialogs (detail, panel,
  // this one) opened by keyboard as one group of close watchers and close them all at once.
  const onDialogKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };

  const current = list?.[active];
  return (
    <Dialog title={`Dùng lại bản đã số hóa: ${component.name}`} onClose={onClose} wide testId="reuse-dialog">
      <div onKeyDown={onDialogKey}>
        <p className="muted">
          Giấy tờ của cùng người nộp (cùng số định danh cá nhân) đã số hóa trong hồ sơ khác. Chọn bằng <kbd>↑</kbd><kbd>↓</kbd>,
          {' '}<kbd>Enter</kbd> để dùng lại — không cần quét lại, không yêu cầu công dân nộp lại.
        </p>
        {failure && <Notice kind="error" testId="reuse-failure">{failure}</Notice>}
        {!list && !failure && <p>Đang tải…</p>}
        {list?.length === 0 && <Notice kind="info">Không còn bản số hóa nào của người nộp này để dùng lại.</Notice>}
        {list && list.length > 0 && (
          <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 12, alignItems: 'start' }}>
            <div style={{ maxHeight: '50vh', overflow: 'auto' }}>
              <table ref={tableRef} className="table compact" role="grid" tabIndex={0} aria-label="Bản đã số hóa có thể dùng lại"
                aria-activedescendant={`reuse-row-${active}`} onKeyDown={onKeyDown} data-testid="reuse-list">
                <thead>
                  <tr><th>Hồ sơ</th><th>Ngày số hóa</th><th>Giấy tờ</th><th>Số trang</th></tr>
                </thead>
                <tbody>
                  {list.map((c, i) => (
                    <tr key={c.fileId} id={`reuse-row-${i}`} role="row" aria-selected={i === active} className={i === active ? 'active' : undefined}
                      onClick={() => setActive(i)} onDoubleClick={() => choose(c)} data-testid="reuse-row">
                      <td><span className="mono">{c.dossierNumber}</span><div className="muted">{c.procedureName}</div></td>
                      <td>{formatInstant(c.scannedAt)}</td>
                      <td>
                        {c.componentName}
                        {c.isResult && <span className="tag" title="Kết quả giải quyết của hồ sơ đó">kết quả</span>}
                        {c.sameComponent && <div className="muted">Cùng loại giấy tờ</div>}
                      </td>
                      <td>{c.pageCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {current && <PdfFrame source={{ digitizedFile: current.fileId }} title={`${current.componentName} · hồ sơ ${current.dossierNumber}`}
              delayMs={250} height="50vh" testId="reuse-preview" />}
          </div>
        )}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="primary" disabled={!current || busy} onClick={() => choose(current)} data-testid="reuse-choose">
            Dùng bản này <kbd>Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </div>
    </Dialog>
  );
}
