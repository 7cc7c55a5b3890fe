// Addresses an administrator may type that are NOT the provincial system, for the tests of what the app says
// about them: a web server's 404 page, an intranet home page (or a web app's catch-all), another service's JSON
// "not found", and an https server whose certificate nobody trusts. None speaks docs/portal-openapi.yaml.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';

export type ForeignKind = 'html-404' | 'html-200' | 'json-404' | 'tls-self-signed';

export interface ForeignServer { url: string; kind: ForeignKind; requests: string[]; close(): Promise<void> }

const PAGE_404 = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>';
const HOME = '<!doctype html><html lang="vi"><head><title>Cổng thông tin điện tử tỉnh</title></head><body><div id="app"></div></body></html>';

export async function startForeignServer(kind: ForeignKind): Promise<ForeignServer> {
  const requests: string[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (kind === 'json-404') {
        const body = JSON.stringify({ timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: req.url });
        res.writeHead(404, { 'content-type': 'application/json' }).end(body);
      } else if (kind === 'html-200') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HOME);
      } else if (kind === 'html-404') {
        res.writeHead(404, { 'content-type': 'text/html' }).end(PAGE_404);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      }
    });
  };
  const tlsDir = path.join(__dirname, 'tls');
  const server = kind === 'tls-self-signed'
    ? https.createServer({ key: fs.readFileSync(path.join(tlsDir, 'self-signed.key')), cert: fs.readFileSync(path.join(tlsDir, 'self-signed.crt')) }, handler)
    : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  const port = (server.address() as { port: number }).port;
  return {
    url: `${kind === 'tls-self-signed' ? 'https' : 'http'}://127.0.0.1:${port}/dvc`, kind, requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
