import { forwardRef, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ProcedureVersion } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { useDebounced } from '../lib/hooks';

interface Props {
  selected: ProcedureVersion | null;
  onSelect: (p: ProcedureVersion) => void;
  /**
   * The clerk is done here (Enter, or a click on a result): called in the same key handler, so the parent
   * moves focus before the next key arrives. With Enter pressed before the search answered, it comes first
   * and `onSelect` follows when the answer does.
   */
  onCommit?: () => void;
  /**
   * That late choice: 'waiting' when Enter went ahead of the search, then 'chosen' (onSelect has been called)
   * or 'dropped' (nothing found, or the clerk came back and typed again). The parent holds its F7/F8/Ctrl+S
   * until it knows.
   */
  onLateChoice?: (state: 'waiting' | 'chosen' | 'dropped') => void;
  error?: string;
  disabled?: boolean;
}

const SEARCH_LIMIT = 20;

/**
 * Combobox: type part of the name without diacritics ("xac nhan hon nhan") or the code ("1.004873");
 * ↑/↓ move, Enter chooses, Esc closes the list. The core does the folding and ranking.
 */
export const ProcedurePicker = forwardRef<HTMLInputElement, Props>(function ProcedurePicker(
  { selected, onSelect, onCommit, onLateChoice, error, disabled }, ref,
) {
  const [text, setText] = useState(() => (selected ? label(selected) : ''));
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<ProcedureVersion[]>([]);
  const [active, setActive] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The query the shown results belong to.
  const [resultsQuery, setResultsQuery] = useState<string | null>(null);
  // What Enter was pressed on before its results arrived (chosen when they do), and a query that found nothing.
  const pending = useRef<string | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const query = useDebounced(text, 120);
  // A search answering after this picker is gone (F2: a new dossier) must not choose for the next dossier.
  useEffect(() => () => { pending.current = null; }, []);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    api.call('procedures.search', { query, limit: SEARCH_LIMIT }).then(
      (r) => { if (!cancelled) { setResults(r); setResultsQuery(query); setActive(0); setLoadError(null); } },
      (e) => { if (!cancelled) setLoadError(errorMessage(e)); },
    );
    return () => { cancelled = true; };
  }, [query, open]);

  const choose = (p: ProcedureVersion) => {
    const late = pending.current !== null;
    pending.current = null;
    setNotFound(null);
    setOpen(false);
    setText(label(p));
    onSelect(p);
    if (late) onLateChoice?.('chosen');
  };
  const dropLateChoice = () => {
    if (pending.current === null) return;
    pending.current = null;
    onLateChoice?.('dropped');
  };

  /** Enter before the list shows this text's results: search it now (no debounce), choose the first match. */
  const chooseWhenAnswered = (q: string) => {
    pending.current = q;
    onLateChoice?.('waiting');
    setOpen(false);
    api.call('procedures.search', { query: q, limit: SEARCH_LIMIT }).then(
      (r) => {
        if (pending.current !== q) return; // the clerk came back and typed something else
        if (r[0]) return choose(r[0]);
        dropLateChoice();
        setNotFound(`Không tìm thấy thủ tục "${q}". Quay lại ô này (Shift+Tab) và gõ tên hoặc mã khác.`);
      },
      (e) => { if (pending.current === q) { dropLateChoice(); setNotFound(errorMessage(e)); } },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      const current = open && resultsQuery === text;
      if (current && results[active]) {
        e.preventDefault();
        e.stopPropagation();
        choose(results[active]);
        onCommit?.();
      } else if (current) {
        // This text's results are shown and there are none: stay here ("Không tìm thấy" is in the list).
        e.preventDefault();
        e.stopPropagation();
      } else if (selected && text === label(selected)) {
        e.preventDefault();
        e.stopPropagation();
        onCommit?.();
      } else if (text.trim()) {
        // Typed fast and Enter at once: the list still shows an older query (or none). The clerk goes on
        // typing the applicant now; the procedure is chosen when the search answers.
        e.preventDefault();
        e.stopPropagation();
        chooseWhenAnswered(text);
        onCommit?.();
      } else {
        e.preventDefault();
        e.stopPropagation();
        setOpen(true);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  const listId = 'procedure-list';
  const showList = open && !disabled;
  const shownError = notFound ?? error;
  return (
    <div className={`field procedure-picker${shownError ? ' has-error' : ''}`}>
      <label htmlFor="procedure">Thủ tục hành chính <span className="required" aria-hidden="true">*</span></label>
      <input
        id="procedure" ref={ref} type="text" role="combobox" autoComplete="off" spellCheck={false}
        aria-expanded={showList} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={showList && results[active] ? `proc-${results[active].id}` : undefined}
        placeholder="Gõ tên thủ tục không dấu hoặc mã, ví dụ: khai sinh, 1.001193"
        value={text} disabled={disabled}
        onChange={(e) => { dropLateChoice(); setNotFound(null); setText(e.target.value); setOpen(true); }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target.select()}
        onBlur={() => setOpen(false)}
        data-testid="procedure-input"
      />
      {shownError && <div className="field-error" role="alert">{shownError}</div>}
      {showList && (
        <ul className="listbox" id={listId} role="listbox" aria-label="Kết quả tìm thủ tục">
          {loadError && <li className="listbox-empty text-error">{loadError}</li>}
          {!loadError && results.length === 0 && <li className="listbox-empty">Không tìm thấy thủ tục phù hợp.</li>}
          {results.map((p, i) => (
            <li
              key={p.id} id={`proc-${p.id}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: it must win over the input's blur.
              onMouseDown={(e) => { e.preventDefault(); choose(p); onCommit?.(); }}
            >
              <span className="code">{p.code}</span> {p.name}
              <span className="muted"> · {p.sector} · {p.durationText}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});

function label(p: ProcedureVersion): string {
  return `${p.code} – ${p.name}`;
}
