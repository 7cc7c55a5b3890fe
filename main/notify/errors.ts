// Why a notice could not be sent, as the notice drainer acts on it. The message is Vietnamese and says what
// to do: it is shown to the clerk next to the notice (and to the administrator in the status line).

/**
 * - network: the gateway cannot be reached at all (refused, no route, DNS): the channel is down, one probe
 *   with backoff, then everything of the channel goes again;
 * - transient: this attempt got no clear answer (time-out, 5xx, SMTP 4xx): retried with backoff, same id;
 * - auth: the gateway refuses the office's credentials: the channel is down until they are fixed;
 * - rejected: the gateway refused this message (bad number or address, 4xx, SMTP 5xx): the clerk decides;
 * - config: the channel is off or incomplete: the clerk sends it by hand (or turns the channel on and resends).
 */
export type NotifyErrorKind = 'network' | 'transient' | 'auth' | 'rejected' | 'config';

export class NotifyError extends Error {
  constructor(readonly kind: NotifyErrorKind, message: string) {
    super(message);
  }
}

/** Errors that are the channel's, not the message's: they stop the channel instead of retrying each message. */
export const isChannelDown = (kind: NotifyErrorKind) => kind === 'network' || kind === 'auth';
