// A real SMTP server for the notifier's tests (the npm smtp-server package, as a mail relay of the office
// would speak it): login required, messages kept with their headers decoded. `hold` keeps the next message's
// DATA unanswered (the server has it, the client never hears 250) to cut a send in the middle.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail { messageId: string; from: string; to: string[]; subject: string; text: string; raw: string }

export interface TestSmtp {
  port: number; user: string; password: string;
  /** Messages the server accepted (answered 250), in order. */
  accepted: ReceivedMail[];
  /** Messages whose DATA arrived, accepted or not. */
  received: ReceivedMail[];
  /** Refuse the next n messages with this SMTP reply (e.g. 451 temporary, 550 no such mailbox). */
  refuse: { code: number; text: string; count: number } | null;
  /** Leave the next message unanswered. */
  hold: boolean;
  close(): Promise<void>;
}

export async function startSmtp(opts: { port?: number } = {}): Promise<TestSmtp> {
  const state: Omit<TestSmtp, 'port' | 'close'> = { user: 'motcua', password: 'mat-khau-smtp', accepted: [], received: [], refuse: null, hold: false };
  const server = new SMTPServer({
    secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false, banner: 'test relay',
    onAuth(auth, _session, cb) {
      if (auth.username === state.user && auth.password === state.password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address));
        state.received.push(mail);
        if (state.hold) { state.hold = false; return; } // never answered: the client waits until it gives up or dies
        if (state.refuse && state.refuse.count > 0) {
          state.refuse.count--;
          return cb(Object.assign(new Error(state.refuse.text), { responseCode: state.refuse.code }));
        }
        state.accepted.push(mail);
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()); });
  // A client killed mid-session (the kill tests do it on purpose) resets its connection: smtp-server emits that
  // as 'error', which unheard would end the test process as an uncaught exception.
  server.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') console.error('[test smtp]', e); });
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, close: () => new Promise<void>((r) => server.close(() => r())) }) as TestSmtp;
}

/** Headers and the text body of a plain-text MIME message (RFC 2047 words, quoted-printable or base64). */
export function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
    : encoding === 'quoted-printable' ? qp(body) : Buffer.from(body, 'utf8');
  return { messageId: header('Message-ID'), from, to, subject: decodeWords(header('Subject')), text: bytes.toString('utf8').replace(/\r\n/g, '\n').trim(), raw };
}

function qp(s: string): Buffer {
  const bin = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bin, 'latin1');
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')).toString('utf8'));
}
