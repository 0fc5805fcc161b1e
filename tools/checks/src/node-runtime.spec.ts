import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Node.js version is pinned once, in .nvmrc (what version managers read, and what the scripts
// fetch on a machine whose own Node is older than `engines`); .node-version and the images repeat it.
const workspaceRoot = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(workspaceRoot, path), 'utf8');
const pkg = JSON.parse(read('package.json'));
const pinned: string = read('.nvmrc').trim();

describe('the pinned Node.js', () => {
  it('is an exact version of the LTS line that engines requires', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(`>=${pinned.split('.')[0]}`);
  });

  it('is the one in .node-version', () => {
    expect(read('.node-version').trim()).toBe(pinned);
  });

  it('is the one the images are built on', () => {
    expect(read('deploy/docker/Dockerfile')).toMatch(new RegExp(`^ARG NODE_VERSION=${pinned.replace(/\./g, '\\.')}$`, 'm'));
  });

  it("is at least what the tests run on (the machine's own Node when it meets engines)", () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(pinned.split('.')[0]));
  });

  it('is not a dependency: npm ci installs no Node.js, so a machine with its own Node >= engines runs on it', () => {
    expect(pkg.devDependencies.node).toBeUndefined();
    expect(pkg.dependencies.node).toBeUndefined();
  });

  it('lets no package run an install script', () => {
    expect(Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed)).toEqual([]);
  });
});
