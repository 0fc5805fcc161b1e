import { MongoClient } from 'mongodb';
import { BenchContext } from './bench.context';
import { benchPorts, BenchSettings } from './bench.settings';
import { addToCartBenchmark } from './benchmarks/add-to-cart.bench';
import { browseBenchmark } from './benchmarks/browse.bench';
import { cacheBenchmark } from './benchmarks/cache.bench';
import { checkoutBenchmark } from './benchmarks/checkout.bench';
import { deleteTopicsWithPrefix } from './benchmarks/kafka-outcomes';
import { memoryBenchmark } from './benchmarks/memory.bench';
import { startupBenchmark } from './benchmarks/startup.bench';
import { tracingBenchmark } from './benchmarks/tracing.bench';
import { bareKafka } from './processes/kafka-round-trip';
import { BenchmarkResult } from './report/result-row';
import { infraAddress, InfraStart, infraUp, requireInfra } from './stack/infra';
import { runScope, ServiceName, serviceEnv, Stack, startStack, stopStack } from './stack/services';

export const BENCHMARKS = ['start-up', 'memory', 'browse', 'cache', 'add to cart', 'checkout', 'tracing'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

/**
 * One run: the servers (full mode starts them like `npm run stack`; smoke mode uses the test
 * command's), this run's databases and topics, the stack, and each benchmark on demand.
 */
export class BenchSession {
  infra?: InfraStart;
  private ctx?: Omit<BenchContext, 'stack'> & { stack?: BenchContext['stack'] };

  constructor(
    readonly settings: BenchSettings,
    /** Extra node flags per service, e.g. --cpu-prof. */
    private readonly nodeArgs: Partial<Record<ServiceName, string[]>> = {},
  ) {}

  async open(): Promise<void> {
    if (this.settings.mode === 'full') this.infra = await infraUp();
    else await requireInfra();
    const ports = benchPorts(this.settings.portBase);
    const scope = runScope(`${Date.now().toString(36)}-${process.pid}`);
    this.ctx = { settings: this.settings, ports, scope, env: serviceEnv(ports, scope) };
  }

  run(name: BenchmarkName): Promise<BenchmarkResult> {
    switch (name) {
      case 'start-up':
        return startupBenchmark(this.context(), this.infra);
      case 'memory':
        return this.withStack(memoryBenchmark);
      case 'browse':
        return this.withStack(browseBenchmark);
      case 'cache':
        return this.withStack(cacheBenchmark);
      case 'add to cart':
        return this.withStack(addToCartBenchmark);
      case 'checkout':
        return this.withStack(checkoutBenchmark);
      case 'tracing':
        return this.withStack(tracingBenchmark);
    }
  }

  /** Runs a measurement that is not one of BENCHMARKS against the running stack. */
  runWith<R>(measure: (ctx: BenchContext) => Promise<R>): Promise<R> {
    return this.withStack(measure);
  }

  /** Runs a measurement that starts what it needs itself, without the stack. */
  runAlone<R>(measure: (ctx: Omit<BenchContext, 'stack'>) => Promise<R>): Promise<R> {
    return measure(this.context());
  }

  /** Stops the stack and removes the run's databases and topics. */
  async close(): Promise<void> {
    if (!this.ctx) return;
    const { stack, scope } = this.ctx;
    this.ctx.stack = undefined;
    if (stack) await stopStack(stack);
    const mongo = await MongoClient.connect(infraAddress('ferretdb'), { serverSelectionTimeoutMS: 3000 });
    try {
      await Promise.all([scope.catalogDb, scope.ordersDb, scope.paymentsDb].map((db) => mongo.db(db).dropDatabase()));
    } finally {
      await mongo.close();
    }
    await deleteTopicsWithPrefix(bareKafka('bench-cleanup', infraAddress('kafka')), scope.topicPrefix);
  }

  private context() {
    if (!this.ctx) throw new Error('BenchSession.open() first');
    return this.ctx;
  }

  /** The running stack, started on first use. */
  async stack(): Promise<Stack> {
    const ctx = this.context();
    ctx.stack ??= await startStack(ctx.env, this.nodeArgs);
    return ctx.stack;
  }

  private async withStack<R>(benchmark: (ctx: BenchContext) => Promise<R>): Promise<R> {
    const stack = await this.stack();
    return benchmark({ ...this.context(), stack });
  }
}
