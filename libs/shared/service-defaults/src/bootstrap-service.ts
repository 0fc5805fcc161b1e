import type { Socket } from 'node:net';
import { Module, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { z } from 'zod';
import { validatedConfigModule, validateEnv } from '@bazaar/shared/config';
import { nameServerSpanAfterRoute, REQUEST_ID_HEADER, requestId } from '@bazaar/shared/observability';
import { DeadlineInterceptor, RpcErrorFilter, TraceContextInterceptor } from '@bazaar/shared/rpc';
import { GracefulShutdown } from './graceful-shutdown';
import { RpcDrainInterceptor } from './rpc-drain.interceptor';
import { shutdownEnv } from './shutdown.env';
import { ShutdownState } from './shutdown-state';
import { TcpServer } from './tcp-server';

@Module({})
class ServiceRoot {}

export interface BootstrapOptions {
  module: Type;
  /** The service's environment schema; it defines SERVICE_NAME, HTTP_HOST and HTTP_PORT (and TCP_* with `microservice`). */
  envSchema: z.ZodType<Record<string, unknown>>;
  /** Also serve the microservice (TCP) transport on TCP_HOST:TCP_PORT. */
  microservice?: boolean;
  bodyLimitBytes?: number;
  /** Nest's JSON and form parsers (default); false leaves the body parsers to `configure`. */
  bodyParser?: boolean;
  /** Edge concerns (security headers, cookies, OpenAPI, static files) applied before listening. */
  configure?: (app: NestFastifyApplication, config: ConfigService) => Promise<void> | void;
  /** Drain and exit on SIGTERM/SIGINT (default); tests that start several apps in one process turn it off and call `shutdown.run()`. */
  handleSignals?: boolean;
}

export interface RunningService {
  app: NestFastifyApplication;
  shutdown: GracefulShutdown;
}

/** Fastify's trustProxy: none, everything (never at the edge), a hop count, or proxies' addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

/** The HTTP server every service runs on: body limit, proxy trust, and a request id on every response. */
export function httpAdapter(bodyLimit: number, trustProxy: TrustProxy): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit,
    trustProxy,
    // Above Fastify's 100, so that every path parameter the API documents (a slug: up to 120) is routed.
    maxParamLength: 200,
    genReqId: requestId,
    requestIdHeader: false,
    // What Fastify refuses before any hook runs (a malformed URL) gets the request id and error shape too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.code(400).header(REQUEST_ID_HEADER, request.id).send({ statusCode: 400, code: 'BAD_REQUEST', message: error.message, requestId: String(request.id) });
    },
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    nameServerSpanAfterRoute(request.routeOptions.url);
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    if (drainsInsteadOfClosing(request.raw, reply.getHeader('connection'))) reply.removeHeader('connection');
  });
  return adapter;
}

/** The largest unread body a refused request may still send, which the server reads and discards. */
export const DRAINED_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Fastify refuses a body it did not read (too large: 413) with `Connection: close`. Closing a socket
 * whose receive buffer still holds the body makes the kernel reset the connection, and the reset can
 * destroy the answer before the client (or HAProxy) has read it: the shopper gets no 413, only a
 * closed connection. A body of a stated length up to DRAINED_BODY_LIMIT_BYTES is kept alive instead:
 * Node reads and discards the rest of an unread request on a kept-alive connection. Longer or
 * unstated (chunked) bodies still close.
 */
export function drainsInsteadOfClosing(request: { complete: boolean; headers: { 'content-length'?: string } }, connection: unknown): boolean {
  if (connection !== 'close' || request.complete) return false;
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) && length <= DRAINED_BODY_LIMIT_BYTES;
}

/** ServiceDefaultsModule's state, which also drives readiness; a module without it gets its own. */
function shutdownStateOf(app: NestFastifyApplication): ShutdownState {
  try {
    return app.get(ShutdownState, { strict: false });
  } catch {
    return new ShutdownState();
  }
}

/** Validates the environment first, then starts the service with its config available everywhere. */
export async function bootstrapService(options: BootstrapOptions): Promise<NestFastifyApplication> {
  return (await startService(options)).app;
}

/** bootstrapService, also handing back the service's shutdown (for tests that drive it). */
export async function startService({
  module,
  envSchema,
  microservice = false,
  bodyLimitBytes = 64 * 1024,
  bodyParser = true,
  configure,
  handleSignals = true,
}: BootstrapOptions): Promise<RunningService> {
  const env = validateEnv(envSchema, process.env) as { TRUST_PROXY?: TrustProxy };
  const shutdownSettings = shutdownEnv(process.env);
  const root = { module: ServiceRoot, imports: [await validatedConfigModule(envSchema), module] };
  const app = await NestFactory.create<NestFastifyApplication>(root, httpAdapter(bodyLimitBytes, env.TRUST_PROXY ?? false), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser,
  });
  app.useLogger(app.get(Logger));
  const state = shutdownStateOf(app);
  // A response sent while draining closes its connection: a kept-alive connection would hold the
  // listener's close open until its idle timeout.
  app.getHttpAdapter().getInstance().addHook('onSend', async (_request, reply) => {
    if (state.refusesWork) reply.header('connection', 'close');
  });
  const shutdown = new GracefulShutdown(app, state, shutdownSettings);
  if (handleSignals) shutdown.installSignalHandlers();
  const config = app.get(ConfigService);
  await configure?.(app, config);
  // Lifecycle hooks (seeding, consumers) run here, once, before any transport accepts requests.
  await app.init();
  if (microservice) {
    const tcp = app
      .connectMicroservice<MicroserviceOptions>(
        { strategy: new TcpServer({ host: config.getOrThrow('TCP_HOST'), port: config.getOrThrow('TCP_PORT') }) },
        // Own config (the HTTP side keeps its filters); handlers are created at start, after the
        // filter and interceptor below are registered.
        { deferInitialization: true },
      )
      .useGlobalFilters(new RpcErrorFilter())
      .useGlobalInterceptors(new RpcDrainInterceptor(state, config.getOrThrow('SERVICE_NAME')), new TraceContextInterceptor(), new DeadlineInterceptor());
    // The hooks already ran in app.init(); the microservice must not run them a second time.
    (tcp as unknown as NestMicroservice).setIsInitHookCalled(true);
    tcp.on('connection', (socket: Socket) => state.trackConnection(socket));
    await app.startAllMicroservices();
  }
  await app.listen(config.getOrThrow<number>('HTTP_PORT'), config.getOrThrow<string>('HTTP_HOST'));
  return { app, shutdown };
}

/** For main.ts: a service that cannot start says why on stderr and exits non-zero. */
export function exitOnBootFailure(error: unknown): never {
  process.stderr.write(`Service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
