import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { DocumentInfo, DossierDetail } from '../../../shared/contract';
import type { WorkflowState } from '../../../shared/contract/api-workflow';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { PreviewDialog } from '../components/PreviewDialog';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { focusWhenReady } from '../lib/focus';
import { formatInstant } from '../lib/format';
import { modalOpen, useShortcuts } from '../lib/hooks';
import { findForReturn, REPAIRED_HINT, type Found } from './find-for-return';
import { ReturnForm } from './ReturnForm';
import './work.css';

type Item = Found['items'][number];
type Phase = 'idle' | 'searching' | 'list' | 'form';
interface Done { number: string; state: WorkflowState; document: DocumentInfo | null }

export const SCAN_BOX_ID = 'return-scan';

/** Where focus belongs in each phase (null while the core answers: keys typed meanwhile are held). */
function target(phase: Phase): HTMLElement | null {
  if (phase === 'searching') return null;
  if (phase === 'form') return document.querySelector<HTMLElement>('[data-testid="return-form"] [data-autofocus]');
  return document.getElementById(SCAN_BOX_ID);
}

/**
 * "Trả kết quả" at the counter: the citizen's slip is scanned (a USB barcode scanner types its QR and Enter,
 * faster than any clerk: the box has focus from the moment the screen opens and every key typed while the
 * core answers is held for the next field), or its number, the name or the ID number is typed; then who
 * collects the result, and the return is recorded. Focus goes back to the box for the next citizen.
 */
export function ReturnScreen() {
  const [text, setText] = useState('');
  const [phase, setPhaseState] = useState<Phase>('idle');
  const phaseRef = useRef<Phase>('idle');
  const [items, setItems] = useState<Item[]>([]);
  const [active, setActive] = useState(0);
  const [message, setMessage] = useState<{ kind: 'error' | 'warning' | 'info'; text: string } | null>(null);
  const [chosen, setChosen] = useState<DossierDetail | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [preview, setPreview] = useState<DocumentInfo | null>(null);
  // What the last search was for: Enter on the same text picks the highlighted row instead of searching again.
  const lastSearched = useRef('');
  // Each search or choice started; Esc (restart) starts a new one, so an answer arriving after it is dropped.
  const generation = useRef(0);

  /** A phase change rendered at once, then focus where it belongs (held keys delivered there). */
  const enter = (next: Phase, update: () => void = () => undefined) => {
    phaseRef.current = next;
    flushSync(() => { setPhaseState(next); update(); });
    focusWhenReady(() => target(phaseRef.current));
    if (next === 'idle' || next === 'list') (document.getElementById(SCAN_BOX_ID) as HTMLInputElement | null)?.select();
  };

  const choose = async (item: Item | undefined) => {
    if (!item) return;
    if (!item.ready) {
      enter('list', () => setMessage({ kind: 'warning', text: `Hồ sơ ${item.number} đang ở giai đoạn "${item.stageName}": chưa có kết quả để trả.` }));
      return;
    }
    const mine = ++generation.current;
    enter('searching');
    try {
      const d = await api.call('dossiers.get', { id: item.id });
      if (mine !== generation.current) return;
      // A message about another row (no result yet) is over; the typing tool's warning stays.
      enter('form', () => { setChosen(d); setMessage((m) => (m?.text === REPAIRED_HINT ? m : null)); });
    } catch (e) {
      if (mine === generation.current) enter('list', () => setMessage({ kind: 'error', text: errorMessage(e) }));
    }
  };

  const search = async (raw: string) => {
    if (phaseRef.current === 'searching') return;
    const mine = ++generation.current;
    enter('searching', () => { setMessage(null); setDone(null); setChosen(null); });
    try {
      const r = await findForReturn(raw, (query) => api.call('workflow.findForReturn', { query }));
      if (mine !== generation.current) return;
      if (r.kind === 'empty') return enter('idle');
      if (r.kind === 'none') return enter('idle', () => { setItems([]); setMessage({ kind: 'error', text: r.message }); });
      const list = r.found.items;
      const hint = r.repaired ? { kind: 'warning' as const, text: REPAIRED_HINT } : null;
      const readyOnes = list.filter((i) => i.ready);
      // One dossier (or one with a result among several found by name): straight to the return.
      if (list.length === 1 || (readyOnes.length === 1 && r.found.matchedBy !== 'name')) {
        flushSync(() => { setItems(list); setActive(list.indexOf(readyOnes[0] ?? list[0]!)); setMessage(hint); });
        return void choose(readyOnes[0] ?? list[0]);
      }
      enter('list', () => { setItems(list); setActive(Math.max(0, list.indexOf(readyOnes[0]!))); setMessage(hint ?? { kind: 'info', text: `Tìm thấy ${list.length} hồ sơ: ↑↓ chọn, Enter để trả kết quả.` }); });
    } catch (e) {
      if (mine === generation.current) enter('idle', () => setMessage({ kind: 'error', text: errorMessage(e) }));
    }
  };

  const restart = () => {
    generation.current++;
    enter('idle', () => { setText(''); setItems([]); setChosen(null); setMessage(null); });
  };

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      // The box's own text when Enter came: a scanner's keys are all in it by then.
      if (phaseRef.current === 'list' && e.currentTarget.value === lastSearched.current) void choose(items[active]);
      else { lastSearched.current = e.currentTarget.value; void search(e.currentTarget.value); }
    } else if (e.key === 'ArrowDown' && items.length) { e.preventDefault(); setActive((i) => Math.min(i + 1, items.length - 1)); }
    else if (e.key === 'ArrowUp' && items.length) { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)); }
    else if (e.key === 'Escape' && (e.currentTarget.value || phaseRef.current === 'searching')) { e.preventDefault(); restart(); }
  };
  useShortcuts({ F2: restart });

  // Focus lost to the page (a click on empty space) when the next slip is scanned: the first character takes
  // the box back, in its own key handler, so it and the rest land there instead of nowhere. So does a letter
  // or digit typed on one of the return form's choices (↑↓ choose there): the next citizen's slip scanned
  // before this return was recorded — left in the form, its Enter would move on and a second one record it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const el = document.activeElement;
      const idle = !el || el === document.body;
      const onChoice = el instanceof HTMLSelectElement && !!el.closest('[data-testid="return-form"]') && /^[\p{L}\p{N}]$/u.test(e.key);
      if (!(idle || onChoice) || e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1 || modalOpen()) return;
      const box = document.getElementById(SCAN_BOX_ID) as HTMLInputElement | null;
      box?.focus();
      box?.select();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const onReturned = (d: DossierDetail, state: WorkflowState, document: DocumentInfo | null) => {
    lastSearched.current = '';
    enter('idle', () => { setDone({ number: d.number, state, document }); setText(''); setItems([]); setChosen(null); setMessage(null); });
  };

  return (
    <div className="screen return-screen">
      <div className="screen-head">
        <h1>Trả kết quả</h1>
        <ShortcutLegend items={[['Enter', 'Tìm / ô tiếp theo'], ['↑↓', 'Chọn hồ sơ'], ['Ctrl+Enter', 'Trả kết quả'], ['Esc', 'Xóa ô tìm'], ['F2', 'Người tiếp theo']]} />
      </div>
      <div className="toolbar">
        <input id={SCAN_BOX_ID} type="text" className="search scan-box" autoFocus value={text} spellCheck={false} autoComplete="off"
          placeholder="Quét mã QR trên giấy hẹn, hoặc nhập số hồ sơ, họ tên, số định danh rồi Enter"
          aria-label="Quét mã QR hoặc tìm hồ sơ" onChange={(e) => setText(e.target.value)} onKeyDown={onScanKey} data-testid="return-scan" />
        {phase === 'searching' && <span className="muted">Đang tìm…</span>}
      </div>
      {message && <Notice kind={message.kind} testId="return-message">{message.text}</Notice>}
      {done && <ReturnedRecord done={done} onPreview={setPreview} />}
      {items.length > 0 && (
        <table className="table" data-testid="return-results">
          <thead><tr><th>Mã hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Hẹn trả</th><th>Giai đoạn</th></tr></thead>
          <tbody>
            {items.map((r, i) => (
              <tr key={r.id} className={`${i === active ? 'active' : ''}${r.ready ? '' : ' inactive'}`} aria-selected={i === active}
                onClick={() => setActive(i)} onDoubleClick={() => void choose(r)}>
                <td className="mono">{r.number}</td><td>{r.applicantName}<div className="muted mono">{r.applicantIdNumber}</div></td>
                <td>{r.procedureName}</td><td>{formatInstant(r.dueAt)}</td>
                <td>{r.stageName}{r.ready && <strong className="ready-mark"> · có kết quả</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && phase === 'form' && (
        <section className="section return-panel" aria-label={`Trả kết quả hồ sơ ${chosen.number}`}>
          <h2>Hồ sơ <span className="mono" data-testid="return-number">{chosen.number}</span> · {chosen.procedureName}</h2>
          <p className="muted">Người nộp: {chosen.applicant.fullName} · nhận lúc {formatInstant(chosen.receivedAt)} · hẹn trả {formatInstant(chosen.dueAt)}</p>
          <ReturnForm key={chosen.id} dossier={chosen} onCancel={restart}
            onDone={(r) => onReturned(chosen, r.state, r.document)} />
        </section>
      )}
      {preview && done && <PreviewDialog documentId={preview.id} kind={preview.kind} dossierNumber={done.number} onClose={() => setPreview(null)} />}
    </div>
  );
}

function ReturnedRecord({ done, onPreview }: { done: Done; onPreview: (d: DocumentInfo) => void }) {
  const r = done.state.returned;
  const SAT = { satisfied: 'hài lòng', unsatisfied: 'không hài lòng' } as const;
  return (
    <div className="notice notice-success" role="status" data-testid="return-done">
      Đã trả kết quả hồ sơ <strong className="mono">{done.number}</strong>
      {r && <>
        {' '}lúc {formatInstant(r.returnedAt)}
        {r.method === 'post' ? ` qua bưu chính, số hiệu bưu gửi ${r.postalItemNumber}` : r.collector && ` cho ${r.collector.fullName}${r.collector.kind === 'authorized' ? ` (được ủy quyền, số định danh ${r.collector.idNumber})` : ''}`}
        {r.satisfaction && ` · người dân ${SAT[r.satisfaction]}`}
        {' '}· cán bộ trả: {r.returnedByName}.
      </>}
      {done.document && <> <button type="button" onClick={() => onPreview(done.document!)}>Xem, in biên nhận</button></>}
      <div className="muted">Quét giấy hẹn của người tiếp theo.</div>
    </div>
  );
}
