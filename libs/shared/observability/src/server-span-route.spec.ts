import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata, RPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { nameServerSpanAfterRoute } from './server-span-route';

describe('nameServerSpanAfterRoute', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  const tracer = new TracerProvider().getTracer('test');
  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => {
    contextManager.disable();
    context.disable();
  });

  // What the HTTP instrumentation puts in the context of an incoming request before the framework runs.
  const serverRequest = () => {
    const span = tracer.startSpan('GET');
    const metadata: RPCMetadata = { type: RPCType.HTTP, span };
    return { metadata, context: setRPCMetadata(trace.setSpan(ROOT_CONTEXT, span), metadata) };
  };

  it('gives the request\'s server span the route that matched, which the HTTP instrumentation names it after', () => {
    const request = serverRequest();
    context.with(request.context, () => nameServerSpanAfterRoute('/api/products/:id'));
    expect(getRPCMetadata(request.context)?.route).toBe('/api/products/:id');
  });

  it('does nothing outside a traced request, or for a request no route matched', () => {
    expect(() => nameServerSpanAfterRoute('/api/products/:id')).not.toThrow();
    const request = serverRequest();
    request.metadata.route = '/health/ready';
    context.with(request.context, () => nameServerSpanAfterRoute(undefined));
    expect(request.metadata.route).toBe('/health/ready');
  });
});
