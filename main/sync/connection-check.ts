// Whether the configured address is the provincial one-stop system and takes this office's account, asked the
// way the contract (docs/portal-openapi.yaml) allows without changing anything: reach → service identity
// (GET /health answers 200, not a web page) → login (POST /auth/login gives a session) → a harmless read
// (LayDanhSachNgayNghi). Each step answers in Vietnamese and names the setting at fault. The administrator's
// "Kiểm tra kết nối" runs all four; the status line's monitor runs the first three, so "Đã kết nối" always
// rests on a real answer of the contract, never on "nothing failed yet".
import type { PortalConfig } from './config';
import type { PortalClient } from './portal/client';
import { cannotConnectReason, NotPortalError, TlsError } from './portal/contract-answer';
import { PortalError } from './portal/errors';

export type CheckStepName = 'reach' | 'service' | 'login' | 'read';
export interface CheckStep { step: CheckStepName; title: string; state: 'ok' | 'failed' | 'skipped'; message: string; fields: string[] }

/**
 * What is wrong, for the status line: 'offline' (nothing answers), 'server' (the system answers it is in
 * trouble); the others need a person to change a setting (or the province its certificate).
 */
export type ProblemKind = 'offline' | 'server' | 'not-portal' | 'tls' | 'auth' | 'agency' | 'refused';
export interface ConnectionCheck {
  ok: boolean; summary: string; steps: CheckStep[];
  problem: { kind: ProblemKind; headline: string } | null;
}

export const SETTING_PROBLEMS: ReadonlySet<ProblemKind> = new Set(['not-portal', 'tls', 'auth', 'agency', 'refused']);

const TITLES: Record<CheckStepName, string> = {
  reach: 'Kết nối tới địa chỉ', service: 'Đúng hệ thống một cửa của tỉnh', login: 'Đăng nhập', read: 'Đọc thử dữ liệu',
};
const ORDER: CheckStepName[] = ['reach', 'service', 'login', 'read'];

interface Failure { step: CheckStepName; message: string; fields: string[]; kind: ProblemKind; headline: string }

/** Runs the steps in order; the first failure ends the check (later steps are shown as not tried). */
export async function checkConnection(client: PortalClient, config: PortalConfig,
  opts: { read: boolean; timeoutMs?: number; year?: number; noPassword?: boolean }): Promise<ConnectionCheck> {
  const done: CheckStep[] = [];
  const ok = (step: CheckStepName, message: string) => done.push({ step, title: TITLES[step], state: 'ok', message, fields: [] });
  const steps = opts.read ? ORDER : ORDER.slice(0, 3);
  const finish = (failure: Failure | null): ConnectionCheck => {
    if (failure) done.push({ step: failure.step, title: TITLES[failure.step], state: 'failed', message: failure.message, fields: failure.fields });
    for (const step of steps.slice(done.length)) done.push({ step, title: TITLES[step], state: 'skipped', message: 'Chưa thử (bước trước chưa được).', fields: [] });
    return failure
      ? { ok: false, summary: `Chưa kết nối được: ${failure.headline}.`, steps: done, problem: { kind: failure.kind, headline: failure.headline } }
      : { ok: true, summary: opts.read ? 'Kết nối được hệ thống một cửa của tỉnh: đúng dịch vụ, đăng nhập được, đọc được dữ liệu.' : 'Kết nối được hệ thống một cửa của tỉnh.', steps: done, problem: null };
  };
  const base = config.baseUrl.trim();
  if (!/^https?:\/\/\S+$/.test(base)) {
    return finish({ step: 'reach', message: 'Nhập địa chỉ hệ thống tỉnh, bắt đầu bằng http:// hoặc https://.', fields: ['baseUrl'], kind: 'not-portal', headline: 'chưa có địa chỉ hệ thống tỉnh' });
  }
  const host = hostOf(base);

  try {
    await client.probe(opts.timeoutMs).catch((e: unknown) => {
      // A kept-alive connection the server dropped meanwhile (it restarted): asked once more on a new one.
      if (e instanceof PortalError && e.kind === 'transient' && !/thời gian chờ/.test(e.message)) return client.probe(opts.timeoutMs);
      throw e;
    });
    ok('reach', `${host} trả lời.`);
    ok('service', 'Địa chỉ trả lời đúng như hệ thống một cửa của tỉnh (/health: 200).');
  } catch (e) {
    const lost = unreachable(e, host, config);
    if (lost) return finish({ step: 'reach', ...lost });
    ok('reach', `Máy chủ ở ${host} có trả lời${e instanceof PortalError && e.status ? ` (mã ${e.status})` : ''}.`);
    return finish({ step: 'service', ...notTheSystem(e, '/health') });
  }

  if (!config.username.trim()) return finish({ step: 'login', message: 'Nhập tên đăng nhập đồng bộ do tỉnh cấp.', fields: ['username'], kind: 'auth', headline: 'chưa có tài khoản đồng bộ' });
  if (opts.noPassword) return finish({ step: 'login', message: 'Nhập mật khẩu đồng bộ do tỉnh cấp.', fields: ['password'], kind: 'auth', headline: 'chưa có mật khẩu đồng bộ' });
  try {
    await client.ensureSession();
    ok('login', `Đăng nhập được bằng tài khoản ${config.username}.`);
  } catch (e) {
    return finish({ step: 'login', ...(unreachable(e, host, config) ?? loginRefused(e, config)) });
  }
  if (!opts.read) return finish(null);

  if (!config.agencyCode.trim()) return finish({ step: 'read', message: 'Nhập mã đơn vị (madonvi) của cơ quan trên hệ thống tỉnh.', fields: ['agencyCode'], kind: 'agency', headline: 'chưa có mã đơn vị' });
  const year = opts.year ?? new Date().getFullYear();
  try {
    const items = await client.listHolidays(year);
    if (!Array.isArray(items)) throw new NotPortalError('/service', 200, 'dữ liệu không đúng hợp đồng (LayDanhSachNgayNghi không có danh sách)');
    ok('read', `Đọc được danh sách ngày nghỉ năm ${year} của tỉnh (${items.length} ngày) với mã đơn vị ${config.agencyCode}.`);
    return finish(null);
  } catch (e) {
    return finish({ step: 'read', ...(unreachable(e, host, config) ?? readRefused(e, config)) });
  }
}

type Found = Omit<Failure, 'step'>;

/** Nothing answered (or not safely): the address, the line or https. Null when something did answer. */
function unreachable(e: unknown, host: string, config: PortalConfig): Found | null {
  if (e instanceof TlsError) {
    return { message: `Không kết nối an toàn (https) được tới ${host}: ${e.reason} (${e.code}). Kiểm tra địa chỉ (http:// hay https://) hoặc báo đơn vị vận hành hệ thống tỉnh về chứng chỉ.`,
      fields: ['baseUrl'], kind: 'tls', headline: `lỗi kết nối https (${e.reason})` };
  }
  if (!(e instanceof PortalError)) return null;
  if (e.kind === 'network') {
    const code = /\(([A-Z_]+)\)/.exec(e.message)?.[1] ?? '';
    return { message: `Không kết nối được tới ${host}: ${cannotConnectReason(code) ?? e.message}. Kiểm tra địa chỉ và đường mạng của máy này.`,
      fields: ['baseUrl'], kind: 'offline', headline: 'không kết nối được tới địa chỉ' };
  }
  if (e.kind === 'transient') {
    const timedOut = /thời gian chờ/.test(e.message);
    return { message: timedOut
      ? `${host} không trả lời trong ${Math.round(config.timeoutMs / 1000)} giây. Kiểm tra địa chỉ, hoặc tăng thời gian chờ nếu đường mạng chậm.`
      : `Kết nối tới ${host} bị ngắt giữa chừng (${e.message}). Thử lại; nếu lặp lại, kiểm tra địa chỉ hoặc proxy của mạng.`,
    fields: timedOut ? ['baseUrl', 'timeoutMs'] : ['baseUrl'], kind: 'offline', headline: timedOut ? 'địa chỉ không trả lời kịp' : 'kết nối bị ngắt' };
  }
  return null;
}

const NOT_PORTAL = 'địa chỉ không phải hệ thống một cửa của tỉnh';

/** Something answered, not as the provincial system does (or it said it is in trouble). */
function notTheSystem(e: unknown, path: string): Found {
  if (e instanceof NotPortalError) {
    return { message: `Địa chỉ không phải hệ thống một cửa của tỉnh: ${e.path} trả lời ${e.what} (mã ${e.status ?? '?'}). Kiểm tra lại đường dẫn do tỉnh cung cấp (thường có phần đường dẫn của dịch vụ, ví dụ …/dvc).`,
      fields: ['baseUrl'], kind: 'not-portal', headline: NOT_PORTAL };
  }
  if (e instanceof PortalError && e.kind === 'server') {
    return { message: `Hệ thống tỉnh đang lỗi (${path} trả lời mã ${e.status ?? '?'}). Thử lại sau; nếu kéo dài, báo đơn vị vận hành hệ thống tỉnh.`,
      fields: [], kind: 'server', headline: 'hệ thống tỉnh đang lỗi' };
  }
  const detail = e instanceof PortalError ? (e.serverMessage || e.message) : e instanceof Error ? e.message : String(e);
  return { message: `Địa chỉ không trả lời như hệ thống một cửa của tỉnh ở ${path}: ${detail}.`, fields: ['baseUrl'], kind: 'not-portal', headline: NOT_PORTAL };
}

function loginRefused(e: unknown, config: PortalConfig): Found {
  const said = e instanceof PortalError && e.serverMessage ? `: hệ thống tỉnh trả lời "${e.serverMessage}"` : '';
  const dst = config.dstcode ? ' và mã dstcode' : ' (và mã dstcode nếu nhà cung cấp yêu cầu)';
  if (e instanceof PortalError && e.kind === 'auth') {
    return { message: `Sai tài khoản đồng bộ${said}. Kiểm tra tên đăng nhập, mật khẩu${dst}.`, fields: ['username', 'password'], kind: 'auth', headline: 'sai tài khoản đồng bộ' };
  }
  if (e instanceof PortalError && e.kind === 'rejected') {
    return { message: `Hệ thống tỉnh từ chối đăng nhập${said || `: ${e.message}`}. Kiểm tra tên đăng nhập${dst}.`, fields: ['username'], kind: 'auth', headline: 'hệ thống tỉnh từ chối đăng nhập' };
  }
  return notTheSystem(e, '/auth/login');
}

function readRefused(e: unknown, config: PortalConfig): Found {
  if (e instanceof PortalError && e.kind === 'rejected' && e.status === 403) {
    return { message: `Tài khoản không được dùng mã đơn vị ${config.agencyCode}${e.serverMessage ? ` (hệ thống tỉnh: "${e.serverMessage}")` : ''}. Kiểm tra mã đơn vị (madonvi) do tỉnh cấp.`,
      fields: ['agencyCode'], kind: 'agency', headline: 'mã đơn vị không thuộc tài khoản đồng bộ' };
  }
  if (e instanceof PortalError && e.kind === 'auth') {
    return { message: `Hệ thống tỉnh không nhận phiên đăng nhập khi đọc dữ liệu${e.serverMessage ? `: "${e.serverMessage}"` : ''}. Kiểm tra tài khoản đồng bộ.`,
      fields: ['username', 'password'], kind: 'auth', headline: 'sai tài khoản đồng bộ' };
  }
  if (e instanceof PortalError && e.kind === 'rejected') {
    return { message: `Hệ thống tỉnh từ chối yêu cầu đọc thử (LayDanhSachNgayNghi): ${e.serverMessage || e.message}. Báo đơn vị vận hành hệ thống tỉnh.`,
      fields: [], kind: 'refused', headline: 'hệ thống tỉnh từ chối yêu cầu đọc' };
  }
  return notTheSystem(e, '/service');
}

function hostOf(url: string): string {
  try { return new URL(url).host || url; } catch { return url; }
}

// ——— The status line's monitor: the last real answer, asked again when it is old or something changed.

const RECHECK_OK_MS = 60_000;
const RECHECK_PROBLEM_MS = 10_000;
const MIN_GAP_MS = 2_000;
const MONITOR_TIMEOUT_MS = 10_000;

export class ConnectionMonitor {
  private last: { at: number; check: ConnectionCheck } | null = null;
  private running: Promise<void> | null = null;
  private trigger = '';
  private stopped = false;

  constructor(private readonly client: PortalClient, private readonly config: PortalConfig,
    /** Told every answer (the sync service holds or lets the drainer go on it). */
    private readonly onResult: (check: ConnectionCheck) => void = () => undefined) {}

  /** The last answer and when it came (ms since the epoch), or null before the first one. */
  get result(): { at: number; check: ConnectionCheck } | null { return this.last; }

  /**
   * Checks (one check at a time); resolves once it has answered. `fresh`: an answer from after this call — a
   * check already under way may have started before the line came back, so a new one follows it.
   */
  async check(fresh = false): Promise<void> {
    if (fresh && this.running) await this.running.catch(() => undefined);
    this.running ??= checkConnection(this.client, this.config, { read: false, timeoutMs: Math.min(this.config.timeoutMs, MONITOR_TIMEOUT_MS) })
      .then((check) => this.record(check))
      .finally(() => { this.running = null; });
    return this.running;
  }

  /**
   * On each read of the status: asks again when the last answer is old (sooner after a problem), or when
   * `trigger` (what the drainer saw last) changed since.
   */
  poke(trigger: string): void {
    if (this.stopped || this.running) return;
    const age = this.last ? Date.now() - this.last.at : Infinity;
    const changed = this.trigger !== '' && trigger !== this.trigger && age > MIN_GAP_MS;
    this.trigger = trigger;
    if (!this.last || changed || age > (this.last.check.problem ? RECHECK_PROBLEM_MS : RECHECK_OK_MS)) void this.check();
  }

  /** A check of the same settings made elsewhere (the administrator's "Kiểm tra kết nối"). */
  accept(check: ConnectionCheck): void { this.record(check); }

  private record(check: ConnectionCheck): void {
    if (this.stopped) return;
    this.last = { at: Date.now(), check };
    this.onResult(check);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }
}
