import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '../../..');
export const fromRoot = (...segments: string[]) => join(workspaceRoot, ...segments);

export interface DeployTools {
  HELM_BIN: string;
  KUBECONFORM_BIN: string;
  COMPOSE_SPEC_SCHEMA: string;
  KUBERNETES_VERSION: string;
  KUBERNETES_OPENAPI: string;
}

let tools: DeployTools | undefined;

/** Builds helm and kubeconform on first use (cached in ~/.cache/bazaar/bin) and finds the specifications. */
export function deployTools(): DeployTools {
  tools ??= Object.fromEntries(
    execFileSync('bash', [fromRoot('deploy/checks/install-tools.sh'), '--print-env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000 })
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as unknown as DeployTools;
  return tools;
}
