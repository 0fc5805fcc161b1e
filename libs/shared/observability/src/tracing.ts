import { setSourceMapsSupport } from 'node:module';
import { tracingEnv } from './tracing-env';
import type { TracingSdk } from './tracing-sdk';

// This file is loaded through `node --require` before main.js. OpenTelemetry instruments a
// library by patching it when it is first required, so anything loaded before the SDK starts
// (http, mongoose, ioredis, kafkajs, pino) would run untraced. Keep its imports to
// OpenTelemetry packages only. The SDK itself (tracing-sdk.ts) is required only when tracing is
// on: loaded and unused it would cost every untraced service ~40 MB (docs/performance.md).

let sdk: TracingSdk | undefined;

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
}

/**
 * Also turns on source-mapped stack traces for what loads after it (main.js, the bundle of our
 * TypeScript) but not for node_modules: `node --enable-source-maps` would parse and keep every
 * package's maps that main.js loads, ~5 MB of heap per service (docs/adr/0013).
 */
export function startTracing({ serviceName, serviceVersion = '0.1.0' }: TracingOptions): void {
  setSourceMapsSupport(true, { nodeModules: false });
  const env = tracingEnv(process.env);
  if (!env.TRACING_ENABLED || sdk) return;
  const { startSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  sdk = startSdk(env, serviceName, serviceVersion);
}

/** Flushes spans still buffered; called once the service has drained its work. */
export async function shutdownTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
