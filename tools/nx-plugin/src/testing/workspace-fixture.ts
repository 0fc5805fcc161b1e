import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tree, workspaceRoot } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

/** The real files the generators extend. */
export const SHARED_FILES = [
  'tsconfig.base.json',
  'eslint.config.mjs',
  'docker-compose.yml',
  'tools/compose-test/compose.stand-ins.yml',
  'deploy/helm/bazaar/values.yaml',
  'deploy/helm/bazaar/templates/_helpers.tpl',
  'tests/e2e/project.json',
  'deploy/src/support/service-config.ts',
  'libs/contracts/src/index.ts',
  'libs/contracts/src/services.ts',
  'libs/contracts/src/events/index.ts',
  'libs/contracts/src/events/topics.ts',
];

/** ... and those they read: the events a service may consume. */
const FIXTURE_FILES = [
  ...SHARED_FILES,
  ...['order-cancelled', 'order-confirmed', 'order-placed', 'stock-rejected', 'stock-reserved'].map((event) => `libs/contracts/src/events/${event}/${event}.event.ts`),
];

/** An empty Nx workspace holding a copy of the real files the generators extend. */
export function workspaceFixture(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const path of FIXTURE_FILES) tree.write(path, readFileSync(join(workspaceRoot, path), 'utf-8'));
  return tree;
}

/** Every file of the tree with its content. */
export function contentsOf(tree: Tree): Map<string, string> {
  return new Map(tree.listChanges().filter((change) => change.type !== 'DELETE').map((change) => [change.path, change.content?.toString('utf-8') ?? '']));
}

/** What the generator did to the tree since `before`: `CREATE path` / `UPDATE path`, sorted. */
export function changesSince(before: Map<string, string>, tree: Tree): string[] {
  return [...contentsOf(tree)]
    .filter(([path, content]) => before.get(path) !== content)
    .map(([path]) => `${before.has(path) ? 'UPDATE' : 'CREATE'} ${path}`)
    .sort();
}

/** The lines of `after` that `before` does not have (as many times as they are new), in order: enough to show an insertion. */
export function addedLines(before: string, after: string): string[] {
  const left = new Map<string, number>();
  for (const line of before.split('\n')) left.set(line, (left.get(line) ?? 0) + 1);
  return after.split('\n').filter((line) => {
    const count = left.get(line) ?? 0;
    left.set(line, count - 1);
    return count <= 0;
  });
}
