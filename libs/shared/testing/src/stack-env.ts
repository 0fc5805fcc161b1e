export interface StackPorts {
  gateway: { http: number };
  catalog: { http: number; tcp: number };
  cart: { http: number; tcp: number };
  order: { http: number; tcp: number };
  payments: { http: number; tcp: number };
  /** HAProxy in front of two gateway replicas: the store's port, its stats page, the second replica's HTTP port. */
  edge?: { store: number; stats: number; gateway2: number };
}

export interface StackSettings {
  ports: StackPorts;
  servers: { mongoUrl: string; kafkaBrokers: string; redisUrl: string };
  /** Suffix of this run's databases, so runs never share data. */
  runId: string;
  /** Database names start with it (`<prefix>-catalog-<runId>`). */
  dbPrefix: string;
  /** ... and the topics, so events left over from an earlier run never reach this run's services. */
  topicPrefix: string;
}

export type StackService = 'catalog' | 'cart' | 'order' | 'payments' | 'gateway';

/**
 * The simulated card provider's delay for TEST_CARDS.slow in tests: long enough to be the slowest
 * step of a checkout, short enough for a suite (payments' default is 3 s).
 */
export const TEST_SIMULATOR_SLOW_MS = 300;

/** The consumer groups' session timeout in whole-stack tests (KAFKA_SESSION_TIMEOUT_MS). */
export const TEST_KAFKA_SESSION_TIMEOUT_MS = 10_000;

/** The environment of each service of a whole-stack test, by service name. */
export function stackEnv({ ports, servers, runId, dbPrefix, topicPrefix }: StackSettings): Record<StackService, Record<string, string>> {
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', TCP_HOST: '127.0.0.1', TRACING_ENABLED: 'false' };
  const tcp = (name: Exclude<StackService, 'gateway'>) => ({ HTTP_PORT: String(ports[name].http), TCP_PORT: String(ports[name].tcp) });
  // A killed service's partitions move (and its restarted process is let in) after 10 s, not kafkajs' 30.
  const kafka = { KAFKA_BROKERS: servers.kafkaBrokers, KAFKA_TOPIC_PREFIX: topicPrefix, KAFKA_SESSION_TIMEOUT_MS: String(TEST_KAFKA_SESSION_TIMEOUT_MS) };
  return {
    // The read cache's code runs, but entries expire at once: tests change products behind the store's back.
    catalog: { ...common, ...tcp('catalog'), MONGO_URL: servers.mongoUrl, MONGO_DB: `${dbPrefix}-catalog-${runId}`, ...kafka, REDIS_URL: servers.redisUrl, CATALOG_CACHE_TTL_MS: '1' },
    cart: { ...common, ...tcp('cart'), REDIS_URL: servers.redisUrl, ...kafka, CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}` },
    order: {
      ...common,
      ...tcp('order'),
      MONGO_URL: servers.mongoUrl,
      MONGO_DB: `${dbPrefix}-orders-${runId}`,
      ...kafka,
      CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
    },
    payments: {
      ...common,
      ...tcp('payments'),
      MONGO_URL: servers.mongoUrl,
      MONGO_DB: `${dbPrefix}-payments-${runId}`,
      ...kafka,
      PAYMENTS_SIMULATOR_SLOW_MS: String(TEST_SIMULATOR_SLOW_MS),
    },
    gateway: {
      ...common,
      HTTP_PORT: String(ports.gateway.http),
      CATALOG_ADDR: `127.0.0.1:${ports.catalog.tcp}`,
      CART_ADDR: `127.0.0.1:${ports.cart.tcp}`,
      ORDER_ADDR: `127.0.0.1:${ports.order.tcp}`,
      PAYMENTS_ADDR: `127.0.0.1:${ports.payments.tcp}`,
      SERVICE_CALL_TIMEOUT_MS: '2000',
      RATE_LIMIT_PER_MINUTE: '100000',
      CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: servers.redisUrl,
    },
  };
}
