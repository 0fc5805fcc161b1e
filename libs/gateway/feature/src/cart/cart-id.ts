import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CART_COOKIE = 'bazaar_cart';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The anonymous shopper's cart id, kept in an HttpOnly cookie. A missing or tampered cookie gets
 * a fresh id, so a client can never address a cart by anything but an id the gateway issued.
 * The cookie is renewed on every cart request, like the cart's TTL in Redis.
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
    const current = request.cookies[CART_COOKIE];
    const cartId = current && UUID.test(current) ? current : randomUUID();
    void reply.setCookie(CART_COOKIE, cartId, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge: this.maxAge });
    return cartId;
  }
}
