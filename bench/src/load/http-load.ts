import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median, round } from './stats';

/** One HTTP workload; the same spec shape drives Bazaar and its baseline. */
export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request (e.g. a new cart cookie per request); called for every request sent. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  /**
   * Puts the path back in the state every run of it starts from (e.g. its caches fresh, so none
   * expires in the middle of one repetition and not another); compareLoads awaits it, untimed,
   * before the warm-up and before each measured repetition.
   */
  beforeRun?: () => Promise<void>;
  /** The process serving it (Linux): its CPU time per request is measured too. */
  pid?: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Requests answered while measuring (all repetitions). */
  requests: number;
  /** The slowest one-second sample's requests (autocannon's per-second minimum): a collapse inside a run shows here. */
  slowestSecond?: number;
  /** CPU time (user + system) the serving process spent per answered request, when its pid is known. */
  cpuMicrosPerRequest?: number;
}

export interface LoadRun {
  connections: number;
  durationSeconds?: number;
  /** Sends exactly this many requests instead of running for a time. */
  amount?: number;
}

/** A load's figures with what failed: connection errors and non-2xx answers by status. */
export interface CountedLoad extends LoadFigures {
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** Runs one load and counts its failures instead of failing on them (a "before" figure that is expected to fail). */
export async function runLoadCounting(load: HttpLoad, { connections, durationSeconds, amount }: LoadRun): Promise<CountedLoad> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    headers: load.headers,
    connections,
    ...(amount ? { amount } : { duration: durationSeconds }),
    timeout: 10,
    ...(load.setupRequest ? { requests: [{ setupRequest: load.setupRequest }] } : {}),
  });
  return {
    // Counted over the whole run: at a few requests per second, autocannon's per-second samples are coarse.
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    slowestSecond: result.requests.min,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0])),
  };
}

/** Runs one load; any connection error or non-2xx answer fails the benchmark (a fast error is not throughput). */
export async function runLoad(load: HttpLoad, run: LoadRun): Promise<LoadFigures> {
  const { errors, non2xx, statusCodes, ...figures } = await runLoadCounting(load, run);
  if (errors > 0 || non2xx > 0) {
    throw new Error(`${load.method ?? 'GET'} ${load.url}: ${errors} errors, ${non2xx} non-2xx answers (${JSON.stringify(statusCodes)})`);
  }
  return figures;
}

export interface Comparison {
  bazaar: LoadFigures;
  baseline: LoadFigures;
  /** Bazaar's median throughput over the baseline's. */
  ratio: number;
  /** Each repetition's throughput ratio (Bazaar's i-th over the baseline's i-th, run one after the other): the ratio's spread. */
  repetitionRatios: number[];
  /** Requests answered during the warm-up, per path. */
  warmupRequests: { bazaar: number; baseline: number };
  /** Each measured repetition in the order run, with its start in seconds after the warm-up began. */
  repetitions: { path: 'bazaar' | 'baseline'; startSecond: number; requestsPerSecond: number; slowestSecond?: number; cpuMicrosPerRequest?: number }[];
}

export interface CompareSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  repetitions: number;
}

/**
 * Warms both paths up, then alternates measured repetitions (Bazaar, baseline, Bazaar, ...) so that
 * drift on a shared machine hits both alike, and reports each path's medians.
 */
export async function compareLoads(bazaar: HttpLoad, baseline: HttpLoad, settings: CompareSettings): Promise<Comparison> {
  const started = performance.now();
  const warmup = { connections: settings.connections, durationSeconds: settings.warmupSeconds };
  const warmupRequests = { bazaar: (await runFromItsStart(bazaar, warmup)).requests, baseline: (await runFromItsStart(baseline, warmup)).requests };
  const runs: { bazaar: LoadFigures[]; baseline: LoadFigures[] } = { bazaar: [], baseline: [] };
  const repetitions: Comparison['repetitions'] = [];
  const measured = { connections: settings.connections, durationSeconds: settings.durationSeconds };
  for (let i = 0; i < settings.repetitions; i++) {
    for (const [path, load] of [['bazaar', bazaar], ['baseline', baseline]] as const) {
      const startSecond = round((performance.now() - started) / 1000);
      const figures = await runFromItsStart(load, measured);
      runs[path].push(figures);
      repetitions.push({ path, startSecond, requestsPerSecond: round(figures.requestsPerSecond), slowestSecond: figures.slowestSecond, cpuMicrosPerRequest: figures.cpuMicrosPerRequest });
    }
  }
  const summary = { bazaar: medianFigures(runs.bazaar), baseline: medianFigures(runs.baseline) };
  return { ...summary, ratio: round(summary.bazaar.requestsPerSecond / summary.baseline.requestsPerSecond), repetitionRatios: repetitionRatios(runs.bazaar, runs.baseline), warmupRequests, repetitions };
}

async function runFromItsStart(load: HttpLoad, run: LoadRun): Promise<LoadFigures> {
  await load.beforeRun?.();
  const cpuBefore = load.pid === undefined ? undefined : processCpuMicros(load.pid);
  const figures = await runLoad(load, run);
  if (cpuBefore === undefined || load.pid === undefined || figures.requests === 0) return figures;
  return { ...figures, cpuMicrosPerRequest: round((processCpuMicros(load.pid) - cpuBefore) / figures.requests) };
}

/** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
export function processCpuMicros(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const [utime, stime] = [fields[11], fields[12]].map(Number);
  return (utime + stime) * 10_000;
}

/** Throughput ratio of each pair of alternated repetitions; a pair whose baseline answered nothing has none. */
export function repetitionRatios(bazaar: readonly LoadFigures[], baseline: readonly LoadFigures[]): number[] {
  return bazaar.flatMap((run, i) => (baseline[i]?.requestsPerSecond > 0 ? [round(run.requestsPerSecond / baseline[i].requestsPerSecond)] : []));
}

/** The median of each figure across repetitions. */
export function medianFigures(runs: readonly LoadFigures[]): LoadFigures {
  const of = (pick: (figures: LoadFigures) => number) => round(median(runs.map(pick)));
  return {
    requestsPerSecond: of((f) => f.requestsPerSecond),
    ...(runs.every((f) => f.cpuMicrosPerRequest !== undefined) && { cpuMicrosPerRequest: of((f) => f.cpuMicrosPerRequest ?? 0) }),
    latencyP50Ms: of((f) => f.latencyP50Ms),
    latencyP99Ms: of((f) => f.latencyP99Ms),
    requests: runs.reduce((total, f) => total + f.requests, 0),
  };
}
