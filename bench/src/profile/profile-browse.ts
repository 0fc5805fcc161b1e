import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchSession } from '../bench.session';
import { BenchSettings } from '../bench.settings';
import { addToNewCarts } from '../benchmarks/add-to-cart.bench';
import { listCategories, productsInStock } from '../benchmarks/store-api';
import { HttpLoad, runLoad } from '../load/http-load';
import { benchTmp } from '../stack/node-process';
import { Stack } from '../stack/services';
import { CpuProfile, inclusiveShares, ProfileWindow, SelfTime, selfTimes } from './cpu-profile';

/** The platform's costs per request named in issue #16, matched on any frame of a sample's stack. */
const PLATFORM_COSTS: Record<string, RegExp> = {
  'request log (pino-http, pino, redaction, its write)': /node_modules\/(pino-http|pino|@pinojs\/redact|sonic-boom|pino-std-serializers)\//,
  'rate limit (throttler guard, its Redis call)': /node_modules\/(@nestjs\/throttler|@nest-lab\/throttler-storage-redis)\//,
  'validation (class-validator, class-transformer)': /node_modules\/(class-validator|class-transformer)\//,
  'validation (zod)': /node_modules\/zod\//,
  'TCP hop framing (Nest json-socket / tcp client & server)': /@nestjs\/microservices\/(helpers|client|server)\//,
  'cookies': /node_modules\/@fastify\/cookie\//,
  'ioredis (all commands)': /node_modules\/ioredis\//,
  'garbage collector': /^\(garbage collector\) /,
};

interface Workload {
  connections: (settings: BenchSettings) => number;
  load: (stack: Stack) => Promise<HttpLoad>;
  /** The services profiled: the gateway and the one it calls. */
  services: readonly ('gateway' | 'catalog' | 'cart')[];
}

const get = (stack: Stack, path: string): HttpLoad => ({ url: `${stack.gateway.url}${path}` });

/**
 * The two browse requests of the browse benchmark: a category page (FerretDB scans) and a product
 * page (a lookup by _id); and the add-to-cart benchmark's request (`--profile=add-to-cart`).
 */
const WORKLOADS: Record<string, Workload> = {
  'category-page': {
    connections: (settings) => settings.scanConnections,
    load: async (stack) => get(stack, `/api/products?category=${(await listCategories(stack.gateway.url))[0].id}`),
    services: ['gateway', 'catalog'],
  },
  'product-page': {
    connections: (settings) => settings.connections,
    load: async (stack) => {
      const [category] = await listCategories(stack.gateway.url);
      const page = (await (await fetch(`${stack.gateway.url}/api/products?category=${category.id}`)).json()) as { items: { id: string }[] };
      return get(stack, `/api/products/${page.items[0].id}`);
    },
    services: ['gateway', 'catalog'],
  },
  'add-to-cart': {
    connections: (settings) => settings.connections,
    load: async (stack) => addToNewCarts(`${stack.gateway.url}/api/cart/items`, (await productsInStock(stack.gateway.url, 1)).map((product) => product.id)),
    services: ['gateway', 'cart'],
  },
};

export const PROFILED_BY_DEFAULT = ['category-page', 'product-page'];
export const PROFILE_WORKLOADS = Object.keys(WORKLOADS);

/**
 * For each browse request: runs its load against gateway and catalog started with `--cpu-prof`,
 * then prints where their CPU time went, by package and by function (self time). The .cpuprofile
 * files open in Chrome DevTools or speedscope as flame graphs.
 */
export async function profileBrowse(settings: BenchSettings, workloads: readonly string[] = PROFILED_BY_DEFAULT): Promise<void> {
  const unknown = workloads.find((name) => !(name in WORKLOADS));
  if (unknown) throw new Error(`no profile workload "${unknown}"; there are: ${PROFILE_WORKLOADS.join(', ')}`);
  const root = join(benchTmp, 'profiles');
  rmSync(root, { recursive: true, force: true });
  const summary: Record<string, Record<string, unknown>> = {};
  const windows: Record<string, ProfileWindow> = {};
  for (const workload of workloads) {
    const { connections, load: loadFor, services } = WORKLOADS[workload];
    const dir = join(root, workload);
    const profiled = (service: string) => ['--cpu-prof', `--cpu-prof-dir=${join(dir, service)}`];
    const session = new BenchSession(settings, Object.fromEntries(services.map((service) => [service, profiled(service)])));
    try {
      await session.open();
      const stack = await session.stack();
      const load = await loadFor(stack);
      const seconds = settings.durationSeconds * 2;
      const loadStarted = performance.now();
      const figures = await runLoad(load, { connections: connections(settings), durationSeconds: seconds });
      const loadEnded = performance.now();
      // Only the load counts: boot and shutdown are in the profiles too.
      for (const service of services) windows[service] = { fromMs: loadStarted - stack[service].spawnedAt, toMs: loadEnded - stack[service].spawnedAt };
      console.log(`\n${workload} (${load.method ?? 'GET'} ${load.url}) under --cpu-prof: ${Math.round(figures.requestsPerSecond)} requests/s for ${seconds} s`);
    } finally {
      // Each profile is written when its process exits.
      await session.close();
    }
    summary[workload] = {};
    for (const service of services) {
      const [file] = readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error(`${service} wrote no profile in ${join(dir, service)}`);
      const profile = JSON.parse(readFileSync(join(dir, service, file), 'utf8')) as CpuProfile;
      const byOwner = selfTimes(profile, 'owner', 15, windows[service]);
      const byFrame = selfTimes(profile, 'frame', 25, windows[service]);
      const costs = inclusiveShares(profile, PLATFORM_COSTS, windows[service]);
      summary[workload][service] = { file: join(dir, service, file), busyPercent: byOwner.busyPercent, byOwner: byOwner.top, byFrame: byFrame.top, inclusive: costs };
      const list = (times: SelfTime[]) => times.map(({ name, percent }) => `  ${String(percent).padStart(5)} %  ${name}`).join('\n');
      const inclusive = Object.entries(costs).map(([name, percent]) => ({ name, ms: 0, percent }));
      console.log(`${service}: busy ${byOwner.busyPercent} % of the load; of that time, self time by package\n${list(byOwner.top)}\n${service}: top functions (self time)\n${list(byFrame.top)}\n${service}: platform costs, inclusive\n${list(inclusive)}`);
    }
  }
  writeFileSync(join(root, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nProfiles and summary.json in ${root}`);
}
