// A stub SMS gateway for the notifier's tests, shaped like the HTTP gateways Vietnamese providers sell: POST
// with a key header, JSON or form body, a client request id the gateway uses to drop duplicates, an answer
// body with a result code. Faults are switched by the test: refuse connections (stopped), answer 5xx for the
// next n requests, refuse (400), or take a request and never answer (hold; the SMS counts as sent, as it
// would at a real gateway that received it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest { headers: http.IncomingHttpHeaders; body: string; fields: Record<string, unknown>; requestId: string }

export interface TestGateway {
  url: string; port: number; key: string;
  /** Every request that reached the gateway. */
  requests: GatewayRequest[];
  /** Messages the gateway sent to phones: one per request id. */
  delivered: GatewayRequest[];
  failNext: number; rejectNext: number; hold: number;
  /** Stops listening (connections refused) and starts again on the same port. */
  stop(): Promise<void>; start(): Promise<void>;
  close(): Promise<void>;
}

export async function startGateway(opts: { key?: string } = {}): Promise<TestGateway> {
  const held: http.ServerResponse[] = [];
  const g = {
    url: '', port: 0, key: opts.key ?? 'Bearer khoa-bi-mat', requests: [] as GatewayRequest[], delivered: [] as GatewayRequest[],
    failNext: 0, rejectNext: 0, hold: 0,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      const fields: Record<string, unknown> = type.includes('json') ? safeJson(body) : Object.fromEntries(new URLSearchParams(body));
      const requestId = String(fields.requestId ?? req.headers['idempotency-key'] ?? '');
      const r: GatewayRequest = { headers: req.headers, body, fields, requestId };
      g.requests.push(r);
      const answer = (status: number, data: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(data)); };
      if (req.headers.authorization !== g.key) return answer(401, { CodeResult: '101', ErrorMessage: 'Authorize failed' });
      if (g.failNext > 0) { g.failNext--; return answer(503, { CodeResult: '99', ErrorMessage: 'Service busy' }); }
      if (g.rejectNext > 0) { g.rejectNext--; return answer(400, { CodeResult: '104', ErrorMessage: 'Phone number invalid' }); }
      if (!requestId || typeof fields.text !== 'string' || typeof fields.to !== 'string') return answer(400, { CodeResult: '104', ErrorMessage: 'Missing fields' });
      // The gateway's duplicate check: a request id it has seen is answered as sent, and sends nothing.
      if (!g.delivered.some((d) => d.requestId === requestId)) g.delivered.push(r);
      if (g.hold > 0) { g.hold--; held.push(res); return; }
      answer(200, { CodeResult: '100', SMSID: `sms-${g.delivered.length}` });
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve()); });
  await listen(0);
  g.port = (server.address() as AddressInfo).port;
  g.url = `http://127.0.0.1:${g.port}/api/sms/send`;
  const stop = () => new Promise<void>((resolve) => {
    for (const res of held.splice(0)) res.socket?.destroy();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return Object.assign(g, { stop, start: () => listen(g.port), close: stop }) as TestGateway;
}

function safeJson(s: string): Record<string, unknown> {
  try { return JSON.parse(s) as Record<string, unknown>; } catch { return {}; }
}
