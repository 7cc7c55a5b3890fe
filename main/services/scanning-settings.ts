// The office's scanning settings (Quản trị → Máy quét), stored as the 'scanning' setting that the
// digitization service reads: scan profiles, the profile per procedure, eSCL scanner addresses and
// scan-to-folder directories. Every write is checked as a whole (one Vietnamese message per problem, with
// its field path), audited like the other admin settings, and makes the scanner list be rebuilt on next use.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FieldError, MethodParsedInput } from '../../shared/contract';
import type { OfficeProfileInput, ScanningSettingsView } from '../../shared/contract/api-scanning-admin';
import type { Clock } from '../base/context';
import { validationError } from '../base/errors';
import { EsclDriver, normalizeEsclAddress, ScanError, type ScanSource } from '../devices/scanning';
import { BUILT_IN_PROFILES, listProfiles, parseProfile, type ProfileSettings, type ScanProfile } from '../digitization';
import type { CatalogueService } from './catalogue-service';
import type { SettingsService } from './settings-service';

export const SCANNING_SETTINGS_KEY = 'scanning';

export interface WatchFolderSetting { path: string; name?: string }

/** The 'scanning' setting as stored. */
export interface StoredScanningSettings extends ProfileSettings {
  profiles?: ScanProfile[];
  procedureDefaults?: Record<string, string>;
  esclAddresses?: string[];
  watchFolders?: WatchFolderSetting[];
  defaultProfileId?: string;
}

type SettingsInput = MethodParsedInput<'scanning.setSettings'>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Reads the 'scanning' setting for the digitization service. A value written by hand that no longer passes
 * the checks is left out (an invalid profile never reaches the pipeline), the rest is kept.
 */
export async function readScanningSettings(settings: Pick<SettingsService, 'get'>, key = SCANNING_SETTINGS_KEY): Promise<StoredScanningSettings> {
  const raw = await settings.get<unknown>(key, {});
  if (!isRecord(raw)) return {};
  const profiles = (Array.isArray(raw.profiles) ? raw.profiles : []).flatMap((p) => {
    const r = parseProfile(p);
    return r.ok ? [r.profile] : [];
  });
  const procedureDefaults: Record<string, string> = {};
  if (isRecord(raw.procedureDefaults)) for (const [k, v] of Object.entries(raw.procedureDefaults)) if (typeof v === 'string') procedureDefaults[k] = v;
  const watchFolders = (Array.isArray(raw.watchFolders) ? raw.watchFolders : []).flatMap((f): WatchFolderSetting[] =>
    isRecord(f) && typeof f.path === 'string' ? [{ path: f.path, ...(typeof f.name === 'string' && f.name ? { name: f.name } : {}) }] : []);
  return {
    profiles, procedureDefaults, esclAddresses: strings(raw.esclAddresses), watchFolders,
    ...(typeof raw.defaultProfileId === 'string' ? { defaultProfileId: raw.defaultProfileId } : {}),
  };
}

const ESCL_EXAMPLE = 'ví dụ 192.168.1.20 hoặc http://192.168.1.20/eSCL';

/** A hand-entered eSCL address, normalized ("192.168.1.20" → "http://192.168.1.20/eSCL"), or why it is refused. */
export function checkEsclAddress(raw: string): { ok: true; address: string } | { ok: false; message: string } {
  const a = raw.trim();
  if (!a) return { ok: false, message: `Nhập địa chỉ máy quét (${ESCL_EXAMPLE}).` };
  if (/\s/.test(a)) return { ok: false, message: `Địa chỉ máy quét "${a}" có khoảng trắng. Nhập địa chỉ IP hoặc tên máy, ${ESCL_EXAMPLE}.` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(a) && !/^https?:\/\//i.test(a)) {
    return { ok: false, message: `Địa chỉ máy quét "${a}" phải bắt đầu bằng http:// hoặc https://.` };
  }
  let address: string;
  try {
    address = normalizeEsclAddress(a);
  } catch {
    return { ok: false, message: `Địa chỉ máy quét "${a}" không hợp lệ. Nhập địa chỉ IP hoặc tên máy, ${ESCL_EXAMPLE}.` };
  }
  const u = new URL(address);
  if (!u.hostname || u.username || u.password || u.search || u.hash) {
    return { ok: false, message: `Địa chỉ máy quét "${a}" không hợp lệ (không dùng tên đăng nhập, dấu ? hay #). Nhập địa chỉ IP hoặc tên máy, ${ESCL_EXAMPLE}.` };
  }
  return { ok: true, address };
}

const PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const BUILT_IN_IDS = new Set(BUILT_IN_PROFILES.map((p) => p.id));
const SOURCE_NAME: Record<ScanSource, string> = { flatbed: 'mặt kính', feeder: 'khay nạp giấy', duplex: 'hai mặt' };

/** The profile as the pipeline stores it: bi-level follows the colour mode unless given. */
function completeProfile(p: OfficeProfileInput): Record<string, unknown> {
  return {
    ...p,
    bilevel: p.bilevel ?? p.colorMode === 'bw',
    bilevelThreshold: p.bilevelThreshold ?? 140,
    jpegTrellis: p.jpegTrellis ?? false,
  };
}

/** Whether a folder can be read now; gives up after `ms` (an offline share can hang a stat for long). */
async function folderState(dir: string, ms = 2000): Promise<'folder' | 'not-folder' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'unreachable'>((resolve) => { timer = setTimeout(() => resolve('unreachable'), ms); });
  const check = stat(dir).then((s) => (s.isDirectory() ? 'folder' as const : 'not-folder' as const), () => 'unreachable' as const);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ScanningSettingsDeps {
  settings: SettingsService;
  catalogue: Pick<CatalogueService, 'history'>;
  clock: Clock;
  /** Told when the scanner addresses or folders changed (the digitization service rebuilds its scanner list). */
  onDevicesChanged?: () => void;
  /** Time-out of "Kiểm tra" for an eSCL address (default 5 s). */
  esclTestTimeoutMs?: number;
}

export class ScanningSettingsService {
  constructor(private readonly deps: ScanningSettingsDeps) {}

  async get(): Promise<ScanningSettingsView> {
    const stored = await readScanningSettings(this.deps.settings);
    return this.view(stored, await this.folderWarnings(stored.watchFolders ?? []));
  }

  /** Checks everything, then replaces the setting (audited as 'setting.set'). */
  async set(input: SettingsInput, userId: string): Promise<ScanningSettingsView> {
    const errors: FieldError[] = [];
    const warnings: FieldError[] = [];
    const error = (field: string, message: string) => errors.push({ field, message, severity: 'error' });

    // Profiles: each one by the pipeline's own rules, ids unique; a built-in id makes an override.
    const profiles: ScanProfile[] = [];
    const firstById = new Map<string, number>();
    input.profiles.forEach((p, i) => {
      const at = `profiles.${i}`;
      if (p.id && !PROFILE_ID.test(p.id)) error(`${at}.id`, `Mã cấu hình "${p.id}" chỉ được gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.`);
      else if (p.id && firstById.has(p.id)) error(`${at}.id`, `Mã cấu hình "${p.id}" bị trùng với cấu hình thứ ${firstById.get(p.id)! + 1}.`);
      if (p.id && !firstById.has(p.id)) firstById.set(p.id, i);
      const r = parseProfile(completeProfile(p));
      if (r.ok) profiles.push(r.profile);
      else for (const f of r.fields) error(f.path ? `${at}.${f.path}` : at, f.message);
    });
    // An office profile with a problem of its own still counts as existing here (its problem is reported once).
    const known = new Set([...BUILT_IN_IDS, ...input.profiles.map((p) => p.id).filter(Boolean)]);
    const unknownProfile = (id: string) => `Không có cấu hình quét "${id}". Chọn một cấu hình trong danh sách.`;

    // Procedure defaults: the procedure is in the catalogue, the profile exists, one line per procedure.
    const procedureDefaults: Record<string, string> = {};
    for (const [i, d] of input.procedureDefaults.entries()) {
      const at = `procedureDefaults.${i}`;
      if (!d.procedureCode) error(`${at}.procedureCode`, 'Chọn thủ tục.');
      else if (Object.hasOwn(procedureDefaults, d.procedureCode)) error(`${at}.procedureCode`, `Thủ tục ${d.procedureCode} đã có cấu hình quét ở dòng trên.`);
      else if ((await this.deps.catalogue.history(d.procedureCode)).length === 0) error(`${at}.procedureCode`, `Không có thủ tục mã ${d.procedureCode} trong danh mục thủ tục.`);
      if (!d.profileId) error(`${at}.profileId`, 'Chọn cấu hình quét cho thủ tục.');
      else if (!known.has(d.profileId)) error(`${at}.profileId`, unknownProfile(d.profileId));
      if (d.procedureCode && !Object.hasOwn(procedureDefaults, d.procedureCode)) procedureDefaults[d.procedureCode] = d.profileId;
    }
    if (input.defaultProfileId && !known.has(input.defaultProfileId)) error('defaultProfileId', unknownProfile(input.defaultProfileId));

    // eSCL addresses: normalized, bad ones refused, duplicates dropped.
    const esclAddresses: string[] = [];
    input.esclAddresses.forEach((raw, i) => {
      const r = checkEsclAddress(raw);
      if (!r.ok) error(`esclAddresses.${i}`, r.message);
      else if (!esclAddresses.includes(r.address)) esclAddresses.push(r.address);
    });

    // Scan-to-folder: absolute paths, duplicates dropped; a folder that cannot be read now is a warning only.
    const watchFolders: WatchFolderSetting[] = [];
    const folderAt: number[] = [];
    input.watchFolders.forEach((f, i) => {
      const at = `watchFolders.${i}`;
      if (!f.path) return error(`${at}.path`, 'Nhập đường dẫn thư mục, hoặc xóa dòng trống.');
      if (!path.isAbsolute(f.path)) {
        return error(`${at}.path`, `Đường dẫn "${f.path}" phải là đường dẫn đầy đủ, ví dụ \\\\may-chu\\scan hoặc D:\\Scan (trên Linux: /srv/scan).`);
      }
      if (watchFolders.some((w) => path.resolve(w.path) === path.resolve(f.path))) return;
      watchFolders.push({ path: f.path, ...(f.name ? { name: f.name } : {}) });
      folderAt.push(i);
    });
    await Promise.all(watchFolders.map(async (f, k) => {
      const state = await folderState(f.path);
      // An error points at the line as sent; a warning at the folder in the saved list (the answer's own).
      if (state === 'not-folder') error(`watchFolders.${folderAt[k]}.path`, `"${f.path}" là một tệp, không phải thư mục.`);
      else if (state === 'unreachable') warnings.push({ field: `watchFolders.${k}.path`, message: unreachableFolder(f.path), severity: 'warning' });
    }));
    warnings.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));

    if (errors.length) {
      errors.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
      throw validationError(errors, errors.length === 1 ? errors[0]!.message : `Cấu hình máy quét chưa được lưu: có ${errors.length} chỗ cần sửa (xem các ô được đánh dấu).`);
    }

    const before = await this.deps.settings.get<unknown>(SCANNING_SETTINGS_KEY, {});
    const kept = isRecord(before) ? before : {};
    // A new address is asked for its capabilities (as "Kiểm tra" does): one that does not answer as an
    // eSCL scanner is still saved (the scanner may be off), with a warning next to it.
    const enteredBefore = new Set(strings(kept.esclAddresses));
    await Promise.all(esclAddresses.map(async (a, k) => {
      if (enteredBefore.has(a)) return;
      const r = await this.testEscl(a);
      if (!r.ok) warnings.push({ field: `esclAddresses.${k}`, message: `${r.message} Địa chỉ vẫn được lưu; bấm "Kiểm tra" sau khi sửa hoặc khi máy quét đã bật.`, severity: 'warning' });
    }));
    warnings.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field) || a.field.localeCompare(b.field, 'en', { numeric: true }));
    const { defaultProfileId: _old, ...rest } = kept;
    const next: StoredScanningSettings & Record<string, unknown> = {
      ...rest, profiles, procedureDefaults, esclAddresses, watchFolders,
      ...(input.defaultProfileId ? { defaultProfileId: input.defaultProfileId } : {}),
    };
    await this.deps.settings.set(SCANNING_SETTINGS_KEY, next, userId, this.deps.clock.now());
    const devicesChanged = JSON.stringify([strings(kept.esclAddresses), kept.watchFolders ?? []]) !== JSON.stringify([esclAddresses, watchFolders]);
    if (devicesChanged) this.deps.onDevicesChanged?.();
    return this.view(await readScanningSettings(this.deps.settings), warnings);
  }

  /** "Kiểm tra": asks the scanner for its capabilities, with a short time-out. */
  async testEscl(address: string) {
    const checked = checkEsclAddress(address);
    if (!checked.ok) throw validationError([{ field: 'address', message: checked.message, severity: 'error' }], checked.message);
    const base = checked.address;
    const host = new URL(base).host;
    const ms = this.deps.esclTestTimeoutMs ?? 5000;
    const driver = new EsclDriver({ requestTimeoutMs: ms });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new ScanError('TIMEOUT', 'timeout')), ms + 1000); });
    try {
      const ask = async () => [await driver.addDevice(base), await driver.capabilities(base)] as const;
      const [device, caps] = await Promise.race([ask(), late]);
      const model = device.model ?? null;
      const sources = caps.sources.map((s) => SOURCE_NAME[s]).join(', ');
      const lowDpi = caps.resolutions.length > 0 && !caps.resolutions.some((r) => r >= 200)
        ? ' Lưu ý: máy không quét được từ 200 dpi trở lên (mức tối thiểu cho bản số hóa).' : '';
      return { ok: true as const, address: base, makeAndModel: model, message: `Máy quét trả lời: ${model ?? host}${sources ? ` (${sources})` : ''}.${lowDpi}` };
    } catch (e) {
      return { ok: false as const, address: base, message: esclTestProblem(e, host, ms) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async folderWarnings(folders: readonly WatchFolderSetting[]): Promise<FieldError[]> {
    const states = await Promise.all(folders.map((f) => folderState(f.path)));
    return folders.flatMap((f, i) => (states[i] === 'folder' ? [] : [{
      field: `watchFolders.${i}.path`, severity: 'warning' as const,
      message: states[i] === 'not-folder' ? `"${f.path}" là một tệp, không phải thư mục.` : unreachableFolder(f.path),
    }]));
  }

  private async view(s: StoredScanningSettings, warnings: FieldError[]): Promise<ScanningSettingsView> {
    const office = new Set((s.profiles ?? []).map((p) => p.id));
    const names = new Map<string, string>();
    for (const code of Object.keys(s.procedureDefaults ?? {})) names.set(code, (await this.deps.catalogue.history(code))[0]?.name ?? '');
    return {
      profiles: listProfiles(s).map((p) => ({ ...p, source: BUILT_IN_IDS.has(p.id) ? (office.has(p.id) ? 'override' as const : 'built-in' as const) : 'office' as const })),
      builtIns: BUILT_IN_PROFILES.map((p) => ({ ...p, source: 'built-in' as const })),
      procedureDefaults: Object.entries(s.procedureDefaults ?? {}).map(([procedureCode, profileId]) => ({ procedureCode, profileId, procedureName: names.get(procedureCode) ?? '' })),
      esclAddresses: s.esclAddresses ?? [],
      watchFolders: s.watchFolders ?? [],
      defaultProfileId: s.defaultProfileId ?? null,
      warnings: warnings.map((w) => ({ field: w.field, message: w.message })),
    };
  }
}

const unreachableFolder = (dir: string) =>
  `Hiện không mở được thư mục "${dir}" (chưa có, hoặc ổ mạng đang ngắt). Vẫn lưu; khi quét từ thư mục này máy sẽ báo nếu vẫn không mở được.`;

/** Errors in the order of the screen's sections. */
function fieldOrder(field: string): number {
  return ['profiles', 'defaultProfileId', 'procedureDefaults', 'esclAddresses', 'watchFolders'].indexOf(field.split('.')[0]!);
}

function esclTestProblem(e: unknown, host: string, ms: number): string {
  if (e instanceof ScanError) {
    switch (e.code) {
      case 'TIMEOUT': return `${host} không trả lời trong ${Math.round(ms / 1000)} giây. Kiểm tra máy quét đã bật và địa chỉ đúng.`;
      case 'DISCONNECTED': return `Không kết nối được tới ${host}: máy quét chưa bật, sai địa chỉ, hoặc máy tính này không cùng mạng với máy quét.`;
      case 'NOT_A_SCANNER':
      case 'BAD_OUTPUT': return `${host} có trả lời nhưng không phải máy quét eSCL (không đọc được thông tin máy quét). Kiểm tra lại đường dẫn, thường là http://<địa chỉ>/eSCL.`;
      default: return e.message;
    }
  }
  return `Không kiểm tra được máy quét ${host}. Kiểm tra máy quét đã bật và địa chỉ đúng, rồi thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.`;
}
