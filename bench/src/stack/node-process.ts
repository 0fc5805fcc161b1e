import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stopProcess, tailFile } from '@bazaar/shared/testing';

/** The directory holding nx.json: this file runs from bench/src under Jest and from dist/bench when built. */
function findWorkspaceRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${from}`);
}

export const workspaceRoot = findWorkspaceRoot(__dirname);
export const benchTmp = join(workspaceRoot, 'tmp/bench');

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArgs] script` with exactly `env` (plus PATH). Output goes straight to a file
 * descriptor, not through this process (as @bazaar/shared/testing's startBuiltService does), so
 * the load generator's event loop never relays logs.
 */
export function startNode(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): NodeProcess {
  const logFile = join(benchTmp, 'logs', `${name}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: workspaceRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${name} did not start (${script})`);
  return { name, child, pid: child.pid, logFile, stop: () => stopProcess(child) };
}

/** Polls until `ready` is true; fails early, with its log, when the process exits. */
export async function waitUntil(process: NodeProcess, what: string, ready: () => Promise<boolean>, timeoutMs = 60_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`${process.name} exited (${process.child.exitCode ?? process.child.signalCode}) before ${what}:\n${tailFile(process.logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${process.name}: no ${what} after ${timeoutMs} ms:\n${tailFile(process.logFile)}`);
}

/** Answers 200 on `url` within a second. */
export async function answersOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await response.arrayBuffer();
  return response.ok;
}
