// Prints the Node.js that the scripts and the tests run on, and fails when it is older than
// package.json's `engines`. Inside npm scripts `node` is node_modules/.bin/node, the pinned
// devDependency, so a machine with an older system Node still runs everything on the pinned one.
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const minimum = Number(/^>=\s*(\d+)$/.exec(engines.node)?.[1]);
if (!minimum) throw new Error(`package.json engines.node should read ">=<major>", not "${engines.node}"`);

console.log(`Node.js ${process.version} (${process.execPath})`);
if (Number(process.versions.node.split('.')[0]) < minimum) {
  console.error(`Node.js ${engines.node} is required; run this through npm (npm run test:all, npm run stack), which puts the pinned one first on PATH, or install it (.nvmrc)`);
  process.exit(1);
}
