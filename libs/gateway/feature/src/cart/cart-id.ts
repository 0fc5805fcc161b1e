import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CART_COOKIE = 'bazaar_cart';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ONE_WEEK_SECONDS = 7 * 24 * 3600;

/**
 * The anonymous shopper's cart id, kept in an HttpOnly cookie. A missing or tampered cookie gets
 * a fresh id, so a client can never address a cart by anything but an id the gateway issued.
 */
export function cartIdFor(request: FastifyRequest, reply: FastifyReply): string {
  const current = request.cookies[CART_COOKIE];
  if (current && UUID.test(current)) return current;
  const issued = randomUUID();
  void reply.setCookie(CART_COOKIE, issued, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: ONE_WEEK_SECONDS });
  return issued;
}
