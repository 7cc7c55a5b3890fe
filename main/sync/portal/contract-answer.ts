// What an answer (or its absence) says about the address configured as the provincial system: the portal's
// contract (docs/portal-openapi.yaml) answers JSON, its errors carry `error_code`/`message`. A web page, a
// bare 404 or another service's JSON at that address means the address is wrong, not that an item is bad:
// such answers are never parked as the item's rejection, and they never count as "connected".
import type { AxiosError } from 'axios';
import { PortalError } from './errors';

/**
 * The address answered, but not as the provincial one-stop system does. Kind 'server' so the drainer retries
 * with backoff (the item is fine; a person fixes the address), and the status line names the cause.
 */
export class NotPortalError extends PortalError {
  constructor(readonly path: string, status: number, readonly what: string) {
    super('server', `Địa chỉ đã cấu hình không phải hệ thống một cửa của tỉnh: ${path} trả lời ${what} (HTTP ${status})`, status);
  }
}

/** A TLS (https) failure: the connection cannot be made safely, for the reason `code` names. */
export class TlsError extends PortalError {
  constructor(readonly code: string, readonly reason: string) {
    super('network', `Không kết nối an toàn (https) được: ${reason} (${code})`);
  }
}

/** Node's / OpenSSL's codes for a certificate or handshake failure, in words an administrator can act on. */
const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'chứng chỉ bảo mật của máy chủ đã hết hạn',
  CERT_NOT_YET_VALID: 'chứng chỉ bảo mật của máy chủ chưa có hiệu lực (kiểm tra ngày giờ của máy tính này)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'máy chủ dùng chứng chỉ tự ký, máy tính này không tin cậy',
  SELF_SIGNED_CERT_IN_CHAIN: 'chứng chỉ của máy chủ do một nơi cấp tự ký mà máy tính này không tin cậy',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'không xác minh được chứng chỉ của máy chủ (thiếu chứng chỉ trung gian hoặc nơi cấp chưa được cài trên máy)',
  UNABLE_TO_GET_ISSUER_CERT: 'không xác minh được nơi cấp chứng chỉ của máy chủ',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'nơi cấp chứng chỉ của máy chủ chưa được cài trên máy tính này',
  ERR_TLS_CERT_ALTNAME_INVALID: 'chứng chỉ của máy chủ không cấp cho tên miền này',
  CERT_REVOKED: 'chứng chỉ của máy chủ đã bị thu hồi',
  EPROTO: 'máy chủ không dùng https ở địa chỉ này (thử http://) hoặc không cùng phiên bản TLS',
  ERR_SSL_WRONG_VERSION_NUMBER: 'máy chủ không dùng https ở địa chỉ này (thử http://)',
};

/** No connection could be made at all: the system (or the line to it) is down, not this one request. */
const CANNOT_CONNECT: Record<string, string> = {
  ECONNREFUSED: 'máy chủ từ chối kết nối (không có dịch vụ ở địa chỉ và cổng này, hoặc máy chủ đang tắt)',
  ENOTFOUND: 'không tìm thấy tên miền của địa chỉ',
  EAI_AGAIN: 'chưa tra được tên miền (mạng hoặc máy chủ tên miền đang lỗi)',
  EHOSTUNREACH: 'không có đường mạng tới máy chủ', ENETUNREACH: 'máy tính này chưa có mạng tới máy chủ',
  ENETDOWN: 'mạng của máy tính này đang tắt', EHOSTDOWN: 'máy chủ không hoạt động', EADDRNOTAVAIL: 'địa chỉ không dùng được trên máy này',
};

/** Why nothing could be reached, in words (null: not a "cannot connect" code). */
export const cannotConnectReason = (code: string): string | null => CANNOT_CONNECT[code] ?? null;

/**
 * An answer that never came. "Cannot connect" and a TLS failure are outages (every request would fail the
 * same way); a time-out or a connection dropped mid-request is this request's failure (a slow answer, a proxy
 * cutting one connection): the drainer checks the line before calling it an outage.
 */
export function toNetworkError(e: unknown): PortalError {
  const err = e as AxiosError;
  const code = err.code ?? (err.cause as { code?: string } | undefined)?.code ?? '';
  const tls = TLS_REASONS[code] ?? (/^ERR_SSL_|^ERR_TLS_/.test(code) ? 'lỗi bắt tay TLS với máy chủ' : null);
  if (tls) return new TlsError(code, tls);
  if (CANNOT_CONNECT[code]) return new PortalError('network', `Không kết nối được (${code})`);
  const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
  return new PortalError('transient', timedOut ? 'Hết thời gian chờ hệ thống tỉnh trả lời' : `Kết nối bị ngắt giữa chừng (${code || err.message})`);
}

/**
 * A web page rather than data: a body that starts like markup, or an HTML content type on a body that is not
 * JSON. The content type alone does not decide: many servers label any text they send as text/html (Express's
 * res.send('ok') does), and a portal that does so for /health or for JSON is still the portal.
 */
function isPage(contentType: string, body: unknown): boolean {
  if (typeof body === 'string' && /^\s*</.test(body)) return true;
  return /text\/html|application\/xhtml/i.test(contentType) && !isObject(body) && !(typeof body === 'string' && body.trim().length < 64 && !/[<>]/.test(body));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether an HTTP answer is one the contract could give at `path`; null when it is, else what it was instead.
 * - any web page (an intranet home page, a SPA's catch-all, a proxy's error page) is not the system;
 * - `/health` may answer anything but a page (its body is not specified) with 200;
 * - the login decides who answered: a 404/405 there without the contract's `error_code`/`message`, or a body
 *   that is not a JSON object, is another service;
 * - past the login, a refusal (4xx) means what the contract says for that path and status, with or without a
 *   body: GET /uploads/{id} answers a bare 404 for an expired upload session, and a portal written from the
 *   document alone may well send it without JSON. Only a success must carry the JSON envelope.
 */
export function notContractAnswer(path: string, status: number, contentType: string, body: unknown): string | null {
  if (isPage(contentType, body)) return 'một trang web (HTML)';
  if (path === '/health') return null;
  const identity = path === '/auth/login';
  if (!identity && status >= 400) return null;
  if (!isObject(body)) return body === '' || body === undefined || body === null ? 'một câu trả lời rỗng' : 'dữ liệu không phải JSON';
  if (identity && (status === 404 || status === 405) && !('error_code' in body) && !('message' in body)) return '"không có đường dẫn này"';
  return null;
}
