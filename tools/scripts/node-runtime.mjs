// Prints the Node.js that the scripts and the tests run on, and fails when it is older than
// package.json's `engines`. The scripts put the right one first on PATH (use_node in
// dependencies.sh): the machine's own when it is new enough, else the one .nvmrc pins.
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const minimum = Number(/^>=\s*(\d+)$/.exec(engines.node)?.[1]);
if (!minimum) throw new Error(`package.json engines.node should read ">=<major>", not "${engines.node}"`);

console.log(`Node.js ${process.version} (${process.execPath})`);
if (Number(process.versions.node.split('.')[0]) < minimum) {
  console.error(`Node.js ${engines.node} is required; run this through npm (npm run test:all, npm run stack, npm run bench), which fetches the one .nvmrc pins, or install it (nvm use)`);
  process.exit(1);
}
