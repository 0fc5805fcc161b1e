import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchSession } from '../bench.session';
import { BenchSettings } from '../bench.settings';
import { listCategories } from '../benchmarks/store-api';
import { runLoad } from '../load/http-load';
import { benchTmp } from '../stack/node-process';
import { Stack } from '../stack/services';
import { CpuProfile, ProfileWindow, SelfTime, selfTimes } from './cpu-profile';

/** The two browse requests of the browse benchmark: a category page (FerretDB scans) and a product page (a lookup by _id). */
const WORKLOADS = {
  'category-page': {
    connections: (settings: BenchSettings) => settings.scanConnections,
    path: async (stack: Stack) => `/api/products?category=${(await listCategories(stack.gateway.url))[0].id}`,
  },
  'product-page': {
    connections: (settings: BenchSettings) => settings.connections,
    path: async (stack: Stack) => {
      const [category] = await listCategories(stack.gateway.url);
      const page = (await (await fetch(`${stack.gateway.url}/api/products?category=${category.id}`)).json()) as { items: { id: string }[] };
      return `/api/products/${page.items[0].id}`;
    },
  },
};

/**
 * For each browse request: runs its load against gateway and catalog started with `--cpu-prof`,
 * then prints where their CPU time went, by package and by function (self time). The .cpuprofile
 * files open in Chrome DevTools or speedscope as flame graphs.
 */
export async function profileBrowse(settings: BenchSettings): Promise<void> {
  const root = join(benchTmp, 'profiles');
  rmSync(root, { recursive: true, force: true });
  const summary: Record<string, Record<string, unknown>> = {};
  const windows: Record<string, ProfileWindow> = {};
  for (const [workload, { connections, path: pathFor }] of Object.entries(WORKLOADS)) {
    const dir = join(root, workload);
    const profiled = (service: string) => ['--cpu-prof', `--cpu-prof-dir=${join(dir, service)}`];
    const session = new BenchSession(settings, { gateway: profiled('gateway'), catalog: profiled('catalog') });
    try {
      await session.open();
      const stack = await session.stack();
      const path = await pathFor(stack);
      const seconds = settings.durationSeconds * 2;
      const loadStarted = performance.now();
      const figures = await runLoad({ url: `${stack.gateway.url}${path}` }, { connections: connections(settings), durationSeconds: seconds });
      const loadEnded = performance.now();
      // Only the load counts: boot and shutdown are in the profiles too.
      for (const service of ['gateway', 'catalog'] as const) windows[service] = { fromMs: loadStarted - stack[service].spawnedAt, toMs: loadEnded - stack[service].spawnedAt };
      console.log(`\n${workload} (GET ${path}) under --cpu-prof: ${Math.round(figures.requestsPerSecond)} requests/s for ${seconds} s`);
    } finally {
      // Each profile is written when its process exits.
      await session.close();
    }
    summary[workload] = {};
    for (const service of ['gateway', 'catalog'] as const) {
      const [file] = readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error(`${service} wrote no profile in ${join(dir, service)}`);
      const profile = JSON.parse(readFileSync(join(dir, service, file), 'utf8')) as CpuProfile;
      const byOwner = selfTimes(profile, 'owner', 15, windows[service]);
      const byFrame = selfTimes(profile, 'frame', 25, windows[service]);
      summary[workload][service] = { file: join(dir, service, file), busyPercent: byOwner.busyPercent, byOwner: byOwner.top, byFrame: byFrame.top };
      const list = (times: SelfTime[]) => times.map(({ name, percent }) => `  ${String(percent).padStart(5)} %  ${name}`).join('\n');
      console.log(`${service}: busy ${byOwner.busyPercent} % of the load; of that time, self time by package\n${list(byOwner.top)}\n${service}: top functions (self time)\n${list(byFrame.top)}`);
    }
  }
  writeFileSync(join(root, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nProfiles and summary.json in ${root}`);
}
