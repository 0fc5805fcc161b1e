import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IMetricReader, MeterProvider } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, Sampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import type { TracingEnv } from './tracing-env';

// Only tracing.ts loads this file, and only with tracing on. It wires the SDK's parts itself
// instead of @opentelemetry/sdk-node, which loads every exporter it can configure (gRPC, proto,
// Zipkin, logs: ~12 MB more resident memory per service, docs/performance.md).

export interface TracingSdk {
  shutdown(): Promise<void>;
}

// Telemetry is read by more people than the data it describes (a public Jaeger in the demo): a
// statement names its command only. A Redis key is `cart:<cartId>`, the credential that opens a
// shopper's cart and orders, and a MongoDB filter or document carries customers' names and addresses.
const commandOnly = (command: string) => command;

const isHealthCheck = (url: string | undefined) => url?.startsWith('/health') ?? false;

/**
 * Metrics (request durations per route from the http instrumentation, Kafka consumer counts and
 * processing durations from the kafkajs one) go out by OTLP to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT
 * and to a Prometheus scrape endpoint on METRICS_PORT, each only when set: the traces' endpoint is
 * often Jaeger, which has no metrics pipeline and answers every push with 404. Each exporter is
 * loaded only when it is used.
 */
export function metricReaders(env: TracingEnv): IMetricReader[] {
  const readers: IMetricReader[] = [];
  if (env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) {
    const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
    const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT }), exportIntervalMillis: env.METRICS_EXPORT_INTERVAL_MS }));
  }
  if (env.METRICS_PORT) {
    const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
    readers.push(new PrometheusExporter({ host: env.METRICS_HOST, port: env.METRICS_PORT }));
  }
  return readers;
}

/** OTEL_TRACES_SAMPLER and its argument, as the specification names them. */
export function sampler({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: ratio }: TracingEnv): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

export function tracingInstrumentations() {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isHealthCheck(request.url) }),
    // No Fastify or Nest instrumentation: their spans repeat the server span (Fastify's request span,
    // Nest's request-context and handler spans, each as long as it) and cost as much as any other
    // (docs/performance.md). The server span gets its route from service-defaults' onRequest hook
    // (nameServerSpanAfterRoute); the route names the handler.
    new MongooseInstrumentation({ dbStatementSerializer: commandOnly }),
    new IORedisInstrumentation({ dbStatementSerializer: commandOnly }),
    new KafkaJsInstrumentation(),
    new PinoInstrumentation(),
  ];
}

export function startSdk(env: TracingEnv, serviceName: string, serviceVersion: string): TracingSdk {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]: serviceVersion,
    'deployment.environment.name': env.DEPLOYMENT_ENVIRONMENT,
  });
  const instrumentations = tracingInstrumentations();
  registerInstrumentations({ instrumentations });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const readers = metricReaders(env);
  const meterProvider = readers.length > 0 ? new MeterProvider({ resource, readers }) : undefined;
  if (meterProvider) {
    metrics.setGlobalMeterProvider(meterProvider);
    for (const instrumentation of instrumentations) instrumentation.setMeterProvider(meterProvider);
  }
  const tracerProvider = new TracerProvider({
    resource,
    sampler: sampler(env),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` }),
        maxQueueSize: env.OTEL_BSP_MAX_QUEUE_SIZE,
        maxExportBatchSize: env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
        scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY,
        exportTimeoutMillis: env.OTEL_BSP_EXPORT_TIMEOUT,
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  return { shutdown: async () => void (await Promise.all([tracerProvider.shutdown(), meterProvider?.shutdown()])) };
}
