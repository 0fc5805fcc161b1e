import { Controller, INestMicroservice } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { callService } from './call-service';
import { DeadlineInterceptor } from './deadline.interceptor';
import { TraceContextInterceptor } from './trace-context';
import { freePort } from '@bazaar/shared/testing';

@Controller()
class TracedController {
  @MessagePattern('traced.echo')
  echo(@Payload() data: Record<string, unknown>) {
    return { received: data, traceId: trace.getActiveSpan()?.spanContext().traceId };
  }
}

describe('trace context across the TCP transport', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const sdk = new NodeSDK({ spanProcessors: [processor], instrumentations: [] });
  let server: INestMicroservice;
  let client: ClientProxy;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    sdk.start();
    const moduleRef = await Test.createTestingModule({ controllers: [TracedController] }).compile();
    server = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
    server.useGlobalInterceptors(new TraceContextInterceptor(), new DeadlineInterceptor());
    await server.listen();
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  });
  afterAll(async () => {
    client.close();
    await server.close();
    await sdk.shutdown();
  });

  it('continues the caller’s trace in the handler, and the handler never sees the carrier nor the deadline field', async () => {
    const tracer = trace.getTracer('test');
    const { reply, traceId } = await tracer.startActiveSpan('checkout', async (root) => {
      const answer = await callService<{ received: unknown; traceId: string }>(client, 'probe', 'traced.echo', { n: 1 });
      root.end();
      return { reply: answer, traceId: root.spanContext().traceId };
    });

    expect(reply.received).toEqual({ n: 1 });
    expect(reply.traceId).toBe(traceId);
    // SDK 3.x exports ended spans asynchronously, even through the simple processor.
    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    const clientSpan = spans.find((s) => s.name === 'probe traced.echo');
    const serverSpan = spans.find((s) => s.name === 'traced.echo');
    expect(clientSpan?.spanContext().traceId).toBe(traceId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
  });
});
