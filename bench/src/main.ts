import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { settingsFor } from './bench.settings';
import { BENCHMARKS, BenchSession } from './bench.session';
import { machineInfo, versions } from './report/machine';
import { BenchmarkResult, formatMarkdown, formatTable } from './report/result-row';
import { workspaceRoot } from './stack/node-process';
import { profileBrowse } from './profile/profile-browse';

const usage = `usage: node dist/bench/main.js [--smoke] [--only=<benchmark>,...] [--out=<file>] | --profile
  (default)  the full benchmark; writes bench/results/latest.json
  --smoke    a few seconds per benchmark, only proving each runs; writes tmp/bench/smoke.json
  --only     some of: ${BENCHMARKS.join(', ')} (spaces may be written as -)
  --profile  CPU profiles of gateway and catalog under browse load (tmp/bench/profiles)`;

async function main(args: string[]): Promise<void> {
  const flag = (name: string) => args.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))?.split('=')[1] ?? (args.includes(`--${name}`) ? '' : undefined);
  if (flag('help') !== undefined) return void console.log(usage);
  const unknown = args.filter((arg) => !/^--(smoke|profile|only|out)(=|$)/.test(arg));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}\n${usage}`);
  const settings = settingsFor(flag('smoke') !== undefined ? 'smoke' : 'full');
  if (flag('profile') !== undefined) return profileBrowse(settings);

  // "add-to-cart" and "add to cart" both name the benchmark: spaces are awkward on a command line.
  const key = (name: string) => name.trim().replace(/[\s-]+/g, '');
  const only = flag('only')?.split(',');
  const unknownBenchmark = only?.find((name) => !BENCHMARKS.some((benchmark) => key(benchmark) === key(name)));
  if (unknownBenchmark) throw new Error(`no benchmark "${unknownBenchmark}"; there are: ${BENCHMARKS.join(', ')}`);
  const selected = BENCHMARKS.filter((name) => !only || only.some((wanted) => key(wanted) === key(name)));
  const out = resolve(flag('out') ?? join(workspaceRoot, settings.mode === 'full' && !only ? 'bench/results/latest.json' : `tmp/bench/${settings.mode}.json`));

  const machine = machineInfo();
  const session = new BenchSession(settings);
  const results: BenchmarkResult[] = [];
  try {
    await session.open();
    for (const name of selected) {
      const started = Date.now();
      console.log(`▶ ${name}`);
      const result = await session.run(name);
      results.push(result);
      console.log(`${formatTable(result.rows)}\n  (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
  } finally {
    await session.close();
  }

  const rows = results.flatMap((result) => result.rows);
  const report = {
    date: new Date().toISOString(),
    mode: settings.mode,
    machine,
    versions: await versions(session.infra),
    settings,
    benchmarks: Object.fromEntries(results.map((result) => [result.name, result.figures])),
    table: rows,
    goals: rows.filter((row) => row.goal).map(({ benchmark, figure, goal, met }) => ({ benchmark, figure, goal, met })),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${formatTable(rows)}\n\nMarkdown:\n${formatMarkdown(rows)}\n\nWritten to ${out}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
