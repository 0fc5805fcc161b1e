import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { requireServer } from '@bazaar/shared/testing';
import { Stack, startStack, workspaceRoot } from './support/stack';

// The load generator as built, a few seconds against the real stack: every request answered.
describe('the load generator', () => {
  let stack: Stack;

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    stack = await startStack('load-generator');
  }, 120000);
  afterAll(() => stack?.stop());

  it('runs a realistic mix for a few seconds with zero errors, printing summaries', async () => {
    const { code, output } = await run({ GATEWAY_URL: stack.gatewayUrl, RATE: '10', DURATION: '6', CONCURRENCY: '6', REPORT_EVERY: '2' });
    const lines = output.split('\n');
    // Matching the whole output shows it when the run fails.
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringMatching(/\[load\] done after [\d.]+s: \d+ requests, [\d.]+ req\/s {2}errors 0 {2}conflicts \d+ {2}p50 \d+ ms {2}p99 \d+ ms/),
    });
    expect(
      lines.filter((line) => /^\[load\]\s+\d+s\s+[\d.]+ req\/s {2}errors \d+ {2}conflicts \d+ {2}p50 \d+ ms {2}p99 \d+ ms/.test(line)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(Number(output.match(/: (\d+) requests/)?.[1])).toBeGreaterThanOrEqual(20);
  }, 60000);

  it('fails a timed run whose requests fail, saying what failed', async () => {
    await stack.stopService('cart');
    const { code, output } = await run({
      GATEWAY_URL: stack.gatewayUrl,
      RATE: '20',
      DURATION: '3',
      CONCURRENCY: '4',
      REPORT_EVERY: '5',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/\d+ × (GET \/api\/cart|POST \/api\/cart\/items|POST \/api\/checkout) → 503/);
  }, 60000);
});

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(workspaceRoot, 'dist/apps/load-generator/main.js')], { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
