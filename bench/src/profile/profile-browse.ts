import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchSession } from '../bench.session';
import { BenchSettings } from '../bench.settings';
import { listCategories } from '../benchmarks/store-api';
import { runLoad } from '../load/http-load';
import { benchTmp } from '../stack/node-process';
import { CpuProfile, selfTimes } from './cpu-profile';

/**
 * Runs the browse load against gateway and catalog started with `--cpu-prof`, then prints where
 * their CPU time went: by package and by function (self time). The .cpuprofile files open in
 * Chrome DevTools or speedscope for flame graphs.
 */
export async function profileBrowse(settings: BenchSettings): Promise<void> {
  const dir = join(benchTmp, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  const profiled = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
  const session = new BenchSession(settings, { gateway: profiled('gateway'), catalog: profiled('catalog') });
  try {
    await session.open();
    const stack = await session.stack();
    const [category] = await listCategories(stack.gateway.url);
    const seconds = settings.durationSeconds * 2;
    const figures = await runLoad({ url: `${stack.gateway.url}/api/products?category=${category.id}` }, { connections: settings.connections, durationSeconds: seconds });
    console.log(`browse under --cpu-prof: ${figures.requestsPerSecond} requests/s for ${seconds} s`);
  } finally {
    // Each profile is written when its process exits.
    await session.close();
  }
  const summary: Record<string, unknown> = {};
  for (const service of ['gateway', 'catalog']) {
    const [file] = readdirSync(join(dir, service)).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`${service} wrote no profile in ${join(dir, service)}`);
    const profile = JSON.parse(readFileSync(join(dir, service, file), 'utf8')) as CpuProfile;
    const byOwner = selfTimes(profile, 'owner', 15);
    const byFrame = selfTimes(profile, 'frame', 25);
    summary[service] = { file: join(dir, service, file), byOwner, byFrame };
    console.log(`\n${service}: self time by package\n${byOwner.map(({ name, percent }) => `  ${String(percent).padStart(5)} %  ${name}`).join('\n')}`);
    console.log(`${service}: top functions (self time)\n${byFrame.map(({ name, percent }) => `  ${String(percent).padStart(5)} %  ${name}`).join('\n')}`);
  }
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nProfiles and summary.json in ${dir}`);
}
