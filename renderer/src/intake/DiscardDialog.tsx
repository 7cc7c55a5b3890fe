import { Dialog } from '../components/Dialog';
import { useShortcuts } from '../lib/hooks';

export const DISCARD_DIALOG = 'discard-dialog';

interface Props {
  /** What is being typed, in a few words ("Đăng ký khai sinh · Nguyễn Văn An"). */
  summary: string;
  onKeep: () => void;
  onDiscard: () => void;
}

/**
 * F2 (or Ctrl+N) on a dossier not saved yet asks first. Keeping is the default (Enter, Esc); the same key
 * pressed again discards, so a clerk who meant it loses one keystroke and nobody loses a half-typed dossier.
 */
export function DiscardDialog({ summary, onKeep, onDiscard }: Props) {
  useShortcuts({ F2: onDiscard, 'Ctrl+N': onDiscard }, { inDialogs: true, dialog: DISCARD_DIALOG });
  return (
    <Dialog title="Bỏ hồ sơ đang nhập?" onClose={onKeep} testId={DISCARD_DIALOG}>
      <p>Hồ sơ này chưa được lưu{summary ? <>: <strong>{summary}</strong></> : null}. Bỏ đi thì những gì đã nhập sẽ mất.</p>
      <div className="dialog-actions">
        <button type="button" className="primary" data-autofocus="" onClick={onKeep} data-testid="discard-keep">
          Tiếp tục nhập <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={onDiscard} data-testid="discard-confirm">Bỏ, nhập hồ sơ mới <kbd>F2</kbd></button>
      </div>
    </Dialog>
  );
}
