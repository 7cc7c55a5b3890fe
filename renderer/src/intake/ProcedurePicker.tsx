import { forwardRef, useEffect, useState, type KeyboardEvent } from 'react';
import type { ProcedureVersion } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { useDebounced } from '../lib/hooks';

interface Props {
  selected: ProcedureVersion | null;
  onSelect: (p: ProcedureVersion) => void;
  error?: string;
  disabled?: boolean;
}

/**
 * Combobox: type part of the name without diacritics ("xac nhan hon nhan") or the code ("1.004873");
 * ↑/↓ move, Enter chooses, Esc closes the list. The core does the folding and ranking.
 */
export const ProcedurePicker = forwardRef<HTMLInputElement, Props>(function ProcedurePicker(
  { selected, onSelect, error, disabled }, ref,
) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<ProcedureVersion[]>([]);
  const [active, setActive] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The query the shown results belong to, and an Enter pressed before they arrived.
  const [resultsQuery, setResultsQuery] = useState<string | null>(null);
  const [enterPending, setEnterPending] = useState(false);
  const query = useDebounced(text, 120);

  // A new dossier clears the picker.
  useEffect(() => { if (!selected) setText(''); }, [selected]);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    api.call('procedures.search', { query, limit: 20 }).then(
      (r) => { if (!cancelled) { setResults(r); setResultsQuery(query); setActive(0); setLoadError(null); } },
      (e) => { if (!cancelled) setLoadError(errorMessage(e)); },
    );
    return () => { cancelled = true; };
  }, [query, open]);

  const choose = (p: ProcedureVersion | undefined) => {
    setEnterPending(false);
    if (!p) return;
    setOpen(false);
    setText(`${p.code} – ${p.name}`);
    onSelect(p);
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
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        // Typed fast and Enter at once: the list still shows an older query, so choose when the answer comes.
        if (resultsQuery !== text) setEnterPending(true);
        else choose(results[active]);
      } else if (!selected) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(true);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  useEffect(() => {
    if (enterPending && open && resultsQuery === text) choose(results[0]);
  }, [enterPending, resultsQuery, text, open, results]);

  const listId = 'procedure-list';
  const showList = open && !disabled;
  return (
    <div className={`field procedure-picker${error ? ' has-error' : ''}`}>
      <label htmlFor="procedure">Thủ tục hành chính <span className="required" aria-hidden="true">*</span></label>
      <input
        id="procedure" ref={ref} type="text" role="combobox" autoComplete="off" spellCheck={false}
        aria-expanded={showList} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={showList && results[active] ? `proc-${results[active].id}` : undefined}
        placeholder="Gõ tên thủ tục không dấu hoặc mã, ví dụ: khai sinh, 1.001193"
        value={text} disabled={disabled}
        onChange={(e) => { setText(e.target.value); setOpen(true); }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target.select()}
        onBlur={() => setOpen(false)}
        data-testid="procedure-input"
      />
      {error && <div className="field-error" role="alert">{error}</div>}
      {showList && (
        <ul className="listbox" id={listId} role="listbox" aria-label="Kết quả tìm thủ tục">
          {loadError && <li className="listbox-empty text-error">{loadError}</li>}
          {!loadError && results.length === 0 && <li className="listbox-empty">Không tìm thấy thủ tục phù hợp.</li>}
          {results.map((p, i) => (
            <li
              key={p.id} id={`proc-${p.id}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: it must win over the input's blur.
              onMouseDown={(e) => { e.preventDefault(); choose(p); }}
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
