import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance } from 'axios';
import { axios } from '../../base/lazy-module';
import type { PortalConfig } from '../config';
import { NotPortalError, notContractAnswer, toNetworkError } from './contract-answer';
import { LocalItemError, PortalError } from './errors';
import type {
  PortalDossier, PortalDossierRecord, PortalHoliday, PortalProcedure, PortalProcedureSummary, PortalProgress, PortalUploadedFile,
} from './types';

export interface FileToUpload { path: string; size: number; sha256: string; name: string }
export interface UploadHooks {
  /** A resumable upload session was opened: persist its id before sending bytes. */
  onSession(uploadId: string): Promise<void>;
  /** The server acknowledged bytes up to `offset`: persist it (progress for the UI, resume after a break). */
  onChunk(offset: number): Promise<void>;
}

const SUCCESS = new Set(['0', '00']);

/**
 * The adapter for the provincial system, speaking the national portal's vocabulary over the reference
 * contract (docs/portal-openapi.yaml). One session, renewed once on 401; errors sorted by PortalError kind.
 */
export class PortalClient {
  private readonly http: AxiosInstance;
  private session: string | null = null;
  private login$: Promise<string> | null = null;
  /** Aborts every request in flight when the app closes (an upload must not hold the shutdown). */
  private abort = new AbortController();
  /** Requests attempted, logins made: the status screen and the "no storm while down" test read them. */
  readonly stats = { requests: 0, logins: 0 };

  constructor(private readonly config: PortalConfig, private readonly password: string) {
    const keepAlive = { keepAlive: true, maxSockets: 32 };
    this.http = axios.create({
      baseURL: config.baseUrl.replace(/\/+$/, ''), timeout: config.timeoutMs, maxBodyLength: Infinity, maxContentLength: Infinity,
      httpAgent: new http.Agent(keepAlive), httpsAgent: new https.Agent(keepAlive),
      validateStatus: () => true, transitional: { clarifyTimeoutError: true },
    });
  }

  get agencyCode(): string { return this.config.agencyCode; }

  /** Aborts what is in flight; later requests work again (the drainer may be started again). */
  close(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  /**
   * Cheap reachability check used while offline (no auth, no side effect); `timeoutMs` for a quick look. Only
   * the contract's answer counts: 200 from /health. A 5xx is the system in trouble; any other status (404, a
   * login page of a proxy) or a web page means the address is not the provincial system (NotPortalError).
   */
  async probe(timeoutMs?: number): Promise<void> {
    try {
      await this.request({ method: 'GET', url: '/health', ...(timeoutMs ? { timeout: timeoutMs } : {}) }, false);
    } catch (e) {
      if (e instanceof PortalError && !(e instanceof NotPortalError) && (e.kind === 'rejected' || e.kind === 'auth')) {
        throw new NotPortalError('/health', e.status ?? 0, `mã ${e.status ?? '?'} thay vì 200`);
      }
      throw e;
    }
  }

  /** A session for the next requests: the current one, or a new login (the connection check's login step). */
  async ensureSession(): Promise<void> {
    await this.currentSession();
  }

  /**
   * The next official number. The contract leaves its shape to the province: any non-empty text (a number is
   * read as its digits) up to 100 characters, used as is, never parsed.
   */
  async nextNumber(key: string): Promise<string> {
    const data = await this.authed<{ value?: unknown }>({ method: 'POST', url: '/GetNextValue', params: { code: this.config.agencyCode } }, key);
    const value = typeof data.value === 'string' || typeof data.value === 'number' ? String(data.value).trim() : '';
    if (!value) throw new PortalError('server', 'GetNextValue trả về số rỗng');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
    if (value.length > 100 || /[\u0000-\u001f]/.test(value)) throw new PortalError('rejected', `GetNextValue trả về số không dùng được: "${value.slice(0, 40)}…"`);
    return value;
  }

  async lookupDossier(maHoSo: string): Promise<PortalDossierRecord | null> {
    const data = await this.service<{ hoso: PortalDossierRecord | null }>('TraCuuHoSo', { MaHoSo: maHoSo });
    return data.hoso ?? null;
  }

  async syncDossier(item: PortalDossier, isUpdating: boolean, key: string): Promise<void> {
    await this.service('DongBoHoSoMC', { isUpdating, data: [item] }, key);
  }

  async postProgress(entry: PortalProgress, key: string): Promise<void> {
    await this.service('CapNhatTienDoHoSoMC', { data: [entry] }, key);
  }

  async listProcedures(): Promise<PortalProcedureSummary[]> {
    return (await this.service<{ items: PortalProcedureSummary[] }>('LayDanhSachTTHC', {})).items;
  }

  async getProcedure(code: string): Promise<PortalProcedure> {
    return (await this.service<{ thutuc: PortalProcedure }>('LayThuTuc', { MaTTHC: code })).thutuc;
  }

  async listHolidays(year: number): Promise<PortalHoliday[]> {
    return (await this.service<{ items: PortalHoliday[] }>('LayDanhSachNgayNghi', { Nam: year })).items;
  }

  /** Dossiers of this office changed on the provincial side after `cursor` (online submissions, status changes). */
  async listChangedDossiers(cursor: number, limit = 200): Promise<{ items: PortalDossierRecord[]; cursor: number }> {
    return this.service('LayDanhSachHoSoThayDoi', { TuPhienBan: cursor, SoLuong: limit });
  }

  /**
   * Upload first, reference later. Small files in one request; larger ones in chunks of a resumable session
   * that continues from the server's offset after a break. The server's hash must equal ours.
   */
  async uploadFile(file: FileToUpload, resumeId: string | null, key: string, hooks: UploadHooks): Promise<PortalUploadedFile> {
    const result = file.size <= this.config.chunkSizeBytes
      ? await this.uploadWhole(file, key)
      : await this.uploadChunked(file, resumeId, key, hooks);
    if (result.sha256 !== file.sha256) {
      throw new PortalError('server', `Mã băm tệp trên hệ thống tỉnh không khớp (${result.sha256.slice(0, 12)}… ≠ ${file.sha256.slice(0, 12)}…)`);
    }
    return result;
  }

  private async uploadWhole(file: FileToUpload, key: string): Promise<PortalUploadedFile> {
    const bytes = readLocal(file.path);
    verifyLocal(bytes, file);
    return this.authed<PortalUploadedFile>({
      method: 'POST', url: '/files', data: bytes,
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name), 'x-file-sha256': file.sha256 },
    }, key);
  }

  private async uploadChunked(file: FileToUpload, resumeId: string | null, key: string, hooks: UploadHooks): Promise<PortalUploadedFile> {
    let uploadId = resumeId;
    let offset = 0;
    if (uploadId) {
      try {
        offset = await this.uploadOffset(uploadId);
      } catch (e) {
        // The session expired on the server (or never got there): start a new one.
        if (!(e instanceof PortalError && e.kind === 'rejected' && e.status === 404)) throw e;
        uploadId = null;
      }
    }
    if (!uploadId) {
      const opened = await this.authed<{ uploadId: string; offset: number }>({
        method: 'POST', url: '/uploads', data: { fileName: file.name, size: file.size, sha256: file.sha256 },
      }, `${key}:session`);
      uploadId = opened.uploadId;
      offset = opened.offset;
      await hooks.onSession(uploadId);
    }
    // A 409 is the contract's "offset mismatch": the server holds a different number of bytes than we sent
    // from (it lost some, or got some whose answer we lost). Its answer carries its offset: go on from there.
    // Bounded, so a server that keeps moving its offset ends as an error instead of a loop.
    let mismatches = 0;
    const recoverable = (e: unknown) => e instanceof PortalError && e.kind === 'rejected' && e.status === 409 && ++mismatches <= MAX_OFFSET_MISMATCHES;
    const fd = openLocal(file.path);
    try {
      const buffer = Buffer.alloc(this.config.chunkSizeBytes);
      for (;;) {
        while (offset < file.size) {
          const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, file.size - offset), offset);
          if (n <= 0) throw new LocalItemError(`Tệp ${file.name} ngắn hơn kích thước đã ghi nhận; tệp có thể đã bị sửa hoặc hỏng.`);
          try {
            const ack = await this.authed<{ offset: number }>({
              method: 'PATCH', url: `/uploads/${uploadId}`, data: buffer.subarray(0, n),
              headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
            });
            offset = ack.offset;
          } catch (e) {
            if (!recoverable(e)) throw e;
            offset = serverOffset(e as PortalError, file.size) ?? await this.uploadOffset(uploadId);
          }
          await hooks.onChunk(offset);
        }
        try {
          return await this.authed<PortalUploadedFile>({ method: 'POST', url: `/uploads/${uploadId}/complete` }, `${key}:complete`);
        } catch (e) {
          // 409 on complete: not all bytes arrived after all; ask where the server is and send the rest.
          if (!recoverable(e)) throw e;
          offset = await this.uploadOffset(uploadId);
          await hooks.onChunk(offset);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  private async uploadOffset(uploadId: string): Promise<number> {
    return (await this.authed<{ offset: number }>({ method: 'GET', url: `/uploads/${uploadId}` })).offset;
  }

  /** A named service of the integration endpoint: `{session, madonvi, service, …}`. */
  private async service<T>(service: string, params: Record<string, unknown>, key?: string): Promise<T> {
    return this.authed<T>({ method: 'POST', url: '/service', data: { madonvi: this.config.agencyCode, service, ...params } }, key, true);
  }

  /** Sends with the current session; on 401 logs in again once and retries once. */
  private async authed<T>(req: Req, key?: string, sessionInBody = false): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.currentSession();
      const withSession: Req = sessionInBody
        ? { ...req, data: { ...(req.data as object), session } }
        : { ...req, headers: { ...req.headers, 'x-session': session } };
      if (key) withSession.headers = { ...withSession.headers, 'idempotency-key': key };
      try {
        return await this.request<T>(withSession, true);
      } catch (e) {
        if (e instanceof PortalError && e.status === 401 && attempt === 0) {
          if (this.session === session) this.session = null;
          continue;
        }
        if (e instanceof PortalError && e.status === 401) throw new PortalError('auth', `Phiên đăng nhập bị từ chối: ${e.serverMessage ?? e.message}`, 401, e.serverMessage);
        throw e;
      }
    }
  }

  private currentSession(): Promise<string> {
    if (this.session) return Promise.resolve(this.session);
    // One login for all the requests that found the session expired at the same time.
    this.login$ ??= this.login().finally(() => { this.login$ = null; });
    return this.login$;
  }

  private async login(): Promise<string> {
    this.stats.logins++;
    try {
      const data = await this.request<{ session: string }>({
        method: 'POST', url: '/auth/login', data: { username: this.config.username, password: this.password },
        headers: this.config.dstcode ? { dstcode: this.config.dstcode } : {},
      }, true);
      // A login answer without a session is not the contract's: whatever answered is not the provincial system.
      if (typeof data?.session !== 'string' || !data.session) throw new NotPortalError('/auth/login', 200, 'không có phiên đăng nhập (session)');
      this.session = data.session;
      return data.session;
    } catch (e) {
      if (e instanceof PortalError && (e.status === 401 || e.status === 403)) {
        throw new PortalError('auth', `Không đăng nhập được hệ thống tỉnh: ${e.serverMessage ?? e.message}`, e.status, e.serverMessage);
      }
      throw e;
    }
  }

  private async request<T>(req: Req, envelope: boolean): Promise<T> {
    this.stats.requests++;
    let res;
    try {
      res = await this.http.request({ ...req, responseType: 'json', signal: this.abort.signal });
    } catch (e) {
      throw toNetworkError(e);
    }
    const notPortal = notContractAnswer(req.url, res.status, String(res.headers['content-type'] ?? ''), res.data);
    if (notPortal && res.status < 500) throw new NotPortalError(req.url.split('?')[0]!, res.status, notPortal);
    const body = (res.data ?? {}) as { error_code?: string | number; message?: string; data?: T } & Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : '';
    if (res.status === 401) throw new PortalError('auth', message || 'Phiên đăng nhập hết hạn', 401, message);
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      throw new PortalError('server', `Hệ thống tỉnh báo lỗi ${res.status}${message ? `: ${message}` : ''}`, res.status, message);
    }
    if (res.status >= 400) throw new PortalError('rejected', message || `HTTP ${res.status}`, res.status, message, body.data ?? body);
    if (!envelope) return body as T;
    if (body.error_code !== undefined && !SUCCESS.has(String(body.error_code))) {
      throw new PortalError('rejected', message || `Mã lỗi ${body.error_code}`, res.status, message);
    }
    return (body.data ?? body) as T;
  }
}

const MAX_OFFSET_MISMATCHES = 5;

/** The server's offset from a 409's `data.offset` (or `offset`), when it is a usable one. */
function serverOffset(e: PortalError, size: number): number | null {
  const d = (e.data ?? {}) as { offset?: unknown };
  return typeof d.offset === 'number' && Number.isInteger(d.offset) && d.offset >= 0 && d.offset <= size ? d.offset : null;
}

type Req = { method: string; url: string; params?: Record<string, string>; data?: unknown; headers?: Record<string, string>; timeout?: number };

function readLocal(file: string): Buffer {
  try { return fs.readFileSync(file); } catch { throw new LocalItemError(`Không đọc được tệp ${file} trên máy; tệp có thể đã bị xoá hoặc di chuyển.`); }
}
function openLocal(file: string): number {
  try { return fs.openSync(file, 'r'); } catch { throw new LocalItemError(`Không đọc được tệp ${file} trên máy; tệp có thể đã bị xoá hoặc di chuyển.`); }
}
function verifyLocal(bytes: Buffer, file: FileToUpload): void {
  if (bytes.byteLength !== file.size || crypto.createHash('sha256').update(bytes).digest('hex') !== file.sha256) {
    throw new LocalItemError(`Tệp ${file.name} trên máy không còn khớp mã băm đã lưu (có thể bị sửa hoặc hỏng).`);
  }
}
