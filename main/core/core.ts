import { z } from 'zod';
import { api, type ApiResponse, type FieldError, type MethodName } from '../../shared/contract';
import { createPrinterDriver, type PrinterDriver } from '../devices/printing';
import { Database, DatabaseCorruptError } from '../persistence/database';
import { AuthService } from '../services/auth-service';
import { CalendarService, loadOfficialSchedules } from '../services/calendar-service';
import { CatalogueService, type CatalogueSeed } from '../services/catalogue-service';
import { DigitizationService, type DigitizationOptions } from '../services/digitization-service';
import { DigitizationReuseService } from '../services/digitization-reuse';
import { DocumentService } from '../services/document-service';
import { DossierService } from '../services/dossier-service';
import { OfficeService } from '../services/office-service';
import { PrintService } from '../services/print-service';
import { ScanningSettingsService } from '../services/scanning-settings';
import { SettingsService } from '../services/settings-service';
import { sweepStrayFiles } from '../services/storage-sweep';
import { WorkflowService } from '../services/workflow/workflow-service';
import { FileStore } from '../storage/file-store';
import { credentialFile, FileCredentialStore, type CredentialStore } from '../sync/config';
import { SyncService, type SyncOptions } from '../sync/sync-service';
import { NoticeService, type NoticeOptions } from '../services/notices-service';
import { IndicatorsService } from '../services/indicators-service';
import { CivilStatusService } from '../services/civil-status/civil-status-service';
import { Fees } from '../services/fees';
import { notifyCredentialFile, NotifySecrets } from '../notify/secrets';
import { findAssetsDir, readJsonAsset } from '../base/assets';
import { systemClock, type CallContext, type Clock } from '../base/context';
import { databaseFile, filesDir } from '../base/data-dir';
import crypto from 'node:crypto';
import path from 'node:path';
import { AppError } from '../base/errors';
import { counterWork } from '../base/counter-work';
import { createHandlers } from './handlers';
import type { HandlerTable } from './handler-types';
import type { Services } from './services';

export interface CoreOptions {
  dataDir: string;
  assetsDir?: string;
  shell: 'electron' | 'browser';
  printerDriver?: PrinterDriver;
  clock?: Clock;
  version?: string;
  log?: (line: string) => void;
  /** Provincial sync: drainer timings for tests; the Electron shell passes its safeStorage credential store. */
  sync?: SyncOptions;
  credentials?: CredentialStore;
  /** Scanning and digitization: driver options (private SANE config in tests), OCR, signer. */
  scanning?: DigitizationOptions;
  /** Notices to applicants: drainer timings for tests; the Electron shell passes an encrypted store for their secrets. */
  notify?: NoticeOptions;
  notifyCredentials?: CredentialStore;
}

/**
 * The application core: persistence, services, documents, devices — plain Node, no Electron.
 * Both shells call `handle`, which checks access, validates the input against the contract,
 * runs the handler and returns the ApiResponse envelope.
 */
export class Core {
  private constructor(readonly services: Services, private readonly handlers: HandlerTable, private readonly shell: 'electron' | 'browser', private readonly log: (l: string) => void) {}

  static async start(opts: CoreOptions): Promise<Core> {
    const assetsDir = findAssetsDir(opts.assetsDir);
    const clock = opts.clock ?? systemClock;
    const db = await Database.open(databaseFile(opts.dataDir));
    const files = new FileStore(filesDir(opts.dataDir));
    const office = new OfficeService(db, opts.log);
    const catalogue = new CatalogueService(db, opts.log);
    // Official schedules are facts shipped with the app: applied under the office's overrides, never copied.
    const calendar = new CalendarService(db, { official: loadOfficialSchedules(assetsDir), log: opts.log });
    const documents = new DocumentService(db, files, assetsDir);
    const settings = new SettingsService(db);
    const printerDriver = opts.printerDriver ?? createPrinterDriver();
    const services: Services = {
      version: opts.version ?? '0.1.0', assetsDir, clock, db, office, auth: new AuthService(db), catalogue, calendar, documents, settings,
      dossiers: new DossierService(db, catalogue, calendar, documents),
      printing: new PrintService(db, printerDriver, documents, settings), printerDriver,
      sync: new SyncService({
        db, clock, settings, catalogue, calendar, filesRoot: files.root, options: opts.sync, log: opts.log,
        credentials: opts.credentials ?? new FileCredentialStore(credentialFile(opts.dataDir)),
      }),
      digitization: undefined as unknown as DigitizationService,
      workflow: undefined as unknown as WorkflowService,
      scanningSettings: new ScanningSettingsService({
        settings, catalogue, clock, esclTestTimeoutMs: opts.scanning?.esclTestTimeoutMs, onDevicesChanged: () => services.digitization.invalidateDevices(),
      }),
      digitizationReuse: new DigitizationReuseService({ db, files, clock, log: opts.log, notifySync: () => services.sync.drainer?.notify() }),
      notices: new NoticeService({
        db, clock, options: opts.notify, log: opts.log,
        secrets: new NotifySecrets(opts.notifyCredentials ?? new FileCredentialStore(notifyCredentialFile(opts.dataDir))),
      }),
      indicators: new IndicatorsService(db, clock),
      civilStatus: undefined as unknown as CivilStatusService,
      fees: undefined as unknown as Fees,
    };
    const officeView = async () => {
      const o = await office.get();
      if (!o) throw new AppError('SETUP_REQUIRED', 'Chưa thiết lập thông tin cơ quan. Hãy hoàn tất bước thiết lập ban đầu.');
      return o;
    };
    services.workflow = new WorkflowService({ db, documents, calendar, catalogue, dossiers: services.dossiers, office: officeView });
    services.fees = new Fees({ db, settings, printerDriver, assetsDir, office: officeView });
    services.civilStatus = new CivilStatusService({
      db, dossiers: services.dossiers, workflow: services.workflow,
      office: async () => {
        const o = await office.get();
        if (!o) throw new AppError('SETUP_REQUIRED', 'Chưa thiết lập thông tin cơ quan. Hãy hoàn tất bước thiết lập ban đầu.');
        return o;
      },
    });
    services.digitization = new DigitizationService({
      db, files, clock, settings, workRoot: path.join(opts.dataDir, 'scan-jobs'), options: opts.scanning, log: opts.log,
      notifySync: () => services.sync.drainer?.notify(),
    });
    // First start: a real catalogue, so the counter works at once.
    await catalogue.seedIfEmpty(readJsonAsset<CatalogueSeed>(assetsDir, 'catalogue/procedures.json'), clock.now());
    // A save interrupted between its transaction and its slip's PDF: the slip is rendered again (and the
    // receipt reported to the province with it) before anything else runs.
    await services.dossiers.resumePendingReceipts(opts.log);
    // Files a crash left without a record (personal data nobody would delete) and temp files of interrupted
    // writes: removed before any writer starts; a file a row names is never touched.
    await sweepStrayFiles({ db, files, now: clock.now(), log: opts.log }).catch((e: Error) => opts.log?.(`[storage] clean-up failed: ${e.message}`));
    // The drainer starts once the core is up; it works in the background and never delays start-up.
    await services.sync.start();
    // Notices have their own drainer: they go to the office's mail server and SMS gateway, not to the portal.
    await services.notices.start();
    await services.digitization.resume();
    return new Core(services, createHandlers(services), opts.shell, opts.log ?? (() => undefined));
  }

  /** Loads what the first save needs (fonts, PDF library) after the shell is up, so start-up stays short. */
  warmUp(): void {
    setTimeout(() => { void this.services.documents.renderer().catch((e: Error) => this.log(`[core] warm-up: ${e.message}`)); }, 50);
  }

  /** `client` tells callers of one shell apart (the HTTP shell passes the remote address); login throttling uses it. */
  async handle(method: string, rawInput: unknown, sessionToken?: string, client?: string): Promise<ApiResponse<unknown>> {
    // Every request is counter work: background OCR waits for a quiet moment (base/counter-work.ts).
    const end = counterWork.begin();
    try {
      if (!Object.hasOwn(api, method)) throw new AppError('NOT_FOUND', `Không có chức năng "${method}".`);
      const name = method as MethodName;
      const spec = api[name];
      const ctx: CallContext & { token?: string } = { user: null, shell: this.shell, client: client ?? this.shell, token: sessionToken };
      if (spec.access !== 'public') {
        ctx.user = await this.services.auth.userForSession(sessionToken, this.services.clock.now());
        if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Phiên làm việc đã hết, vui lòng đăng nhập lại.');
        if (!(spec.access as readonly string[]).includes(ctx.user.role)) {
          // A dossier's transition says why in its own terms: the dossier's state and the caller's role.
          const why = await this.services.workflow.refusal(name, rawInput, ctx.user).catch(() => null);
          throw new AppError('FORBIDDEN', why ?? 'Tài khoản của bạn không có quyền dùng chức năng này.');
        }
      }
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new AppError('VALIDATION', 'Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.', zodFields(parsed.error));
      const handler = this.handlers[name] as (i: unknown, c: typeof ctx) => Promise<unknown>;
      const data = await handler(parsed.data, ctx);
      return { ok: true, data: (spec.output as z.ZodType).parse(data) };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, fields: e.fields } };
      if (e instanceof DatabaseCorruptError) {
        // The integrity check's findings are SQLite's English: for the log and the person restoring the backup.
        this.log(`[core] ${method}: ${e.message}`);
        return { ok: false, error: { code: 'DATA_DAMAGED', message: 'Cơ sở dữ liệu bị hỏng nên ứng dụng chỉ cho xem, không ghi thêm — hãy báo quản trị viên để khôi phục từ bản sao lưu.' } };
      }
      // The exception's own text is English and technical: it goes to the log under an incident code that the
      // user can quote, never to the screen.
      const incident = crypto.randomBytes(4).toString('hex').toUpperCase();
      this.log(`[core] ${method} failed (sự cố ${incident}): ${(e as Error).stack ?? e}`);
      return { ok: false, error: { code: 'INTERNAL', message: internalMessage(incident) } };
    } finally {
      end();
    }
  }

  async close(): Promise<void> {
    await this.services.digitization.close();
    await this.services.sync.stop();
    await this.services.notices.stop();
    await this.services.db.close();
  }
}

/** What the user reads when the core fails in a way no check foresaw: Vietnamese, with what to do. */
export function internalMessage(incident: string): string {
  return `Lỗi hệ thống (mã sự cố ${incident}). Dữ liệu đã nhập không bị mất — hãy thử lại; nếu vẫn lỗi, báo quản trị viên kèm mã sự cố này.`;
}

function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, severity: 'error' as const }));
}
