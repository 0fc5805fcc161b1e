import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
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
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url?.startsWith('/health') ?? false }),
      new NestInstrumentation(),
      new MongooseInstrumentation(),
      new IORedisInstrumentation(),
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
