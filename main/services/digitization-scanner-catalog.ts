// The scanners this counter can use and the office's scan profiles: the drivers (built from the options and
// the 'scanning' setting: eSCL addresses, scan-to-folder directories), the device list, capabilities.
// Changes with the scanner hardware and Quản trị → Máy quét; knows nothing of jobs or saved files.
import { AppError } from '../base/errors';
import { createScannerDrivers, describeDevices, type Connection, type ScannerDevice, type ScannerDriversOptions, type ScannerRegistry } from '../devices/scanning';
import { listProfiles, profileForProcedure, type ProfileSettings, type ScanProfile } from '../digitization';
import { profileInfo, scanProblem } from './digitization-live';
import { readScanningSettings } from './scanning-settings';
import type { SettingsService } from './settings-service';

const SETTINGS_KEY = 'scanning';

/** A device as the clerk's list shows it: what the driver says, and what tells it from the others. */
export type LabelledDevice = ScannerDevice & { connection: Connection; label: string; detail: string };

export interface ScannerCatalogDeps {
  settings: SettingsService;
  /** Driver options (a private SANE_CONFIG_DIR…); the eSCL addresses also come from the settings. */
  drivers?: ScannerDriversOptions;
  /** A ready registry (tests). */
  registry?: ScannerRegistry;
}

export class ScannerCatalog {
  private registry: ScannerRegistry | null;
  private deviceCache: LabelledDevice[] | null = null;
  private deviceGeneration = 0;
  /** Outlives the drivers: a rebuilt folder driver still knows the files already taken. */
  private readonly folderImports = new Map<string, Set<string>>();

  constructor(private readonly deps: ScannerCatalogDeps) {
    this.registry = deps.registry ?? null;
  }

  settings(): Promise<ProfileSettings> {
    return readScanningSettings(this.deps.settings, SETTINGS_KEY);
  }

  async drivers(): Promise<ScannerRegistry> {
    if (!this.registry) {
      const { esclAddresses = [], watchFolders = [] } = await readScanningSettings(this.deps.settings, SETTINGS_KEY);
      const o = this.deps.drivers ?? {};
      this.registry = createScannerDrivers({
        ...o, escl: { ...o.escl, addresses: [...(o.escl?.addresses ?? []), ...esclAddresses] }, watchFolders: [...(o.watchFolders ?? []), ...watchFolders],
        folder: { ...o.folder, imported: this.folderImports },
      });
    }
    return this.registry;
  }

  /** The scanning settings changed: the drivers and the device list are made again on next use. */
  invalidate(): void {
    this.registry = this.deps.registry ?? null;
    this.deviceCache = null;
    this.deviceGeneration++;
  }

  async devices(refresh: boolean): Promise<LabelledDevice[]> {
    if (this.deviceCache && !refresh) return this.deviceCache;
    const generation = this.deviceGeneration;
    const found = await (await this.drivers()).listDevices();
    const described = describeDevices(found);
    const list = found.map((d, i) => ({ ...d, ...described[i]! }));
    // Settings saved while the drivers were asked: that list is of the old scanners, so it is not kept.
    if (generation === this.deviceGeneration) this.deviceCache = list;
    return list;
  }

  /** The label of a device for a message: from the list when it is known, else its id. */
  async labelOf(deviceId: string): Promise<string> {
    const list = this.deviceCache ?? await this.devices(false).catch(() => []);
    return list.find((d) => d.id === deviceId)?.label ?? deviceId;
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
    const settings = await this.settings();
    return { profiles: listProfiles(settings).map(profileInfo), defaultId: profileForProcedure(procedureCode, settings).id };
  }

  /** A profile of the office's list by id; an unknown id is the clerk's input error. */
  async profile(profileId: string): Promise<ScanProfile> {
    return officeProfile(await this.settings(), profileId);
  }

  /** The profile a new job of this procedure starts with (or the one asked for). */
  async profileForJob(procedureCode: string, profileId?: string): Promise<ScanProfile> {
    const settings = await this.settings();
    return profileId ? officeProfile(settings, profileId) : profileForProcedure(procedureCode, settings);
  }
}

function officeProfile(settings: ProfileSettings, profileId: string): ScanProfile {
  const profile = listProfiles(settings).find((p) => p.id === profileId);
  if (!profile) throw new AppError('VALIDATION', 'Không có cấu hình quét đã chọn.', [{ field: 'profileId', message: 'Chọn cấu hình quét khác.', severity: 'error' }]);
  return profile;
}
