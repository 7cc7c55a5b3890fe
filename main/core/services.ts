import type { PrinterDriver } from '../devices/printing';
import type { Database } from '../persistence/database';
import type { AuthService } from '../services/auth-service';
import type { CalendarService } from '../services/calendar-service';
import type { CatalogueService } from '../services/catalogue-service';
import type { DigitizationService } from '../services/digitization-service';
import type { DigitizationReuseService } from '../services/digitization-reuse';
import type { DocumentService } from '../services/document-service';
import type { DossierService } from '../services/dossier-service';
import type { OfficeService } from '../services/office-service';
import type { PrintService } from '../services/print-service';
import type { ScanningSettingsService } from '../services/scanning-settings';
import type { SettingsService } from '../services/settings-service';
import type { SyncService } from '../sync/sync-service';
import type { WorkflowService } from '../services/workflow/workflow-service';
import type { NoticeService } from '../services/notices-service';
import type { IndicatorsService } from '../services/indicators-service';
import type { CivilStatusService } from '../services/civil-status/civil-status-service';
import type { Fees } from '../services/fees';
import type { Clock } from '../base/context';

export interface Services {
  version: string;
  /** The shipped data folder (fonts, templates, blanks), as the shell gave it. */
  assetsDir: string;
  clock: Clock;
  db: Database;
  office: OfficeService;
  auth: AuthService;
  catalogue: CatalogueService;
  calendar: CalendarService;
  documents: DocumentService;
  dossiers: DossierService;
  printing: PrintService;
  settings: SettingsService;
  printerDriver: PrinterDriver;
  sync: SyncService;
  digitization: DigitizationService;
  scanningSettings: ScanningSettingsService;
  /** Reuse of documents already digitized for the same citizen (Đề án 06). */
  digitizationReuse: DigitizationReuseService;
  /** Processing a dossier to its result: transitions, hand-overs, clocks, the lists (issue 10). */
  workflow: WorkflowService;
  /** Notices to applicants (e-mail, SMS, or listed for the clerk) and their drainer. */
  notices: NoticeService;
  /** The office's indicators (Quyết định 766) for the leader. */
  indicators: IndicatorsService;
  /** Civil-status registration: event schemas, register books, entries, certificates' values (issue 11). */
  civilStatus: CivilStatusService;
  /** Fees, receipts and the day's collection (issue 11). */
  fees: Fees;
}
