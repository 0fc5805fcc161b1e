import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './node-process';

/** Where V8's heap bounds for every service are set, for compose, Helm, `npm run stack` and the benchmarks alike. */
export const NODE_MEMORY_ENV_FILE = join(workspaceRoot, 'deploy/helm/bazaar/files/node-memory.env');

/** The `NAME=value` lines of an env file (compose's format: `#` comments, values unquoted). */
export function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => [name, value.trim()]));
}

/** NODE_OPTIONS as the services run in production. */
export const nodeMemoryEnv = (file = NODE_MEMORY_ENV_FILE) => parseEnvFile(readFileSync(file, 'utf8'));
