import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CART_COOKIE } from './cart/cart-id';

export const API_PREFIX = 'api';

/** Edge concerns of the gateway's HTTP server: headers, cookies, CORS, OpenAPI, static files. */
export async function configureEdge(app: NestFastifyApplication, config: ConfigService, assetsDir?: string): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(fastifyCookie);
  const origins = config.getOrThrow<string[]>('CORS_ORIGINS');
  app.enableCors({ origin: origins.length ? origins : false, credentials: true });
  if (assetsDir) app.useStaticAssets({ root: join(assetsDir), prefix: '/assets/', decorateReply: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bazaar API')
      .setDescription('The storefront’s REST API: catalog, search and cart (more to come: checkout and orders).')
      .setVersion('0.1.0')
      .addCookieAuth(CART_COOKIE)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
