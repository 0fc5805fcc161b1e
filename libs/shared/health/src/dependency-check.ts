/** Something a service needs in order to serve: its database, broker, cache or a downstream service. */
export interface DependencyCheck {
  /** Shown in the readiness report and in errors, e.g. "mongodb", "kafka", "redis", "catalog". */
  name: string;
  ping(): Promise<unknown>;
  /**
   * Checks that come and go with this one, asked for on every probe: e.g. one per consumer group of
   * a Kafka client, known only once the groups have started.
   */
  subChecks?(): DependencyCheck[];
  /**
   * false: reported by /health/dependencies, not by /health/ready. For a dependency that every
   * replica shares and that the service can answer without (with a 503 naming it): were it down,
   * gating readiness on it would take every replica out of the load balancer at once, and shoppers
   * would get the balancer's error page for requests that need nothing of it.
   */
  gatesReadiness?: boolean;
}

/** Thrown by a check to add facts to its readiness entry, e.g. `{ blockedOn: 'mongodb', since }`. */
export class DependencyDownError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');

/** How long readiness waits for one dependency before reporting it down. */
export const READINESS_TIMEOUT_MS = 1500;

export class DependencyTimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`${name} did not answer within ${ms} ms`);
  }
}

/** Rejects when the promise has not settled in time, so a dead dependency never hangs a probe. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeoutError(name, ms)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
