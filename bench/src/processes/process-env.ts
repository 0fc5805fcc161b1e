/** A required variable; a missing one stops the process, naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required but not set`);
  return value;
}

/** Runs one of the bench's own processes: prints `ready` once serving, stops cleanly on SIGTERM/SIGINT. */
export function serveUntilStopped(start: () => Promise<() => Promise<void>>): void {
  start()
    .then((stop) => {
      process.stdout.write('ready\n');
      const shutdown = () => void stop().finally(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
