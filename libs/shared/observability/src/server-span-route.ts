import { context, trace } from '@opentelemetry/api';

type OtelCore = typeof import('@opentelemetry/core');
let core: OtelCore | undefined;

/**
 * Names the request's HTTP server span, and the route attribute of its duration metric, after the
 * route that matched (`GET /api/products/:id`, not the URL with its ids). The HTTP instrumentation
 * reads the route from the request's RPC metadata when the span ends; a framework instrumentation
 * (@fastify/otel) would set it too, at the price of a second span per request that repeats the
 * server span. With tracing off there is no span, and @opentelemetry/core is not even loaded.
 */
export function nameServerSpanAfterRoute(route: string | undefined): void {
  if (!route || !trace.getActiveSpan()) return;
  core ??= require('@opentelemetry/core') as OtelCore;
  const metadata = core.getRPCMetadata(context.active());
  if (metadata?.type === core.RPCType.HTTP) metadata.route = route;
}
