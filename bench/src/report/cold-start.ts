import { existsSync, readFileSync } from 'node:fs';
import { round } from '../load/stats';
import type { ResultRow } from './result-row';

/**
 * A cold first `npm run stack`, as tools/scripts/cold-stack.sh measures it (empty caches of its
 * own, a fresh clone, private ports) and writes it: every output line of the stack prefixed with
 * its time (`<epoch seconds> <line>`), and the script's own `cold-stack: …` lines. It takes minutes
 * of both cores and an empty cache, so it is recorded by hand, not run by `npm run bench`; the
 * start-up benchmark shows the recorded figure with its date.
 */
export const COLD_START_RESULTS = 'bench/results/cold-start.json';

/** Issue #16's goal: a cold first run to a store that answers; Jaeger may join later. */
export const COLD_STORE_READY_GOAL_SECONDS = 600;

export interface ColdStartPhase {
  phase: string;
  /** How long it took. */
  seconds: number;
  /** When it ended, counted from the command. */
  endSeconds: number;
}

export interface ColdStartRecord {
  /** When the command was started (ISO). */
  date: string;
  how: string;
  /** The script's start line: kernel, cores and the load average when it started. */
  machine: string;
  /** The 1-minute load average sampled every 30 s while it ran. */
  loadAverage: { min: number; max: number };
  phases: ColdStartPhase[];
  storeReadySeconds: number;
  jaegerReadySeconds?: number;
  /** A request made once Jaeger was up was found in Jaeger (the exporter picked it up). */
  tracedAfterJaegerJoined: boolean;
}

const HOW =
  'tools/scripts/cold-stack.sh: a fresh clone, empty BAZAAR_CACHE, Go build and module caches, npm, Maven and Nx caches, private ports; apt packages (redis-server, haproxy), Go, Java and Maven already installed';

interface Line {
  at: number;
  text: string;
}

function parseLines(log: string): Line[] {
  return log
    .split('\n')
    .map((raw) => /^(\d+(?:\.\d+)?) (.*)$/s.exec(raw))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, at, text]) => ({ at: Number(at), text }));
}

const npmSeconds = (amount: string, unit: string) => Number(amount) * (unit === 'ms' ? 0.001 : unit === 'm' ? 60 : 1);

/** The record of one cold run from its timed log (see COLD_START_RESULTS). */
export function parseColdStart(log: string): ColdStartRecord {
  const lines = parseLines(log);
  const find = (pattern: RegExp) => {
    for (const line of lines) {
      const match = pattern.exec(line.text);
      if (match) return { at: line.at, match };
    }
    return undefined;
  };
  const start = find(/^cold-stack: start (.*)$/);
  const store = find(/^Bazaar is running\./);
  if (!start || !store) throw new Error('not the log of a cold run that reached the store (no "cold-stack: start" or "Bazaar is running." line)');
  const since = (at: number) => round(at - start.at);
  const phases: ColdStartPhase[] = [];
  const phase = (name: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined) phases.push({ phase: name, seconds: round(to - from), endSeconds: since(to) });
  };
  // The progress lines of stack.sh rewrite themselves with \r: a match may sit anywhere in the line.
  const npm = find(/^added \d+ packages.* in (\d+(?:\.\d+)?)(ms|s|m)\b/);
  const npmStart = npm && npm.at - npmSeconds(npm.match[1], npm.match[2]);
  phase('Node.js fetched', find(/^fetching Node\.js/)?.at, npmStart);
  phase('npm ci', npmStart, npm?.at);
  const background = find(/^building in the background/)?.at;
  const built = (pattern: RegExp) => {
    const found = find(pattern);
    return found && found.at - Number(found.match[1]);
  };
  phase('Kafka jars (Maven)', built(/^kafka: jars resolved in (\d+)s/), find(/^kafka: jars resolved/)?.at);
  phase('FerretDB build (Go)', built(/^ferretdb: built in (\d+)s/), find(/^ferretdb: built in/)?.at);
  const serversReady = ['kafka', 'ferretdb', 'redis'].map((server) => find(new RegExp(`^${server} \\S+ ready on`))?.at);
  phase('servers ready', start.at, serversReady.includes(undefined) ? undefined : Math.max(...(serversReady as number[])));
  // stack.sh notices the build's end only once the servers are up: Nx's own figure says when it ended.
  const nx = find(/^cold-stack: services build took (\d+(?:\.\d+)?)(ms|s|m)\b/);
  const nxSeconds = nx && npmSeconds(nx.match[1], nx.match[2]);
  phase('services build (Nx)', background, background !== undefined && nxSeconds !== undefined ? background + nxSeconds : undefined);
  phase('services up', find(/^waiting for services/)?.at, store.at);
  // Jaeger's own log says how long its build took; cold-stack.sh quotes that line when it is up.
  phase('Jaeger build (Go)', built(/jaeger: built in (\d+)s/), find(/jaeger: built in/)?.at);
  const jaeger = find(/^(cold-stack: jaeger ready|jaeger \S+ ready on)/);
  const loads = lines.flatMap(({ text }) => {
    const match = /^cold-stack: (?:start .*, )?load (\d+(?:\.\d+)?)/.exec(text);
    return match ? [Number(match[1])] : [];
  });
  return {
    date: new Date(start.at * 1000).toISOString(),
    how: HOW,
    machine: start.match[1],
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    phases,
    storeReadySeconds: since(store.at),
    ...(jaeger && { jaegerReadySeconds: since(jaeger.at) }),
    tracedAfterJaegerJoined: find(/^cold-stack: trace \S+ of a request after Jaeger joined found in Jaeger/) !== undefined,
  };
}

/** The start-up table's row for the recorded cold run. */
export function coldStartRow(record: ColdStartRecord): ResultRow {
  const date = record.date.slice(0, 16).replace('T', ' ');
  const phases = record.phases.map(({ phase, seconds, endSeconds }) => `${phase} ${round(seconds)} (done at ${round(endSeconds)})`).join(', ');
  const jaeger =
    record.jaegerReadySeconds === undefined
      ? 'Jaeger not seen ready'
      : `Jaeger joined at ${round(record.jaegerReadySeconds)} s${record.tracedAfterJaegerJoined ? ', a request after it traced in it' : ''}`;
  return {
    benchmark: 'start-up',
    figure: `cold first npm run stack to store ready s (recorded ${date} UTC by tools/scripts/cold-stack.sh, not this run; load average ${record.loadAverage.min}–${record.loadAverage.max}: ${phases}; ${jaeger})`,
    bazaar: round(record.storeReadySeconds),
    goal: `≤ ${COLD_STORE_READY_GOAL_SECONDS}, Jaeger may join later`,
    met: record.storeReadySeconds <= COLD_STORE_READY_GOAL_SECONDS,
  };
}

/** The recorded cold run's row, if one was recorded. */
export function recordedColdStartRow(path: string): ResultRow | undefined {
  return existsSync(path) ? coldStartRow(JSON.parse(readFileSync(path, 'utf8')) as ColdStartRecord) : undefined;
}
