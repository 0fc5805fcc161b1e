import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DependencyCheck } from './dependency-check';
import { DependencyDownError, READINESS_TIMEOUT_MS } from './dependency-check';
import { HealthModule } from './health.module';
import { documentHealthChecks, HealthController } from './health.controller';

async function appWith(checks: DependencyCheck[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [HealthModule.forRoot({ useFactory: () => checks })],
  }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

interface HealthBody {
  status: string;
  info: Record<string, { status: string }>;
  error: Record<string, { status: string; message: string }>;
}

async function get(app: INestApplication, path: string) {
  const response = await fetch(`${await app.getUrl()}${path}`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

describe('HealthController', () => {
  let app: INestApplication;
  afterEach(() => app?.close());

  it('is ready when every dependency answers', async () => {
    app = await appWith([{ name: 'redis', ping: async () => 'PONG' }]);
    expect(await get(app, '/health/ready')).toMatchObject({ status: 200, body: { status: 'ok', info: { redis: { status: 'up' } } } });
  });

  it('answers 503 naming the dependency that failed', async () => {
    app = await appWith([
      { name: 'mongodb', ping: async () => 'ok' },
      { name: 'kafka', ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')) },
    ]);
    const { status, body } = await get(app, '/health/ready');
    expect(status).toBe(503);
    expect(body.error.kafka).toEqual({ status: 'down', message: 'kafka is unavailable: connect ECONNREFUSED 127.0.0.1:9092' });
    expect(body.info.mongodb.status).toBe('up');
  });

  it('stays ready while a dependency that does not gate readiness is down, and names it under /health/dependencies', async () => {
    app = await appWith([
      { name: 'redis', ping: async () => 'PONG' },
      { name: 'catalog', ping: async () => Promise.reject(new Error('connect ECONNREFUSED')), gatesReadiness: false },
    ]);
    expect(await get(app, '/health/ready')).toMatchObject({ status: 200, body: { info: { redis: { status: 'up' } } } });
    expect((await get(app, '/health/ready')).body.info).not.toHaveProperty('catalog');
    const dependencies = await get(app, '/health/dependencies');
    expect(dependencies.status).toBe(503);
    expect(dependencies.body.error.catalog).toEqual({ status: 'down', message: 'catalog is unavailable: connect ECONNREFUSED' });
    expect(dependencies.body.info.redis.status).toBe('up');
  });

  it('answers 503 instead of hanging when a dependency never answers', async () => {
    app = await appWith([{ name: 'catalog', ping: () => new Promise(() => undefined) }]);
    const started = Date.now();
    const { status, body } = await get(app, '/health/ready');
    expect(status).toBe(503);
    expect(body.error.catalog.message).toContain(`did not answer within ${READINESS_TIMEOUT_MS} ms`);
    expect(Date.now() - started).toBeLessThan(READINESS_TIMEOUT_MS * 3);
  });

  it('reports the sub-checks a dependency brings along, with the details of the one that is down', async () => {
    const since = '2026-01-01T00:00:00.000Z';
    app = await appWith([
      {
        name: 'kafka',
        ping: async () => 'ok',
        subChecks: () => [
          { name: 'kafka-consumer:orders', ping: async () => 'ok' },
          { name: 'kafka-consumer:stock', ping: () => Promise.reject(new DependencyDownError('blocked on mongodb', { blockedOn: 'mongodb', since })) },
        ],
      },
    ]);
    const { status, body } = await get(app, '/health/ready');
    expect(status).toBe(503);
    expect(body.info['kafka-consumer:orders'].status).toBe('up');
    expect(body.error['kafka-consumer:stock']).toEqual({ status: 'down', message: 'kafka-consumer:stock is unavailable: blocked on mongodb', blockedOn: 'mongodb', since });
  });

  it('is live without consulting dependencies', async () => {
    app = await appWith([{ name: 'redis', ping: () => Promise.reject(new Error('down')) }]);
    expect((await get(app, '/health/live')).status).toBe(200);
  });
});

describe('the probes in an OpenAPI document', () => {
  const responses = (probe: 'live' | 'ready' | 'dependencies') => Reflect.getMetadata('swagger/apiResponse', HealthController.prototype[probe]);

  // terminus describes them whenever it can load @nestjs/swagger: undescribed means not loaded.
  it('are not described, so @nestjs/swagger is not loaded, unless asked for', () => {
    expect(responses('ready')).toBeUndefined();
  });

  it('answer 200 or 503 with terminus’s schemas once documentHealthChecks() ran', () => {
    documentHealthChecks();
    for (const probe of ['live', 'ready', 'dependencies'] as const) expect(Object.keys(responses(probe))).toEqual(expect.arrayContaining(['200', '503']));
  });
});
