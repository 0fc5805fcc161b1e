import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '@bazaar/shared/rpc';

export const ADMIN_AUTH_SCHEME = 'admin-token';

/**
 * Compares in time that does not depend on where the strings differ, nor on their lengths: both
 * sides are hashed to 32 bytes first (timingSafeEqual needs equal lengths, and refusing early on a
 * length mismatch would tell the token's length).
 */
export function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The admin API's door: `Authorization: Bearer <ADMIN_TOKEN>`. No ADMIN_TOKEN configured → the
 * API is off (404 ADMIN_API_DISABLED, the same for everyone); no token sent → 401 with
 * `WWW-Authenticate`; another token → 403.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly token: string | undefined;

  constructor(config: ConfigService) {
    this.token = config.get<string>('ADMIN_TOKEN') || undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) throw ServiceError.notFound('ADMIN_API_DISABLED', 'The admin API is disabled: the gateway has no ADMIN_TOKEN');
    const http = context.switchToHttp();
    const given = bearerToken(http.getRequest<FastifyRequest>().headers.authorization);
    if (given === undefined) {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="bazaar-admin"');
      throw new ServiceError(401, 'ADMIN_TOKEN_REQUIRED', 'The admin API needs the header Authorization: Bearer <admin token>');
    }
    if (!sameToken(given, this.token)) throw new ServiceError(403, 'ADMIN_TOKEN_INVALID', 'The admin token is not valid');
    return true;
  }
}
