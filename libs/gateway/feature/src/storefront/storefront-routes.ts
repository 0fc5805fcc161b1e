import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the storefront's build puts its content-hashed files (vite's `build.assetsDir`). */
export const STOREFRONT_HASHED_PREFIX = '/static/';

/** Paths that belong to the server: an unknown path under one of these is a real 404, never the store's page. */
const SERVER_PREFIXES = ['/api', '/docs', '/health', '/assets', '/static'];

/** True for paths the store's client-side router owns (`/`, `/c/kitchen`, `/orders/…`). */
export function isStorefrontPath(url: string): boolean {
  const path = url.split('?')[0];
  return !SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built storefront (dist/apps/storefront): content-hashed files under /static/ are cached
 * for a year, and every other GET outside the server's own paths answers index.html, uncached, so
 * a deep link or a reload of `/p/enamel-kettle` opens the store and a new build is picked up at once.
 * Returns false, serving nothing, when the directory has no build.
 */
export async function serveStorefront(app: NestFastifyApplication, storefrontDir: string): Promise<boolean> {
  const indexHtml = join(storefrontDir, 'index.html');
  if (!existsSync(indexHtml)) return false;
  await app.register(fastifyStatic, {
    root: join(storefrontDir, STOREFRONT_HASHED_PREFIX),
    prefix: STOREFRONT_HASHED_PREFIX,
    decorateReply: false,
    index: false,
    maxAge: '365d',
    immutable: true,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', async (request, reply) => {
      if (!isStorefrontPath(request.url)) return reply.callNotFound();
      // Read on each request (the OS caches it): a rebuilt store is served without restarting the gateway.
      const html = await readFile(indexHtml, 'utf8');
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
    });
  return true;
}
