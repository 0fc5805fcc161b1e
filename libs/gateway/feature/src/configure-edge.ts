import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import Fastify from 'fastify';
import { documentHealthChecks } from '@bazaar/shared/health';
import { REQUEST_ID_HEADER } from '@bazaar/shared/observability';
import { ADMIN_AUTH_SCHEME } from './admin/admin-token.guard';
import { CART_COOKIE } from './cart/cart-id';
import { completeApiDocument } from './http/api-errors';
import { HttpErrorFilter } from './http/http-error.filter';
import { acceptJsonBodiesOnly } from './http/json-body.parser';
import { answerUnsupportedMethods } from './http/method-not-allowed';
import { serveStorefront } from './storefront/storefront-routes';
import { addTraceIdHeader, TRACE_ID_HEADER } from './storefront/trace-id.header';

export const API_PREFIX = 'api';

/** Helmet's options: its default headers, with a CSP the storefront and the API docs work under. */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
    },
  },
};

export interface EdgeFiles {
  /** The gateway's own static files (product images under /assets/products). */
  assetsDir?: string;
  /** The storefront's build; served at / when it holds an index.html. */
  storefrontDir?: string;
}

/** The headers @fastify/helmet sets with SECURITY_HEADERS, read from a throwaway server's response before Fastify adds its own. */
async function securityHeaders(): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(fastifyHelmet, SECURITY_HEADERS);
  probe.get('/', (_request, reply) => reply.send(reply.raw.getHeaders()));
  try {
    return (await probe.inject({ method: 'GET', url: '/' })).json();
  } finally {
    await probe.close();
  }
}

/** Edge concerns of the gateway's HTTP server: headers, cookies, CORS, OpenAPI, static files, the storefront. */
export async function configureEdge(app: NestFastifyApplication, config: ConfigService, { assetsDir, storefrontDir }: EdgeFiles = {}): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'health/dependencies'] });
  // Global, so that Fastify's own errors (malformed JSON, 413, 415, unknown routes) get the one shape too.
  app.useGlobalFilters(new HttpErrorFilter());
  acceptJsonBodiesOnly(app.getHttpAdapter().getInstance());
  answerUnsupportedMethods(app.getHttpAdapter().getInstance());
  // Helmet's security headers on every response, the same on each: taken once, because
  // @fastify/helmet builds helmet again on every request (parsing the CSP each time), ~5 % of the
  // gateway's CPU on fast requests.
  const headers = await securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  // HMAC-SHA256 over the cart id; several secrets let one be rotated without logging every shopper out.
  await app.register(fastifyCookie, { secret: config.getOrThrow<string[]>('CART_COOKIE_SECRETS') });
  const origins = config.getOrThrow<string[]>('CORS_ORIGINS');
  app.enableCors({ origin: origins.length ? origins : false, credentials: true, exposedHeaders: [TRACE_ID_HEADER, REQUEST_ID_HEADER] });
  addTraceIdHeader(app);
  if (assetsDir) app.useStaticAssets({ root: join(assetsDir), prefix: '/assets/', decorateReply: false });
  if (storefrontDir && !(await serveStorefront(app, storefrontDir))) {
    new Logger('Storefront').warn(`No storefront build in ${storefrontDir} (run \`nx build storefront\`): serving the API only`);
  }

  documentHealthChecks();
  const document = completeApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Bazaar API')
        .setDescription('The storefront’s REST API: catalog, search, cart, checkout and orders; and catalog administration under /api/admin (bearer token).')
        .setVersion('0.1.0')
        .addCookieAuth(CART_COOKIE)
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The admin API’s token (the gateway’s ADMIN_TOKEN)' }, ADMIN_AUTH_SCHEME)
        .build(),
    ),
    `/${API_PREFIX}`,
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
