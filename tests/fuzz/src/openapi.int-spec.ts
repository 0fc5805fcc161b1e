import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portsFrom, requireServer, RunningService, startAllServices, stopAllServices, workspaceRoot } from '@bazaar/shared/testing';

/** Its own ports, away from tests/e2e (13000-14003), tests/browser (15000-16003), bench (17000-17050) and the defaults. */
const FUZZ_PORTS = portsFrom(19000);
/** Cases per operation: enough for every phase (examples, coverage, fuzzing) on the 2-core machine. */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 40);
const outDir = join(workspaceRoot, 'tmp/fuzz');
/** The admin API is fuzzed with its token, like every other operation with the shopper's cookie. */
const ADMIN_TOKEN = `fuzz-admin-token-${process.pid}-${Date.now().toString(36)}`;

describe('the gateway against its own OpenAPI document (schemathesis)', () => {
  let running: Record<string, RunningService>;
  let st: string;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    st = execFileSync('bash', [join(workspaceRoot, 'tests/fuzz/ensure-schemathesis.sh')], { encoding: 'utf8', timeout: 300_000 }).trim();
    running = await startAllServices({ ADMIN_TOKEN }, FUZZ_PORTS);
  }, 400_000);
  afterAll(() => running && stopAllServices(running));

  it('answers every operation as documented: no 5xx, documented statuses and schemas, the one error shape', async () => {
    const gateway = running.gateway.url;
    // One shopper's signed cart cookie, sent with every generated request.
    const cookie = (await fetch(`${gateway}/api/cart`)).headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^bazaar_cart=/);
    // ... with a product in its cart, so that checkout gets past CART_EMPTY to the order service.
    const [category] = (await (await fetch(`${gateway}/api/categories`)).json()) as { id: string }[];
    const { items } = (await (await fetch(`${gateway}/api/products?category=${category.id}&limit=5`)).json()) as { items: { id: string; stock: number }[] };
    const inStock = items.find((product) => product.stock > 0);
    const added = await fetch(`${gateway}/api/cart/items`, {
      method: 'POST',
      headers: { cookie: cookie as string, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: inStock?.id, quantity: 1 }),
    });
    expect(added.status).toBe(201);

    mkdirSync(outDir, { recursive: true });
    const report = join(outDir, 'report.json');
    const { code, output } = await run(st, [
      '--config-file',
      join(workspaceRoot, 'tests/fuzz/schemathesis.toml'),
      'run',
      `${gateway}/docs/openapi.json`,
      '--url',
      gateway,
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      process.env.FUZZ_SEED ?? '1',
      '--header',
      `Cookie: ${cookie}`,
      '--header',
      `Authorization: Bearer ${ADMIN_TOKEN}`,
      '--request-timeout',
      '10',
      '--no-color',
      '--report',
      'json',
      '--report-json-path',
      report,
    ]);
    writeFileSync(join(outDir, 'schemathesis.log'), output);
    const summary = summaryOf(readFileSync(report, 'utf8'));
    process.stdout.write(`\nfuzz: ${summary.operations} operations, ${summary.cases} cases, ${summary.failures} failures\n`);
    if (code !== 0 || summary.failures > 0) process.stdout.write(`${output.slice(-20_000)}\n`);
    expect({ code, failures: summary.failures }).toEqual({ code: 0, failures: 0 });
    expect(summary.operations).toBeGreaterThanOrEqual(12);
  }, 400_000);
});

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // In tmp/fuzz: schemathesis keeps its cache (.schemathesis) in the working directory. The hooks give a
    // checkout's card number its check digit, so a schema-valid checkout carries a valid card (checkout_hooks.py).
    const env = { ...process.env, SCHEMATHESIS_HOOKS: join(workspaceRoot, 'tests/fuzz/checkout_hooks.py') };
    const child = spawn(command, args, { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 360_000 });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The run's totals from schemathesis's JSON report: operations tested, cases generated, failures and errors found. */
function summaryOf(json: string): { operations: number; cases: number; failures: number } {
  const report = JSON.parse(json) as { operations: { tested: number }; test_cases: { generated: number }; failures: { count: number }[]; errors: unknown[] };
  const failures = report.failures.reduce((sum, failure) => sum + failure.count, 0) + report.errors.length;
  return { operations: report.operations.tested, cases: report.test_cases.generated, failures };
}
