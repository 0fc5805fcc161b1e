import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually';

export const workspaceRoot = join(__dirname, '../../../..');

/** A service started from its build output, as production starts it. */
export interface ServiceProcess {
  name: string;
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where `<name>.log` is written (stdout and stderr). */
  logDir: string;
  /** What must answer 200 before the service counts as started. */
  readyPath?: '/health/live' | '/health/ready';
  timeoutMs?: number;
  /** The log's name when it is not `<name>`: a second instance, or a restart that must not overwrite the first log. */
  logName?: string;
}

/**
 * Starts `dist/apps/<name>` (`nx build <name>`) the way production does, the tracing preload
 * first, with exactly `env` (and PATH), and waits until it answers on `env.HTTP_PORT`.
 */
export async function startBuiltService(name: string, env: Record<string, string>, { logDir, readyPath = '/health/live', timeoutMs = 60000, logName = name }: StartOptions): Promise<ServiceProcess> {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${logName}.log`);
  const log = createWriteStream(logFile);
  const dist = join(workspaceRoot, 'dist/apps', name);
  const child = spawn(process.execPath, ['--require', join(dist, 'instrumentation.js'), join(dist, 'main.js')], {
    cwd: workspaceRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${env.HTTP_PORT}`;
  const service: ServiceProcess = { name, url, process: child, logFile, stop: () => stopProcess(child) };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${tailFile(logFile)}`);
        return (await fetch(`${url}${readyPath}`).catch(() => undefined))?.ok || undefined;
      },
      `${name} to answer ${readyPath} (log: ${logFile})`,
      timeoutMs,
    );
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

/** SIGTERM, then SIGKILL if the process has not exited within 10 s. */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The last lines of a log, for failure messages. */
export function tailFile(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
