import { loadEnv } from './load.env';
import { LoadRunner } from './load-runner';

// Simulated shoppers through the gateway: GATEWAY_URL, RATE (req/s), DURATION (s, 0 = until
// stopped), CONCURRENCY, SHOPPERS, REPORT_EVERY (s). Exits non-zero when a timed run saw errors.
async function main(): Promise<number> {
  const env = loadEnv(process.env);
  const runner = new LoadRunner(env, (line) => process.stdout.write(`${line}\n`));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => runner.stop());
  const stats = await runner.run();
  return env.DURATION > 0 && stats.errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`load generator: ${error.message}\n`);
    process.exit(2);
  },
);
