import type { NoticeChannel } from '../../shared/contract/api-notify';

/** One message as the gateways take it; `messageId` is the same on every attempt of the same notice. */
export interface OutgoingNotice { to: string; subject: string; text: string; messageId: string }

/** A way to reach the applicant (SMTP, an SMS gateway). Throws NotifyError; resolves once the gateway accepted. */
export interface NoticeTransport {
  readonly channel: Exclude<NoticeChannel, 'manual'>;
  send(notice: OutgoingNotice): Promise<void>;
  close(): void;
}
