import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { MAX_REQUEST_BYTES } from '../../shared/contract';
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

/** The contract's largest request (uploads in base64 included): the transport never cuts off a valid call. */
const MAX_BODY = MAX_REQUEST_BYTES;
/** An oversized body is still read (and thrown away) up to this size so the client sees the 413, not a reset. */
const DRAIN_LIMIT = 4 * MAX_BODY;
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
  let port = 0;

  const server = http.createServer(async (req, res) => {
    try {
      // DNS rebinding: a page of any site whose name resolves to 127.0.0.1 reaches this port with its own
      // Host. Only our own address is ours (the token guards the API; this guards the UI's pages too).
      if (!hostAllowed(req.headers.host, port)) {
        return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: `Địa chỉ truy cập không đúng; hãy mở ứng dụng bằng http://127.0.0.1:${port}/ như đã in ra khi khởi động.` } });
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Đường dẫn yêu cầu không hợp lệ; hãy mở lại đường dẫn ứng dụng đã in ra khi khởi động.' } });
      }
      if (pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
        const auth = Buffer.from(String(req.headers.authorization ?? ''));
        if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) {
          return send(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Mã phiên chạy không đúng; hãy mở lại đường dẫn ứng dụng đã in ra khi khởi động.' } });
        }
        const body = await readBody(req);
        if (body === null) {
          return send(res, 413, { ok: false, error: { code: 'VALIDATION', message: 'Dữ liệu gửi lên quá lớn (tối đa 40 MB mỗi tệp và 80 MB mỗi lần nhập). Hãy nhập ít tệp hơn mỗi lần hoặc quét với độ phân giải thấp hơn.' } }, true);
        }
        let input: unknown = {};
        if (body.length) {
          try { input = JSON.parse(body); } catch { return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Dữ liệu gửi lên không phải JSON hợp lệ.' } }); }
        }
        const session = req.headers['x-session'];
        const result = await opts.core.handle(pathname.slice(5), input, typeof session === 'string' ? session : undefined, `http:${req.socket.remoteAddress ?? ''}`);
        return send(res, 200, result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' });
      return serveStatic(opts.staticDir, pathname, res);
    } catch (e) {
      send(res, 500, { ok: false, error: { code: 'INTERNAL', message: `Lỗi máy chủ cục bộ: ${(e as Error).message}. Hãy thử lại; nếu lỗi lặp lại, hãy khởi động lại ứng dụng.` } });
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const baseUrl = `http://${host}:${port}`;
  return {
    url: `${baseUrl}/?token=${token}`, baseUrl, token, port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Host header of a request to us: 127.0.0.1 or localhost with our port (a browser leaves out :80). */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return ['127.0.0.1', 'localhost'].some((name) => h === `${name}:${port}` || (port === 80 && h === name));
}

function send(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/**
 * The body as text, or null when it is larger than the contract allows. An oversized body is read to its end
 * and dropped, then answered: a browser that is still sending when the server closes reports a reset, never
 * the answer. Past DRAIN_LIMIT (or a declared length past it) the connection is cut after answering.
 */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > DRAIN_LIMIT) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > MAX_BODY;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT) { resolve(null); req.destroy(); }
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `pathname` is already decoded. */
function serveStatic(root: string | undefined, pathname: string, res: http.ServerResponse): void {
  if (!root) return send(res, 404, { error: 'no UI built' });
  const rel = pathname === '/' ? '/index.html' : pathname;
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
