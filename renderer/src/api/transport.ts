import type { ApiResponse } from '../../../shared/contract';

/** Carries one call to the core. The session token is an argument so both shells pass it the same way. */
export interface Transport {
  invoke(method: string, input: unknown, sessionToken: string | null): Promise<ApiResponse<unknown>>;
}

/** What the Electron preload exposes. */
export interface MotCuaBridge {
  invoke(method: string, input: unknown, sessionToken?: string | null): Promise<ApiResponse<unknown>>;
}

declare global {
  interface Window { motCua?: MotCuaBridge }
}

export const NETWORK_ERROR = 'Không kết nối được với máy chủ Một Cửa. Kiểm tra ứng dụng còn chạy rồi thử lại.';
const LAUNCH_TOKEN_KEY = 'motcua.launchToken';

/**
 * The launch token arrives once as ?token=… in the URL the server prints. Keep it for this tab only and
 * take it out of the address bar so it is not left in history, screenshots or bookmarks.
 */
export function takeLaunchToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(LAUNCH_TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  return storage.getItem(LAUNCH_TOKEN_KEY);
}

export function httpTransport(launchToken: string | null, baseUrl = './api/'): Transport {
  return {
    async invoke(method, input, sessionToken) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (launchToken) headers.Authorization = `Bearer ${launchToken}`;
      if (sessionToken) headers['X-Session'] = sessionToken;
      let res: Response;
      try {
        res = await fetch(baseUrl + method, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR } };
      }
      try {
        return (await res.json()) as ApiResponse<unknown>;
      } catch {
        if (res.status === 401) {
          return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Đường dẫn mở ứng dụng không hợp lệ hoặc đã hết hạn. Hãy mở lại bằng đường dẫn máy chủ vừa in ra.' } };
        }
        return { ok: false, error: { code: 'INTERNAL', message: `Máy chủ trả lời không hợp lệ (HTTP ${res.status}).` } };
      }
    },
  };
}

export function electronTransport(bridge: MotCuaBridge): Transport {
  return {
    async invoke(method, input, sessionToken) {
      try {
        return await bridge.invoke(method, input, sessionToken ?? undefined);
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR } };
      }
    },
  };
}
