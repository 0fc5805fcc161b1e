import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BenchSettings, settingsFor } from './bench.settings';
import { gatewayAbBenchmark, GatewayAbFigures, gatewayAloneAbBenchmark } from './benchmarks/gateway-ab.bench';
import { BENCHMARKS, BenchSession } from './bench.session';
import { COLD_START_RESULTS, coldStartRow, parseColdStart } from './report/cold-start';
import { loadAverage, machineInfo, versions } from './report/machine';
import { BenchmarkResult, formatTable } from './report/result-row';
import { readResults, writeResultsDoc } from './report/results-doc';
import { judged } from './report/verdict';
import { workspaceRoot } from './stack/node-process';
import { PROFILE_WORKLOADS, profileBrowse } from './profile/profile-browse';

const usage = `usage: node dist/bench/main.js [--smoke] [--only=<benchmark>,...] [--out=<file>] [--before=<file>] | --write-doc-from=<file> [--before=<file>] | --profile
  (default)  the full benchmark; writes bench/results/latest.json and the results table of docs/performance.md
  --smoke    a few seconds per benchmark, only proving each runs; writes tmp/bench/smoke.json
  --only     some of: ${BENCHMARKS.join(', ')} (spaces may be written as -); writes tmp/bench/full.json only
  --before   the results file shown as "before" in docs/performance.md (default ${settingsFor('full', {}).beforeResults})
  --write-doc-from  runs nothing: rewrites the results table of docs/performance.md from a results file
  --ab-gateway=<dir>  runs nothing else: add to cart and the product page through this build's gateway against one started from <dir> (a copy of dist/apps/gateway made before a change), alternated; writes tmp/bench/ab.json
  --ab-gateway-alone=<dir>  the same with a stand-in for every service behind both gateways, answering at once (no stack, no database): the gateway's own CPU per request; writes tmp/bench/ab.json
  --profile  CPU profiles of gateway and catalog under browse load (tmp/bench/profiles);
             --profile=add-to-cart profiles gateway and cart under the add-to-cart load (some of: ${PROFILE_WORKLOADS.join(', ')})
  --record-cold-start=<log>  runs nothing: records the cold first npm run stack timed by tools/scripts/cold-stack.sh
             into ${COLD_START_RESULTS} (or --out), which the start-up benchmark's table shows`;

const performanceDoc = join(workspaceRoot, 'docs/performance.md');

async function main(args: string[]): Promise<void> {
  const flag = (name: string) => args.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))?.split('=')[1] ?? (args.includes(`--${name}`) ? '' : undefined);
  if (flag('help') !== undefined) return void console.log(usage);
  const unknown = args.filter((arg) => !/^--(smoke|profile|only|out|before|write-doc-from|record-cold-start|ab-gateway|ab-gateway-alone)(=|$)/.test(arg));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}\n${usage}`);
  const settings = settingsFor(flag('smoke') !== undefined ? 'smoke' : 'full');
  const profile = flag('profile');
  if (profile !== undefined) return profileBrowse(settings, profile ? profile.split(',') : undefined);
  const inRepository = (file: string) => resolve(workspaceRoot, file);
  const abGateway = flag('ab-gateway');
  if (abGateway !== undefined) return runGatewayAb(settings, (session) => session.runWith((ctx) => gatewayAbBenchmark(ctx, inRepository(abGateway))));
  const abGatewayAlone = flag('ab-gateway-alone');
  if (abGatewayAlone !== undefined) return runGatewayAb(settings, (session) => session.runAlone((ctx) => gatewayAloneAbBenchmark(ctx, inRepository(abGatewayAlone))));
  const beforeFile = inRepository(flag('before') || settings.beforeResults);
  const coldLog = flag('record-cold-start');
  if (coldLog !== undefined) {
    if (!coldLog) throw new Error(`--record-cold-start needs the log of tools/scripts/cold-stack.sh\n${usage}`);
    const record = parseColdStart(readFileSync(resolve(coldLog), 'utf8'));
    const coldOut = inRepository(flag('out') || COLD_START_RESULTS);
    writeFileSync(coldOut, `${JSON.stringify(record, null, 2)}\n`);
    return void console.log(`${formatTable([coldStartRow(record)])}\n\nWritten to ${coldOut}`);
  }
  const docFrom = flag('write-doc-from');
  if (docFrom !== undefined) {
    if (!docFrom) throw new Error(`--write-doc-from needs a results file\n${usage}`);
    writeResultsDoc(performanceDoc, readResults(inRepository(docFrom), workspaceRoot), readResults(beforeFile, workspaceRoot));
    return void console.log(`Results table of ${performanceDoc} written from ${docFrom} (before: ${beforeFile})`);
  }

  // "add-to-cart" and "add to cart" both name the benchmark: spaces are awkward on a command line.
  const key = (name: string) => name.trim().replace(/[\s-]+/g, '');
  const only = flag('only')?.split(',');
  const unknownBenchmark = only?.find((name) => !BENCHMARKS.some((benchmark) => key(benchmark) === key(name)));
  if (unknownBenchmark) throw new Error(`no benchmark "${unknownBenchmark}"; there are: ${BENCHMARKS.join(', ')}`);
  const selected = BENCHMARKS.filter((name) => !only || only.some((wanted) => key(wanted) === key(name)));
  const complete = settings.mode === 'full' && !only;
  const out = resolve(flag('out') ?? join(workspaceRoot, complete ? 'bench/results/latest.json' : `tmp/bench/${settings.mode}.json`));
  // Read before the run: a wrong --before must not cost a full run.
  const before = complete ? readResults(beforeFile, workspaceRoot) : undefined;

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

  const rows = results.flatMap((result) => result.rows).map(judged);
  const report = {
    date: new Date().toISOString(),
    mode: settings.mode,
    ...(only && { only: selected }),
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    versions: await versions(session.infra),
    settings,
    benchmarks: Object.fromEntries(results.map((result) => [result.name, result.figures])),
    table: rows,
    goals: rows.filter((row) => row.goal).map(({ benchmark, figure, goal, met, spreadPercent, verdict }) => ({ benchmark, figure, goal, met, spreadPercent, verdict })),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${formatTable(rows)}\n\nWritten to ${out}`);
  if (before) {
    writeResultsDoc(performanceDoc, readResults(out, workspaceRoot), before);
    console.log(`Results table of ${performanceDoc} rewritten (before: ${before.file})`);
  }
}

async function runGatewayAb(settings: BenchSettings, measure: (session: BenchSession) => Promise<BenchmarkResult<GatewayAbFigures>>): Promise<void> {
  const session = new BenchSession(settings);
  try {
    await session.open();
    const result = await measure(session);
    const out = join(workspaceRoot, 'tmp/bench/ab.json');
    const rows = result.rows.map(judged);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: { ...machineInfo(), loadAverageAtEnd: loadAverage() }, settings, figures: result.figures, table: rows }, null, 2)}\n`);
    console.log(`${formatTable(rows)}\n\nWritten to ${out}`);
  } finally {
    await session.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
