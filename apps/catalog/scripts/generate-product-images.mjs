// Writes one SVG per demo product to apps/gateway/src/assets/products/<slug>.svg.
// Run from the repository root: `node apps/catalog/scripts/generate-product-images.mjs`.
// The pictures come from the catalog domain lib (TypeScript), compiled on the fly with the
// workspace's own TypeScript, so the script and the seeded products can never disagree.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(join(root, 'package.json'));
const ts = require('typescript');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = compilerOptions.paths[request];
  return resolveFilename.call(this, alias ? join(root, alias[0]) : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const { demoProductImages } = require(join(root, 'libs/catalog/domain/src/index.ts'));
const outDir = join(root, 'apps/gateway/src/assets/products');
mkdirSync(outDir, { recursive: true });
const images = demoProductImages();
const wanted = new Set(images.map((image) => image.fileName));
for (const stale of readdirSync(outDir).filter((name) => name.endsWith('.svg') && !wanted.has(name))) rmSync(join(outDir, stale));
for (const { fileName, svg } of images) writeFileSync(join(outDir, fileName), svg);
console.log(`Wrote ${images.length} product images to ${outDir}`);
