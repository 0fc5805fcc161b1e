import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';

// Generates a service in a scratch copy of this workspace (the files git knows, committed or not,
// and node_modules hard-linked) and proves the output is a working service as it comes out of the
// generator: Nx builds, lints (module boundaries included), unit-tests and integration-tests it,
// and the generated end-to-end suite starts the build against the real servers.

/**
 * A service no workspace has (payments may exist by now), with a hyphen in its name (file names,
 * projects and images keep it; identifiers and variables cannot); it publishes an event of its own,
 * so the event generator runs too.
 */
const SERVICE = 'gift-cards';
const GENERATE = ['--db=mongo', '--consumes=StockReserved', '--publishes=GiftCardIssued'];

/** The generated projects, and those whose files the generator extended: contracts; e2e (no test or build target). */
const PROJECTS = [SERVICE, `${SERVICE}-domain`, `${SERVICE}-data-access`, `${SERVICE}-feature`, 'contracts', 'e2e'];

/**
 * The deploy checks render compose and the Helm chart with the new service. Not the demo's memory
 * budget (3 GiB for the whole compose demo): whether one more service fits depends on how many the
 * workspace already has, and raising the budget is the fork's decision.
 */
const DEPLOY_CHECKS_BUT_BUDGET = '^(?!.*fits in 3 GiB)';

interface Run {
  status: number | null;
  output: string;
}

/** Runs a command in the scratch workspace as a fresh shell would: none of this Nx/Jest run's variables. */
function run(cwd: string, args: string[], timeoutMs: number, input?: string): Run {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && !key.startsWith('JEST_')));
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: timeoutMs,
    input,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
}

function succeed(cwd: string, args: string[], timeoutMs: number): string {
  const { status, output } = run(cwd, args, timeoutMs);
  if (status !== 0) throw new Error(`${args.slice(1).join(' ')} exited with ${status} in ${cwd}:\n${output.slice(-6000)}`);
  return output;
}

/** The workspace as a clone would have it plus uncommitted files, with node_modules hard-linked (seconds, no extra space). */
function scratchCopy(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'bazaar-generator-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((file) => file.length > 0 && existsSync(join(workspaceRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    copyFileSync(join(workspaceRoot, file), join(scratch, file));
  }
  execFileSync('cp', ['-al', join(workspaceRoot, 'node_modules'), join(scratch, 'node_modules')]);
  return scratch;
}

describe('nx g @bazaar/tools:service in a scratch copy of the workspace', () => {
  let scratch: string;
  const nx = (cwd: string) => join(cwd, 'node_modules/nx/dist/bin/nx.js');
  const timings: Record<string, number> = {};
  const timed = <T>(step: string, work: () => T): T => {
    const started = Date.now();
    try {
      return work();
    } finally {
      timings[step] = Date.now() - started;
    }
  };

  beforeAll(() => {
    scratch = timed('copy', scratchCopy);
    timed('generate', () =>
      succeed(scratch, [nx(scratch), 'g', '@bazaar/tools:service', SERVICE, ...GENERATE], 120_000),
    );
  }, 180_000);

  afterAll(() => {
    process.stdout.write(`service generator integration, ms per step: ${JSON.stringify(timings)}\n`);
    if (scratch && !process.env['KEEP_GENERATOR_SCRATCH']) rmSync(scratch, { recursive: true, force: true });
  });

  it('lints, typechecks, unit-tests and builds the generated projects and those it extended', () => {
    const output = timed('lint typecheck test build', () =>
      succeed(scratch, [nx(scratch), 'run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', ...PROJECTS, '--parallel=2', '--outputStyle=static'], 600_000),
    );
    expect(output).toContain(`Successfully ran targets lint, typecheck, test, build for ${PROJECTS.length} projects`);
    expect(existsSync(join(scratch, `dist/apps/${SERVICE}/main.js`))).toBe(true);
    expect(existsSync(join(scratch, `dist/apps/${SERVICE}/instrumentation.js`))).toBe(true);
  }, 600_000);

  it('passes the deploy checks with the new service in compose and the Helm chart', () => {
    const output = timed('deploy checks', () =>
      succeed(scratch, [join(scratch, 'node_modules/jest/bin/jest.js'), '-c', 'deploy/jest.config.cjs', '--testNamePattern', DEPLOY_CHECKS_BUT_BUDGET], 600_000),
    );
    expect(output).toMatch(/Tests: +1 skipped, \d+ passed/);
  }, 600_000);

  it("enforces the new scope's module boundaries: a generated lib importing cart's lib is an error", () => {
    const probe = `libs/${SERVICE}/feature/src/probe.ts`;
    const code = "import { orderedQuantities } from '@bazaar/cart/domain';\nexport const probe = orderedQuantities;\n";
    const { status, output } = timed('boundary probe', () => run(scratch, [join(scratch, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', probe], 120_000, code));
    expect(status).toBe(1);
    expect(output).toContain(`A project tagged with "scope:${SERVICE}" can only depend on libs tagged with "scope:${SERVICE}", "scope:shared"`);
  }, 120_000);

  it('passes the generated integration test (the feature against real MongoDB) and end-to-end suite (the built service against the real servers)', () => {
    const output = timed('integration e2e', () => {
      const integration = succeed(scratch, [nx(scratch), 'run', `${SERVICE}-feature:integration`, '--outputStyle=static'], 300_000);
      const e2e = succeed(scratch, [join(scratch, 'node_modules/jest/bin/jest.js'), '-c', 'tests/e2e/jest.config.cjs', `tests/e2e/src/${SERVICE}.int-spec.ts`, '--runInBand'], 300_000);
      return `${integration}\n${e2e}`;
    });
    expect(output).toContain(`Successfully ran target integration for project ${SERVICE}-feature`);
    expect(output).toMatch(/Tests: +2 passed, 2 total/);
  }, 600_000);
});
