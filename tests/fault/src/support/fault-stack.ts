import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SERVICES, getJson, ServiceProcess, stackEnv, startBuiltService, stopProcess, TEST_KAFKA_SESSION_TIMEOUT_MS, waitFor, workspaceRoot } from '@bazaar/shared/testing';
import { privateServers } from './private-servers';

export type Instance = 'catalog' | 'cart' | 'order' | 'payments' | 'gateway' | 'catalog-2';

/** Ports away from the defaults (3000-4007) and from tests/e2e (13000-14007, 23400-23507). */
const ports = {
  gateway: { http: 15000 },
  catalog: { http: 15001, tcp: 16001 },
  cart: { http: 15002, tcp: 16002 },
  order: { http: 15003, tcp: 16003 },
  payments: { http: 15004, tcp: 16004 },
};
/**
 * A PENDING order is cancelled as TIMED_OUT after this long (order's ORDER_PENDING_TIMEOUT_MS):
 * longer than a killed consumer's partitions wait to be taken over (the stack's 10 s Kafka session
 * timeout) plus a restart and its backlog on a shared 2-core machine (20 s), so a service killed and
 * restarted (payments) still completes the orders it held.
 */
export const PENDING_TIMEOUT_MS = TEST_KAFKA_SESSION_TIMEOUT_MS + 20_000;

const runId = `${process.pid}-${Date.now().toString(36)}`;
const logDir = join(workspaceRoot, 'tmp/fault/logs');

/** The five services (and a second catalog for the rebalance fault) on the private servers; each can be killed and started again with the same environment. */
export class FaultStack {
  readonly env: Record<Instance, Record<string, string>>;
  /** The services' DEPLOYMENT_ENVIRONMENT: this run's spans among everyone's in a shared Jaeger. */
  readonly environment = `fault-${runId}`;
  private readonly running = new Map<Instance, ServiceProcess>();
  private starts = 0;

  constructor(tracing: { otlpEndpoint?: string }) {
    const env = stackEnv({
      ports,
      servers: privateServers,
      runId,
      dbPrefix: 'fault',
      topicPrefix: `fault-${runId}.`,
    });
    const traced = tracing.otlpEndpoint
      ? {
          TRACING_ENABLED: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: tracing.otlpEndpoint,
          OTEL_BSP_SCHEDULE_DELAY: '200',
          DEPLOYMENT_ENVIRONMENT: this.environment,
        }
      : {};
    for (const vars of Object.values(env)) Object.assign(vars, traced);
    env.order.ORDER_PENDING_TIMEOUT_MS = String(PENDING_TIMEOUT_MS);
    // Same consumer group and database as the first catalog, its own ports: a second replica.
    const second = { ...env.catalog, HTTP_PORT: '15011', TCP_PORT: '16011' };
    this.env = { ...env, 'catalog-2': second };
    rmSync(logDir, { recursive: true, force: true });
  }

  get api(): string {
    return `http://127.0.0.1:${ports.gateway.http}/api`;
  }

  url(instance: Instance): string {
    return `http://127.0.0.1:${this.env[instance].HTTP_PORT}`;
  }

  async start(instance: Instance): Promise<void> {
    const app = instance === 'catalog-2' ? 'catalog' : instance;
    // Each start its own log, so a restart never overwrites what the killed process wrote.
    const service = await startBuiltService(app, this.env[instance], {
      logDir,
      logName: `${instance}.${++this.starts}`,
      timeoutMs: 60000,
    });
    this.running.set(instance, service);
  }

  async startAll(): Promise<void> {
    await Promise.all(BACKEND_SERVICES.map((name) => this.start(name)));
    await this.start('gateway');
  }

  /** SIGKILL through the process handle: no drain, no shutdown hooks. */
  async kill(instance: Instance): Promise<void> {
    const child = this.running.get(instance)?.process;
    this.running.delete(instance);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** SIGTERM: the service drains and leaves its consumer group. */
  async stop(instance: Instance): Promise<void> {
    await stopProcess(this.running.get(instance)?.process);
    this.running.delete(instance);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((instance) => this.stop(instance)));
  }

  async restartAll(): Promise<void> {
    await this.stopAll();
    await this.startAll();
  }

  /** The running instances that do not answer ready (a server they need unreachable to them) now. */
  async notReady(): Promise<Instance[]> {
    const instances = [...this.running.keys()];
    const ready = await Promise.all(instances.map(async (instance) => (await getJson(`${this.url(instance)}/health/ready`).catch(() => undefined))?.status === 200));
    return instances.filter((_, i) => !ready[i]);
  }

  /** Waits (bounded) for every instance to answer ready; returns those that still do not. */
  async unready(timeoutMs: number): Promise<Instance[]> {
    let stuck = await this.notReady();
    await waitFor('every service to be ready', timeoutMs, async () => (stuck = await this.notReady()).length === 0).catch(() => undefined);
    return stuck;
  }

  logFiles(): string[] {
    return [...this.running.values()].map((service) => service.logFile);
  }
}
