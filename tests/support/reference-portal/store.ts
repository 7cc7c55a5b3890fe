// The reference portal's own store: a SQLite file, so the portal survives its own restart (the
// "network down, then back" test stops it and starts it again on the same port and the same store).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PortalDossier, PortalDossierRecord, PortalHoliday, PortalProcedure, PortalProgress } from '../../../main/sync/portal/types';
import { toVnParts } from '../../../shared/time/vn-time';

export interface DossierCounts { creates: number; updates: number; progress: number; files: number }

export class PortalStore {
  readonly db: Database.Database;
  readonly filesDir: string;

  /**
   * `durable`: every write reaches the disk before the answer (SQLite synchronous=FULL, each stored file and
   * upload chunk fsynced), as a production portal does; otherwise commits wait for no fsync (fast, for tests).
   */
  constructor(readonly dir: string, readonly durable = false) {
    fs.mkdirSync(dir, { recursive: true });
    this.filesDir = path.join(dir, 'files');
    fs.mkdirSync(this.filesDir, { recursive: true });
    this.db = new Database(path.join(dir, 'portal.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS dossier (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_ho_so TEXT NOT NULL, json TEXT NOT NULL, change_seq INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS dossier_ma ON dossier(ma_ho_so);
      CREATE INDEX IF NOT EXISTS dossier_change ON dossier(change_seq);
      CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_ho_so TEXT NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS progress_ma ON progress(ma_ho_so, id);
      CREATE TABLE IF NOT EXISTS file (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS upload (id TEXT PRIMARY KEY, size INTEGER NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL,
        upload_offset INTEGER NOT NULL DEFAULT 0, received_bytes INTEGER NOT NULL DEFAULT 0, file_id TEXT);
      CREATE TABLE IF NOT EXISTS idem (key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS counter (ma_ho_so TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (ma_ho_so, kind));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS procedure (code TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS holiday (date TEXT PRIMARY KEY, json TEXT NOT NULL);
    `);
  }

  close(): void { this.db.close(); }

  tx<T>(fn: () => T): T { return this.db.transaction(fn)(); }

  private meta(key: string): string | null {
    return (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value ?? null;
  }
  private setMeta(key: string, value: string): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
  }
  private nextChange(): number {
    const n = Number(this.meta('change') ?? 0) + 1;
    this.setMeta('change', String(n));
    return n;
  }
  private count(ma: string, kind: keyof DossierCounts, by = 1): void {
    this.db.prepare(`INSERT INTO counter (ma_ho_so, kind, n) VALUES (?, ?, ?) ON CONFLICT(ma_ho_so, kind) DO UPDATE SET n = n + excluded.n`).run(ma, kind, by);
  }

  idempotent(key: string): { status: number; body: unknown } | null {
    const r = this.db.prepare(`SELECT status, body FROM idem WHERE key = ?`).get(key) as { status: number; body: string } | undefined;
    return r ? { status: r.status, body: JSON.parse(r.body) } : null;
  }
  remember(key: string, status: number, body: unknown): void {
    this.db.prepare(`INSERT OR REPLACE INTO idem (key, status, body) VALUES (?, ?, ?)`).run(key, status, JSON.stringify(body));
  }

  /**
   * The next official number. 'reference': <agency>.<yy>.<000001> (a yearly counter); 'national': the format of
   * Thông tư 01/2018 Điều 19, <agency>-<yyMMdd>-<0001> with a daily counter — the same shape an office's
   * provisional numbers have by default, so the two can meet.
   */
  nextNumber(agency: string, now: Date, format: 'reference' | 'national' = 'reference'): string {
    const p = toVnParts(now);
    const two = (n: number) => String(n).padStart(2, '0');
    const day = `${two(p.year % 100)}${two(p.month)}${two(p.day)}`;
    const key = format === 'national' ? `number:${agency}:${day}` : `number:${agency}`;
    const n = Number(this.meta(key) ?? 0) + 1;
    this.setMeta(key, String(n));
    return format === 'national'
      ? `${agency}-${day}-${String(n).padStart(4, '0')}`
      : `${agency}.${two(p.year % 100)}.${String(n).padStart(6, '0')}`;
  }

  latest(ma: string): { id: number; dossier: PortalDossier; changeSeq: number } | null {
    const r = this.db.prepare(`SELECT id, json, change_seq FROM dossier WHERE ma_ho_so = ? ORDER BY id DESC LIMIT 1`).get(ma) as { id: number; json: string; change_seq: number } | undefined;
    return r ? { id: r.id, dossier: JSON.parse(r.json) as PortalDossier, changeSeq: r.change_seq } : null;
  }

  createDossier(d: PortalDossier): void {
    this.db.prepare(`INSERT INTO dossier (ma_ho_so, json, change_seq) VALUES (?, ?, ?)`).run(d.MaHoSo, JSON.stringify(d), this.nextChange());
    this.count(d.MaHoSo, 'creates');
    this.count(d.MaHoSo, 'files', d.TaiLieuNop.length);
  }

  updateDossier(d: PortalDossier): boolean {
    const current = this.latest(d.MaHoSo);
    if (!current) return false;
    const merged = { ...current.dossier, ...d };
    this.db.prepare(`UPDATE dossier SET json = ?, change_seq = ? WHERE id = ?`).run(JSON.stringify(merged), this.nextChange(), current.id);
    this.count(d.MaHoSo, 'updates');
    this.count(d.MaHoSo, 'files', d.TaiLieuNop.length - current.dossier.TaiLieuNop.length);
    return true;
  }

  addProgress(p: PortalProgress): boolean {
    const current = this.latest(p.MaHoSo);
    if (!current) return false;
    this.db.prepare(`INSERT INTO progress (ma_ho_so, json) VALUES (?, ?)`).run(p.MaHoSo, JSON.stringify(p));
    const merged = { ...current.dossier, TrangThaiHoSo: p.TrangThai };
    this.db.prepare(`UPDATE dossier SET json = ?, change_seq = ? WHERE id = ?`).run(JSON.stringify(merged), this.nextChange(), current.id);
    this.count(p.MaHoSo, 'progress');
    return true;
  }

  /** A change made on the provincial side (another office, the online portal). */
  setStatusElsewhere(ma: string, status: number): void {
    const current = this.latest(ma);
    if (!current) throw new Error(`no dossier ${ma}`);
    this.db.prepare(`UPDATE dossier SET json = ?, change_seq = ? WHERE id = ?`).run(JSON.stringify({ ...current.dossier, TrangThaiHoSo: status }), this.nextChange(), current.id);
  }

  submitOnline(d: PortalDossier): void {
    this.db.prepare(`INSERT INTO dossier (ma_ho_so, json, change_seq) VALUES (?, ?, ?)`).run(d.MaHoSo, JSON.stringify(d), this.nextChange());
  }

  record(ma: string): PortalDossierRecord | null {
    const current = this.latest(ma);
    if (!current) return null;
    const progress = (this.db.prepare(`SELECT json FROM progress WHERE ma_ho_so = ? ORDER BY id`).all(ma) as { json: string }[]).map((r) => JSON.parse(r.json) as PortalProgress);
    return { ...current.dossier, TienDoXuLy: progress, PhienBanThayDoi: current.changeSeq };
  }

  /** The dossier whose look-up code (MaTraCuu, optional) is `code`, as the portal holds it now. */
  recordByLookupCode(code: string): PortalDossierRecord | null {
    const r = this.db.prepare(`SELECT ma_ho_so FROM dossier WHERE json_extract(json, '$.MaTraCuu') = ? ORDER BY id DESC LIMIT 1`).get(code) as
      { ma_ho_so: string } | undefined;
    const record = r ? this.record(r.ma_ho_so) : null;
    return record?.MaTraCuu === code ? record : null;
  }

  changedSince(cursor: number, agency: string, limit: number): { items: PortalDossierRecord[]; cursor: number } {
    const rows = this.db.prepare(`SELECT ma_ho_so, change_seq FROM dossier WHERE change_seq > ? ORDER BY change_seq LIMIT ?`).all(cursor, limit) as { ma_ho_so: string; change_seq: number }[];
    const items = rows.map((r) => this.record(r.ma_ho_so)!).filter((r) => r.DonViXuLy === agency);
    return { items, cursor: rows.length ? rows.at(-1)!.change_seq : cursor };
  }

  hasFile(id: string): boolean { return !!this.db.prepare(`SELECT 1 FROM file WHERE id = ?`).get(id); }

  storeFile(bytes: Buffer, name: string): { fileId: string; sha256: string; size: number } {
    const id = crypto.randomUUID();
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    this.writeFile(path.join(this.filesDir, id), bytes);
    this.db.prepare(`INSERT INTO file (id, sha256, size, name) VALUES (?, ?, ?, ?)`).run(id, sha256, bytes.length, name);
    return { fileId: id, sha256, size: bytes.length };
  }

  writeFile(file: string, bytes: Buffer): void {
    const fd = fs.openSync(file, 'w');
    try {
      fs.writeSync(fd, bytes);
      if (this.durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  fileBytes(id: string): Buffer { return fs.readFileSync(path.join(this.filesDir, id)); }
  uploadPath(id: string): string { return path.join(this.filesDir, `upload-${id}`); }

  openUpload(name: string, size: number, sha256: string): { uploadId: string; offset: number } {
    const id = crypto.randomUUID();
    this.writeFile(this.uploadPath(id), Buffer.alloc(0));
    this.db.prepare(`INSERT INTO upload (id, size, sha256, name) VALUES (?, ?, ?, ?)`).run(id, size, sha256, name);
    return { uploadId: id, offset: 0 };
  }
  upload(id: string): { id: string; size: number; sha256: string; name: string; upload_offset: number; received_bytes: number; file_id: string | null } | null {
    return (this.db.prepare(`SELECT * FROM upload WHERE id = ?`).get(id) as never) ?? null;
  }
  setUploadOffset(id: string, offset: number, received: number): void {
    this.db.prepare(`UPDATE upload SET upload_offset = ?, received_bytes = received_bytes + ? WHERE id = ?`).run(offset, received, id);
  }

  counts(): Record<string, DossierCounts> {
    const out: Record<string, DossierCounts> = {};
    for (const r of this.db.prepare(`SELECT ma_ho_so, kind, n FROM counter`).all() as { ma_ho_so: string; kind: keyof DossierCounts; n: number }[]) {
      (out[r.ma_ho_so] ??= { creates: 0, updates: 0, progress: 0, files: 0 })[r.kind] = r.n;
    }
    return out;
  }

  allDossiers(): PortalDossierRecord[] {
    const mas = (this.db.prepare(`SELECT DISTINCT ma_ho_so FROM dossier`).all() as { ma_ho_so: string }[]).map((r) => r.ma_ho_so);
    return mas.map((m) => this.record(m)!);
  }
  dossierRows(): number { return (this.db.prepare(`SELECT count(*) AS n FROM dossier`).get() as { n: number }).n; }

  setProcedure(p: PortalProcedure): void {
    this.db.prepare(`INSERT INTO procedure (code, json) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET json = excluded.json`).run(p.MaTTHC, JSON.stringify(p));
  }
  procedures(): PortalProcedure[] {
    return (this.db.prepare(`SELECT json FROM procedure ORDER BY code`).all() as { json: string }[]).map((r) => JSON.parse(r.json) as PortalProcedure);
  }
  procedure(code: string): PortalProcedure | null {
    const r = this.db.prepare(`SELECT json FROM procedure WHERE code = ?`).get(code) as { json: string } | undefined;
    return r ? (JSON.parse(r.json) as PortalProcedure) : null;
  }
  setHoliday(h: PortalHoliday): void {
    this.db.prepare(`INSERT INTO holiday (date, json) VALUES (?, ?) ON CONFLICT(date) DO UPDATE SET json = excluded.json`).run(h.Ngay, JSON.stringify(h));
  }
  holidays(year: number): PortalHoliday[] {
    return (this.db.prepare(`SELECT json FROM holiday WHERE date LIKE ? ORDER BY date`).all(`${year}%`) as { json: string }[]).map((r) => JSON.parse(r.json) as PortalHoliday);
  }
}
