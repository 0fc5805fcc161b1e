import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchContext } from '../bench.context';
import { median, round } from '../load/stats';
import { COLD_START_RESULTS, recordedColdStartRow } from '../report/cold-start';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { InfraStart } from '../stack/infra';
import { workspaceRoot } from '../stack/node-process';
import { SERVICES, ServiceName, startService, startStack, stopStack } from '../stack/services';

const run = promisify(execFile);

export interface StartupFigures {
  /** `infra.sh up` at the start of the run (full mode): starting stopped servers, or checking running ones. */
  infra?: InfraStart;
  /** `nx run-many -t build` of the services with everything cached, as `npm run stack` runs it. */
  cachedBuildSeconds?: number;
  /** The services spawned at once until every one answers /health/ready (median). */
  servicesReadySeconds: number;
  /** The later of infra and the cached build (npm run stack runs them side by side), then the services: the warm `npm run stack` to a store that answers. */
  stackReadySeconds: number;
  /** Each service alone, the others running: spawn to /health/ready 200 (median). */
  bootSeconds: Record<ServiceName, number>;
}

/** Issue #16's goal for a warm `npm run stack`. */
export const STACK_READY_GOAL_SECONDS = 10;

/**
 * Start-up, measured the way `npm run stack` starts the store (infra.sh up, a cached build, the
 * services at once) but on this run's ports, so it never collides with a stack already running.
 * Leaves the stack running in ctx.stack.
 */
export async function startupBenchmark(ctx: Omit<BenchContext, 'stack'> & { stack?: BenchContext['stack'] }, infra?: InfraStart): Promise<BenchmarkResult<StartupFigures>> {
  const { settings, env } = ctx;
  if (ctx.stack) await stopStack(ctx.stack);
  // The run's first start seeds its demo catalog, so it is not a warm start; smoke mode counts it anyway.
  else if (settings.mode === 'full') await stopStack(await startStack(env));
  const cachedBuildSeconds = settings.mode === 'full' ? await timedCachedBuild() : undefined;

  const parallel: number[] = [];
  for (let i = 0; i < settings.bootRepetitions; i++) {
    const started = performance.now();
    const stack = await startStack(env);
    parallel.push((performance.now() - started) / 1000);
    if (i < settings.bootRepetitions - 1) await stopStack(stack);
    else ctx.stack = stack;
  }
  const stack = ctx.stack as BenchContext['stack'];

  const boots = {} as Record<ServiceName, number[]>;
  for (const service of SERVICES) {
    boots[service] = [];
    for (let i = 0; i < settings.bootRepetitions; i++) {
      await stack[service].stop();
      stack[service] = await startService({ app: service, env: env[service] });
      boots[service].push(stack[service].bootMs / 1000);
    }
  }

  const servicesReadySeconds = round(median(parallel));
  // Measured one after the other here, on a machine where they share the CPU: the later of the two is a lower bound.
  const stackReadySeconds = round(Math.max(infra?.seconds ?? 0, cachedBuildSeconds ?? 0) + servicesReadySeconds);
  const bootSeconds = Object.fromEntries(SERVICES.map((service) => [service, round(median(boots[service]))])) as Record<ServiceName, number>;
  const sideBySide = [infra && `infra ${round(infra.seconds)}`, cachedBuildSeconds !== undefined && `build ${cachedBuildSeconds}`].filter(Boolean).join(' ‖ ');
  const parts = [sideBySide, `services ${servicesReadySeconds}`].filter(Boolean).join(' + ');
  const rows: ResultRow[] = [
    { benchmark: 'start-up', figure: `warm stack to ready s (${parts})`, bazaar: stackReadySeconds, goal: `≤ ${STACK_READY_GOAL_SECONDS}`, met: stackReadySeconds <= STACK_READY_GOAL_SECONDS },
    ...SERVICES.map((service) => ({ benchmark: 'start-up', figure: `${service} boot s (spawn → /health/ready)`, bazaar: bootSeconds[service] })),
  ];
  // Minutes of both cores on empty caches: recorded by hand (tools/scripts/cold-stack.sh), shown with its date.
  const cold = recordedColdStartRow(join(workspaceRoot, COLD_START_RESULTS));
  if (cold) rows.splice(1, 0, cold);
  return { name: 'start-up', figures: { infra, cachedBuildSeconds, servicesReadySeconds, stackReadySeconds, bootSeconds }, rows };
}

async function timedCachedBuild(): Promise<number> {
  const started = performance.now();
  await run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...SERVICES, '--outputStyle=static'], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 16 << 20,
  });
  return round((performance.now() - started) / 1000);
}
