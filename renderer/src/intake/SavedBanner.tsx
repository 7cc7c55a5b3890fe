import { useLayoutEffect, useRef } from 'react';
import type { DossierDetail } from '../../../shared/contract';
import { formatInstant } from '../lib/format';
import type { Outcome } from './draft';

const OUTCOME_DONE: Record<Outcome, string> = {
  receive: 'Đã tiếp nhận hồ sơ',
  'request-completion': 'Đã lập Phiếu yêu cầu bổ sung cho hồ sơ',
  refuse: 'Đã lập Phiếu từ chối cho hồ sơ',
};

export type NextAction = 'scan' | 'print' | 'new';

/** The action that takes focus after a save: scanning the papers of a received dossier, else the next dossier. */
export function nextActionAfter(outcome: Outcome, scanned: boolean): NextAction {
  return outcome === 'receive' && !scanned ? 'scan' : 'new';
}

/** The button of an action in the banner (for a focus move). */
export function nextActionButton(action: NextAction): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="saved-banner"] [data-action="${action}"]`);
}

interface Props {
  saved: { dossier: DossierDetail; outcome: Outcome; warnings: string[] } | null;
  onScan: () => void;
  onPrint: () => void;
  onNew: () => void;
}

/**
 * What was saved, and what to do next as buttons with their keys. The region is always there (role=status),
 * so its text is announced when a save fills it; it is brought into view wherever the page was scrolled.
 */
export function SavedBanner({ saved, onScan, onPrint, onNew }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const id = saved?.dossier.id ?? null;
  useLayoutEffect(() => {
    if (id) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);
  return (
    <div role="status" aria-live="polite" data-testid="save-status">
      {saved && (
        <div ref={ref} className="notice notice-success" data-testid="saved-banner">
          {OUTCOME_DONE[saved.outcome]}{' '}
          <strong data-testid="saved-number">{saved.dossier.number}</strong>
          {saved.dossier.provisional && <span className="tag">tạm</span>}
          {saved.dossier.dueAt && <> · hẹn trả {formatInstant(saved.dossier.dueAt)}</>}.
          {saved.warnings.map((w) => <div key={w} className="muted">{w}</div>)}
          <div className="inline" style={{ marginTop: 6, flexWrap: 'wrap' }}>
            {saved.outcome === 'receive' && (
              <button type="button" data-action="scan" onClick={onScan} data-testid="open-scanning">Số hóa giấy tờ <kbd>F9</kbd></button>
            )}
            <button type="button" data-action="print" onClick={onPrint}>
              {saved.outcome === 'receive' ? 'Xem, in phiếu hẹn' : 'Xem, in phiếu'} <kbd>Ctrl+P</kbd>
            </button>
            <button type="button" data-action="new" onClick={onNew}>Hồ sơ mới <kbd>F2</kbd></button>
          </div>
        </div>
      )}
    </div>
  );
}
