import type { Request } from 'autocannon';
import { BenchContext } from '../bench.context';
import { runLoad } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { listeningPid, STACK_SERVERS, StackServer } from '../stack/infra';
import { processMemory, ProcessMemory } from '../stack/memory';
import { benchPorts } from '../bench.settings';
import { startHelper } from '../stack/helper-process';
import { SERVICES, ServiceName, serviceEnv, Stack, startStack, stopStack } from '../stack/services';
import { addToCartBodies, listCategories, newCartCookie, productsInStock } from './store-api';

export interface MemoryFigures {
  /** The traced stack (every span sampled and exported), which the goal is about. */
  idle: Record<ServiceName, ProcessMemory>;
  loaded: Record<ServiceName, ProcessMemory>;
  /** The untraced stack, loaded alike at the same time. */
  untraced: { idle: Record<ServiceName, ProcessMemory>; loaded: Record<ServiceName, ProcessMemory> };
  /** Requests sent through each stack's gateway between the two readings. */
  requests: number;
  /** The servers' memory when they run on this machine. */
  infra: Partial<Record<StackServer, ProcessMemory>>;
  /** The traced services and the servers (Jaeger too when it runs), after the requests, MB. */
  stackTotalMb: number;
}

export const SERVICE_RSS_GOAL_MB = 120;

/** Where the traced stack listens: past every port of the run's own (benchPorts spans 50). */
const TRACED_STACK_PORT_OFFSET = 60;

/**
 * Each service's resident memory at idle and after `memoryRequests` requests through the gateway,
 * so that every service serves some: 48 % product pages, 40 % add to cart (new carts), 10 % order
 * lists, 2 % category pages (few, because FerretDB scans the collection for each: see browse).
 * Measured with tracing on, as production runs (a second stack sampling every span and exporting
 * it over OTLP/HTTP to a receiver in its own process), beside the untraced stack: each share of the
 * mix goes to the untraced stack, then to the traced one.
 */
export async function memoryBenchmark(ctx: BenchContext): Promise<BenchmarkResult<MemoryFigures>> {
  const { stack, settings, ports } = ctx;
  const sink = await startHelper('otlp-sink', { PORT: `${ports.otlpSink}` });
  let traced: Stack | undefined;
  try {
    traced = await startStack(tracedStackEnv(ctx, `http://127.0.0.1:${ports.otlpSink}`));
    const stacks = [stack, traced];
    const idle = stacks.map(serviceMemory);
    const [category] = await listCategories(stack.gateway.url);
    const productIds = (await productsInStock(stack.gateway.url, 1)).map((product) => product.id);
    const nextBody = addToCartBodies(productIds);
    let nextProduct = 0;
    const mix = (gateway: string) => [
      { share: 0.48, load: { url: gateway, setupRequest: withPath(() => `/api/products/${productIds[nextProduct++ % productIds.length]}`) } },
      { share: 0.4, load: { url: `${gateway}/api/cart/items`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, setupRequest: (request: Request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() }, body: nextBody() }) } },
      { share: 0.1, load: { url: `${gateway}/api/orders`, setupRequest: (request: Request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() } }) } },
      { share: 0.02, load: { url: `${gateway}/api/products?category=${category.id}` }, connections: settings.scanConnections },
    ];
    const mixes = stacks.map((each) => mix(each.gateway.url));
    let requests = 0;
    for (const [i, { share }] of mixes[0].entries()) {
      const amount = Math.max(1, Math.round(settings.memoryRequests * share));
      for (const each of mixes) await runLoad(each[i].load, { connections: each[i].connections ?? settings.connections, amount });
      requests += amount;
    }
    const [untracedLoaded, loaded] = stacks.map(serviceMemory);
    const infra: MemoryFigures['infra'] = {};
    for (const server of STACK_SERVERS) {
      const pid = await listeningPid(server);
      if (pid) infra[server] = processMemory(pid);
    }
    const stackTotalMb = round([...Object.values(loaded), ...Object.values(infra)].reduce((total, memory) => total + memory.rssMb, 0), 4);
    const rows: ResultRow[] = [
      // The parser in deploy/src/support/measured-memory.ts sizes the containers from these rows' text.
      ...SERVICES.map((service) => ({
        benchmark: 'memory',
        figure: `${service} RSS MB, idle → after ${requests} requests`,
        bazaar: `${idle[1][service].rssMb} → ${loaded[service].rssMb}`,
        goal: `≤ ${SERVICE_RSS_GOAL_MB}, tracing on`,
        met: loaded[service].rssMb <= SERVICE_RSS_GOAL_MB,
      })),
      ...SERVICES.map((service) => ({ benchmark: 'memory', figure: `${service} own RSS MB (RssAnon: without the node binary's pages every Node process shares), tracing on, after ${requests} requests`, bazaar: loaded[service].anonMb })),
      ...SERVICES.map((service) => ({ benchmark: 'memory', figure: `${service} file-backed RSS MB (RssFile: the node binary's pages, counted in RSS, held once for every Node process), tracing on, after ${requests} requests`, bazaar: loaded[service].fileMb })),
      ...SERVICES.map((service) => ({ benchmark: 'memory', figure: `${service} RSS MB with tracing off, idle → after ${requests} requests`, bazaar: `${idle[0][service].rssMb} → ${untracedLoaded[service].rssMb}` })),
      ...Object.entries(infra).map(([server, memory]) => ({ benchmark: 'memory', figure: `${server} RSS MB`, bazaar: memory.rssMb })),
      { benchmark: 'memory', figure: `native stack total RSS MB (traced services + ${Object.keys(infra).join(', ') || 'no local servers'})`, bazaar: stackTotalMb },
    ];
    return { name: 'memory', figures: { idle: idle[1], loaded, untraced: { idle: idle[0], loaded: untracedLoaded }, requests, infra, stackTotalMb }, rows };
  } finally {
    await Promise.all([traced && stopStack(traced), sink.stop()]);
  }
}

/**
 * The run's environment with tracing on, every span sampled and exported, on ports of its own; it
 * shares the run's databases but has its own topics, so neither stack takes the other's events.
 */
function tracedStackEnv({ ports, scope }: BenchContext, otlpEndpoint: string): Record<ServiceName, Record<string, string>> {
  const env = serviceEnv(benchPorts(ports.gateway.http + TRACED_STACK_PORT_OFFSET), { ...scope, topicPrefix: `${scope.topicPrefix}traced-stack.` });
  const tracing = { TRACING_ENABLED: 'true', OTEL_TRACES_SAMPLER: 'always_on', OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint };
  for (const service of SERVICES) Object.assign(env[service], tracing);
  return env;
}

const withPath = (path: () => string) => (request: Request) => ({ ...request, path: path() });

export function serviceMemory(stack: Stack): Record<ServiceName, ProcessMemory> {
  return Object.fromEntries(SERVICES.map((service) => [service, processMemory(stack[service].pid)])) as Record<ServiceName, ProcessMemory>;
}
