import { useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';

type Check = MethodOutput<'sync.testConnection'>;
export type ConnectionInput = MethodInput<'sync.testConnection'>;

const MARK: Record<Check['steps'][number]['state'], string> = { ok: '✓', failed: '✗', skipped: '–' };

/** A second setting at fault gets a short pointer; the full message stays under the first one. */
const ALSO: Record<string, string> = {
  password: 'Kiểm tra lại mật khẩu đồng bộ.', timeoutMs: 'Tăng thời gian chờ nếu đường mạng chậm.', baseUrl: 'Kiểm tra lại địa chỉ.',
  username: 'Kiểm tra lại tên đăng nhập.', agencyCode: 'Kiểm tra lại mã đơn vị.', dstcode: 'Kiểm tra lại mã dstcode.',
};

/**
 * "Kiểm tra kết nối": the core tries what is typed (not yet saved) against the provincial system, step by step,
 * and says for each what came back. The settings at fault are handed to the form (its errors, first-error focus).
 */
export function ConnectionCheck({ input, onFieldErrors }: {
  /** The typed settings, or null when the form cannot say them yet (its own errors are shown instead). */
  input: () => ConnectionInput | null;
  /** Config paths → messages (empty when the check passed). */
  onFieldErrors: (errors: Record<string, string>) => void;
}) {
  const [check, setCheck] = useState<Check | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async () => {
    const typed = input();
    if (!typed || running) return;
    setRunning(true);
    setFailure(null);
    setCheck(null);
    try {
      const result = await api.call('sync.testConnection', typed);
      setCheck(result);
      const failed = result.steps.find((s) => s.state === 'failed');
      const errors: Record<string, string> = {};
      failed?.fields.forEach((field, i) => { errors[field] = i === 0 ? failed.message : ALSO[field] ?? 'Kiểm tra lại ô này.'; });
      onFieldErrors(errors);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="connection-check-block">
      <div className="connection-check-actions">
        {/* Not disabled while it runs: a disabled button drops the keyboard focus to the page. */}
        <button type="button" onClick={() => void run()} aria-disabled={running} aria-busy={running} data-testid="portal-check">
          {running ? 'Đang kiểm tra kết nối…' : 'Kiểm tra kết nối'}
        </button>
        <span className="muted">Thử địa chỉ và tài khoản đang nhập (chưa cần lưu): kết nối, đúng hệ thống, đăng nhập, đọc thử.</span>
      </div>
      {check && (
        <>
          <Notice kind={check.ok ? 'success' : 'error'} testId="portal-check-summary">{check.summary}</Notice>
          <ol className="connection-check" data-testid="portal-check-steps" aria-label="Các bước kiểm tra kết nối">
            {check.steps.map((s) => (
              <li key={s.step} data-step={s.step} data-state={s.state}>
                <span className="mark" aria-hidden="true">{MARK[s.state]}</span>
                <strong>{s.title}</strong>
                <span className="message">{s.state === 'ok' ? '' : s.state === 'failed' ? 'Chưa được: ' : ''}{s.message}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {failure && <Notice kind="error">{failure}</Notice>}
    </div>
  );
}
