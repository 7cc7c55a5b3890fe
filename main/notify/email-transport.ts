// E-mail through the office's SMTP server (nodemailer). The notice's id is the message's Message-ID, so a
// message sent again after a lost answer or a crash is the same message to the mail system (mail programs
// show one).
import type { NodemailerError, Transporter } from 'nodemailer';
import { nodemailer } from '../base/lazy-module';
import type { EmailSettings } from '../../shared/contract/api-notify';
import { NotifyError } from './errors';
import type { NoticeTransport, OutgoingNotice } from './transport';

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const NETWORK_ERRNO = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export class EmailTransport implements NoticeTransport {
  readonly channel = 'email' as const;
  private readonly transporter: Transporter;

  constructor(private readonly settings: EmailSettings, password: string | null) {
    if (!settings.enabled) throw new NotifyError('config', 'Chưa bật gửi e-mail (Quản trị → Thông báo).');
    if (!settings.host || !ADDRESS.test(settings.from)) {
      throw new NotifyError('config', 'Chưa cấu hình đủ máy chủ e-mail và địa chỉ gửi (Quản trị → Thông báo).');
    }
    const ms = settings.timeoutSec * 1000;
    this.transporter = nodemailer.createTransport({
      host: settings.host, port: settings.port,
      secure: settings.security === 'tls', requireTLS: settings.security === 'starttls', ignoreTLS: settings.security === 'none',
      auth: settings.login ? { user: settings.login, pass: password ?? '' } : undefined,
      connectionTimeout: Math.min(ms, 15_000), greetingTimeout: Math.min(ms, 15_000), socketTimeout: ms,
    });
  }

  async send(n: OutgoingNotice): Promise<void> {
    if (!ADDRESS.test(n.to)) throw new NotifyError('rejected', `Địa chỉ e-mail "${n.to}" không hợp lệ: sửa e-mail của người nộp hoặc báo cho họ bằng cách khác.`);
    const domain = this.settings.from.split('@')[1];
    try {
      await this.transporter.sendMail({
        from: this.settings.senderName ? { name: this.settings.senderName, address: this.settings.from } : this.settings.from,
        to: n.to, subject: n.subject, text: n.text, messageId: `<${n.messageId}@${domain}>`,
      });
    } catch (e) {
      throw this.classify(e as NodemailerError);
    }
  }

  private classify(e: NodemailerError): NotifyError {
    const where = `${this.settings.host}:${this.settings.port}`;
    const reply = e.response ? ` (${e.response.slice(0, 200)})` : '';
    if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
      return new NotifyError('auth', `Máy chủ e-mail ${where} từ chối đăng nhập${reply}: kiểm tra tên đăng nhập và mật khẩu ở Quản trị → Thông báo.`);
    }
    if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') {
      return new NotifyError('auth', `Không lập được kết nối bảo mật với máy chủ e-mail ${where}: kiểm tra cổng và kiểu bảo mật ở Quản trị → Thông báo.`);
    }
    if (typeof e.responseCode === 'number') {
      const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
      return permanent
        ? new NotifyError('rejected', `Máy chủ e-mail từ chối thư${reply}: kiểm tra địa chỉ e-mail của người nộp, rồi gửi lại hoặc báo cho họ bằng cách khác.`)
        : new NotifyError('transient', `Máy chủ e-mail tạm chưa nhận thư${reply}; sẽ tự gửi lại.`);
    }
    if (e.code === 'EENVELOPE') return new NotifyError('rejected', `Máy chủ e-mail không nhận địa chỉ người nhận${reply}: kiểm tra e-mail của người nộp.`);
    const errno = /\b(E[A-Z_]+)\b/.exec(e.message)?.[1] ?? '';
    if (e.command === 'CONN' || e.code === 'EDNS' || NETWORK_ERRNO.has(errno)) {
      return new NotifyError('network', `Không kết nối được máy chủ e-mail ${where}; thư sẽ tự gửi khi kết nối lại.`);
    }
    return new NotifyError('transient', `Máy chủ e-mail ${where} không trả lời trọn vẹn; sẽ tự gửi lại.`);
  }

  close(): void {
    this.transporter.close();
  }
}
