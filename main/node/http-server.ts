import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Core } from '../core/core';

export interface HttpShellOptions {
  core: Core;
  /** Built UI (dist/renderer); when absent only the API is served. */
  staticDir?: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface HttpShell { url: string; baseUrl: string; token: string; port: number; close(): Promise<void> }

const MAX_BODY = 20 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.json': 'application/json',
};
// The same policy as the Electron window: only our own origin, PDFs previewed from blob: URLs.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src blob:; object-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The browser shell's transport: POST /api/<method> on 127.0.0.1 only, guarded by a per-launch token
 * (Authorization: Bearer …); the session token of the logged-in user travels in X-Session.
 */
export async function startHttpShell(opts: HttpShellOptions): Promise<HttpShell> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  const expected = Buffer.from(`Bearer ${token}`);

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
        const auth = Buffer.from(String(req.headers.authorization ?? ''));
        if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) {
          return send(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Mã phiên chạy không đúng; hãy mở lại đường dẫn ứng dụng đã in ra khi khởi động.' } });
        }
        const body = await readBody(req);
        let input: unknown = {};
        if (body.length) {
          try { input = JSON.parse(body); } catch { return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Dữ liệu gửi lên không phải JSON hợp lệ.' } }); }
        }
        const session = req.headers['x-session'];
        const result = await opts.core.handle(decodeURIComponent(url.pathname.slice(5)), input, typeof session === 'string' ? session : undefined);
        return send(res, 200, result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' });
      return serveStatic(opts.staticDir, url.pathname, res);
    } catch (e) {
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: `Lỗi máy chủ cục bộ: ${(e as Error).message}` } });
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://${host}:${port}`;
  return {
    url: `${baseUrl}/?token=${token}`, baseUrl, token, port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('Dữ liệu gửi lên quá lớn.')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(root: string | undefined, pathname: string, res: http.ServerResponse): void {
  if (!root) return send(res, 404, { error: 'no UI built' });
  const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const full = path.resolve(root, '.' + rel);
  if (!full.startsWith(path.resolve(root))) return send(res, 403, { error: 'forbidden' });
  const file = fs.existsSync(full) && fs.statSync(full).isFile() ? full : path.join(root, 'index.html');
  if (!fs.existsSync(file)) return send(res, 404, { error: 'not found' });
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  fs.createReadStream(file).pipe(res);
}
