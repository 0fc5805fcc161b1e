import { execFile } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import { infraAddress, InfraStart } from '../stack/infra';

const run = promisify(execFile);

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  /** 1-minute load average when the run started: other work on a shared machine shows here. */
  loadAverageAtStart: number;
  /** The same when the last benchmark ended. */
  loadAverageAtEnd?: number;
}

export interface Versions {
  node: string;
  npm: string;
  kafka: string;
  ferretdb: string;
  redis: string;
  /** When infra.sh started or found it (it is not needed by the benchmarks: spans go to the bench's own receiver). */
  jaeger?: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    loadAverageAtStart: loadAverage(),
  };
}

/** The 1-minute load average, to two decimals. */
export function loadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** infra.sh's report where it started or checked the servers; otherwise each server says its own version (Kafka's protocol does not). */
export async function versions(infra?: InfraStart): Promise<Versions> {
  const npm = await run('npm', ['--version']).then(({ stdout }) => stdout.trim(), () => 'unknown');
  return {
    node: process.version,
    npm,
    kafka: infra?.report.kafka?.version ?? 'unknown (not started by infra.sh)',
    ferretdb: infra?.report.ferretdb?.version ?? (await ferretdbVersion()),
    redis: infra?.report.redis?.version ?? (await redisVersion()),
    jaeger: infra?.report.jaeger?.version,
  };
}

async function ferretdbVersion(): Promise<string> {
  const client = await MongoClient.connect(infraAddress('ferretdb'), { serverSelectionTimeoutMS: 3000 });
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return String(info.ferretdbVersion ?? `MongoDB ${info.version}`).replace(/^v/, '');
  } finally {
    await client.close();
  }
}

async function redisVersion(): Promise<string> {
  const redis = new Redis(infraAddress('redis'), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}
