import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CART_COOKIE = 'bazaar_cart';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The anonymous shopper's cart id, kept in an HttpOnly cookie signed with CART_COOKIE_SECRETS
 * (HMAC, see configureEdge). The id is the key to a shopper's cart and orders, so a cookie that is
 * missing, unsigned, altered or signed with an unknown secret gets a fresh id: a client can only
 * ever address a cart the gateway issued to it. The cookie is renewed (and re-signed with the
 * current secret) on every cart request, like the cart's TTL in Redis.
 */
@Injectable()
export class CartCookie {
  private readonly maxAge: number;
  private readonly secure: boolean;

  constructor(config: ConfigService) {
    this.maxAge = config.getOrThrow<number>('CART_COOKIE_MAX_AGE_SECONDS');
    this.secure = config.getOrThrow<boolean>('COOKIE_SECURE');
  }

  cartIdFor(request: FastifyRequest, reply: FastifyReply): string {
    const cartId = verifiedCartId(request) ?? randomUUID();
    void reply.setCookie(CART_COOKIE, cartId, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge: this.maxAge, signed: true });
    return cartId;
  }
}

function verifiedCartId(request: FastifyRequest): string | undefined {
  const cookie = request.cookies[CART_COOKIE];
  if (!cookie) return undefined;
  const { valid, value } = request.unsignCookie(cookie);
  return valid && UUID.test(value) ? value : undefined;
}

/** The cart id is a bearer credential: it travels in the signed cookie only, never in a response body. */
export function withoutCartId<T extends { cartId: string }>({ cartId: _cartId, ...rest }: T): Omit<T, 'cartId'> {
  return rest;
}
