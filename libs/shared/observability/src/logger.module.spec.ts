import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import pino from 'pino';
import pinoHttp, { type Options } from 'pino-http';
import { JsonLoggerModule, REDACTED_LOG_PATHS, requestId } from './logger.module';

const withHeader = (header?: string) =>
  requestId({ headers: header === undefined ? {} : { 'x-request-id': header } } as unknown as IncomingMessage);

describe('requestId', () => {
  it('keeps a well-formed id from the caller', () => {
    expect(withHeader('checkout-42')).toBe('checkout-42');
  });

  it('issues a fresh id when none or a malformed one arrives', () => {
    for (const header of [undefined, '', 'has spaces', 'x'.repeat(200)]) {
      expect(withHeader(header)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('REDACTED_LOG_PATHS', () => {
  it('keeps a card out of a log line at any depth a request body puts it, and credentials out of headers', () => {
    const lines: string[] = [];
    const logger = pino({ redact: REDACTED_LOG_PATHS }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const card = { number: '4242424242424242', expiry: '12/40', cvc: '123' };
    logger.info({ card }, 'top');
    logger.info({ body: { payment: { card } } }, 'in a body');
    logger.info({ req: { body: { payment: { card } }, headers: { cookie: 'bazaar_cart=secret', authorization: 'Bearer secret' } } }, 'in a request');
    const logged = lines.join('');
    expect(logged).not.toMatch(/4242424242424242|"cvc"|secret/);
    expect(lines).toHaveLength(3);
  });
});

describe('JsonLoggerModule', () => {
  const lines: Record<string, unknown>[] = [];
  const { useFactory } = (JsonLoggerModule.providers as FactoryProvider[]).find(({ provide }) => provide === PARAMS_PROVIDER_TOKEN) as FactoryProvider;
  const params = useFactory(new ConfigService({ SERVICE_NAME: 'cart', LOG_LEVEL: 'info' })) as Params;
  const logs = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const middleware = pinoHttp(params.pinoHttp as Options, logs);

  beforeEach(() => (lines.length = 0));

  /** One request through the middleware; the server answers `{}` with the response header given. */
  async function logged(id: string, path: string, init: RequestInit, responseHeader: [string, string]): Promise<void> {
    const server = createServer((request, response) => {
      Object.assign(request, { id });
      middleware(request, response);
      response.setHeader(...responseHeader);
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, init)).text();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('writes one complete line per request: the service, the request id, the status and the time it took, credentials redacted', async () => {
    await logged('req-7', '/api/cart/items', { method: 'POST', headers: { cookie: 'bazaar_cart=secret' } }, ['set-cookie', 'bazaar_cart=secret']);
    expect(lines).toEqual([
      expect.objectContaining({ service: 'cart', pid: process.pid, hostname: expect.any(String), req: expect.objectContaining({ id: 'req-7', method: 'POST', url: '/api/cart/items' }), res: expect.objectContaining({ statusCode: 200 }), responseTime: expect.any(Number), msg: 'request completed' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('logs who asked what and the answer, not every header of the request and the response', async () => {
    await logged('req-8', '/api/products?category=a', { headers: { 'user-agent': 'shopper/1.0', accept: 'application/json' } }, ['strict-transport-security', 'max-age=15552000']);
    expect(lines).toHaveLength(1);
    expect(lines[0].req).toEqual({ id: 'req-8', method: 'GET', url: '/api/products?category=a', remoteAddress: '127.0.0.1', userAgent: 'shopper/1.0' });
    expect(lines[0].res).toEqual({ statusCode: 200 });
  });

  it('names the service on lines logged outside a request too', () => {
    middleware.logger.info('consumer joined');
    expect(lines).toEqual([expect.objectContaining({ service: 'cart', msg: 'consumer joined' })]);
  });
});
