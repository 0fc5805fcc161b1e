import { backendStatus, lastTrace } from './trace-store';

/** An API failure with the gateway's error shape: `{statusCode, code, message, requestId}`, and `details` where the code has any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The backend did not answer, or answered that a service it needs is down. */
  get backendDown(): boolean {
    return this.status === 0 || this.status === 503;
  }
}

const TIMEOUT_MS = 10_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** False for requests in the background (settings, the header's cart badge): the page footer keeps the page's own trace. */
  recordTrace?: boolean;
}

/** One call to the gateway's API: JSON in and out, the cart cookie sent, the trace id recorded. */
export async function apiRequest<T>(path: string, { method = 'GET', body, headers = {}, signal, recordTrace = true }: RequestOptions = {}): Promise<T> {
  const request = `${method} /api${path.split('?')[0]}`;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort);
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeout.signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    backendStatus.set('down');
    throw new ApiError(0, 'UNREACHABLE', 'The store could not reach its server. Check your connection and try again.');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (recordTrace) lastTrace.set({ request, traceId: response.headers.get('x-trace-id') });
  backendStatus.set(response.status === 503 ? 'down' : 'up');
  const payload = await readJson(response);
  if (!response.ok) {
    const { code, message, details } = (payload ?? {}) as {
      code?: string;
      message?: string;
      details?: Record<string, unknown>;
    };
    throw new ApiError(response.status, code ?? `HTTP_${response.status}`, message ?? `The server answered ${response.status} ${response.statusText}`, details);
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
