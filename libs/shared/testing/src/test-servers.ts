import { connect } from 'node:net';
import { registerTestTopics } from './test-topics';

/** The real servers integration tests talk to; `npm run infra:up` starts them and prints these variables. */
export const SERVERS = {
  mongodb: { variable: 'MONGO_URL', fallback: 'mongodb://127.0.0.1:27017' },
  kafka: { variable: 'KAFKA_BROKERS', fallback: '127.0.0.1:9092' },
  redis: { variable: 'REDIS_URL', fallback: 'redis://127.0.0.1:6379' },
  /** Jaeger's query API (traces are sent to it by OTLP at OTEL_EXPORTER_OTLP_ENDPOINT). */
  jaeger: { variable: 'JAEGER_QUERY_URL', fallback: 'http://127.0.0.1:16686' },
} as const;

export type ServerName = keyof typeof SERVERS;

export function serverAddress(name: ServerName): string {
  const { variable, fallback } = SERVERS[name];
  return process.env[variable] || fallback;
}

function firstHostPort(address: string): { host: string; port: number } {
  const hostPort = address.replace(/^\w+(\+\w+)?:\/\//, '').split(/[,/?]/)[0].replace(/^.*@/, '');
  const [host, port] = hostPort.split(':');
  return { host, port: Number(port) };
}

/**
 * Fails fast, naming the server, when it does not accept connections, so a stopped server
 * makes a suite fail with a clear message instead of waiting on client retries.
 */
export async function requireServer(name: ServerName, timeoutMs = 2000): Promise<string> {
  const address = serverAddress(name);
  const { host, port } = firstHostPort(address);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new Error(
          `${name} is not reachable at ${host}:${port} (${reason}). Start it with \`npm run infra:up\` ` +
            `or point ${SERVERS[name].variable} at a running server.`,
        ),
      );
    };
    socket.once('connect', () => socket.end(resolve));
    socket.once('timeout', () => fail(`no answer in ${timeoutMs} ms`));
    socket.once('error', (error) => fail(error.message));
  });
  return address;
}

/** A name no other test run shares, for topics, groups, databases and keys. */
export function uniqueName(prefix: string): string {
  const name = `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  // Any unique name may become a topic or a topic prefix: the run's teardown deletes what starts with it.
  registerTestTopics(name);
  return name;
}
