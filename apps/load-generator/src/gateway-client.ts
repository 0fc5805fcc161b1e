/** One HTTP answer as the load generator sees it; status 0 means no answer (refused, reset, timed out). */
export interface Answer {
  status: number;
  ms: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are read field by field where used
  body: any;
  /** The API's error code (`OUT_OF_STOCK`) or the network error, when the request failed. */
  problem?: string;
}

const TIMEOUT_MS = 10_000;

/** Requests to the gateway with one shopper's cart cookie, kept like a browser keeps it. */
export class GatewayClient {
  private cookie = '';

  constructor(private readonly gatewayUrl: string) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.gatewayUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      this.cookie = response.headers.get('set-cookie')?.split(';')[0] ?? this.cookie;
      const parsed = text ? safeJson(text) : undefined;
      return {
        status: response.status,
        ms,
        body: parsed,
        problem: response.ok ? undefined : (parsed?.code ?? `HTTP ${response.status}`),
      };
    } catch (error) {
      return {
        status: 0,
        ms: performance.now() - started,
        body: undefined,
        problem: (error as Error).cause ? String((error as Error & { cause: Error }).cause.message) : (error as Error).message,
      };
    }
  }
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
