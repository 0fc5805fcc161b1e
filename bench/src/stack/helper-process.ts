import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeProcess, startNode, waitUntil, workspaceRoot } from './node-process';

export type HelperEntry = 'browse-baseline' | 'cart-baseline' | 'kafka-relay-baseline' | 'otlp-sink' | 'service-stand-in';

/** Starts one of the bench's own processes (dist/bench/<entry>.js) and waits for its `ready` line; `name` tells two of one entry apart. */
export async function startHelper(entry: HelperEntry, env: Record<string, string>, name: string = entry): Promise<NodeProcess> {
  const script = join(workspaceRoot, 'dist/bench', `${entry}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: build the bench first (npx nx build bench)`);
  const helper = startNode(name, script, { NODE_ENV: 'production', ...env });
  try {
    await waitUntil(helper, 'its "ready" line', async () => /^ready$/m.test(readFileSync(helper.logFile, 'utf8')), 60_000);
  } catch (error) {
    await helper.stop();
    throw error;
  }
  return helper;
}
