/** How long and how hard each benchmark runs; `smoke` only proves that every benchmark runs and measures. */
export interface BenchSettings {
  mode: 'full' | 'smoke';
  /** Concurrent HTTP connections of every autocannon run (fixed, the same for Bazaar and baseline). */
  connections: number;
  /**
   * Connections for category pages, which FerretDB answers by scanning the collection: a few
   * saturate it, and more would only queue past the gateway's 3 s service-call deadline (504).
   */
  scanConnections: number;
  warmupSeconds: number;
  /** Length of one measured repetition. */
  durationSeconds: number;
  /** Measured repetitions per path; the median is reported. Bazaar and baseline alternate. */
  repetitions: number;
  /** Shoppers checking out at the same time, each waiting for its order to be final before the next. */
  checkoutShoppers: number;
  checkoutSeconds: number;
  /** Requests sent through the gateway between the idle and the loaded memory reading. */
  memoryRequests: number;
  /** Services boot sequentially this many times each; the median is reported. */
  bootRepetitions: number;
  /** Concurrent GET /api/categories in the cache benchmark (the goal: 0 errors at 50). */
  categoryListConnections: number;
  /** The load generator's mix against the cached pair, for the hit ratio: seconds and requests/s. */
  mixSeconds: number;
  mixRate: number;
  /** First port of this run's range (services, baselines, span sink). */
  portBase: number;
  /** The results file whose figures docs/performance.md shows as "before" (relative to the repository; `--before=<file>` overrides). */
  beforeResults: string;
}

/** The full Node 24 run before #16's tuning (a later run is compared with another through --before). */
const BEFORE_RESULTS = 'bench/results/2026-12-01-node24-with-payments.json';

export const FULL: BenchSettings = {
  mode: 'full',
  connections: 10,
  scanConnections: 4,
  warmupSeconds: 3,
  durationSeconds: 10,
  repetitions: 3,
  checkoutShoppers: 4,
  checkoutSeconds: 15,
  memoryRequests: 10_000,
  bootRepetitions: 3,
  categoryListConnections: 50,
  mixSeconds: 60,
  mixRate: 8,
  portBase: 17000,
  beforeResults: BEFORE_RESULTS,
};

export const SMOKE: BenchSettings = {
  mode: 'smoke',
  connections: 2,
  scanConnections: 2,
  warmupSeconds: 1,
  durationSeconds: 3,
  repetitions: 1,
  checkoutShoppers: 2,
  checkoutSeconds: 3,
  memoryRequests: 300,
  bootRepetitions: 1,
  // Enough for the bare baseline to answer a few within 3 s, so every row has numbers.
  categoryListConnections: 4,
  mixSeconds: 5,
  mixRate: 10,
  portBase: 17500,
  beforeResults: BEFORE_RESULTS,
};

/** BENCH_PORT_BASE moves the whole port range, for a machine where it is taken. */
export function settingsFor(mode: BenchSettings['mode'], env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const settings = mode === 'full' ? FULL : SMOKE;
  const portBase = env.BENCH_PORT_BASE ? Number(env.BENCH_PORT_BASE) : settings.portBase;
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65000) throw new Error(`BENCH_PORT_BASE must be a port number between 1024 and 65000, not ${env.BENCH_PORT_BASE}`);
  return { ...settings, portBase };
}

/** Every port a run uses, derived from its base so that two runs with different bases never collide. */
export function benchPorts(base: number) {
  return {
    gateway: { http: base },
    catalog: { http: base + 1, tcp: base + 11 },
    cart: { http: base + 2, tcp: base + 12 },
    order: { http: base + 3, tcp: base + 13 },
    payments: { http: base + 4, tcp: base + 14 },
    /** The traced pair for the tracing benchmark, running next to the untraced one. */
    tracedGateway: { http: base + 20 },
    tracedCatalog: { http: base + 21, tcp: base + 31 },
    /** The cached pair for the cache benchmark (the stack's own catalog reads uncached). */
    cachedGateway: { http: base + 24 },
    cachedCatalog: { http: base + 25, tcp: base + 35 },
    browseBaseline: base + 40,
    cartBaseline: base + 41,
    /** The same, acknowledging each change once a replica has it (WAIT 1). */
    cartBaselineReplicated: base + 42,
    otlpSink: base + 50,
    /** The gateway built from the code before a change (`--ab-gateway`), beside the stack's. */
    gatewayBefore: { http: base + 60 },
    /** `--ab-gateway-alone`: this build's gateway, and the stand-in for every service behind both. */
    gatewayAlone: { http: base + 61 },
    serviceStandIn: base + 62,
  };
}

export type BenchPorts = ReturnType<typeof benchPorts>;
