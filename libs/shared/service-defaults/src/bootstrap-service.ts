import { Module, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { z } from 'zod';
import { validatedConfigModule, validateEnv } from '@bazaar/shared/config';
import { REQUEST_ID_HEADER, requestId } from '@bazaar/shared/observability';
import { RpcErrorFilter, TraceContextInterceptor } from '@bazaar/shared/rpc';

@Module({})
class ServiceRoot {}

export interface BootstrapOptions {
  module: Type;
  /** The service's environment schema; it defines SERVICE_NAME, HTTP_HOST and HTTP_PORT (and TCP_* with `microservice`). */
  envSchema: z.ZodType<Record<string, unknown>>;
  /** Also serve the microservice (TCP) transport on TCP_HOST:TCP_PORT. */
  microservice?: boolean;
  bodyLimitBytes?: number;
  /** Edge concerns (security headers, cookies, OpenAPI, static files) applied before listening. */
  configure?: (app: NestFastifyApplication, config: ConfigService) => Promise<void> | void;
}

function httpAdapter(bodyLimit: number): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit, genReqId: requestId, requestIdHeader: false });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  return adapter;
}

/** Validates the environment first, then starts the service with its config available everywhere. */
export async function bootstrapService({
  module,
  envSchema,
  microservice = false,
  bodyLimitBytes = 64 * 1024,
  configure,
}: BootstrapOptions): Promise<NestFastifyApplication> {
  validateEnv(envSchema, process.env);
  const root = { module: ServiceRoot, imports: [await validatedConfigModule(envSchema), module] };
  const app = await NestFactory.create<NestFastifyApplication>(root, httpAdapter(bodyLimitBytes), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get(ConfigService);
  if (microservice) {
    app
      .connectMicroservice<MicroserviceOptions>(
        { transport: Transport.TCP, options: { host: config.getOrThrow('TCP_HOST'), port: config.getOrThrow('TCP_PORT') } },
        // Own config (the HTTP side keeps its filters), and initialised only at start so the
        // filter registered here is in place before the message handlers are created.
        { deferInitialization: true },
      )
      .useGlobalFilters(new RpcErrorFilter())
      .useGlobalInterceptors(new TraceContextInterceptor());
    await app.startAllMicroservices();
  }
  await configure?.(app, config);
  await app.listen(config.getOrThrow<number>('HTTP_PORT'), config.getOrThrow<string>('HTTP_HOST'));
  return app;
}

/** For main.ts: a service that cannot start says why on stderr and exits non-zero. */
export function exitOnBootFailure(error: unknown): never {
  process.stderr.write(`Service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
