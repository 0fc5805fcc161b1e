import { Controller, ExecutionContext, Get, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getStorageToken, ThrottlerStorageService } from '@nestjs/throttler';
import { FakeDownstream, startEdgeApp } from '../testing/edge-app';
import { rateLimitKey, StaticRouteMetadata } from './rate-limit.guard';

const LIMIT = 'limit-of-test';

@SetMetadata(LIMIT, 'controller')
@Controller('a')
class Limited {
  @SetMetadata(LIMIT, 'handler')
  @Get('one')
  own() {
    return 1;
  }

  @Get('two')
  inherited() {
    return 2;
  }
}

@Controller('b')
class Unlimited {
  @Get()
  none() {
    return 3;
  }
}

describe('StaticRouteMetadata', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers as Reflector does: the handler over its controller, the controller otherwise, nothing when neither has it', () => {
    const cached = new StaticRouteMetadata();
    const plain = new Reflector();
    for (const targets of [[Limited.prototype.own, Limited], [Limited.prototype.inherited, Limited], [Unlimited.prototype.none, Unlimited]] as const) {
      expect(cached.getAllAndOverride(LIMIT, [...targets])).toBe(plain.getAllAndOverride(LIMIT, [...targets]));
    }
    expect(cached.getAllAndOverride(LIMIT, [Limited.prototype.own, Limited])).toBe('handler');
    expect(cached.getAllAndOverride(LIMIT, [Limited.prototype.inherited, Limited])).toBe('controller');
    expect(cached.getAllAndOverride(LIMIT, [Unlimited.prototype.none, Unlimited])).toBeUndefined();
  });

  it('reads a route’s metadata once, however many requests ask, and each route’s for itself', () => {
    const reads = jest.spyOn(Reflector.prototype, 'getAllAndOverride');
    const cached = new StaticRouteMetadata();
    for (let request = 0; request < 100; request++) {
      cached.getAllAndOverride(LIMIT, [Limited.prototype.own, Limited]);
      cached.getAllAndOverride(LIMIT, [Unlimited.prototype.none, Unlimited]);
    }
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('remembers an absent answer too', () => {
    const reads = jest.spyOn(Reflector.prototype, 'getAllAndOverride');
    const cached = new StaticRouteMetadata();
    for (let request = 0; request < 10; request++) expect(cached.getAllAndOverride('never-set', [Unlimited.prototype.none, Unlimited])).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(1);
  });
});

describe('rateLimitKey', () => {
  const context = { getClass: () => Limited, getHandler: () => Limited.prototype.own } as unknown as ExecutionContext;

  it('names the controller, the handler, the throttler and the client address, as the library does, unhashed', () => {
    expect(rateLimitKey(context, '2001:db8::', 'checkout')).toBe('Limited-own-checkout-2001:db8::');
    expect(rateLimitKey(context, '203.0.113.7', 'default')).toBe('Limited-own-default-203.0.113.7');
  });

  it('hashes a client that is not an address, so no request makes a key longer than an address', () => {
    const key = rateLimitKey(context, `forged-${'x'.repeat(8000)}`, 'default');
    expect(key).toMatch(/^Limited-own-default-[0-9a-f]{64}$/);
    expect(rateLimitKey(context, 'another forged value', 'default')).not.toBe(key);
  });
});

describe('the gateway\'s rate limit, through its HTTP API', () => {
  let edge: Awaited<ReturnType<typeof startEdgeApp>>;
  beforeAll(async () => (edge = await startEdgeApp(new FakeDownstream(() => ({ items: [] })), {}, 1)));
  afterAll(() => edge.app.close());

  const countedKeys = () => [...edge.app.get<ThrottlerStorageService>(getStorageToken()).storage.keys()];

  it('counts a client under its address, and a forwarded value that is no address under its hash', async () => {
    expect((await edge.inject({ method: 'GET', url: '/api/orders', headers: { 'x-forwarded-for': '198.51.100.23' } })).statusCode).toBe(200);
    expect((await edge.inject({ method: 'GET', url: '/api/orders', headers: { 'x-forwarded-for': `not-an-address-${'x'.repeat(4000)}` } })).statusCode).toBe(200);
    expect(countedKeys()).toEqual(expect.arrayContaining(['OrdersController-list-default-198.51.100.23', expect.stringMatching(/^OrdersController-list-default-[0-9a-f]{64}$/)]));
    expect(Math.max(...countedKeys().map((key) => key.length))).toBeLessThan(100);
  });
});
