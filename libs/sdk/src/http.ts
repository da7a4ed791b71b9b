import { backoffDelay, sleep } from './backoff';
import { apiErrorOf, NotifyApiError, NotifyConnectionError } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  /** `Authorization: Bearer <credential>`: a tenant API key or a user token. */
  credential?: string;
  fetch?: FetchLike;
  /** Tries of a retryable call in all (1 = no retry). Default 3. */
  maxAttempts?: number;
  /** First retry delay; doubles per retry (with jitter). Default 200 ms. */
  retryBaseDelayMs?: number;
  /** Per-request timeout (long polls add their wait). Default 30 s. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a User-Agent). */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Whether repeating the call is safe; defaults to true for GET, PUT and DELETE. */
  retry?: boolean;
  signal?: AbortSignal;
  /** Added to the transport's timeout (long polls). */
  extraTimeoutMs?: number;
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** fetch with auth, JSON, typed errors, a timeout, and retries of idempotent calls on 5xx and network errors. */
export class HttpTransport {
  private readonly baseUrl: string;
  private readonly fetchFn: FetchLike;

  constructor(private readonly options: TransportOptions) {
    if (!options.baseUrl) throw new TypeError('baseUrl is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const fetchFn = options.fetch ?? globalThis.fetch;
    if (!fetchFn) throw new TypeError('no fetch available: pass options.fetch');
    this.fetchFn = (input, init) => fetchFn(input, init); // unbound window.fetch throws "Illegal invocation"
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const retryable = options.retry ?? IDEMPOTENT.has(method);
    const maxAttempts = retryable ? Math.max(1, this.options.maxAttempts ?? 3) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, options);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (attempt >= maxAttempts || !isTransient(error)) throw finalError(error);
        await sleep(backoffDelay(attempt, this.options.retryBaseDelayMs ?? 200, 5000), options.signal);
      }
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<HttpResult<T>> {
    const { signal, cancel } = timeoutSignal((this.options.timeoutMs ?? 30_000) + (options.extraTimeoutMs ?? 0), options.signal);
    try {
      const response = await this.fetchFn(this.url(path, options.query), {
        method,
        headers: this.headers(options),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      const body = await readBody(response);
      if (!response.ok) throw apiErrorOf(response.status, body, response.headers.get('retry-after'));
      return { status: response.status, body: body as T, headers: response.headers };
    } finally {
      cancel();
    }
  }

  private url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...options.headers };
    if (this.options.credential) headers.authorization = `Bearer ${this.options.credential}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** 5xx answers and failures to get any answer may succeed on a later try; 4xx never do. */
function isTransient(error: unknown): boolean {
  if (error instanceof NotifyApiError) return error.status >= 500;
  return true;
}

function finalError(error: unknown): unknown {
  if (error instanceof NotifyApiError) return error;
  return new NotifyConnectionError(`request failed: ${(error as Error)?.message ?? String(error)}`, error);
}

/** An AbortSignal that fires after `ms` or when `outer` does; `cancel` clears the timer. */
function timeoutSignal(ms: number, outer?: AbortSignal): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort(outer?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), ms);
  if (outer?.aborted) abort();
  else outer?.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, cancel: () => { clearTimeout(timer); outer?.removeEventListener('abort', abort); } };
}
