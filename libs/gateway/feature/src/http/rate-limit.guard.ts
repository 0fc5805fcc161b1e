import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { ExecutionContext, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';

type Target = Type<unknown> | ((...args: never[]) => unknown);

/**
 * A Reflector whose `getAllAndOverride` answers each metadata key for a handler and its controller
 * once. Decorators write that metadata when the classes are defined, so the answer never changes,
 * and the throttler guard asks for it on every request: six lookups per throttler, each walking the
 * handler's and the controller's metadata (docs/performance.md).
 */
export class StaticRouteMetadata extends Reflector {
  private readonly answers = new Map<unknown, WeakMap<Target, WeakMap<Target, unknown>>>();

  override getAllAndOverride<T = unknown>(metadataKey: unknown, targets: Target[]): T {
    const [handler, controller] = targets;
    if (targets.length !== 2 || !handler || !controller) return super.getAllAndOverride(metadataKey as string, targets);
    let byHandler = this.answers.get(metadataKey);
    if (!byHandler) this.answers.set(metadataKey, (byHandler = new WeakMap()));
    let byController = byHandler.get(handler);
    if (!byController) byHandler.set(handler, (byController = new WeakMap()));
    if (!byController.has(controller)) byController.set(controller, super.getAllAndOverride(metadataKey as string, targets));
    return byController.get(controller) as T;
  }
}

/**
 * The library's key, `<controller>-<handler>-<throttler>-<client>`, with the client's address as it
 * is instead of a SHA-256 of the whole: the key only names a count. A client that is not an address
 * (a forwarded header the proxy settings let through unchecked, docs/security.md row 2) is hashed,
 * so that no request can make a key longer than an address.
 */
export function rateLimitKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
  const client = isIP(tracker) ? tracker : createHash('sha256').update(tracker).digest('hex');
  return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${client}`;
}

/** The API's rate limit: ThrottlerGuard, reading each route's limits once instead of on every request. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage) {
    super(options, storage, new StaticRouteMetadata());
  }
}
