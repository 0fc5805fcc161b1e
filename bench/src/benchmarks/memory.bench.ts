import type { Request } from 'autocannon';
import { BenchContext } from '../bench.context';
import { runLoad } from '../load/http-load';
import { round } from '../load/stats';
import { BenchmarkResult, ResultRow } from '../report/result-row';
import { listeningPid, STACK_SERVERS, StackServer } from '../stack/infra';
import { processMemory, ProcessMemory } from '../stack/memory';
import { SERVICES, ServiceName } from '../stack/services';
import { addToCartBodies, listCategories, newCartCookie, productsInStock } from './store-api';

export interface MemoryFigures {
  idle: Record<ServiceName, ProcessMemory>;
  loaded: Record<ServiceName, ProcessMemory>;
  /** Requests sent through the gateway between the two readings. */
  requests: number;
  /** The servers' memory when they run on this machine. */
  infra: Partial<Record<StackServer, ProcessMemory>>;
  /** The services and the servers (Jaeger too when it runs), after the requests, MB. */
  stackTotalMb: number;
}

export const SERVICE_RSS_GOAL_MB = 120;

/**
 * Each service's resident memory at idle and after `memoryRequests` requests through the gateway,
 * so that every service serves some: 48 % product pages, 40 % add to cart (new carts), 10 % order
 * lists, 2 % category pages (few, because FerretDB scans the collection for each: see browse).
 */
export async function memoryBenchmark(ctx: BenchContext): Promise<BenchmarkResult<MemoryFigures>> {
  const { stack, settings } = ctx;
  const idle = serviceMemory(ctx);
  const api = `${stack.gateway.url}/api`;
  const [category] = await listCategories(stack.gateway.url);
  const productIds = (await productsInStock(stack.gateway.url, 1)).map((product) => product.id);
  const nextBody = addToCartBodies(productIds);
  let nextProduct = 0;
  const mix = [
    { share: 0.48, load: { url: stack.gateway.url, setupRequest: withPath(() => `/api/products/${productIds[nextProduct++ % productIds.length]}`) } },
    { share: 0.4, load: { url: `${api}/cart/items`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, setupRequest: (request: Request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() }, body: nextBody() }) } },
    { share: 0.1, load: { url: `${api}/orders`, setupRequest: (request: Request) => ({ ...request, headers: { ...request.headers, cookie: newCartCookie() } }) } },
    { share: 0.02, load: { url: `${api}/products?category=${category.id}` }, connections: settings.scanConnections },
  ];
  let requests = 0;
  for (const { share, load, connections = settings.connections } of mix) {
    const amount = Math.max(1, Math.round(settings.memoryRequests * share));
    await runLoad(load, { connections, amount });
    requests += amount;
  }
  const loaded = serviceMemory(ctx);
  const infra: MemoryFigures['infra'] = {};
  for (const server of STACK_SERVERS) {
    const pid = await listeningPid(server);
    if (pid) infra[server] = processMemory(pid);
  }
  const stackTotalMb = round([...Object.values(loaded), ...Object.values(infra)].reduce((total, memory) => total + memory.rssMb, 0), 4);
  const rows: ResultRow[] = SERVICES.map((service) => ({
    benchmark: 'memory',
    figure: `${service} RSS MB, idle → after ${requests} requests`,
    bazaar: `${idle[service].rssMb} → ${loaded[service].rssMb}`,
    goal: `≤ ${SERVICE_RSS_GOAL_MB}`,
    met: loaded[service].rssMb <= SERVICE_RSS_GOAL_MB,
  }));
  rows.push(
    ...Object.entries(infra).map(([server, memory]) => ({ benchmark: 'memory', figure: `${server} RSS MB`, bazaar: memory.rssMb })),
    { benchmark: 'memory', figure: `native stack total RSS MB (services + ${Object.keys(infra).join(', ') || 'no local servers'})`, bazaar: stackTotalMb },
  );
  return { name: 'memory', figures: { idle, loaded, requests, infra, stackTotalMb }, rows };
}

const withPath = (path: () => string) => (request: Request) => ({ ...request, path: path() });

export function serviceMemory({ stack }: BenchContext): Record<ServiceName, ProcessMemory> {
  return Object.fromEntries(SERVICES.map((service) => [service, processMemory(stack[service].pid)])) as Record<ServiceName, ProcessMemory>;
}
