import { MethodNotAllowedException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A method the path does not take; the error filter sends `allowed` as the Allow header. */
export class MethodNotAllowed extends MethodNotAllowedException {
  constructor(
    method: string,
    readonly allowed: string[],
  ) {
    super(`${method} is not supported here; use ${allowed.join(', ')}`);
  }
}

/**
 * The methods that have a route of their own at the request's path: asked of Fastify's router, so
 * every route registered anywhere counts. Catch-alls (the storefront's `GET /*`, static files, CORS
 * preflight) do not make a path known.
 */
export function methodsOf(fastify: FastifyInstance, request: FastifyRequest): string[] {
  const url = request.url.split('?')[0];
  return METHODS.filter((method) => {
    const route = fastify.findRoute({ method: method as 'GET', url });
    return route !== null && !('*' in (route.params ?? {}));
  });
}

/**
 * A request no route of its own takes, on a path that other methods serve, is a 405 with Allow. Decided in
 * onRequest, before Fastify reads a body, so that even a method it does not route (QUERY, TRACE)
 * gets the 405 rather than a complaint about its content type.
 */
export function answerUnsupportedMethods(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    // A catch-all took it (the storefront's `GET /*` answers every GET): still no route of its own.
    if (!request.is404 && !request.routeOptions.url?.endsWith('*')) return;
    const allowed = methodsOf(fastify, request).filter((method) => method !== request.method);
    if (allowed.length) throw new MethodNotAllowed(request.method, allowed);
  });
}
