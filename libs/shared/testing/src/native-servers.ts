import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from './service-process';

/** tools/infra's servers; `replica` and `sentinel1..3` are Redis's replica and Sentinels. */
export type NativeServer = 'redis' | 'replica' | 'sentinel1' | 'sentinel2' | 'sentinel3' | 'kafka' | 'ferretdb';

/**
 * Runs `tools/infra/infra.sh <command> <server>` with `env` (the caller's environment by default),
 * without blocking the event loop (the test's own requests keep flowing meanwhile). A suite that
 * stops servers passes its own BAZAAR_RUN and ports, so it only ever touches its own.
 */
export function infraScript(command: 'stop' | 'start', server: NativeServer, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(workspaceRoot, 'tools/infra/infra.sh'), command, server], { timeout: 90000, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`infra.sh ${command} ${server} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * infra.sh's environment for servers of a test's own, which it may stop and start: its own
 * BAZAAR_RUN and ports, and the shared servers' variables removed (set, they would make infra.sh
 * treat the server as external).
 */
export function privateInfraEnv(run: string, settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BAZAAR_RUN: run, ...settings };
  for (const variable of ['MONGO_URL', 'KAFKA_BROKERS', 'REDIS_URL', 'JAEGER_QUERY_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT']) delete env[variable];
  return env;
}
