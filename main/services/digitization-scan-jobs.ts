// The life of a scan job: opened for a dossier (or reopened from its folder after a restart), scanned into
// from a device or from files, cancelled, closed. Jobs in use are kept in memory for polling; what a
// restart must not lose is on disk (the job folder, its manifest) or in the scan_job row.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ScanJobStatus, ScanJobView } from '../../shared/contract/api-scanning';
import type { Clock } from '../base/context';
import { AppError, notFound } from '../base/errors';
import { FILES_DEVICE_ID, FilesDriver, type ScanJob as DriverJob, type PaperSize, type ScanSource } from '../devices/scanning';
import { ScanJob, type RasterOptions, type ScanProfile } from '../digitization';
import { In } from 'typeorm';
import type { Database } from '../persistence/database';
import { DossierEntity } from '../persistence/entities';
import { ScanJobEntity, type ScanJobRow } from '../persistence/entities-digitization';
import { writeAudit } from './audit';
import { conflict, idleScan, jobComponentOf, jobView, scanProblem, type LiveJob, type ScanTarget } from './digitization-live';
import { targetsOf } from './digitization-records';
import { beginScan, stopScan } from './digitization-scan-intake';
import type { ScannerCatalog } from './digitization-scanner-catalog';

const MAX_UPLOAD = 40 * 1024 * 1024;

export interface ScanJobsDeps {
  db: Database;
  clock: Clock;
  catalog: ScannerCatalog;
  /** Where job folders live (<workRoot>/jobs/<id>). */
  workRoot: string;
  /** Largest uploaded file (browser shell), bytes. */
  maxUploadBytes?: number;
  raster?: RasterOptions;
  log?: (line: string) => void;
}

export class ScanJobs {
  private readonly live = new Map<string, LiveJob>();
  private readonly opening = new Map<string, Promise<LiveJob>>();
  /** openJob in progress per dossier. */
  private readonly openingFor = new Map<string, Promise<ScanJobView>>();
  /** Devices scanning now, and for which job: a scanner feeds one job at a time, whatever the dossier. */
  private readonly deviceUse = new Map<string, LiveJob>();

  constructor(private readonly deps: ScanJobsDeps) {}

  /** After a restart: a job that was scanning is open again, its committed pages kept. */
  async resume(): Promise<void> {
    await this.deps.db.write(async (em) => {
      await em.update(ScanJobEntity, { state: 'scanning' }, {
        state: 'open', updatedAt: this.now(), error: 'Lượt quét bị gián đoạn (ứng dụng đã tắt). Các trang đã quét vẫn được giữ; hãy quét tiếp nếu còn thiếu.',
      });
    });
  }

  /** Stops every scan in progress (their received pages are committed first). */
  async close(): Promise<void> {
    for (const l of this.live.values()) if (l.scan.running) await stopScan(l);
  }

  view(l: LiveJob): Promise<ScanJobView> {
    return jobView(this.deps.db, l);
  }

  /**
   * The dossier's open job, reopened from its folder if needed, or a new one. Two asks at once (two screens,
   * an effect run twice) get the same job: one job per dossier.
   */
  openJob(dossierId: string, userId: string, profileId?: string): Promise<ScanJobView> {
    let p = this.openingFor.get(dossierId);
    if (!p) {
      p = this.findOrCreate(dossierId, userId, profileId).finally(() => this.openingFor.delete(dossierId));
      this.openingFor.set(dossierId, p);
    }
    return p;
  }

  private async findOrCreate(dossierId: string, userId: string, profileId?: string): Promise<ScanJobView> {
    // A job scanning right now is the dossier's job too: reopening the panel shows that scan, never a new job.
    const existing = await this.deps.db.read((em) => em.findOne(ScanJobEntity, { where: { dossierId, state: In(['open', 'scanning']) }, order: { createdAt: 'DESC' } }));
    if (existing) return this.view(await this.load(existing.id));
    const dossier = await this.deps.db.read((em) => em.findOneBy(DossierEntity, { id: dossierId }));
    if (!dossier) throw notFound('hồ sơ');
    const profile = await this.deps.catalog.profileForJob(dossier.procedureCode, profileId);
    // The dossier's components, then its result papers (KQ1…): a result can be scanned into the same job.
    const components = await this.deps.db.read((em) => targetsOf(em, dossierId));
    const id = randomUUID();
    const folder = path.join(this.deps.workRoot, 'jobs', id);
    const job = await ScanJob.create(folder, profile, components.map(jobComponentOf));
    const now = this.now();
    const row: ScanJobRow = { id, dossierId, folder, deviceId: null, profileId: profile.id, state: 'open', createdBy: userId, createdAt: now, updatedAt: now, error: null };
    await this.deps.db.write(async (em) => {
      await em.insert(ScanJobEntity, row);
      await writeAudit(em, { at: this.deps.clock.now(), userId, action: 'scan_job.open', entity: 'scan_job', entityId: id, after: { dossierId, profileId: profile.id } });
    });
    const l: LiveJob = { row, job, components, dossierNumber: dossier.number, scan: idleScan(), error: null, warnings: [] };
    this.live.set(id, l);
    return this.view(l);
  }

  /** The job in memory, or reopened from its folder (after a restart) by id. */
  load(jobId: string): Promise<LiveJob> {
    const l = this.live.get(jobId);
    if (l) return Promise.resolve(l);
    let p = this.opening.get(jobId);
    if (!p) {
      p = (async () => {
        const row = await this.deps.db.read((em) => em.findOneBy(ScanJobEntity, { id: jobId }));
        if (!row || row.state === 'closed') throw notFound('lượt quét');
        let job: ScanJob;
        try {
          job = await ScanJob.open(row.folder);
        } catch (e) {
          throw conflict(`Không mở lại được lượt quét: ${(e as Error).message}`);
        }
        const [components, dossier] = await this.deps.db.read(async (em) => [await targetsOf(em, row.dossierId), await em.findOneBy(DossierEntity, { id: row.dossierId })] as const);
        // A job opened before results could be scanned gets its result targets added (its pages stay).
        const missing = components.filter((c) => !job.components.some((j) => j.code === c.jobCode));
        if (missing.length) await job.setComponents([...job.components, ...missing.map(jobComponentOf)]);
        const live: LiveJob = { row, job, components, dossierNumber: dossier?.number ?? '', scan: idleScan(), error: row.error, warnings: [] };
        this.live.set(jobId, live);
        return live;
      })().finally(() => this.opening.delete(jobId));
      this.opening.set(jobId, p);
    }
    return p;
  }

  async start(jobId: string, input: ScanTarget & { deviceId: string; source: ScanSource; paper: PaperSize }): Promise<ScanJobView> {
    const l = await this.load(jobId);
    this.checkTarget(l, input);
    const profile = await this.profileFor(l, input.profileId);
    let driverJob: DriverJob;
    const abort = new AbortController();
    let registry;
    try {
      registry = await this.deps.catalog.drivers();
    } catch (e) {
      throw scanProblem(e);
    }
    // From here to beginScan nothing waits: two starts (two counters' F9, a double press) cannot both pass.
    if (l.scan.running) throw conflict('Lượt quét đang chạy; hãy chờ xong hoặc hủy trước khi quét tiếp.');
    const other = this.busyElsewhere(l, input.deviceId);
    if (other) throw await this.busyError(input.deviceId, other);
    try {
      const driver = registry.driverFor(input.deviceId);
      // A bi-level profile scans in grey: the pipeline thresholds after deskew (a scanner's line-art mode
      // thresholds before, and many devices, SANE's test backend among them, have no such mode).
      const colorMode = profile.colorMode === 'bw' ? 'gray' : profile.colorMode;
      // The profile's JPEG quality, for a device that can be asked for it (eSCL): its page is then stored as
      // sent. Not for a bi-level profile: its grey scan is thresholded, and JPEG loss would only blur that.
      const jpegQuality = profile.bilevel ? undefined : profile.jpegQuality;
      driverJob = driver.startScan(input.deviceId, { source: input.source, resolution: profile.dpi, colorMode, paper: input.paper, signal: abort.signal, jpegQuality }, this.rawDir(l));
    } catch (e) {
      throw scanProblem(e);
    }
    const release = this.holdDevice(input.deviceId, l);
    try {
      await beginScan(this.deps, l, input.deviceId, driverJob, abort, input, profile);
    } catch (e) {
      release();
      throw e;
    }
    void l.scan.done?.finally(release);
    return this.view(l);
  }

  async importFiles(jobId: string, input: { component?: string; profileId?: string; paths: string[]; uploads: { name: string; base64: string }[] }): Promise<ScanJobView> {
    const l = await this.load(jobId);
    this.checkTarget(l, input);
    const profile = await this.profileFor(l, input.profileId);
    if (input.paths.length + input.uploads.length === 0) throw new AppError('VALIDATION', 'Chọn ít nhất một tệp để nhập.');
    for (const p of input.paths) if (!path.isAbsolute(p)) throw new AppError('VALIDATION', `Đường dẫn tệp phải là đường dẫn đầy đủ: ${p}`);
    const files = [...input.paths];
    const max = this.deps.maxUploadBytes ?? MAX_UPLOAD;
    for (const u of input.uploads) {
      const bytes = Buffer.from(u.base64, 'base64');
      if (bytes.length > max) throw new AppError('VALIDATION', `Tệp "${u.name}" quá lớn (tối đa ${Math.round(max / 1024 / 1024)} MB).`);
      // One folder per upload keeps the clerk's file name, which error messages quote.
      const dir = path.join(l.row.folder, 'uploads', randomUUID());
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, safeName(u.name) || 'tep');
      fs.writeFileSync(file, bytes);
      files.push(file);
    }
    const abort = new AbortController();
    const registry = await this.deps.catalog.drivers();
    const driver = (registry.get('files') as FilesDriver | undefined) ?? new FilesDriver();
    if (l.scan.running) throw conflict('Lượt quét đang chạy; hãy chờ xong hoặc hủy trước khi nhập tệp.');
    const driverJob = driver.importFiles(files, this.rawDir(l), { dpi: profile.dpi, signal: abort.signal });
    await beginScan(this.deps, l, 'files', driverJob, abort, input, profile);
    return this.view(l);
  }

  /** Stops the device; pages already in the job stay. */
  async cancel(jobId: string): Promise<ScanJobView> {
    const l = await this.load(jobId);
    if (l.scan.running) await stopScan(l);
    return this.view(l);
  }

  /** Waits for the scan in progress to end (tests, and the save). */
  async settle(jobId: string): Promise<ScanJobView> {
    const l = await this.load(jobId);
    await l.scan.done;
    return this.view(l);
  }

  /** Ends the job: the working folder goes; the stored files and their rows stay. */
  async closeJob(jobId: string, userId: string): Promise<void> {
    const l = await this.load(jobId);
    if (l.scan.running) await stopScan(l);
    await this.deps.db.write(async (em) => {
      await em.update(ScanJobEntity, { id: jobId }, { state: 'closed', updatedAt: this.now() });
      await writeAudit(em, { at: this.deps.clock.now(), userId, action: 'scan_job.close', entity: 'scan_job', entityId: jobId });
    });
    this.live.delete(jobId);
    fs.rmSync(l.row.folder, { recursive: true, force: true });
  }

  /** The job scanning on each busy device (the list of devices says it; another start is refused). */
  busyDevices(): ReadonlyMap<string, { jobId: string; dossierId: string; dossierNumber: string }> {
    return new Map([...this.deviceUse].map(([device, l]) => [device, { jobId: l.row.id, dossierId: l.row.dossierId, dossierNumber: l.dossierNumber }]));
  }

  /**
   * The dossier's open job as it is now, for any screen showing the dossier: a scan running (started from any
   * panel, open or closed) and the pages not saved yet; null when there is no job or nothing in it.
   */
  async status(dossierId: string): Promise<ScanJobStatus | null> {
    const live = [...this.live.values()].find((l) => l.row.dossierId === dossierId && l.row.state !== 'closed');
    const row = live?.row ?? await this.deps.db.read((em) => em.findOne(ScanJobEntity, { where: { dossierId, state: In(['open', 'scanning']) }, order: { updatedAt: 'DESC' } }));
    if (!row) return null;
    const l = live ?? await this.load(row.id);
    const v = await this.view(l);
    const unsorted = v.pages.filter((p) => p.component === null).length;
    const unsaved = v.components.filter((c) => c.unsaved).map((c) => ({ code: c.code, name: c.name }));
    // Nothing running and nothing left to save: the saved files say everything.
    if (!v.scan.running && unsorted === 0 && unsaved.length === 0) return null;
    return {
      jobId: v.id, scanning: v.scan.running, deviceId: v.scan.running ? v.scan.deviceId : null,
      deviceLabel: v.scan.running && v.scan.deviceId ? await this.deps.catalog.labelOf(v.scan.deviceId) : null,
      pagesDone: v.scan.pagesDone, startedAt: v.scan.startedAt, pages: v.pages.length,
      unsorted, unsaved, error: v.error,
    };
  }

  /** The other job scanning on this device now (one scan per device, whatever the dossier), if any. */
  private busyElsewhere(l: LiveJob, deviceId: string): LiveJob | undefined {
    if (deviceId === FILES_DEVICE_ID) return undefined;
    const other = this.deviceUse.get(deviceId);
    return other && other !== l ? other : undefined;
  }

  /** Which scan holds the device and what to do, in Vietnamese. */
  private async busyError(deviceId: string, other: LiveJob): Promise<AppError> {
    const label = await this.deps.catalog.labelOf(deviceId);
    return conflict(`Máy quét "${label}" đang quét cho hồ sơ ${other.dossierNumber}. `
      + 'Hãy chờ lượt quét đó xong, hoặc mở hồ sơ đó và bấm "Dừng quét"; hoặc chọn máy quét khác.');
  }

  /** Marks the device busy with this job; the returned function frees it (at the end of the scan). */
  private holdDevice(deviceId: string, l: LiveJob): () => void {
    if (deviceId === FILES_DEVICE_ID) return () => undefined;
    this.deviceUse.set(deviceId, l);
    return () => { if (this.deviceUse.get(deviceId) === l) this.deviceUse.delete(deviceId); };
  }

  /** The job was edited: its row says when. */
  async touch(l: LiveJob): Promise<void> {
    await this.deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { updatedAt: this.now() }));
  }

  private now(): string { return this.deps.clock.now().toISOString(); }

  private rawDir(l: LiveJob): string {
    const dir = path.join(l.row.folder, 'raw');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The profile asked for (or the job's own), checked against the office's list. */
  private async profileFor(l: LiveJob, profileId: string | undefined): Promise<ScanProfile> {
    if (!profileId || profileId === l.job.profile.id) return l.job.profile;
    return this.deps.catalog.profile(profileId);
  }

  private checkTarget(l: LiveJob, t: ScanTarget): void {
    if (t.component && !l.job.components.some((c) => c.code === t.component)) throw new AppError('VALIDATION', `Không có thành phần hồ sơ ${t.component}.`);
    if (t.replacePageId && !l.job.pages().some((p) => p.id === t.replacePageId)) throw notFound('trang cần quét lại');
  }
}

/** The clerk's file name without folders or characters Windows refuses. */
function safeName(name: string): string {
  return Array.from(path.basename(name), (ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
}
