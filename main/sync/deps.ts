import type { Clock } from '../base/context';
import type { Database } from '../persistence/database';
import type { CalendarService } from '../services/calendar-service';
import type { CatalogueService } from '../services/catalogue-service';
import type { SettingsService } from '../services/settings-service';
import type { CredentialStore } from './config';
import type { DrainerOptions } from './drainer';

// What the sync capability is built from, apart from the modules that use it (sync-service, inbound), so
// neither imports the other for its types.

export interface SyncOptions {
  drainer?: Partial<DrainerOptions>;
  /** Start the drainer and inbound poller with the core (tests may drive them by hand). */
  autoStart?: boolean;
  inbound?: boolean;
}

export interface SyncDeps {
  db: Database; clock: Clock; settings: SettingsService; catalogue: CatalogueService; calendar: CalendarService;
  filesRoot: string; credentials: CredentialStore; options?: SyncOptions; log?: (line: string) => void;
}
