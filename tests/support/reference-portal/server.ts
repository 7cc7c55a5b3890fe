// A reference implementation of docs/portal-openapi.yaml for tests and development: a real store
// (SQLite in `dir`), session expiry, idempotency keys (or, on request, ignoring them), and fault injection
// chosen per test. It counts what it received per dossier, so tests can prove zero duplicates and losses.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import type { PortalDossier, PortalProcedure, PortalProgress } from '../../../main/sync/portal/types';
import { PortalStore } from './store';

export type FaultAction = 'latency' | 'error' | 'reset-before' | 'reset-after' | 'timeout' | 'duplicate' | 'reject' | 'cut-upload' | 'rewind-upload'
  /** TraCuuHoSo answers "no such dossier" although it exists (a portal whose look-ups lag behind its writes). */
  | 'stale-lookup'
  /** Answers `status` with no body at all (a portal that sends a bare 404 where the document gives no body). */
  | 'bare-status';
export interface FaultRule {
  action: FaultAction;
  /** Which requests: a path prefix ('/service', '/uploads', '/files', '/GetNextValue') and/or a service name. */
  path?: string; service?: string;
  /** Only requests of this HTTP method. */
  method?: string;
  /** For 'reject': only items whose JSON contains this text. */
  bodyContains?: string;
  probability?: number; times?: number;
  ms?: number; status?: number; message?: string;
  /** For 'cut-upload': the fraction of the file after which the connection breaks. */
  fraction?: number;
  /**
   * For 'rewind-upload': the server loses this many of the bytes it had acknowledged (a restart before they
   * reached the disk), so the client's next chunk meets a 409 carrying the server's offset.
   */
  bytes?: number;
}

export interface PortalOptions {
  dir: string; port?: number; host?: string;
  username?: string; password?: string; agencyCode?: string;
  sessionTtlMs?: number; honourIdempotency?: boolean; faults?: FaultRule[];
  /** Procedures the portal knows (MaTTHC validation); defaults to the app's own starting catalogue. */
  seedCatalogue?: boolean;
  /** Shape of the official numbers GetNextValue hands out (see PortalStore.nextNumber). */
  numberFormat?: 'reference' | 'national';
  /** Every write on disk before the answer, as a production portal (see PortalStore). */
  durable?: boolean;
  /**
   * A create (DongBoHoSoMC isUpdating=false) of a MaHoSo the portal holds — left open by the contract:
   * 'record-again' stores a second record (the default: tests count creates to find client duplicates),
   * 'refuse' answers 409 "already exists".
   */
  existingCreate?: 'record-again' | 'refuse';
}

export interface PortalStats {
  connections: number; requests: number; logins: number; rejectedSessions: number;
  byRoute: Record<string, number>; faultsFired: Record<string, number>; uploadBytes: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

export class ReferencePortal {
  readonly store: PortalStore;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Map<string, number>();
  faults: FaultRule[];
  honourIdempotency: boolean;
  sessionTtlMs: number;
  stats: PortalStats = emptyStats();
  port = 0;
  /** Numbers GetNextValue hands out first, in this order (a test scripts which dossier gets which). */
  scriptedNumbers: string[] = [];

  constructor(readonly options: PortalOptions) {
    this.store = new PortalStore(options.dir, options.durable ?? false);
    this.faults = options.faults ?? [];
    this.honourIdempotency = options.honourIdempotency ?? true;
    this.sessionTtlMs = options.sessionTtlMs ?? 30 * 60_000;
    if (options.seedCatalogue !== false && this.store.procedures().length === 0) seedFromAssets(this.store);
  }

  get url(): string { return `http://127.0.0.1:${this.port}/dvc`; }
  get agencyCode(): string { return this.options.agencyCode ?? '000.00.13.H42'; }

  async start(port = this.options.port ?? 0): Promise<this> {
    const server = http.createServer((req, res) => { void this.handle(req, res); });
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s: Socket) => {
      this.stats.connections++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this;
  }

  /** Stops listening and drops every open connection (the network "goes down"); the store stays. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stop();
    this.store.close();
  }

  expireSessions(): void { this.sessions.clear(); }
  resetStats(): void { this.stats = emptyStats(); }

  private fault(pathname: string, service: string | undefined, raw: string, method = ''): FaultRule | null {
    for (const f of this.faults) {
      // /health is touched only by rules that name its path ('/health', or '/' for a portal that hangs whole).
      if (pathname === '/health' && !f.path) continue;
      if (f.action === 'cut-upload' || f.action === 'rewind-upload') continue; // fire inside uploadChunk
      if (f.path && !pathname.startsWith(f.path)) continue;
      if (f.method && f.method !== method) continue;
      if (f.service && f.service !== service) continue;
      if (f.bodyContains && !raw.includes(f.bodyContains)) continue;
      if (f.times !== undefined && f.times <= 0) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      if (f.times !== undefined) f.times--;
      this.stats.faultsFired[f.action] = (this.stats.faultsFired[f.action] ?? 0) + 1;
      return f;
    }
    return null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const pathname = url.pathname.replace(/^\/dvc/, '');
    try {
      if (pathname.startsWith('/__control')) return await this.control(pathname, req, res, url);
      if (req.method === 'GET' && pathname === '/health') {
        const fault = this.fault(pathname, undefined, '');
        if (fault?.action === 'latency' || fault?.action === 'timeout') await sleep(fault.ms ?? 50);
        if (fault?.action === 'error') return send(res, fault.status ?? 503, { error_code: 'SERVER', message: 'Hệ thống đang bận' });
        if (fault?.action === 'reset-before' || fault?.action === 'reset-after') return void req.socket.destroy();
        return send(res, 200, { ok: true });
      }
      // Not part of the sync contract: the province's public look-up page that the forms' QR opens.
      if (req.method === 'GET' && pathname === '/tra-cuu') return this.lookupPage(url, res);
      const isUploadChunk = req.method === 'PATCH' && pathname.startsWith('/uploads/');
      const body = isUploadChunk ? Buffer.alloc(0) : await readBody(req);
      const text = pathname === '/files' ? '' : body.toString('utf8');
      const json = text && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) as Record<string, unknown> : {};
      const service = typeof json.service === 'string' ? json.service : undefined;
      this.stats.byRoute[service ?? `${req.method} ${pathname.replace(/\/[0-9a-f-]{36}/g, '/:id')}`] = (this.stats.byRoute[service ?? `${req.method} ${pathname.replace(/\/[0-9a-f-]{36}/g, '/:id')}`] ?? 0) + 1;
      const fault = this.fault(pathname, service, text, req.method);
      if (fault?.action === 'bare-status') { res.writeHead(fault.status ?? 404); return void res.end(); }
      if (fault?.action === 'latency' || fault?.action === 'timeout') await sleep(fault.ms ?? 50);
      if (fault?.action === 'error') return send(res, fault.status ?? 503, { error_code: 'SERVER', message: 'Hệ thống đang bận' });
      if (fault?.action === 'reset-before') return void req.socket.destroy();
      if (pathname === '/auth/login' && req.method === 'POST') return this.login(json, res);
      const session = (req.headers['x-session'] as string | undefined) ?? (json.session as string | undefined);
      if (!this.validSession(session)) { this.stats.rejectedSessions++; return send(res, 401, { error_code: 'SESSION', message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn' }); }
      if (isUploadChunk) return await this.uploadChunk(pathname.split('/')[2]!, req, res);

      const key = req.headers['idempotency-key'] as string | undefined;
      const scopedKey = key ? `${req.method} ${pathname} ${service ?? ''} ${key}` : null;
      if (scopedKey && this.honourIdempotency) {
        const seen = this.store.idempotent(scopedKey);
        if (seen) return send(res, seen.status, seen.body);
      }
      if (fault?.action === 'reject') return send(res, fault.status ?? 400, { error_code: 'INVALID', message: fault.message ?? 'Dữ liệu không hợp lệ' });
      const run = () => this.store.tx(() => {
        const result = this.dispatch(req.method ?? 'GET', pathname, url, json, body, req, fault);
        // Like common idempotency-key servers: a request rejected by validation leaves no record, so the
        // corrected request sent again under the same key is processed.
        if (scopedKey && this.honourIdempotency && result.status < 300) this.store.remember(scopedKey, result.status, result.body);
        return result;
      });
      const result = run();
      // A second delivery of the same request: it meets the idempotency record, if the portal keeps them.
      if (fault?.action === 'duplicate' && !(scopedKey && this.honourIdempotency && this.store.idempotent(scopedKey))) run();
      if (fault?.action === 'reset-after') return void req.socket.destroy();
      if (fault?.action === 'timeout' && res.socket?.destroyed) return;
      send(res, result.status, result.body);
    } catch (e) {
      send(res, 500, { error_code: 'SERVER', message: (e as Error).message });
    }
  }

  private login(json: Record<string, unknown>, res: http.ServerResponse): void {
    this.stats.logins++;
    if (json.username !== (this.options.username ?? 'motcua') || json.password !== (this.options.password ?? 'matkhau-dongbo')) {
      return send(res, 401, { error_code: 'LOGIN', message: 'Sai tên đăng nhập hoặc mật khẩu' });
    }
    const session = crypto.randomBytes(16).toString('hex');
    this.sessions.set(session, Date.now() + this.sessionTtlMs);
    send(res, 200, { error_code: 0, session, expires_in: Math.floor(this.sessionTtlMs / 1000) });
  }

  private validSession(s: string | undefined): boolean {
    if (!s) return false;
    const exp = this.sessions.get(s);
    if (exp === undefined) return false;
    if (exp < Date.now()) { this.sessions.delete(s); return false; }
    return true;
  }

  private dispatch(method: string, pathname: string, url: URL, json: Record<string, unknown>, body: Buffer, req: http.IncomingMessage,
    fault: FaultRule | null): { status: number; body: unknown } {
    const ok = (data: unknown) => ({ status: 200, body: { error_code: 0, data } });
    const bad = (message: string, status = 400) => ({ status, body: { error_code: 'INVALID', message } });
    if (method === 'POST' && pathname === '/GetNextValue') {
      const code = url.searchParams.get('code') ?? '';
      if (code !== this.agencyCode) return bad(`Mã đơn vị ${code} không thuộc tài khoản này`, 403);
      return ok({ value: this.scriptedNumbers.shift() ?? this.store.nextNumber(code, new Date(), this.options.numberFormat) });
    }
    if (method === 'POST' && pathname === '/files') {
      const declared = String(req.headers['x-file-sha256'] ?? '');
      const stored = this.store.storeFile(body, decodeURIComponent(String(req.headers['x-file-name'] ?? 'tep')));
      if (declared && declared !== stored.sha256) return bad('Mã băm tệp không khớp nội dung đã nhận', 422);
      this.stats.uploadBytes += body.length;
      return ok(stored);
    }
    if (method === 'POST' && pathname === '/uploads') {
      const size = Number(json.size), sha256 = String(json.sha256 ?? '');
      if (!Number.isInteger(size) || size <= 0 || !/^[0-9a-f]{64}$/.test(sha256)) return bad('Thiếu kích thước hoặc mã băm tệp');
      return ok(this.store.openUpload(String(json.fileName ?? 'tep'), size, sha256));
    }
    const uploadMatch = /^\/uploads\/([0-9a-f-]{36})(\/complete)?$/.exec(pathname);
    if (uploadMatch) {
      const u = this.store.upload(uploadMatch[1]!);
      if (!u) return bad('Không có phiên tải tệp này', 404);
      if (method === 'GET') return ok({ uploadId: u.id, offset: u.upload_offset, size: u.size });
      if (method === 'POST' && uploadMatch[2]) {
        if (u.file_id) return ok({ fileId: u.file_id, sha256: u.sha256, size: u.size });
        if (u.upload_offset !== u.size) return bad(`Tệp chưa nhận đủ (${u.upload_offset}/${u.size} byte)`, 409);
        const bytes = fs.readFileSync(this.store.uploadPath(u.id));
        const sha = crypto.createHash('sha256').update(bytes).digest('hex');
        if (sha !== u.sha256) {
          this.store.setUploadOffset(u.id, 0, 0);
          this.store.writeFile(this.store.uploadPath(u.id), Buffer.alloc(0));
          return bad('Mã băm tệp không khớp; hãy tải lại', 422);
        }
        const stored = this.store.storeFile(bytes, u.name);
        this.store.db.prepare(`UPDATE upload SET file_id = ? WHERE id = ?`).run(stored.fileId, u.id);
        fs.rmSync(this.store.uploadPath(u.id), { force: true });
        return ok(stored);
      }
    }
    if (method === 'POST' && pathname === '/service') return this.service(json, ok, bad, fault);
    return bad(`Không có ${method} ${pathname}`, 404);
  }

  private service(json: Record<string, unknown>, ok: (d: unknown) => { status: number; body: unknown }, bad: (m: string, s?: number) => { status: number; body: unknown },
    fault: FaultRule | null) {
    if (json.madonvi !== this.agencyCode) return bad(`madonvi ${String(json.madonvi)} không hợp lệ`, 403);
    switch (json.service) {
      case 'TraCuuHoSo': return ok({ hoso: fault?.action === 'stale-lookup' ? null : this.store.record(String(json.MaHoSo ?? '')) });
      case 'DongBoHoSoMC': {
        const items = (json.data ?? []) as PortalDossier[];
        for (const d of items) {
          const problem = this.validate(d);
          if (problem) return bad(problem);
        }
        if (!json.isUpdating && this.options.existingCreate === 'refuse') {
          const existing = items.find((d) => this.store.latest(d.MaHoSo));
          if (existing) return bad(`Hồ sơ ${existing.MaHoSo} đã tồn tại`, 409);
        }
        for (const d of items) {
          if (json.isUpdating) { if (!this.store.updateDossier(d)) return bad(`Không tìm thấy hồ sơ ${d.MaHoSo} để cập nhật`, 404); }
          else this.store.createDossier(d);
        }
        return ok({ count: items.length });
      }
      case 'CapNhatTienDoHoSoMC': {
        for (const p of (json.data ?? []) as PortalProgress[]) {
          if (!(p.TrangThai >= 1 && p.TrangThai <= 10)) return bad(`TrangThai ${p.TrangThai} không hợp lệ`);
          if (!this.store.addProgress(p)) return bad(`Không tìm thấy hồ sơ ${p.MaHoSo}`, 404);
        }
        return ok({});
      }
      case 'LayDanhSachTTHC': return ok({ items: this.store.procedures().map(({ MaTTHC, TenTTHC, MaLinhVuc, TenLinhVuc, PhienBan }) => ({ MaTTHC, TenTTHC, MaLinhVuc, TenLinhVuc, PhienBan })) });
      case 'LayThuTuc': {
        const p = this.store.procedure(String(json.MaTTHC ?? ''));
        return p ? ok({ thutuc: p }) : bad(`Không có thủ tục ${String(json.MaTTHC)}`, 404);
      }
      case 'LayDanhSachNgayNghi': return ok({ items: this.store.holidays(Number(json.Nam)) });
      case 'LayDanhSachHoSoThayDoi': return ok(this.store.changedSince(Number(json.TuPhienBan ?? 0), this.agencyCode, Number(json.SoLuong ?? 200)));
      default: return bad(`Dịch vụ ${String(json.service)} không được hỗ trợ`, 404);
    }
  }

  /** The province's checks on a dossier (4xx with a message a clerk can act on). */
  private validate(d: PortalDossier): string | null {
    if (!d.MaHoSo) return 'Thiếu MaHoSo';
    if (!d.ChuHoSo?.trim()) return `Hồ sơ ${d.MaHoSo}: thiếu tên chủ hồ sơ (ChuHoSo)`;
    if (!this.store.procedure(d.MaTTHC)) return `Hồ sơ ${d.MaHoSo}: mã thủ tục ${d.MaTTHC} không có trong danh mục thủ tục của tỉnh`;
    if (d.MaDoiTuong && !/^\d{12}$/.test(d.MaDoiTuong)) return `Hồ sơ ${d.MaHoSo}: số định danh cá nhân (MaDoiTuong) "${d.MaDoiTuong}" phải gồm 12 chữ số`;
    if (!/^\d{14}$/.test(d.NgayTiepNhan)) return `Hồ sơ ${d.MaHoSo}: NgayTiepNhan phải có dạng yyyyMMddHHmmss`;
    if (!(d.TrangThaiHoSo >= 1 && d.TrangThaiHoSo <= 10)) return `Hồ sơ ${d.MaHoSo}: TrangThaiHoSo ${d.TrangThaiHoSo} không hợp lệ`;
    for (const f of d.TaiLieuNop) if (!this.store.hasFile(f.TepDinhKemId)) return `Hồ sơ ${d.MaHoSo}: tệp ${f.TepDinhKemId} chưa được tải lên`;
    // Optional (a portal that does not know it ignores it); this one keeps it for its look-up page.
    if (d.MaTraCuu !== undefined && !LOOKUP_CODE.test(d.MaTraCuu)) {
      return `Hồ sơ ${d.MaHoSo}: mã tra cứu (MaTraCuu) "${d.MaTraCuu}" phải gồm đúng 12 ký tự 0–9, A–Z (không có I, L, O, U)`;
    }
    // Optional too: the other parties (Party in the document), kept with the dossier as sent.
    if (d.DanhSachNguoiLienQuan !== undefined) {
      if (!Array.isArray(d.DanhSachNguoiLienQuan)) return `Hồ sơ ${d.MaHoSo}: DanhSachNguoiLienQuan phải là một danh sách`;
      for (const p of d.DanhSachNguoiLienQuan) {
        if (!p || typeof p.VaiTro !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(p.VaiTro)) return `Hồ sơ ${d.MaHoSo}: người liên quan thiếu vai trò (VaiTro) hợp lệ`;
        if (typeof p.HoTen !== 'string' || !p.HoTen.trim()) return `Hồ sơ ${d.MaHoSo}: người liên quan (${p.VaiTro}) thiếu họ tên (HoTen)`;
        if (p.MaDoiTuong !== undefined && !/^(\d{12})?$/.test(p.MaDoiTuong)) return `Hồ sơ ${d.MaHoSo}: số định danh của ${p.HoTen} (MaDoiTuong) "${p.MaDoiTuong}" phải gồm 12 chữ số`;
        if (p.NgaySinh !== undefined && !/^(\d{8})?$/.test(p.NgaySinh)) return `Hồ sơ ${d.MaHoSo}: ngày sinh của ${p.HoTen} (NgaySinh) phải có dạng yyyyMMdd`;
      }
    }
    return null;
  }

  /**
   * GET /tra-cuu?maHoSo=…&maTraCuu=… (docs/lookup-code.md): the dossier's status for whoever holds its paper.
   * Found by the code alone (the printed number may be a provisional one this portal never received), the code
   * read as Crockford's base32 is typed; no personal data; a wrong code answers as an unknown dossier.
   */
  private lookupPage(url: URL, res: http.ServerResponse): void {
    const code = (url.searchParams.get('maTraCuu') ?? '').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
    const record = LOOKUP_CODE.test(code) ? this.store.recordByLookupCode(code) : null;
    if (!record) {
      return send(res, 404, { error_code: 'NOT_FOUND', message: 'Không tìm thấy hồ sơ. Kiểm tra lại số hồ sơ và mã tra cứu in trên phiếu.' });
    }
    send(res, 200, { error_code: 0, data: {
      MaHoSo: record.MaHoSo, MaTTHC: record.MaTTHC, TenTTHC: record.TenTTHC, TrangThaiHoSo: record.TrangThaiHoSo,
      NgayTiepNhan: record.NgayTiepNhan, NgayHenTra: record.NgayHenTra, NgayTra: record.NgayTra,
    } });
  }

  /** PATCH /uploads/{id}: bytes streamed to disk at Upload-Offset; the offset survives a broken connection. */
  private async uploadChunk(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let u = this.store.upload(id);
    if (!u) return send(res, 404, { error_code: 'INVALID', message: 'Không có phiên tải tệp này' });
    const rewind = this.faults.find((f) => f.action === 'rewind-upload' && (f.times === undefined || f.times > 0));
    if (rewind && u.upload_offset > 0) {
      const kept = Math.max(0, u.upload_offset - (rewind.bytes ?? 64 * 1024));
      fs.truncateSync(this.store.uploadPath(id), kept);
      this.store.db.prepare(`UPDATE upload SET upload_offset = ? WHERE id = ?`).run(kept, id);
      if (rewind.times !== undefined) rewind.times--;
      this.stats.faultsFired['rewind-upload'] = (this.stats.faultsFired['rewind-upload'] ?? 0) + 1;
      u = this.store.upload(id)!;
    }
    const offset = Number(req.headers['upload-offset']);
    if (offset !== u.upload_offset) { await readBody(req); return send(res, 409, { error_code: 'OFFSET', message: `Vị trí tải phải là ${u.upload_offset}`, data: { offset: u.upload_offset } }); }
    const rule = this.faults.find((f) => f.action === 'cut-upload' && (f.times === undefined || f.times > 0));
    const cutAt = rule ? Math.floor(u.size * (rule.fraction ?? 0.5)) : Infinity;
    const fd = fs.openSync(this.store.uploadPath(id), 'r+');
    let position = offset;
    let cut = false;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        let data = chunk;
        if (position + data.length > cutAt) { data = data.subarray(0, Math.max(0, cutAt - position)); cut = true; }
        fs.writeSync(fd, data, 0, data.length, position);
        position += data.length;
        this.stats.uploadBytes += data.length;
        if (cut) break;
      }
    } catch { /* client went away: keep what arrived */ } finally {
      if (this.store.durable) fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.store.setUploadOffset(id, position, position - offset);
    }
    if (cut) {
      if (rule!.times !== undefined) rule!.times--;
      this.stats.faultsFired['cut-upload'] = (this.stats.faultsFired['cut-upload'] ?? 0) + 1;
      return void (req.socket ?? res.socket)?.destroy();
    }
    send(res, 200, { error_code: 0, data: { offset: position } });
  }

  private async control(pathname: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const json = body ? JSON.parse(body) as Record<string, unknown> : {};
    switch (pathname) {
      case '/__control/faults':
        if (Array.isArray(json.rules)) this.faults = json.rules as FaultRule[];
        if (typeof json.honourIdempotency === 'boolean') this.honourIdempotency = json.honourIdempotency;
        if (typeof json.sessionTtlMs === 'number') this.sessionTtlMs = json.sessionTtlMs;
        return send(res, 200, { ok: true });
      case '/__control/expire-sessions': this.expireSessions(); return send(res, 200, { ok: true });
      case '/__control/stats': return send(res, 200, { stats: this.stats, counts: this.store.counts(), dossierRows: this.store.dossierRows() });
      case '/__control/dossiers': return send(res, 200, { dossiers: this.store.allDossiers() });
      case '/__control/procedure': this.store.setProcedure(json as unknown as PortalProcedure); return send(res, 200, { ok: true });
      case '/__control/online-dossier': this.store.submitOnline(json as unknown as PortalDossier); return send(res, 200, { ok: true });
      case '/__control/set-status': this.store.setStatusElsewhere(String(json.MaHoSo), Number(json.TrangThai)); return send(res, 200, { ok: true });
      case '/__control/file': return send(res, 200, { sha256: crypto.createHash('sha256').update(this.store.fileBytes(url.searchParams.get('id') ?? '')).digest('hex') });
      default: return send(res, 404, { message: 'no such control' });
    }
  }
}

function emptyStats(): PortalStats {
  return { connections: 0, requests: 0, logins: 0, rejectedSessions: 0, byRoute: {}, faultsFired: {}, uploadBytes: 0 };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** MaTraCuu: 12 characters of Crockford's base32 (docs/portal-openapi.yaml). */
const LOOKUP_CODE = /^[0-9A-HJKMNP-TV-Z]{12}$/;

/** The portal's catalogue starts as the app's own starting catalogue (same codes, version 1). */
function seedFromAssets(store: PortalStore): void {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'catalogue', 'procedures.json'), 'utf8')) as {
    validFrom: string; procedures: { code: string; name: string; sector: string; sectorCode?: string; durationUnit: string; durationValue: number; cutoff: string | null; components: { code: string; name: string; copyType: string; quantity: number; required: boolean }[]; fees: { name: string; amount: number; note?: string }[]; feeNote?: string }[];
  };
  const unit: Record<string, string> = { 'working-days': 'ngay-lam-viec', days: 'ngay', 'working-hours': 'gio-lam-viec', 'same-day': 'trong-ngay' };
  for (const p of seed.procedures) {
    store.setProcedure({
      MaTTHC: p.code, TenTTHC: p.name, MaLinhVuc: p.sectorCode ?? '', TenLinhVuc: p.sector, PhienBan: '1', NgayApDung: seed.validFrom.replaceAll('-', ''),
      ThoiHanGiaiQuyet: p.durationValue, DonViThoiHan: unit[p.durationUnit] ?? 'ngay-lam-viec', GioTiepNhanTruoc: p.cutoff,
      ThanhPhanHoSo: p.components.map((c) => ({ MaThanhPhan: c.code, TenThanhPhan: c.name, LoaiBanSao: c.copyType === 'original' ? 0 : 1, SoLuong: c.quantity, BatBuoc: c.required })),
      LePhi: p.fees.map((f) => ({ TenPhiLePhi: f.name, Gia: f.amount, GhiChu: f.note ?? '' })), GhiChuLePhi: p.feeNote ?? '',
    });
  }
}
