// SMS through the gateway the office contracted: an HTTP POST built from the office's settings (URL, key
// header, body template). The notice's id goes in the body ({messageId}) and as Idempotency-Key, so a
// gateway that checks duplicates sends a message once however often it is asked.
import type { SmsSettings } from '../../shared/contract/api-notify';
import { validatePhoneVn } from '../../shared/validation/contact';
import { NotifyError } from './errors';
import { smsText } from './sms-text';
import type { NoticeTransport, OutgoingNotice } from './transport';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export interface SmsRequest { url: string; headers: Record<string, string>; body: string }

/** The gateway's request for one message (also checked when the settings are saved, with sample values). */
export function buildSmsRequest(s: SmsSettings, key: string | null, n: Pick<OutgoingNotice, 'to' | 'text' | 'messageId'>): SmsRequest {
  const values: Record<string, string> = {
    to: s.phonePrefix === '84' ? `84${n.to.replace(/^0/, '')}` : n.to,
    text: smsText(n.text, s.encoding), messageId: n.messageId, unicode: s.encoding === 'unicode' ? '1' : '0',
  };
  const escape = s.contentType === 'json' ? (v: string) => JSON.stringify(v).slice(1, -1) : encodeURIComponent;
  const fill = (t: string, esc: (v: string) => string) => t.replace(/\{(to|text|messageId|unicode)\}/g, (_m, k: string) => esc(values[k]!));
  const headers: Record<string, string> = {
    'content-type': s.contentType === 'json' ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8',
    'idempotency-key': n.messageId,
  };
  if (s.authHeader && key) headers[s.authHeader.toLowerCase()] = key;
  return { url: fill(s.url, encodeURIComponent), headers, body: fill(s.bodyTemplate, escape) };
}

export class SmsTransport implements NoticeTransport {
  readonly channel = 'sms' as const;
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly settings: SmsSettings, private readonly key: string | null) {
    if (!settings.enabled) throw new NotifyError('config', 'Chưa bật gửi SMS (Quản trị → Thông báo).');
    if (!/^https?:\/\/\S+$/.test(settings.url)) throw new NotifyError('config', 'Chưa cấu hình địa chỉ cổng SMS (Quản trị → Thông báo).');
  }

  async send(n: OutgoingNotice): Promise<void> {
    const phone = validatePhoneVn(n.to);
    if (!phone.ok || phone.kind !== 'mobile') {
      throw new NotifyError('rejected', `Số "${n.to}" không phải số di động nhận được SMS: sửa số điện thoại của người nộp hoặc báo cho họ bằng cách khác.`);
    }
    const req = buildSmsRequest(this.settings, this.key, { ...n, to: phone.value });
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new NotifyError('transient', `Cổng SMS không trả lời sau ${this.settings.timeoutSec} giây; sẽ tự gửi lại (cùng mã tin).`)),
      this.settings.timeoutSec * 1000);
    let status: number;
    let body: string;
    try {
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: abort.signal });
      status = res.status;
      body = await res.text();
    } catch (e) {
      throw this.classify(e, abort.signal.reason);
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    const said = body.trim().slice(0, 200);
    if (status === 401 || status === 403) {
      throw new NotifyError('auth', `Cổng SMS từ chối khóa truy cập (HTTP ${status}${said ? `: ${said}` : ''}): kiểm tra khóa ở Quản trị → Thông báo.`);
    }
    if (status === 408 || status === 429 || status >= 500) throw new NotifyError('transient', `Cổng SMS tạm chưa nhận tin (HTTP ${status}); sẽ tự gửi lại.`);
    if (status < 200 || status >= 300) {
      throw new NotifyError('rejected', `Cổng SMS từ chối tin nhắn (HTTP ${status}${said ? `: ${said}` : ''}): kiểm tra số điện thoại, rồi gửi lại hoặc báo cho người nộp bằng cách khác.`);
    }
    if (this.settings.successMatch && !body.includes(this.settings.successMatch)) {
      throw new NotifyError('rejected', `Cổng SMS không xác nhận đã nhận tin (trả lời: ${said || 'trống'}): xem lại trả lời của cổng, rồi gửi lại hoặc báo cho người nộp bằng cách khác.`);
    }
  }

  private classify(e: unknown, reason: unknown): NotifyError {
    if (reason instanceof NotifyError) return reason;
    const cause = (e as { cause?: { code?: string } }).cause;
    if (cause?.code && NETWORK_CODES.has(cause.code)) {
      return new NotifyError('network', `Không kết nối được cổng SMS (${hostOf(this.settings.url)}); tin nhắn sẽ tự gửi khi kết nối lại.`);
    }
    return new NotifyError('transient', 'Cổng SMS ngắt kết nối trước khi trả lời; sẽ tự gửi lại (cùng mã tin).');
  }

  close(): void {
    for (const a of this.aborts) a.abort(new NotifyError('transient', 'Ứng dụng đang đóng; tin nhắn sẽ được gửi lại khi mở lại.'));
  }
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url.slice(0, 80); }
}
