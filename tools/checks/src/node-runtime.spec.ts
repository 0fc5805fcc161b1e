import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Node.js version is pinned once, by package.json's devDependency `node` (what the tests,
// `npm run stack` and the benchmarks run on); the version managers' files and the images repeat it.
const workspaceRoot = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(workspaceRoot, path), 'utf8');
const pkg = JSON.parse(read('package.json'));
const pinned: string = pkg.devDependencies.node;

describe('the pinned Node.js', () => {
  it('is an exact version of the LTS line that engines requires', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(`>=${pinned.split('.')[0]}`);
  });

  it('is the one in .nvmrc and .node-version', () => {
    expect(read('.nvmrc').trim()).toBe(pinned);
    expect(read('.node-version').trim()).toBe(pinned);
  });

  it('is the one the images are built on', () => {
    expect(read('deploy/docker/Dockerfile')).toMatch(new RegExp(`^ARG NODE_VERSION=${pinned.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('is the one the tests run on', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('runs its install script, the only one allowed', () => {
    expect(Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed)).toEqual([['node', true]]);
  });
});
