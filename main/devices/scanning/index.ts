// The drivers available on this platform, and a registry that finds the driver of a device id.
import { execFileSync } from 'node:child_process';
import { EsclDriver, type EsclDriverOptions } from './escl-driver';
import { FilesDriver } from './files-driver';
import { FOLDER_DEVICE_PREFIX, FolderDriver, type FolderDriverOptions, type WatchFolder } from './folder-driver';
import { SaneDriver, type SaneDriverOptions } from './sane-driver';
import { scanError, type ScannerDevice, type ScannerDriver } from './scanner';
import { TwainDriver, type TwainDriverOptions } from './twain-driver';
import { WiaDriver, type WiaDriverOptions } from './wia-driver';

export * from './scanner';
export { EsclDriver, normalizeEsclAddress } from './escl-driver';
export { FilesDriver, FILES_DEVICE_ID } from './files-driver';
export { FolderWatcher, PROCESSED_DIR, FAILED_DIR } from './folder-watcher';
export {
  FolderDriver, FOLDER_DEVICE_PREFIX, folderDeviceId, isFolderScanJob,
  type FolderDriverOptions, type FolderJobEnd, type FolderScanJob, type FolderScanWarning, type WatchFolder,
} from './folder-driver';
export { describeDevices, saneConnection, type Connection, type DeviceDescription } from './device-label';
export { discoverEscl, parseAvahiBrowse, esclFromServices, runAvahiBrowse, avahiAvailable, type DiscoveredEscl, type MdnsService } from './mdns';
export { SaneDriver } from './sane-driver';
export { TwainDriver, findNaps2 } from './twain-driver';
export { WiaDriver } from './wia-driver';

export interface ScannerDriversOptions {
  platform?: NodeJS.Platform;
  sane?: SaneDriverOptions;
  escl?: EsclDriverOptions;
  wia?: WiaDriverOptions;
  twain?: TwainDriverOptions;
  /** Scan-to-folder directories (shared folders network scanners save into), one device each. */
  watchFolders?: readonly WatchFolder[];
  /** Scan-to-folder job settings (idle time-out, stability time, polling interval). */
  folder?: FolderDriverOptions;
  /** Whether scanimage can be run (found on PATH by default). */
  hasScanimage?: () => boolean;
}

function scanimageOnPath(bin = 'scanimage'): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

export class ScannerRegistry {
  constructor(readonly drivers: readonly ScannerDriver[]) {}

  get<K extends ScannerDriver['kind']>(kind: K): ScannerDriver | undefined {
    return this.drivers.find((d) => d.kind === kind);
  }

  /** Every device of every driver; a driver that fails to list is skipped, not fatal. */
  async listDevices(): Promise<ScannerDevice[]> {
    const lists = await Promise.all(this.drivers.map((d) => d.listDevices().catch(() => [] as ScannerDevice[])));
    return lists.flat();
  }

  /** The driver of a device id: "sane:", "wia:", "twain:", "folder:", "files", or an http(s) URL for eSCL. */
  driverFor(deviceId: string): ScannerDriver {
    const kind: ScannerDriver['kind'] | undefined = /^https?:\/\//i.test(deviceId)
      ? 'escl'
      : deviceId === 'files'
        ? 'files'
        : deviceId.startsWith(FOLDER_DEVICE_PREFIX)
          ? 'folder'
          : (['sane', 'wia', 'twain'] as const).find((k) => deviceId.startsWith(`${k}:`));
    const driver = kind && this.get(kind);
    if (!driver) throw scanError('UNSUPPORTED', 0, `no driver for ${deviceId}`, 'loại máy quét này không dùng được trên máy tính này');
    return driver;
  }
}

export function createScannerDrivers(opts: ScannerDriversOptions = {}): ScannerRegistry {
  const platform = opts.platform ?? process.platform;
  const drivers: ScannerDriver[] = [];
  if (platform !== 'win32' && (opts.hasScanimage ?? (() => scanimageOnPath(opts.sane?.scanimagePath)))()) drivers.push(new SaneDriver(opts.sane));
  drivers.push(new EsclDriver(opts.escl));
  if (platform === 'win32') {
    drivers.push(new WiaDriver({ platform, ...opts.wia }));
    drivers.push(new TwainDriver({ platform, ...opts.twain }));
  }
  const files = new FilesDriver();
  drivers.push(files);
  if (opts.watchFolders && opts.watchFolders.length > 0) drivers.push(new FolderDriver(opts.watchFolders, files, opts.folder));
  return new ScannerRegistry(drivers);
}
