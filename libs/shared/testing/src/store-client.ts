import { randomUUID } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export async function waitFor(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
      if ((error as Error).message.includes('exited with')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export type Shopper = ReturnType<typeof shopperOf>;
export type StoreResponse = Awaited<ReturnType<typeof getJson>>;

/**
 * A shopper of the API at `api`: carries back the cart cookie the gateway issues (its value is
 * opaque). With `unreachableAsStatus0`, a request that gets no answer resolves as status 0 instead
 * of throwing.
 */
export function shopperOf(api: string, { unreachableAsStatus0 = false } = {}) {
  let cookie = '';
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const request = getJson(`${api}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = unreachableAsStatus0 ? await request.catch((error: Error) => ({ status: 0, headers: new Headers(), body: { message: error.message } })) : await request;
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return response;
  };
}

export interface CheckoutRetryOptions {
  /** The Idempotency-Key every attempt carries. */
  key?: string;
  attempts?: number;
  /** Sees every answer, the retried ones included (for their status and trace id). */
  onAttempt?: (response: StoreResponse) => void;
}

/**
 * What a well-behaved client does when the store is saturated or partly down: a 503/504, or no
 * answer in time (status 0 or a timeout), means "not known to have happened", so it retries with
 * the same Idempotency-Key, which can never place a second order. Returns the last answer.
 */
export async function checkoutRetrying(as: Shopper, body: unknown, { key = randomUUID(), attempts = 15, onAttempt }: CheckoutRetryOptions = {}): Promise<StoreResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await as('POST', '/checkout', body, { 'idempotency-key': key }).catch((error: Error) => {
      if (error.name !== 'TimeoutError' || attempt === attempts) throw error;
      return { status: 504, headers: new Headers(), body: {} };
    });
    onAttempt?.(response);
    if (![0, 503, 504].includes(response.status) || attempt === attempts) return response;
    // Exponential backoff with jitter, at most 5 s: retries must not arrive as one wave.
    await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** attempt) * (0.5 + Math.random())));
  }
}
