import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { IMetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { tracingEnv } from './tracing-env';

// This file is loaded through `node --require` before main.js. OpenTelemetry instruments a
// library by patching it when it is first required, so anything loaded before sdk.start()
// (http, mongoose, ioredis, kafkajs, pino) would run untraced. Keep its imports to
// OpenTelemetry packages only.

let sdk: NodeSDK | undefined;

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
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
 * often Jaeger, which has no metrics pipeline and answers every push with 404.
 */
export function metricReaders(env: ReturnType<typeof tracingEnv>): IMetricReader[] {
  const readers: IMetricReader[] = [];
  if (env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT }), exportIntervalMillis: env.METRICS_EXPORT_INTERVAL_MS }));
  }
  if (env.METRICS_PORT) readers.push(new PrometheusExporter({ host: env.METRICS_HOST, port: env.METRICS_PORT }));
  return readers;
}

export function startTracing({ serviceName, serviceVersion = '0.1.0' }: TracingOptions): void {
  const env = tracingEnv(process.env);
  if (!env.TRACING_ENABLED || sdk) return;
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      [ATTR_SERVICE_VERSION]: serviceVersion,
      'deployment.environment.name': env.DEPLOYMENT_ENVIRONMENT,
    }),
    traceExporter: new OTLPTraceExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` }),
    metricReaders: metricReaders(env),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isHealthCheck(request.url) }),
      // The HTTP framework: a span per route handler, and http.route on the request's server span.
      // Not one per hook (helmet, cookie, CORS, static...): 13 of 19 spans per request, little to read.
      new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false, ignorePaths: ({ url }) => isHealthCheck(url) }),
      new NestInstrumentation(),
      new MongooseInstrumentation({ dbStatementSerializer: commandOnly }),
      new IORedisInstrumentation({ dbStatementSerializer: commandOnly }),
      new KafkaJsInstrumentation(),
      new PinoInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes spans still buffered; called once the service has drained its work. */
export async function shutdownTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
