// Digitization at the counter: scanners (through the drivers' child processes), the page pipeline's job
// folders, and storing one PDF per dossier component — and per result paper (kind 1, the signed certificate
// or confirmation, uploaded as a result) — with its record, audit and outbox item.
// Scan progress lives in memory for polling; everything a restart must not lose is on disk (job folder,
// manifest) or in the database (scan_job, digitized_file).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ScanJobView, PageOp } from '../../shared/contract/api-scanning';
import { AppError, notFound } from '../base/errors';
import type { Clock } from '../base/context';
import {
  createScannerDrivers, FilesDriver, isFolderScanJob, ScanError, type ScanJob as DriverJob, type ScannerDevice, type ScannerDriversOptions,
  type ScannerRegistry, type ScanSource, type PaperSize,
} from '../devices/scanning';
import {
  listProfiles, profileForProcedure, ScanJob, ScanJobError, UnsignedSigner, finalizeFile, type DocumentSigner, type JobPage, type ProfileSettings,
  type RasterOptions, type ScanProfile,
} from '../digitization';
import type { Database } from '../persistence/database';
import { DossierEntity, UserEntity } from '../persistence/entities';
import { DigitizedFileEntity, ScanJobEntity, type DigitizedFileRow, type ScanJobRow } from '../persistence/entities-digitization';
import type { FileStore } from '../storage/file-store';
import { enqueueDossierUpdate, enqueueFileUpload, holdUploadUntil } from '../sync/outbox';
import { writeAudit } from './audit';
import { DigitizationOcr, type OcrSettings } from './digitization-ocr';
import { pageImage, toPipelinePage } from './digitization-pages';
import {
  currentFiles, digitizedFileName, fileOf, reuseOrigins, sourceKeyOf, targetLabel, targetsOf, toDigitizedFile, type JobComponentRef,
} from './digitization-records';
import type { SettingsService } from './settings-service';
import { readScanningSettings } from './scanning-settings';

export interface DigitizationOptions {
  /** Driver options (e.g. a private SANE_CONFIG_DIR); the eSCL addresses also come from the settings. */
  drivers?: ScannerDriversOptions;
  /** A ready registry (tests). */
  registry?: ScannerRegistry;
  ocr?: OcrSettings;
  signer?: DocumentSigner;
  /** Largest uploaded file (browser shell), bytes. */
  maxUploadBytes?: number;
  /** How long "Kiểm tra" waits for an eSCL scanner (Quản trị → Máy quét); 5 s by default. */
  esclTestTimeoutMs?: number;
  /** How PDF pages are rendered: the pdftoppm program and the time limit of one page (180 s by default). */
  pdfRaster?: RasterOptions;
}

interface ScanState {
  running: boolean; deviceId: string | null; pagesDone: number; pagesExpected: number | null; phase: string; startedAt: string | null;
  driverJob?: DriverJob; abort?: AbortController; done?: Promise<void>;
}

interface LiveJob {
  row: ScanJobRow; job: ScanJob; components: JobComponentRef[]; dossierNumber: string;
  scan: ScanState; error: string | null;
  /** The current scan's non-fatal problems (folder jobs), shown until the next scan starts. */
  warnings: string[];
}

const SETTINGS_KEY = 'scanning';
const MAX_UPLOAD = 40 * 1024 * 1024;
const idle = (): ScanState => ({ running: false, deviceId: null, pagesDone: 0, pagesExpected: null, phase: 'idle', startedAt: null });
const conflict = (m: string) => new AppError('CONFLICT', m);

interface ScanningSettings extends ProfileSettings { esclAddresses?: string[] }

/** Where a scan's or an import's pages go, and with which profile. */
interface ScanTarget { component?: string; insertAt?: number; replacePageId?: string; profileId?: string }

export class DigitizationService {
  private readonly live = new Map<string, LiveJob>();
  private readonly opening = new Map<string, Promise<LiveJob>>();
  private registry: ScannerRegistry | null;
  private deviceCache: ScannerDevice[] | null = null;
  private deviceGeneration = 0;
  private readonly folderImports = new Map<string, Set<string>>();
  readonly ocr: DigitizationOcr;
  private readonly signer: DocumentSigner;

  constructor(private readonly deps: {
    db: Database; files: FileStore; clock: Clock; settings: SettingsService; workRoot: string;
    options?: DigitizationOptions; notifySync?: () => void; log?: (line: string) => void;
  }) {
    this.registry = deps.options?.registry ?? null;
    this.signer = deps.options?.signer ?? new UnsignedSigner();
    this.ocr = new DigitizationOcr({
      db: deps.db, files: deps.files, clock: deps.clock, signer: this.signer, stagingRoot: path.join(deps.workRoot, 'ocr'),
      settings: deps.options?.ocr ?? {}, notifySync: () => deps.notifySync?.(), log: deps.log ?? (() => undefined),
    });
  }

  /** After a restart: a job that was scanning is open again (its committed pages kept), pending OCR resumes. */
  async resume(): Promise<void> {
    await this.deps.db.write(async (em) => {
      await em.update(ScanJobEntity, { state: 'scanning' }, {
        state: 'open', updatedAt: this.now(), error: 'Lượt quét bị gián đoạn (ứng dụng đã tắt). Các trang đã quét vẫn được giữ; hãy quét tiếp nếu còn thiếu.',
      });
    });
    await this.ocr.recover();
  }

  async close(): Promise<void> {
    for (const l of this.live.values()) if (l.scan.running) await this.stopScan(l);
    this.ocr.queue.cancelAll();
  }

  // ---- devices and profiles ----

  private async scanningSettings(): Promise<ScanningSettings> {
    return readScanningSettings(this.deps.settings, SETTINGS_KEY);
  }

  private async drivers(): Promise<ScannerRegistry> {
    if (!this.registry) {
      const { esclAddresses = [], watchFolders = [] } = await readScanningSettings(this.deps.settings, SETTINGS_KEY);
      const o = this.deps.options?.drivers ?? {};
      this.registry = createScannerDrivers({
        ...o, escl: { ...o.escl, addresses: [...(o.escl?.addresses ?? []), ...esclAddresses] }, watchFolders: [...(o.watchFolders ?? []), ...watchFolders],
        // Outlives the drivers: a rebuilt folder driver still knows the files already taken.
        folder: { ...o.folder, imported: this.folderImports },
      });
    }
    return this.registry;
  }

  /** The scanning settings changed: the drivers and the device list are made again on next use. */
  invalidateDevices(): void {
    this.registry = this.deps.options?.registry ?? null;
    this.deviceCache = null;
    this.deviceGeneration++;
  }

  async devices(refresh: boolean): Promise<ScannerDevice[]> {
    if (this.deviceCache && !refresh) return this.deviceCache;
    const generation = this.deviceGeneration;
    const list = await (await this.drivers()).listDevices();
    // Settings saved while the drivers were asked: that list is of the old scanners, so it is not kept.
    if (generation === this.deviceGeneration) this.deviceCache = list;
    return list;
  }

  async capabilities(deviceId: string) {
    try {
      const caps = await (await this.drivers()).driverFor(deviceId).capabilities(deviceId);
      return { sources: caps.sources, resolutions: caps.resolutions, colorModes: caps.colorModes, paperSizes: caps.paperSizes };
    } catch (e) {
      throw scanProblem(e);
    }
  }

  async profiles(procedureCode?: string) {
    const settings = await this.scanningSettings();
    return { profiles: listProfiles(settings).map(profileInfo), defaultId: profileForProcedure(procedureCode, settings).id };
  }

  // ---- jobs ----

  /** The dossier's open job, reopened from its folder if needed, or a new one. */
  async openJob(dossierId: string, userId: string, profileId?: string): Promise<ScanJobView> {
    const existing = await this.deps.db.read((em) => em.findOne(ScanJobEntity, { where: { dossierId, state: 'open' }, order: { createdAt: 'DESC' } })
      ?? em.findOne(ScanJobEntity, { where: { dossierId, state: 'scanning' } }));
    if (existing) return this.view(await this.load(existing.id));
    const dossier = await this.deps.db.read((em) => em.findOneBy(DossierEntity, { id: dossierId }));
    if (!dossier) throw notFound('hồ sơ');
    const settings = await this.scanningSettings();
    const profile = profileId ? officeProfile(settings, profileId) : profileForProcedure(dossier.procedureCode, settings);
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
    const l: LiveJob = { row, job, components, dossierNumber: dossier.number, scan: idle(), error: null, warnings: [] };
    this.live.set(id, l);
    return this.view(l);
  }

  async getJob(jobId: string): Promise<ScanJobView> {
    return this.view(await this.load(jobId));
  }

  /** The job in memory, or reopened from its folder (after a restart) by id. */
  private load(jobId: string): Promise<LiveJob> {
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
        const live: LiveJob = { row, job, components, dossierNumber: dossier?.number ?? '', scan: idle(), error: row.error, warnings: [] };
        this.live.set(jobId, live);
        return live;
      })().finally(() => this.opening.delete(jobId));
      this.opening.set(jobId, p);
    }
    return p;
  }

  async start(jobId: string, input: ScanTarget & { deviceId: string; source: ScanSource; paper: PaperSize }): Promise<ScanJobView> {
    const l = await this.load(jobId);
    if (l.scan.running) throw conflict('Lượt quét đang chạy; hãy chờ xong hoặc hủy trước khi quét tiếp.');
    this.checkTarget(l, input);
    let driverJob: DriverJob;
    const abort = new AbortController();
    const profile = await this.profileFor(l, input.profileId);
    try {
      const driver = (await this.drivers()).driverFor(input.deviceId);
      // A bi-level profile scans in grey: the pipeline thresholds after deskew (a scanner's line-art mode
      // thresholds before, and many devices, SANE's test backend among them, have no such mode).
      const colorMode = profile.colorMode === 'bw' ? 'gray' : profile.colorMode;
      driverJob = driver.startScan(input.deviceId, { source: input.source, resolution: profile.dpi, colorMode, paper: input.paper, signal: abort.signal }, this.rawDir(l));
    } catch (e) {
      throw scanProblem(e);
    }
    await this.begin(l, input.deviceId, driverJob, abort, input, profile);
    return this.view(l);
  }

  async importFiles(jobId: string, input: { component?: string; profileId?: string; paths: string[]; uploads: { name: string; base64: string }[] }): Promise<ScanJobView> {
    const l = await this.load(jobId);
    if (l.scan.running) throw conflict('Lượt quét đang chạy; hãy chờ xong hoặc hủy trước khi nhập tệp.');
    this.checkTarget(l, input);
    const profile = await this.profileFor(l, input.profileId);
    if (input.paths.length + input.uploads.length === 0) throw new AppError('VALIDATION', 'Chọn ít nhất một tệp để nhập.');
    for (const p of input.paths) if (!path.isAbsolute(p)) throw new AppError('VALIDATION', `Đường dẫn tệp phải là đường dẫn đầy đủ: ${p}`);
    const files = [...input.paths];
    const max = this.deps.options?.maxUploadBytes ?? MAX_UPLOAD;
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
    const registry = await this.drivers();
    const driver = (registry.get('files') as FilesDriver | undefined) ?? new FilesDriver();
    const driverJob = driver.importFiles(files, this.rawDir(l), { dpi: profile.dpi, signal: abort.signal });
    await this.begin(l, 'files', driverJob, abort, input, profile);
    return this.view(l);
  }

  /** Stops the device; pages already in the job stay. */
  async cancel(jobId: string): Promise<ScanJobView> {
    const l = await this.load(jobId);
    if (l.scan.running) await this.stopScan(l);
    return this.view(l);
  }

  /** Waits for the scan in progress to end (tests, and the save). */
  async settle(jobId: string): Promise<ScanJobView> {
    const l = await this.load(jobId);
    await l.scan.done;
    return this.view(l);
  }

  async pageOp(jobId: string, op: PageOp): Promise<ScanJobView> {
    const l = await this.load(jobId);
    if (l.scan.running) throw conflict('Đang quét; hãy chờ quét xong hoặc hủy rồi mới sửa trang.');
    const job = l.job;
    try {
      switch (op.op) {
        case 'move': await job.move(op.pageId, op.toIndex); break;
        case 'reorder': await job.reorder(op.pageIds); break;
        case 'rotate': await job.rotate(op.pageId, op.turn); break;
        case 'remove': await job.remove(op.pageId); break;
        case 'setBlank': await job.setBlank(op.pageId, op.blank); break;
        case 'assign': await this.assign(l, op.pageIds, op.component); break;
        case 'splitRanges': await job.splitByRanges(op.ranges); break;
        case 'splitBlank': await job.splitAtBlankSeparators(op.codes); break;
        case 'setExpected': {
          if (!job.components.some((c) => c.code === op.component)) throw new ScanJobError(`Không có thành phần hồ sơ ${op.component}.`);
          await job.setComponents(job.components.map((c) => {
            if (c.code !== op.component) return c;
            const { expectedPages: _drop, ...rest } = c;
            return op.pages === null ? rest : { ...rest, expectedPages: op.pages };
          }));
          break;
        }
      }
    } catch (e) {
      if (e instanceof ScanJobError) throw conflict(e.message);
      throw e;
    }
    await this.touch(l);
    return this.view(l);
  }

  async thumbnail(jobId: string, pageId: string, size: 'thumb' | 'large') {
    const l = await this.load(jobId);
    const page = l.job.pages().find((p) => p.id === pageId);
    if (!page) throw notFound('trang');
    return pageImage(l.job.pagePath(page), path.join(l.row.folder, 'thumbs'), pageId, size);
  }

  /**
   * One PDF per component whose pages changed since the last save: stored atomically, then the rows (a new
   * version replaces the current one, whose file stays on disk), audit and outbox in one transaction.
   */
  async save(jobId: string, userId: string) {
    const l = await this.load(jobId);
    if (l.scan.running) throw conflict('Đang quét; hãy chờ quét xong rồi mới lưu.');
    const job = l.job;
    await job.flush();
    const [user, current] = await this.deps.db.read(async (em) => [await em.findOneBy(UserEntity, { id: userId }), await currentFiles(em, l.row.dossierId)] as const);
    const userName = user?.fullName ?? userId;
    const changed = l.components.filter((c) => {
      const pages = job.componentPages(c.jobCode);
      if (pages.length === 0) return false;
      return fileOf(current, c)?.sourceKey !== sourceKeyOf(job.jobId, pages);
    });
    if (changed.length === 0) throw conflict('Không có thành phần nào có trang mới cần lưu.');
    const scannedAt = this.deps.clock.now();
    const outDir = path.join(l.row.folder, 'out');
    let built;
    try {
      // The PDF names a result by its national code and paper name, not by the job's KQ1 / "Kết quả: …".
      const documentOf = (jobCode: string) => {
        const t = l.components.find((c) => c.jobCode === jobCode);
        return t && { code: t.code, name: t.name };
      };
      built = await job.buildComponentPdfs({ dossierNumber: l.dossierNumber, scannedBy: userName, scannedAt, outDir, documentOf });
    } catch (e) {
      throw conflict(`Không tạo được tệp PDF: ${(e as Error).message}`);
    }
    const ocrOn = await this.ocr.enabled();
    const rows: DigitizedFileRow[] = [];
    for (const c of changed) {
      const b = built.find((x) => x.code === c.jobCode);
      if (!b) continue;
      const id = randomUUID();
      const pdf = new Uint8Array(fs.readFileSync(b.path));
      // With OCR the signature waits for the text layer (signing must be the last change to the file).
      const final = ocrOn ? null : await finalizeFile(pdf, this.signer, { name: userName, userId });
      const stored = this.deps.files.writeAtomic(`digitized/${l.row.dossierId}/${id}.pdf`, final?.bytes ?? pdf);
      if (ocrOn) this.ocr.stage(id, b.pageImages);
      const sig = final?.signature;
      rows.push({
        // A result paper (kind 1) is stored under its result-type code ('KQ<n>' without one) and its paper's name.
        id, dossierId: l.row.dossierId, componentPosition: c.position, componentCode: c.code, componentName: c.name, kind: c.kind, state: 1,
        path: stored.relativePath, sha256: stored.sha256, size: stored.size, pageCount: b.record.pageCount, dpi: b.record.dpi,
        colorMode: b.record.colorMode, scannedBy: userId, scannedByName: userName, scannedAt: scannedAt.toISOString(),
        profileId: mostUsedProfile(job, job.componentPages(c.jobCode)),
        signed: !!sig?.signed, certificateSerial: sig?.signed ? sig.certificateSerial : null, signingTime: sig?.signed ? sig.signingTime : null,
        ocrState: ocrOn ? 'pending' : 'off', ocrText: '', ocrError: null, syncState: ocrOn ? 'waiting-ocr' : 'queued',
        jobId: job.jobId, sourceKey: sourceKeyOf(job.jobId, job.componentPages(c.jobCode)), replacedBy: null, replacedAt: null, createdAt: scannedAt.toISOString(),
      });
    }
    const holdUntil = new Date(scannedAt.getTime() + this.ocr.holdMs).toISOString();
    await this.deps.db.write(async (em) => {
      for (const r of rows) {
        const previous = fileOf(await currentFiles(em, r.dossierId), { position: r.componentPosition, kind: r.kind as 0 | 1 });
        if (previous) await em.update(DigitizedFileEntity, { id: previous.id }, { replacedBy: r.id, replacedAt: r.createdAt });
        await em.insert(DigitizedFileEntity, r);
        await writeAudit(em, {
          at: scannedAt, userId, action: previous ? 'digitized.replace' : 'digitized.create', entity: 'digitized_file', entityId: r.id,
          before: previous ? { id: previous.id, sha256: previous.sha256, pageCount: previous.pageCount } : undefined,
          after: { dossierId: r.dossierId, component: r.componentCode, position: r.componentPosition, kind: r.kind, pageCount: r.pageCount, sha256: r.sha256, path: r.path },
        });
        // A result goes to the portal as a result paper (DanhSachGiayToKetQua), a component as a submitted paper.
        await enqueueFileUpload(em, scannedAt, r.dossierId, {
          fileKey: r.id, relativePath: r.path, sha256: r.sha256, size: r.size, fileName: digitizedFileName(r, l.dossierNumber),
          componentCode: r.componentCode, role: r.kind === 1 ? 'result' : 'submitted', digitizationState: 1,
          ...(r.kind === 1 ? { documentName: r.componentName } : {}),
        });
        if (ocrOn) {
          holdUploadUntil(em, r.id, new Date(holdUntil));
        }
      }
      // The dossier on the portal lists its files: an update after the uploads carries the new list.
      await enqueueDossierUpdate(em, scannedAt, l.row.dossierId);
      await em.update(ScanJobEntity, { id: l.row.id }, { updatedAt: scannedAt.toISOString(), error: null });
    });
    l.error = null;
    l.row.error = null;
    for (const r of rows) if (ocrOn) void this.ocr.enqueue(r.id);
    this.deps.notifySync?.();
    return { job: await this.view(l), saved: rows.map(toDigitizedFile) };
  }

  /** Ends the job: the working folder goes; the stored files and their rows stay. */
  async closeJob(jobId: string, userId: string): Promise<void> {
    const l = await this.load(jobId);
    if (l.scan.running) await this.stopScan(l);
    await this.deps.db.write(async (em) => {
      await em.update(ScanJobEntity, { id: jobId }, { state: 'closed', updatedAt: this.now() });
      await writeAudit(em, { at: this.deps.clock.now(), userId, action: 'scan_job.close', entity: 'scan_job', entityId: jobId });
    });
    this.live.delete(jobId);
    fs.rmSync(l.row.folder, { recursive: true, force: true });
  }

  async files(dossierId: string, includeReplaced: boolean) {
    const rows = await this.deps.db.read((em) => includeReplaced
      ? em.find(DigitizedFileEntity, { where: { dossierId }, order: { componentPosition: 'ASC', createdAt: 'ASC' } })
      : currentFiles(em, dossierId));
    return rows.map(toDigitizedFile);
  }

  async fileContent(fileId: string) {
    const row = await this.deps.db.read((em) => em.findOneBy(DigitizedFileEntity, { id: fileId }));
    if (!row) throw notFound('tệp số hóa');
    const dossier = await this.deps.db.read((em) => em.findOneBy(DossierEntity, { id: row.dossierId }));
    return { base64: this.deps.files.read(row.path).toString('base64'), fileName: digitizedFileName(row, dossier?.number ?? '') };
  }

  // ---- internals ----

  private now(): string { return this.deps.clock.now().toISOString(); }
  private rawDir(l: LiveJob): string {
    const dir = path.join(l.row.folder, 'raw');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The profile asked for (or the job's own), checked against the office's list. */
  private async profileFor(l: LiveJob, profileId: string | undefined): Promise<ScanProfile> {
    if (!profileId || profileId === l.job.profile.id) return l.job.profile;
    return officeProfile(await this.scanningSettings(), profileId);
  }

  private checkTarget(l: LiveJob, t: ScanTarget): void {
    if (t.component && !l.job.components.some((c) => c.code === t.component)) throw new AppError('VALIDATION', `Không có thành phần hồ sơ ${t.component}.`);
    if (t.replacePageId && !l.job.pages().some((p) => p.id === t.replacePageId)) throw notFound('trang cần quét lại');
  }

  private async assign(l: LiveJob, pageIds: readonly string[], component: string): Promise<void> {
    const order = l.job.pages();
    const ranges = pageIds.map((id) => {
      const n = order.findIndex((p) => p.id === id) + 1;
      if (n === 0) throw new ScanJobError(`Không có trang ${id} trong lượt quét.`);
      return { code: component, from: n, to: n };
    });
    await l.job.splitByRanges(ranges);
  }

  private async begin(l: LiveJob, deviceId: string, driverJob: DriverJob, abort: AbortController, target: ScanTarget, profile: ScanProfile): Promise<void> {
    l.error = null;
    l.warnings = [];
    l.scan = { running: true, deviceId, pagesDone: 0, pagesExpected: null, phase: 'starting', startedAt: this.now(), driverJob, abort };
    if (isFolderScanJob(driverJob)) {
      driverJob.onWarning((w) => {
        l.warnings.push(w.message);
        this.deps.log?.(`[digitization] folder scan ${l.row.id}: ${w.message} ${w.detail ?? ''}`);
      });
    }
    l.row.state = 'scanning';
    l.row.deviceId = deviceId;
    await this.deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { state: 'scanning', deviceId, error: null, updatedAt: this.now() }));
    driverJob.progress((p) => {
      l.scan.phase = p.phase;
      l.scan.pagesExpected = p.pagesExpected ?? null;
    });
    l.scan.done = this.consume(l, driverJob, target, profile);
  }

  /**
   * Each page goes into the job the moment it arrives, so the job keeps the arrival order whatever each
   * page costs (a PDF page is rendered inside the job's page slot); pages are processed at most one per
   * core and committed in that order. A page that cannot be processed is named; every other page is kept.
   */
  private async consume(l: LiveJob, driverJob: DriverJob, target: ScanTarget, profile: ScanProfile): Promise<void> {
    const commits: Promise<unknown>[] = [];
    const failed: { page: number; message: string }[] = [];
    let n = 0;
    const opts = { ...(target.component ? { component: target.component } : {}), profile, raster: this.deps.options?.pdfRaster };
    try {
      for await (const page of driverJob.pages) {
        const k = n++;
        if (target.replacePageId && k > 0) {
          // A rescan takes one page; the rest of a feeder stack is not wanted.
          fs.rmSync(page.filePath, { force: true });
          void driverJob.cancel();
          continue;
        }
        const input = toPipelinePage(page);
        const added = target.replacePageId
          ? l.job.replacePage(target.replacePageId, input, opts)
          : target.insertAt !== undefined ? l.job.insertPage(target.insertAt + k, input, opts) : l.job.addPage(input, opts);
        commits.push(added.then(
          () => { l.scan.pagesDone++; },
          (e: Error) => {
            failed.push({ page: k + 1, message: e.message });
            this.deps.log?.(`[digitization] scan ${l.row.id} page ${k + 1}: ${e.message} ${e instanceof ScanJobError ? (e.detail ?? '') : ''}`);
          },
        ).finally(() => fs.rmSync(page.filePath, { force: true })));
      }
    } catch (e) {
      const replacedDone = target.replacePageId && n > 0 && e instanceof ScanError && e.code === 'CANCELLED';
      if (!replacedDone) {
        l.error = scanProblem(e).message;
        this.deps.log?.(`[digitization] scan ${l.row.id} ended: ${l.error} ${e instanceof ScanError ? (e.detail ?? '') : String(e)}`);
      }
    }
    await Promise.all(commits);
    const processingError = pagesNotKept(failed);
    if (processingError && !l.error) l.error = processingError;
    else if (processingError) l.error = `${l.error} ${processingError}`;
    l.scan.running = false;
    l.scan.phase = 'finished';
    l.row.state = 'open';
    l.row.error = l.error;
    await this.deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { state: 'open', error: l.error, updatedAt: this.now() }))
      .catch((e: Error) => this.deps.log?.(`[digitization] scan_job update: ${e.message}`));
  }

  private async stopScan(l: LiveJob): Promise<void> {
    l.scan.abort?.abort();
    await l.scan.driverJob?.cancel().catch(() => undefined);
    await l.scan.done;
  }

  private async touch(l: LiveJob): Promise<void> {
    await this.deps.db.write((em) => em.update(ScanJobEntity, { id: l.row.id }, { updatedAt: this.now() }));
  }

  private async view(l: LiveJob): Promise<ScanJobView> {
    const job = l.job;
    const [current, origins] = await this.deps.db.read(async (em) => {
      const files = await currentFiles(em, l.row.dossierId);
      return [files, await reuseOrigins(em, files)] as const;
    });
    const counts = job.pageCounts();
    const known = new Set(job.components.map((c) => c.code));
    return {
      id: l.row.id, dossierId: l.row.dossierId, dossierNumber: l.dossierNumber,
      profile: profileInfo(job.profile),
      state: l.scan.running ? 'scanning' : 'open',
      scan: { running: l.scan.running, deviceId: l.scan.deviceId, pagesDone: l.scan.pagesDone, pagesExpected: l.scan.pagesExpected, phase: l.scan.phase, startedAt: l.scan.startedAt },
      error: l.error,
      warnings: [...l.warnings],
      components: l.components.map((c) => {
        const count = counts.find((x) => x.code === c.jobCode);
        const pages = job.componentPages(c.jobCode);
        const file = fileOf(current, c);
        return {
          code: c.jobCode, name: targetLabel(c), position: c.position, kind: c.kind, expected: count?.expected ?? null, scanned: count?.scanned ?? 0, label: count?.label ?? '',
          digitized: file ? {
            fileId: file.id, pageCount: file.pageCount, scannedAt: file.scannedAt, ocrState: file.ocrState, state: file.state, reusedFrom: origins.get(file.id) ?? null,
          } : null,
          unsaved: pages.length > 0 && file?.sourceKey !== sourceKeyOf(job.jobId, pages),
        };
      }),
      pages: job.pages().map((p) => ({
        id: p.id, component: p.component && known.has(p.component) ? p.component : null, blank: p.blank, rotation: p.rotation,
        widthPx: p.widthPx, heightPx: p.heightPx, dpi: p.dpi, colorMode: p.colorMode, profileId: job.profileIdOf(p),
      })),
      updatedAt: job.snapshot().updatedAt,
    };
  }
}

/** A target as the job's manifest keeps it (results named "Kết quả: …"). */
function jobComponentOf(c: JobComponentRef) {
  return { code: c.jobCode, name: targetLabel(c) };
}

/** A profile of the office's list by id; an unknown id is the clerk's input error. */
function officeProfile(settings: ProfileSettings, profileId: string): ScanProfile {
  const profile = listProfiles(settings).find((p) => p.id === profileId);
  if (!profile) throw new AppError('VALIDATION', 'Không có cấu hình quét đã chọn.', [{ field: 'profileId', message: 'Chọn cấu hình quét khác.', severity: 'error' }]);
  return profile;
}

/** The profile most of a component's pages were scanned with (the record keeps one profile id). */
function mostUsedProfile(job: ScanJob, pages: readonly JobPage[]): string {
  const counts = new Map<string, number>();
  for (const p of pages) counts.set(job.profileIdOf(p), (counts.get(job.profileIdOf(p)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? job.profile.id;
}

/** The clerk's file name without folders or characters Windows refuses. */
function safeName(name: string): string {
  return Array.from(path.basename(name), (ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
}

function profileInfo(p: ScanProfile) {
  return { id: p.id, name: p.name, colorMode: p.colorMode, dpi: p.dpi, jpegQuality: p.jpegQuality, bilevel: p.bilevel };
}

/** Pages that could not be processed (the others are kept): "Trang 3: …" or "Trang 2, 5 không được lưu: …". */
function pagesNotKept(failed: readonly { page: number; message: string }[]): string | null {
  if (failed.length === 0) return null;
  const sorted = [...failed].sort((a, b) => a.page - b.page);
  if (sorted.length === 1) return `Trang ${sorted[0]!.page}: ${sorted[0]!.message}`;
  return `Trang ${sorted.map((f) => f.page).join(', ')} không được lưu (các trang khác vẫn được giữ). Trang ${sorted[0]!.page}: ${sorted[0]!.message}`;
}

/** A driver's ScanError already says in Vietnamese what to do; anything else becomes a plain message. */
function scanProblem(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ScanError) return conflict(e.message);
  if (e instanceof ScanJobError) return conflict(e.message);
  return conflict(`Quét không thành công: ${(e as Error)?.message ?? String(e)}`);
}
