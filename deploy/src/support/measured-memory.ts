import { readFileSync } from 'node:fs';
import { fromRoot } from './workspace';

/** Headroom every Node service's memory limit keeps over the most it was measured to use. */
export const NODE_LIMIT_HEADROOM = 1.2;

/**
 * The most each service was measured to use (RSS, MB, idle or after 10 000 requests), as the
 * benchmarks wrote it in docs/performance.md: `| memory | gateway RSS MB, idle → after 10000 requests | 128.9 → 201.9 |`.
 */
export function measuredServiceMemory(): Record<string, number> {
  const text = readFileSync(fromRoot('docs/performance.md'), 'utf8');
  const measured: Record<string, number> = {};
  for (const [, name, figures] of text.matchAll(/^\| memory \| (\w+) RSS MB, idle → after \d+ requests \| ([\d.]+ → [\d.]+) \|/gm)) {
    measured[name] = Math.max(...figures.split('→').map(Number));
  }
  return measured;
}

/**
 * What a service counts as using: its own figure, or, for one the benchmarks do not measure yet (a
 * service made with `nx g @bazaar/tools:service`), the most that a service behind the gateway
 * measured, since it runs the same shell (config, logs, tracing, Kafka, the TCP transport).
 */
export function measuredOrLikeItsPeers(measured: Record<string, number>, name: string): number {
  return measured[name] ?? Math.max(...Object.entries(measured).filter(([service]) => service !== 'gateway').map(([, mb]) => mb));
}

/** `--max-old-space-size=<n>` out of a NODE_OPTIONS value, in MiB. */
export function oldSpaceMiB(nodeOptions: string | undefined): number | undefined {
  const match = /--max-old-space-size=(\d+)/.exec(nodeOptions ?? '');
  return match ? Number(match[1]) : undefined;
}

/** V8's heap bounds for every Node service (NODE_OPTIONS), read by compose, the chart, `npm run stack` and the benchmarks. */
export const NODE_MEMORY_ENV_FILE = 'deploy/helm/bazaar/files/node-memory.env';

/** The `NAME=value` lines of an env file as compose reads it (`#` comments, values unquoted). */
export function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries([...readFileSync(path, 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => [name, value.trim()]));
}
