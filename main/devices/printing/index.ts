// Picks the printing back end for the platform the core runs on.
import { CupsDriver, type CupsDriverOptions } from './cups-driver';
import { PrintError, type PrinterDriver } from './printer';
import { WindowsDriver, type WindowsDriverOptions } from './windows-driver';

export * from './printer';
export { CupsDriver, type CupsDriverOptions } from './cups-driver';
export { WindowsDriver, type WindowsDriverOptions, type PdfToPrinterApi } from './windows-driver';

export interface CreatePrinterDriverOptions {
  platform?: NodeJS.Platform;
  cups?: CupsDriverOptions;
  windows?: WindowsDriverOptions;
}

const CUPS_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin', 'freebsd', 'openbsd', 'netbsd'];

export function createPrinterDriver(opts: CreatePrinterDriverOptions = {}): PrinterDriver {
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') return new WindowsDriver(opts.windows);
  if (CUPS_PLATFORMS.includes(platform)) return new CupsDriver(opts.cups);
  throw new PrintError('SPOOLER_UNAVAILABLE', `Chưa hỗ trợ in trên hệ điều hành này (${platform}).`);
}
