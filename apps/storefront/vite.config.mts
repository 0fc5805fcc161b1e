import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// The store is built to static files that the gateway serves (dist/apps/storefront). Content-hashed
// files go under /static/, which the gateway caches for a year; index.html is never cached.
export default defineConfig({
  root,
  plugins: [react()],
  // The store imports only types from contracts (erased at build), and values from entry points that import nothing
  // (the test cards: the main one would bundle the schemas, and zod). The tests compare a copied limit with the real one.
  resolve: {
    // The entry point before the lib: an alias also takes the paths below it.
    alias: [
      { find: '@bazaar/contracts/test-cards', replacement: fileURLToPath(new URL('../../libs/contracts/src/payments/test-cards.ts', import.meta.url)) },
      { find: '@bazaar/contracts', replacement: fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/storefront', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'static',
    sourcemap: true,
  },
  server: {
    // `nx serve storefront` during development: the API comes from a gateway on :3000 (npm run stack).
    proxy: Object.fromEntries(['/api', '/assets', '/docs'].map((path) => [path, process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000'])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}'],
    restoreMocks: true,
    // test-all.sh totals Jest-format reports in tmp/test-results (paths here are relative to `root`).
    reporters: ['default', './jest-json.reporter.mts'],
    outputFile: { json: '../../tmp/test-results/unit-storefront.json' },
  },
});
