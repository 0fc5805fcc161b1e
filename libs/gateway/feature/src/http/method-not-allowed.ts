import type { FastifyRequest } from "fastify";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The methods that have a route of their own at the request's path, other than the request's:
 * asked of Fastify's router, so every route registered anywhere counts. Catch-alls (the
 * storefront's `GET /*`, static files, CORS preflight) do not make a path known.
 */
export function otherMethodsOf(request: FastifyRequest): string[] {
  const url = request.url.split("?")[0];
  return METHODS.filter((method) => {
    if (method === request.method) return false;
    const route = request.server.findRoute({ method: method as never, url });
    return route !== null && !("*" in (route.params ?? {}));
  });
}
