import { ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { registerTestTopics, serverAddress, startBuiltService, stopProcess, workspaceRoot } from '@bazaar/shared/testing';

export { workspaceRoot };
export const resultsDir = join(workspaceRoot, 'tmp/test-results');

/** This project's ports, away from the defaults, tests/e2e (13000-14003) and a running `npm run stack`. */
export const ports = {
  gateway: 15000,
  catalog: { http: 15001, tcp: 16001 },
  cart: { http: 15002, tcp: 16002 },
  order: { http: 15003, tcp: 16003 },
  payments: { http: 15007, tcp: 16007 },
  traceReceiver: 15318,
};

/** Where the store's trace links point; nothing needs to answer there, the test only reads the links. */
export const JAEGER_UI_URL = 'http://jaeger.example.test:16686';

export interface Stack {
  gatewayUrl: string;
  /** The catalog's database of this run, for tests that change stock behind the API's back. */
  catalogDb: string;
  /** Trace export requests the gateway sent to the receiver. */
  exportedTraceBatches(): number;
  stopService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

type ServiceName = 'catalog' | 'cart' | 'order' | 'payments' | 'gateway';

/**
 * The five services as built (dist/apps), against the real servers from `infra.sh env`, with the
 * storefront served by the gateway. Only the gateway traces (into a local OTLP receiver), so its
 * responses carry X-Trace-Id as they do with Jaeger.
 */
export async function startStack(label: string): Promise<Stack> {
  const logDir = join(workspaceRoot, 'tmp/browser', label);
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  registerTestTopics(`browser-${runId}.`);
  const catalogDb = `browser-catalog-${runId}`;
  const receiver = await startTraceReceiver(ports.traceReceiver);
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    TCP_HOST: '127.0.0.1',
    TRACING_ENABLED: 'false',
    KAFKA_TOPIC_PREFIX: `browser-${runId}.`,
  };
  const tcp = (name: 'catalog' | 'cart' | 'order' | 'payments') => ({
    HTTP_PORT: String(ports[name].http),
    TCP_PORT: String(ports[name].tcp),
  });
  const catalogAddr = `127.0.0.1:${ports.catalog.tcp}`;
  const running = new Map<ServiceName, ChildProcess>();
  const env: Record<ServiceName, Record<string, string>> = {
    catalog: {
      ...common,
      ...tcp('catalog'),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: catalogDb,
      KAFKA_BROKERS: serverAddress('kafka'),
    },
    // Price and stock snapshots expire at once, so a stock change made in the database shows in the cart.
    cart: {
      ...common,
      ...tcp('cart'),
      REDIS_URL: serverAddress('redis'),
      KAFKA_BROKERS: serverAddress('kafka'),
      CATALOG_ADDR: catalogAddr,
      PRODUCT_CACHE_TTL_MS: '1',
    },
    order: {
      ...common,
      ...tcp('order'),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: `browser-orders-${runId}`,
      KAFKA_BROKERS: serverAddress('kafka'),
      CATALOG_ADDR: catalogAddr,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
    },
    payments: {
      ...common,
      ...tcp('payments'),
      MONGO_URL: serverAddress('mongodb'),
      MONGO_DB: `browser-payments-${runId}`,
      KAFKA_BROKERS: serverAddress('kafka'),
    },
    gateway: {
      ...common,
      HTTP_PORT: String(ports.gateway),
      CATALOG_ADDR: catalogAddr,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
      ORDER_ADDR: `127.0.0.1:${ports.order.tcp}`,
      PAYMENTS_ADDR: `127.0.0.1:${ports.payments.tcp}`,
      RATE_LIMIT_PER_MINUTE: '100000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: serverAddress('redis'),
      // Generous: the CPU may be shared with other test runs, and a slow answer is not what these tests are about.
      SERVICE_CALL_TIMEOUT_MS: '10000',
      TRACING_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.traceReceiver}`,
      STOREFRONT_JAEGER_URL: JAEGER_UI_URL,
    },
  };

  const stack: Stack = {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    catalogDb,
    exportedTraceBatches: () => receiver.batches,
    async stopService(name) {
      await stopProcess(running.get(name));
      running.delete(name);
    },
    async stop() {
      await Promise.all([...running.values()].map(stopProcess));
      running.clear();
      await new Promise((resolve) => receiver.server.close(resolve));
    },
  };
  try {
    await Promise.all((['catalog', 'cart', 'order', 'payments'] as const).map(async (name) => running.set(name, await startService(name, env[name], logDir))));
    running.set('gateway', await startService('gateway', env.gateway, logDir));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

async function startService(name: ServiceName, env: Record<string, string>, logDir: string): Promise<ChildProcess> {
  return (await startBuiltService(name, env, { logDir, readyPath: '/health/ready' })).process;
}

/** An OTLP/HTTP endpoint that accepts trace exports and counts them, standing in for Jaeger. */
async function startTraceReceiver(port: number): Promise<{ server: Server; batches: number }> {
  const receiver = { server: createServer(), batches: 0 };
  receiver.server.on('request', (request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') receiver.batches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => receiver.server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return receiver;
}
