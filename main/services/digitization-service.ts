// Digitization at the counter, as one service for the handlers (core/handlers-scanning.ts): a facade over
// the parts that change for different reasons — the scanners (digitization-scanner-catalog.ts), the life
// of a scan job and the pages arriving in it (digitization-scan-jobs.ts, digitization-scan-intake.ts), the
// clerk's page edits (digitization-page-ops.ts), the saved PDFs with their record, audit and outbox items
// (digitization-saved-files.ts), and OCR (digitization-ocr.ts).
import path from 'node:path';
import type { PageOp, ScanJobStatus, ScanJobView } from '../../shared/contract/api-scanning';
import type { Clock } from '../base/context';
import type { PaperSize, ScannerDriversOptions, ScannerRegistry, ScanSource } from '../devices/scanning';
import { UnsignedSigner, type DocumentSigner, type RasterOptions } from '../digitization';
import type { Database } from '../persistence/database';
import type { FileStore } from '../storage/file-store';
import type { ScanTarget } from './digitization-live';
import { DigitizationOcr, type OcrSettings } from './digitization-ocr';
import { PageOps } from './digitization-page-ops';
import { DigitizedFiles } from './digitization-saved-files';
import { ScanJobs } from './digitization-scan-jobs';
import { ScannerCatalog } from './digitization-scanner-catalog';
import type { SettingsService } from './settings-service';

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

export class DigitizationService {
  readonly ocr: DigitizationOcr;
  private readonly catalog: ScannerCatalog;
  private readonly jobs: ScanJobs;
  private readonly pages: PageOps;
  private readonly saved: DigitizedFiles;

  constructor(deps: {
    db: Database; files: FileStore; clock: Clock; settings: SettingsService; workRoot: string;
    options?: DigitizationOptions; notifySync?: () => void; log?: (line: string) => void;
  }) {
    const { db, files, clock, options: o = {}, log } = deps;
    const signer = o.signer ?? new UnsignedSigner();
    this.ocr = new DigitizationOcr({
      db, files, clock, signer, stagingRoot: path.join(deps.workRoot, 'ocr'),
      settings: o.ocr ?? {}, notifySync: () => deps.notifySync?.(), log: log ?? (() => undefined),
    });
    this.catalog = new ScannerCatalog({ settings: deps.settings, drivers: o.drivers, registry: o.registry });
    this.jobs = new ScanJobs({ db, clock, catalog: this.catalog, workRoot: deps.workRoot, maxUploadBytes: o.maxUploadBytes, raster: o.pdfRaster, log });
    this.pages = new PageOps(this.jobs);
    this.saved = new DigitizedFiles({ db, files, clock, jobs: this.jobs, ocr: this.ocr, signer, notifySync: deps.notifySync, log });
  }

  /** After a restart: a job that was scanning is open again (its committed pages kept), pending OCR resumes. */
  async resume(): Promise<void> {
    await this.jobs.resume();
    await this.ocr.recover();
  }

  async close(): Promise<void> {
    await this.jobs.close();
    this.ocr.queue.cancelAll();
  }

  // ---- scanners and profiles ----

  /** The scanning settings changed: the drivers and the device list are made again on next use. */
  invalidateDevices(): void { this.catalog.invalidate(); }
  /** Every device with its label, and the scan each busy one is doing now. */
  async devices(refresh: boolean) {
    const busy = this.jobs.busyDevices();
    return (await this.catalog.devices(refresh)).map((d) => ({ ...d, busyWith: busy.get(d.id) ?? null }));
  }
  capabilities(deviceId: string) { return this.catalog.capabilities(deviceId); }
  profiles(procedureCode?: string) { return this.catalog.profiles(procedureCode); }

  // ---- jobs ----

  /** The dossier's open job, reopened from its folder if needed, or a new one. */
  openJob(dossierId: string, userId: string, profileId?: string): Promise<ScanJobView> { return this.jobs.openJob(dossierId, userId, profileId); }
  async getJob(jobId: string): Promise<ScanJobView> { return this.jobs.view(await this.jobs.load(jobId)); }
  /** The dossier's open job as the core knows it (a scan running, pages not saved), for every screen. */
  jobStatus(dossierId: string): Promise<ScanJobStatus | null> { return this.jobs.status(dossierId); }
  start(jobId: string, input: ScanTarget & { deviceId: string; source: ScanSource; paper: PaperSize }): Promise<ScanJobView> { return this.jobs.start(jobId, input); }
  importFiles(jobId: string, input: { component?: string; profileId?: string; paths: string[]; uploads: { name: string; base64: string }[] }): Promise<ScanJobView> {
    return this.jobs.importFiles(jobId, input);
  }
  /** Stops the device; pages already in the job stay. */
  cancel(jobId: string): Promise<ScanJobView> { return this.jobs.cancel(jobId); }
  /** Waits for the scan in progress to end (tests, and the save). */
  settle(jobId: string): Promise<ScanJobView> { return this.jobs.settle(jobId); }
  /** Ends the job: the working folder goes; the stored files and their rows stay. */
  closeJob(jobId: string, userId: string): Promise<void> { return this.jobs.closeJob(jobId, userId); }

  // ---- pages ----

  pageOp(jobId: string, op: PageOp): Promise<ScanJobView> { return this.pages.apply(jobId, op); }
  thumbnail(jobId: string, pageId: string, size: 'thumb' | 'large') { return this.pages.thumbnail(jobId, pageId, size); }

  // ---- saved files ----

  /** One PDF per component whose pages changed, with its record, audit and outbox items in one transaction. */
  save(jobId: string, userId: string) { return this.saved.save(jobId, userId); }
  files(dossierId: string, includeReplaced: boolean) { return this.saved.files(dossierId, includeReplaced); }
  fileContent(fileId: string) { return this.saved.fileContent(fileId); }
}
