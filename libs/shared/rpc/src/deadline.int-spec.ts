import { Controller, Inject, INestMicroservice, Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, ClientsModule, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { eventually, freePorts } from '@bazaar/shared/testing';
import { callService } from './call-service';
import { remainingMs } from './deadline';
import { DeadlineInterceptor } from './deadline.interceptor';
import { RpcErrorFilter } from './rpc-error.filter';
import {  } from '@bazaar/shared/testing';

// A → B → C over the real TCP transport: A (this test) calls B with a short budget, B calls the
// slow C with its usual 3 s timeout. B's call must use only what is left of A's budget.
const seen = { cRemainingMs: [] as number[], bOutcome: [] as { elapsedMs: number; error: unknown }[] };
let cDelayMs = 2000;

@Controller()
class SlowC {
  @MessagePattern('c.work')
  async work() {
    seen.cRemainingMs.push(remainingMs());
    await new Promise((resolve) => setTimeout(resolve, cDelayMs).unref());
    return 'c done';
  }
}

@Controller()
class MiddleB {
  constructor(@Inject('C') private readonly c: ClientProxy) {}

  @MessagePattern('b.work')
  async work() {
    const started = Date.now();
    try {
      return await callService<string>(this.c, 'c', 'c.work', {}, 3000);
    } catch (error) {
      seen.bOutcome.push({ elapsedMs: Date.now() - started, error });
      throw error;
    }
  }
}

describe('one deadline across hops (real TCP)', () => {
  let cPort: number;
  let bPort: number;
  let c: INestMicroservice;
  let b: INestMicroservice;
  let a: ClientProxy;

  const serve = async (module: Parameters<typeof Test.createTestingModule>[0], port: number) => {
    const app = (await Test.createTestingModule(module).compile()).createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
    app.useGlobalFilters(new RpcErrorFilter()).useGlobalInterceptors(new DeadlineInterceptor());
    await app.listen();
    return app;
  };

  beforeAll(async () => {
    [cPort, bPort] = await freePorts(2);
    @Module({ imports: [ClientsModule.register([{ name: 'C', transport: Transport.TCP, options: { host: '127.0.0.1', port: cPort } }])], controllers: [MiddleB] })
    class BModule {}
    c = await serve({ controllers: [SlowC] }, cPort);
    b = await serve({ imports: [BModule] }, bPort);
    a = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: bPort } });
  });
  afterAll(async () => {
    a.close();
    await b.close();
    await c.close();
  });

  beforeEach(() => {
    seen.cRemainingMs.length = 0;
    seen.bOutcome.length = 0;
  });

  it('B’s call to C uses only what is left of A’s budget, not its own 3 s', async () => {
    cDelayMs = 2000;
    const budgetMs = 600;
    const started = Date.now();
    await expect(callService(a, 'b', 'b.work', {}, budgetMs)).rejects.toMatchObject({ statusCode: 504 });
    expect(Date.now() - started).toBeLessThan(budgetMs + 300);

    await eventually(() => seen.bOutcome[0], 'B’s call to C to end');
    const [{ elapsedMs, error }] = seen.bOutcome;
    expect(error).toMatchObject({ statusCode: 504 });
    // Timers fire a little late, never early: a few ms over the budget, far from B's own 3 s.
    expect(elapsedMs).toBeLessThan(budgetMs + 150);
    expect(seen.cRemainingMs).toHaveLength(1);
    expect(seen.cRemainingMs[0]).toBeGreaterThan(0);
    expect(seen.cRemainingMs[0]).toBeLessThanOrEqual(budgetMs);
  });

  it('gives the whole chain the caller’s budget when it is enough', async () => {
    cDelayMs = 50;
    await expect(callService(a, 'b', 'b.work', {}, 2000)).resolves.toBe('c done');
    expect(seen.cRemainingMs[0]).toBeGreaterThan(1000);
    expect(seen.cRemainingMs[0]).toBeLessThanOrEqual(2000);
  });
});

