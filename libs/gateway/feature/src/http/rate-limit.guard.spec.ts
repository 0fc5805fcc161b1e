import { Controller, ExecutionContext, Get, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
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
  it('names the controller, the handler, the throttler and the client, as the library does, unhashed', () => {
    const context = { getClass: () => Limited, getHandler: () => Limited.prototype.own } as unknown as ExecutionContext;
    expect(rateLimitKey(context, '2001:db8::', 'checkout')).toBe('Limited-own-checkout-2001:db8::');
  });
});
