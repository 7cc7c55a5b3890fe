import type {
  ApiErrorBody, ErrorCode, FieldError, MethodInput, MethodName, MethodOutput,
} from '../../../shared/contract';
import { electronTransport, httpTransport, takeLaunchToken, type Transport } from './transport';

/** A failed call: `message` is Vietnamese and shown as is; `fields` go next to the inputs. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.fields = body.fields ?? [];
  }
  /** Field errors keyed by field path ('applicant.idNumber'); warnings are left out. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) if (f.severity !== 'warning' && !out[f.field]) out[f.field] = f.message;
    return out;
  }
}

const SESSION_KEY = 'motcua.session';

export class ApiClient {
  private sessionToken: string | null;
  private readonly unauthenticatedListeners = new Set<() => void>();

  constructor(private readonly transport: Transport, private readonly storage: Storage | null = null) {
    this.sessionToken = storage?.getItem(SESSION_KEY) ?? null;
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const res = await this.transport.invoke(method, input, this.sessionToken);
    if (res.ok) return res.data as MethodOutput<M>;
    // A session that expired or was revoked: drop it so the app returns to the login screen.
    if (res.error.code === 'UNAUTHENTICATED' && this.sessionToken && method !== 'auth.login') {
      this.setSession(null);
      this.unauthenticatedListeners.forEach((fn) => fn());
    }
    throw new ApiError(res.error);
  }

  get hasSession(): boolean { return this.sessionToken !== null; }

  setSession(token: string | null): void {
    this.sessionToken = token;
    if (!this.storage) return;
    if (token) this.storage.setItem(SESSION_KEY, token);
    else this.storage.removeItem(SESSION_KEY);
  }

  onUnauthenticated(fn: () => void): () => void {
    this.unauthenticatedListeners.add(fn);
    return () => this.unauthenticatedListeners.delete(fn);
  }
}

/** Electron bridge when the preload provides it, otherwise HTTP to the core that served this page. */
function createDefaultClient(): ApiClient {
  const transport = window.motCua ? electronTransport(window.motCua) : httpTransport(takeLaunchToken());
  // Kept per tab: a reload stays logged in, closing the window logs out.
  return new ApiClient(transport, window.sessionStorage);
}

export const api = createDefaultClient();

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Có lỗi không mong muốn. Thử lại; nếu vẫn lỗi, báo quản trị viên.';
}
