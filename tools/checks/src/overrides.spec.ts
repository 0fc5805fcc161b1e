import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Nx writes each app's package.json (what the image's `npm ci --omit=dev` installs) with the root
// overrides, minus those keyed by a bare name the app depends on directly: a nested override such
// as `"@fastify/otel": {...}` would vanish from the images, and their lock would no longer match.
// Keyed as `name@version` (the exact version the root depends on), it survives.
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const direct = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));

describe('package.json overrides', () => {
  it('are not keyed by the bare name of a direct dependency', () => {
    expect(Object.keys(pkg.overrides).filter((key) => direct.has(key))).toEqual([]);
  });
});
