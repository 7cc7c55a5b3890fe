// Packages most launches never use (libvips for scanning, axios for the portal and eSCL scanners, nodemailer
// for notices, pdf-to-printer on Windows) are required on first use instead of at start-up: loaded statically
// they made up ~15 MB of the core's resident memory before the first dossier (issue 12, target 4).
// The stand-in is a Proxy, so a call site keeps its one-line import and synchronous calls (`sharp(buf)`,
// `axios.create()`); its types stay static (`import type`). Like lazy-exceljs.ts, which stays async.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type SharpModule from 'sharp';
import type AxiosModule from 'axios';
import type NodemailerModule from 'nodemailer';
import type * as PdfToPrinterModule from 'pdf-to-printer';
import { AppError } from './errors';

const requireModule = createRequire(__filename);

/**
 * A stand-in for `name`'s export, required the first time it is called or a member is read. A package that
 * is missing or does not load (a native module built for another platform, a broken install) throws an
 * AppError in Vietnamese there — at start-up it used to stop the whole core.
 */
export function lazyModule<T extends object>(name: string, what: string, onLoad?: (loaded: T) => void, load: (name: string) => unknown = requireModule): T {
  let loaded: T | undefined;
  const get = (): T => {
    if (loaded) return loaded;
    let m: T;
    try {
      m = load(name) as T;
    } catch (e) {
      throw new AppError('INTERNAL', `Không nạp được ${what} (thư viện ${name}: ${(e as Error).message.split('\n')[0]}). `
        + 'Hãy cài lại Một Cửa Desk bằng bộ cài mới nhất; nếu vẫn lỗi, báo quản trị viên kèm thông báo này.');
    }
    onLoad?.(m);
    loaded = m;
    return m;
  };
  // An arrow function as the target: callable, and without the non-configurable `prototype` a Proxy's get
  // trap would have to report unchanged.
  return new Proxy((() => undefined) as unknown as T, {
    apply: (_target, thisArg, args) => Reflect.apply(get() as unknown as (...a: unknown[]) => unknown, thisArg, args),
    get: (_target, key) => Reflect.get(get(), key),
    has: (_target, key) => Reflect.has(get(), key),
  });
}

/** sharp (libvips): scanned pages, previews, the thermal receipt's raster. */
export const sharp = lazyModule<typeof SharpModule>('sharp', 'bộ xử lý ảnh quét', (s) => {
  // libvips' operation cache only helps when the same image is processed again; pages never are, and the
  // cache would hold decoded pages. Two libvips threads per operation where there are two cores: measured on
  // 2 cores, a deskew rotation plus JPEG encoding takes 87 ms with two threads against 185 ms with one
  // (sharp's glibc default); on one core (the low-spec profile) a second thread only adds switching.
  s.cache(false);
  s.concurrency(Math.min(2, availableParallelism()));
});

/** axios: the provincial portal's client and eSCL scanners. */
export const axios = lazyModule<typeof AxiosModule>('axios', 'thư viện kết nối mạng');

/** nodemailer: notices by e-mail. */
export const nodemailer = lazyModule<typeof NodemailerModule>('nodemailer', 'thư viện gửi thư điện tử');

/** pdf-to-printer: printing on Windows (SumatraPDF). */
export const pdfToPrinter = lazyModule<typeof PdfToPrinterModule>('pdf-to-printer', 'thư viện in trên Windows');

/**
 * sharp's native parts for this platform are installed: resolved, not loaded (no memory spent before the first
 * page). A broken install is then said at start-up, where the shell names it and offers the log (issue 8 #18),
 * not at the counter's first scan. Throws sharp's own wording ("Could not load the "sharp" module"), which the
 * shell recognises. `resolve` is for tests.
 */
export function checkNativePackages(resolve: (id: string) => string = requireModule.resolve): void {
  const platform = sharpPlatform();
  const found = (id: string) => { try { return resolve(id); } catch { return null; } };
  const main = `@img/sharp-${platform}`;
  const manifest = found(`${main}/package`);
  if (!manifest) throw new Error(`Could not load the "sharp" module using the ${platform} runtime: ${main} is not installed`);
  // Its own native dependencies (libvips' shared library on Linux and macOS; on Windows the DLLs are inside it).
  const deps = Object.keys((requireModule(manifest) as { optionalDependencies?: Record<string, string> }).optionalDependencies ?? {});
  for (const dep of deps) {
    if (!found(`${dep}/package`)) throw new Error(`Could not load the "sharp" module using the ${platform} runtime: ${dep} is not installed`);
  }
}

/** sharp's name for this runtime: win32-x64, linux-x64, linuxmusl-x64, darwin-arm64… */
function sharpPlatform(): string {
  const header = process.platform === 'linux' ? (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header : undefined;
  const musl = process.platform === 'linux' && !header?.glibcVersionRuntime;
  return `${process.platform}${musl ? 'musl' : ''}-${process.arch}`;
}
