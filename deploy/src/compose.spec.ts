import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { z } from 'zod';
import { measuredOrLikeItsPeers, measuredServiceMemory, NODE_LIMIT_HEADROOM, NODE_MEMORY_ENV_FILE, oldSpaceMiB, readEnvFile } from './support/measured-memory';
import { knownVariables, requiredVariables, SERVICES, serviceEnvSchema } from './support/service-config';
import { deployTools, fromRoot } from './support/workspace';

interface ComposeService {
  image?: string;
  restart?: string;
  stop_grace_period?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  env_file?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number; resources?: { limits?: { memory?: string } } };
  ports?: string[];
  volumes?: string[];
  command?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
// `<<:` merge keys are YAML 1.1; Compose resolves them, so must the test.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const ONE_SHOT = new Set(['mongo-init']);
const MEMORY_BUDGET_MIB = 3072;

/** NODE_OPTIONS as compose gives it to the container: its own environment wins over its env files. */
const nodeOptions = (service: ComposeService) =>
  service.environment?.NODE_OPTIONS === undefined ? (service.env_file ?? []).map((file) => readEnvFile(fromRoot(file)).NODE_OPTIONS).find(Boolean) : String(service.environment.NODE_OPTIONS);

/** A value as compose runs it with nothing set in the environment: `${VAR:-default}` is the default. */
const withDefaults = (value: unknown) => String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1');

/** haproxy.cfg as HAProxy reads it with `env`: a quoted `"${NAME-default}"` is NAME's value, or the default. */
const asHaproxyReads = (config: string, env: Record<string, string | number>) =>
  config.replace(/"\$\{(\w+)(?:-([^}]*))?\}"/g, (_match, name: string, fallback?: string) => String(env[name] ?? fallback ?? ''));

/** Whether `name` starts only after `dependency`, directly or through what it depends on. */
function needs(name: string, dependency: string): boolean {
  const dependsOn = Object.keys(compose.services[name]?.depends_on ?? {});
  return dependsOn.includes(dependency) || dependsOn.some((direct) => needs(direct, dependency));
}

function mebibytes(limit: string): number {
  const match = /^(\d+)([MG])$/.exec(limit);
  if (!match) throw new Error(`memory limit ${limit}: write it as <n>M or <n>G`);
  return Number(match[1]) * (match[2] === 'G' ? 1024 : 1);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification', () => {
    const schema = JSON.parse(readFileSync(deployTools().COMPOSE_SPEC_SCHEMA, 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // ... and the schema has teeth: an unknown service key is refused.
    expect(validate({ services: { redis: { image: 'redis', restartt: 'always' } } })).toBe(false);
  });

  it('builds every image from a Dockerfile that exists, for an app that exists', () => {
    const builds = services.filter(([, service]) => service.build);
    expect(builds.length).toBeGreaterThanOrEqual(SERVICES.length);
    for (const [name, { build }] of builds) {
      expect({ name, dockerfile: existsSync(fromRoot(build?.context ?? '.', build?.dockerfile ?? 'Dockerfile')) }).toEqual({ name, dockerfile: true });
      expect({ name, app: existsSync(fromRoot('apps', build?.args?.APP ?? '?', 'project.json')) }).toEqual({ name, app: true });
    }
  });

  it('declares every service another one depends on, and mounts only files that exist', () => {
    for (const [name, service] of services) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect({ name, dependency, declared: dependency in compose.services }).toEqual({ name, dependency, declared: true });
      for (const mount of (service.volumes ?? []).filter((volume) => volume.startsWith('./'))) expect({ name, mount, exists: existsSync(fromRoot(mount.split(':')[0])) }).toEqual({ name, mount, exists: true });
    }
  });

  it('gives every long-running container a health check and starts nothing before what it needs is healthy', () => {
    for (const [name, service] of services) {
      if (ONE_SHOT.has(name)) continue;
      // Images built here carry their own HEALTHCHECK (on /health/ready) unless compose overrides it.
      const inImage = service.build ? /^HEALTHCHECK .*\/health\/ready/m.test(readFileSync(fromRoot(service.build.context, service.build.dockerfile), 'utf8').replace(/\\\n\s*/g, ' ')) : false;
      expect({ name, healthcheck: Boolean(service.healthcheck?.test) || inImage }).toEqual({ name, healthcheck: true });
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: ONE_SHOT.has(dependency) ? 'service_completed_successfully' : 'service_healthy' });
      }
    }
  });

  it('limits every container’s memory, and what runs at once fits in 3 GiB (the total stated at the top of the file)', () => {
    const limits = new Map<string, number>();
    for (const [name, service] of services) {
      const limit = service.deploy?.resources?.limits?.memory;
      expect({ name, limit }).toEqual({ name, limit: expect.stringMatching(/^\d+[MG]$/) });
      limits.set(name, mebibytes(limit as string) * (service.deploy?.replicas ?? 1));
    }
    const sum = (names: string[]) => names.reduce((total, name) => total + (limits.get(name) ?? 0), 0);
    const longRunning = services.map(([name]) => name).filter((name) => !ONE_SHOT.has(name));
    expect(sum(longRunning)).toBeLessThanOrEqual(MEMORY_BUDGET_MIB);
    expect(composeText).toContain(`they add up to ${sum(longRunning)} MiB`);
    // A one-shot container ends before anything that needs it starts: it runs beside the rest only.
    for (const oneShot of ONE_SHOT) {
      const beside = longRunning.filter((name) => !needs(name, oneShot));
      expect({ oneShot, fits: sum([oneShot, ...beside]) <= MEMORY_BUDGET_MIB }).toEqual({ oneShot, fits: true });
    }
  });

  it('restarts every long-running container, the infrastructure too', () => {
    for (const [name, service] of services) {
      expect({ name, restart: service.restart }).toEqual({ name, restart: ONE_SHOT.has(name) ? expect.stringMatching(/^on-failure/) : 'unless-stopped' });
    }
  });

  it('gives each Node service a limit above what it was measured to use, and an old space of at most half of it', () => {
    const measured = measuredServiceMemory();
    for (const name of SERVICES) {
      const limit = mebibytes(compose.services[name].deploy?.resources?.limits?.memory ?? '0M');
      expect({ name, limitOverMeasured: limit >= measuredOrLikeItsPeers(measured, name) * NODE_LIMIT_HEADROOM }).toEqual({ name, limitOverMeasured: true });
    }
    for (const [name, service] of services.filter(([, service]) => service.build)) {
      const limit = mebibytes(service.deploy?.resources?.limits?.memory ?? '0M');
      expect({ name, oldSpace: oldSpaceMiB(nodeOptions(service)) }).toEqual({ name, oldSpace: expect.any(Number) });
      expect({ name, halfOrLess: (oldSpaceMiB(nodeOptions(service)) ?? Infinity) <= limit / 2 }).toEqual({ name, halfOrLess: true });
    }
  });

  it('bounds every service’s heap as the Helm chart, `npm run stack` and the benchmarks do, from one file', () => {
    for (const name of SERVICES) expect({ name, envFile: compose.services[name].env_file }).toEqual({ name, envFile: [NODE_MEMORY_ENV_FILE] });
    expect(readEnvFile(fromRoot(NODE_MEMORY_ENV_FILE)).NODE_OPTIONS).toMatch(/--max-old-space-size=\d+ --max-semi-space-size=\d+/);
  });

  it('gives every service more stop grace than its drain (SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS), so SIGKILL never races it', () => {
    for (const name of SERVICES) {
      const { environment = {}, stop_grace_period = '10s' } = compose.services[name];
      const drainMs = Number(environment.SHUTDOWN_DELAY_MS ?? 0) + Number(environment.SHUTDOWN_TIMEOUT_MS ?? 10_000);
      const graceMs = Number(/^(\d+)s$/.exec(stop_grace_period)?.[1] ?? NaN) * 1000;
      expect({ name, marginMs: graceMs - drainMs }).toEqual({ name, marginMs: expect.any(Number) });
      expect({ name, enough: graceMs - drainMs >= 5000 }).toEqual({ name, enough: true });
    }
  });

  it('publishes ports on 127.0.0.1 only, mongos, Kafka and Redis included, with Kafka advertising the published port', () => {
    const published = services.flatMap(([name, service]) => (service.ports ?? []).map((port) => ({ name, port })));
    for (const { name, port } of published) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    for (const name of ['mongos', 'kafka', 'redis', 'haproxy', 'jaeger']) expect({ name, ports: compose.services[name].ports?.length ?? 0 }).toEqual({ name, ports: expect.any(Number) });
    const kafka = compose.services.kafka;
    const [hostPort, containerPort] = (kafka.ports?.[0] ?? '').replace(/^127\.0\.0\.1:/, '').split(/:(?=\d+$)/);
    expect(String(kafka.environment?.KAFKA_LISTENERS)).toContain(`HOST://:${containerPort}`);
    expect(String(kafka.environment?.KAFKA_ADVERTISED_LISTENERS)).toContain(`HOST://127.0.0.1:${hostPort}`);
  });

  it('configures Kafka completely from KAFKA_* variables, its data on the volume, and checks its health without a second JVM', () => {
    const kafka = compose.services.kafka;
    // The image writes server.properties from the KAFKA_* variables alone once any is set.
    const dataMount = (kafka.volumes ?? []).find((volume) => volume.startsWith('kafka:'))?.split(':')[1];
    expect(kafka.environment?.KAFKA_LOG_DIRS).toBe(dataMount);
    expect(kafka.healthcheck?.test.join(' ')).not.toMatch(/kafka-[\w-]+\.sh|java/);
    expect(kafka.healthcheck?.test.join(' ')).toContain('/etc/kafka/ready.sh');
  });

  it('runs the Kafka and Redis versions the tests run (tools/infra)', () => {
    const infraKafka = /KAFKA_VERSION:=([\d.]+)/.exec(readFileSync(fromRoot('tools/infra/kafka.sh'), 'utf8'))?.[1];
    expect(compose.services.kafka.image).toBe(`apache/kafka:${infraKafka}`);
    // tools/infra runs Debian bookworm's redis-server, 7.0.
    expect(compose.services.redis.image).toMatch(/^redis:7\.0[.-]/);
  });

  it('keeps carts, rate limits and the catalog cache on a Redis primary and a replica, watched by three Sentinels on volumes of their own, and every Redis client goes through them', async () => {
    const redisLike = services.filter(([name]) => name.startsWith('redis'));
    expect(redisLike.map(([name]) => name).sort()).toEqual(['redis', 'redis-replica', 'redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3']);
    for (const [name, service] of redisLike) expect({ name, image: service.image }).toEqual({ name, image: compose.services.redis.image });
    // Both servers start through one script (they swap roles on a failover), the replica following the primary.
    expect(compose.services.redis.command).toEqual(['sh', '/deploy/redis/start-redis.sh', 'redis', '']);
    expect(compose.services['redis-replica'].command).toEqual(['sh', '/deploy/redis/start-redis.sh', 'redis-replica', 'redis']);
    const sentinels = ['redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'];
    for (const name of sentinels) {
      expect(compose.services[name].command).toEqual(['sh', '/deploy/redis/start-sentinel.sh', name]);
      // Sentinel rewrites its configuration as it learns; it must find it again after a restart.
      expect(compose.services[name].volumes).toContain(`${name}:/data`);
    }
    expect(readFileSync(fromRoot('deploy/redis/start-sentinel.sh'), 'utf8')).toMatch(/^sentinel monitor bazaar redis 6379 2$/m);
    // A fixed REDIS_URL would stay on the first primary after a failover: limits open, cache bypassed, carts failing.
    const redisClients = [];
    for (const name of SERVICES) if ('REDIS_SENTINELS' in (await serviceEnvSchema(name)).shape) redisClients.push(name);
    expect(redisClients).toEqual(expect.arrayContaining(['cart', 'catalog', 'gateway']));
    for (const name of redisClients) {
      const environment = compose.services[name].environment;
      expect({ name, sentinels: environment?.REDIS_SENTINELS, url: environment?.REDIS_URL }).toEqual({ name, sentinels: sentinels.map((sentinel) => `${sentinel}:26379`).join(','), url: undefined });
    }
    const cart = compose.services.cart;
    for (const name of ['redis-replica', ...sentinels]) expect({ name, condition: cart.depends_on?.[name]?.condition }).toEqual({ name, condition: 'service_healthy' });
  });

  it('bounds Jaeger’s in-memory traces to its limit, and sends it no metrics (it has no metrics pipeline)', () => {
    const jaeger = compose.services.jaeger;
    const config = parse(readFileSync(fromRoot('deploy/compose/jaeger.yaml'), 'utf8'));
    const maxTraces: number = config.extensions.jaeger_storage.backends.mem.memory.max_traces;
    // Measured: 20 000 ten-span traces took 483 MB, ~24 KB each, over an idle ~55 MB.
    const goMemLimit = Number(/^(\d+)MiB$/.exec(String(jaeger.environment?.GOMEMLIMIT))?.[1]);
    expect(55 + (maxTraces * 24) / 1024).toBeLessThan(goMemLimit);
    expect(goMemLimit).toBeLessThan(mebibytes(jaeger.deploy?.resources?.limits?.memory ?? '0M'));
    expect(Object.keys(config.service.pipelines)).toEqual(['traces']);
    for (const [name, service] of services) expect({ name, metrics: service.environment?.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT }).toEqual({ name, metrics: undefined });
  });

  it.each(SERVICES)('gives %s every variable its config schema requires, only known ones, and valid values', async (name) => {
    const env = Object.fromEntries(Object.entries(compose.services[name].environment ?? {}).map(([key, value]) => [key, withDefaults(value)]));
    const schema = await serviceEnvSchema(name);
    expect((await requiredVariables(name)).filter((key) => env[key] === undefined)).toEqual([]);
    const known = await knownVariables(schema);
    expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
    expect(() => schema.parse(env)).not.toThrow();
  });

  it('gives the load generator settings its schema accepts, and sends it through HAProxy', async () => {
    const { environment = {} } = compose.services['load-generator'];
    const { loadEnvSchema } = (await import(fromRoot('apps/load-generator/src/load.env.ts'))) as { loadEnvSchema: z.ZodObject<z.ZodRawShape> };
    const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, withDefaults(value)]));
    expect(Object.keys(env).filter((key) => !(key in loadEnvSchema.shape) && key !== 'NODE_OPTIONS')).toEqual([]);
    expect(loadEnvSchema.parse(env)).toMatchObject({ GATEWAY_URL: 'http://haproxy:8080' });
  });

  it('points every service address at a declared service listening on that TCP port, started (healthy) before its caller', () => {
    for (const name of SERVICES) {
      for (const [key, value] of Object.entries(compose.services[name].environment ?? {}).filter(([key]) => key.endsWith('_ADDR'))) {
        const [host, port] = String(value).split(':');
        expect({ key, host, tcpPort: String(compose.services[host]?.environment?.TCP_PORT) }).toEqual({ key, host, tcpPort: port });
        expect({ name, key, calleeFirst: compose.services[name].depends_on?.[host]?.condition }).toEqual({ name, key, calleeFirst: 'service_healthy' });
      }
    }
  });

  it('starts every service after Jaeger (directly or through what it needs), so no span of its start is lost', () => {
    for (const name of SERVICES) expect({ name, afterJaeger: needs(name, 'jaeger') }).toEqual({ name, afterJaeger: true });
  });

  it('puts HAProxy in front of the gateway on port 8080, one health-checked slot per replica at the port the gateway listens on', () => {
    const config = readFileSync(fromRoot('deploy/haproxy/haproxy.cfg'), 'utf8');
    // The same file runs natively with other addresses: every variable in it has compose's value as its default.
    expect(config.match(/\$\{\w+\}/g)).toBeNull();
    const haproxy = asHaproxyReads(config, compose.services.haproxy.environment ?? {});
    expect(compose.services.haproxy.ports?.map(withDefaults)).toContain('127.0.0.1:8080:8080');
    expect(haproxy).toMatch(/bind :8080\n/);
    expect(haproxy).toMatch(/balance roundrobin/);
    expect(haproxy).toMatch(/default-server check /);
    const servers = [...haproxy.matchAll(/^\s*server \S+ (\S+)/gm)].map((match) => match[1]);
    expect(servers).toEqual(Array(compose.services.gateway.deploy?.replicas).fill(`gateway:${compose.services.gateway.environment?.HTTP_PORT}`));
    expect(haproxy).toContain('option httpchk GET /health/ready');
    expect(compose.services.gateway.deploy?.replicas).toBe(2);
  });
});
