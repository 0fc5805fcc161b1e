import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module, Post } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerModule } from '@nestjs/throttler';
import { TraceFlags } from '@opentelemetry/api';
import { configureEdge } from '../configure-edge';
import { StorefrontConfigController } from './storefront-config.controller';
import { isStorefrontPath } from './storefront-routes';
import { exportedTraceId } from './trace-id.header';
import { TEST_SECRET } from '../testing/edge-app';

const INDEX = '<!doctype html><html><head><script type="module" src="/static/app-3f2a.js"></script></head><body><div id="root"></div></body></html>';

/** An API path only POST serves, like /api/cart/items. */
@Controller('post-only')
class PostOnlyController {
  @Post()
  take(): object {
    return {};
  }
}

function storefrontModule(settings: Record<string, unknown>) {
  @Module({
    imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => settings] }), ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1000 }])],
    controllers: [StorefrontConfigController, PostOnlyController],
  })
  class StorefrontTestModule {}
  return StorefrontTestModule;
}

async function edgeApp(settings: Record<string, unknown>, files: { assetsDir?: string; storefrontDir?: string }) {
  const app = await NestFactory.create<NestFastifyApplication>(storefrontModule({ CORS_ORIGINS: [], CART_COOKIE_SECRETS: [TEST_SECRET], ...settings }), new FastifyAdapter(), { logger: false, bodyParser: false });
  await configureEdge(app, app.get(ConfigService), files);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('the gateway serving the storefront', () => {
  let dir: string;
  let app: NestFastifyApplication;
  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storefront-'));
    mkdirSync(join(dir, 'storefront/static'), { recursive: true });
    mkdirSync(join(dir, 'assets/products'), { recursive: true });
    writeFileSync(join(dir, 'storefront/index.html'), INDEX);
    writeFileSync(join(dir, 'storefront/static/app-3f2a.js'), 'console.log("store")');
    writeFileSync(join(dir, 'assets/products/kettle.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await edgeApp({ STOREFRONT_JAEGER_URL: 'http://localhost:16686/' }, { assetsDir: join(dir, 'assets'), storefrontDir: join(dir, 'storefront') });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/c/kitchen?sort=name', '/p/enamel-kettle', '/orders/7d8e'])('answers the store page for %s, uncached', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX);
  });

  it('serves content-hashed files for a year', async () => {
    const response = await get('/static/app-3f2a.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the product images at /assets/products', async () => {
    expect((await get('/assets/products/kettle.svg')).statusCode).toBe(200);
  });

  it.each(['/api/nothing-here', '/static/missing.js', '/assets/products/missing.svg', '/docs/nothing', '/health/nothing'])(
    'answers 404, not the store page, for the unknown server path %s',
    async (url) => {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('<div id="root">');
    },
  );

  it('answers 405 with Allow, not the catch-all\'s 404, for a GET on an API path only other methods serve', async () => {
    const response = await get('/api/post-only');
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect((await get('/api/post-only-not')).statusCode).toBe(404);
  });

  it('keeps the API docs', async () => {
    const response = await get('/docs/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).paths['/api/config']).toBeDefined();
  });

  it('allows scripts only from its own origin', async () => {
    expect((await get('/')).headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('tells the storefront where Jaeger is', async () => {
    const response = await get('/api/config');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ jaegerUrl: 'http://localhost:16686' });
  });
});

describe('the gateway without a storefront build', () => {
  it('serves the API only and says there is no Jaeger', async () => {
    const app = await edgeApp({}, { storefrontDir: join(tmpdir(), 'no-storefront-here') });
    try {
      const inject = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
      expect((await inject('/')).statusCode).toBe(404);
      expect(JSON.parse((await inject('/api/config')).body)).toEqual({ jaegerUrl: null });
    } finally {
      await app.close();
    }
  });
});

describe('isStorefrontPath', () => {
  it.each([
    ['/', true],
    ['/search?q=kettle', true],
    ['/apiary-honey', true],
    ['/api', false],
    ['/api/cart', false],
    ['/docs', false],
    ['/health/ready', false],
    ['/assets/products/a.svg', false],
    ['/static/a.js', false],
  ])('%s → %s', (path, expected) => {
    expect(isStorefrontPath(path)).toBe(expected);
  });
});

describe('exportedTraceId', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spanId = '00f067aa0ba902b7';

  it('is the trace id of a sampled span', () => {
    expect(exportedTraceId({ traceId, spanId, traceFlags: TraceFlags.SAMPLED })).toBe(traceId);
  });

  it('is absent when the span is not sampled, invalid or missing', () => {
    expect(exportedTraceId({ traceId, spanId, traceFlags: TraceFlags.NONE })).toBeUndefined();
    expect(exportedTraceId({ traceId: '0'.repeat(32), spanId, traceFlags: TraceFlags.SAMPLED })).toBeUndefined();
    expect(exportedTraceId(undefined)).toBeUndefined();
  });
});
