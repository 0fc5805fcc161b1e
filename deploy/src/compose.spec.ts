import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { z } from 'zod';
import { knownVariables, requiredVariables, SERVICES, serviceEnvSchema } from './support/service-config';
import { deployTools, fromRoot } from './support/workspace';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number; resources?: { limits?: { memory?: string } } };
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
// `<<:` merge keys are YAML 1.1; Compose resolves them, so must the test.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = Object.entries(compose.services);
const ONE_SHOT = new Set(['mongo-init']);
const MEMORY_BUDGET_MIB = 2560;

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

  it('limits every container’s memory, and the demo fits in 2.5 GB (the total stated at the top of the file)', () => {
    let total = 0;
    for (const [name, service] of services) {
      const limit = service.deploy?.resources?.limits?.memory;
      expect({ name, limit }).toEqual({ name, limit: expect.stringMatching(/^\d+[MG]$/) });
      total += mebibytes(limit as string) * (service.deploy?.replicas ?? 1);
    }
    expect(total).toBeLessThanOrEqual(MEMORY_BUDGET_MIB);
    expect(composeText).toContain(`they add up to ${total} MiB`);
  });

  it.each(SERVICES)('gives %s every variable its config schema requires, only known ones, and valid values', async (name) => {
    const env = Object.fromEntries(Object.entries(compose.services[name].environment ?? {}).map(([key, value]) => [key, String(value)]));
    const schema = await serviceEnvSchema(name);
    expect((await requiredVariables(name)).filter((key) => env[key] === undefined)).toEqual([]);
    const known = await knownVariables(schema);
    expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
    expect(() => schema.parse(env)).not.toThrow();
  });

  it('gives the load generator settings its schema accepts, and sends it through HAProxy', async () => {
    const { environment = {} } = compose.services['load-generator'];
    const { loadEnvSchema } = (await import(fromRoot('apps/load-generator/src/load.env.ts'))) as { loadEnvSchema: z.ZodObject<z.ZodRawShape> };
    const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value).replace(/^\$\{\w+:-(.*)\}$/, '$1')]));
    expect(Object.keys(env).filter((key) => !(key in loadEnvSchema.shape) && key !== 'NODE_OPTIONS')).toEqual([]);
    expect(loadEnvSchema.parse(env)).toMatchObject({ GATEWAY_URL: 'http://haproxy:8080' });
  });

  it('points every service address at a declared service listening on that TCP port', () => {
    for (const name of SERVICES) {
      for (const [key, value] of Object.entries(compose.services[name].environment ?? {}).filter(([key]) => key.endsWith('_ADDR'))) {
        const [host, port] = String(value).split(':');
        expect({ key, host, tcpPort: String(compose.services[host]?.environment?.TCP_PORT) }).toEqual({ key, host, tcpPort: port });
      }
    }
  });

  it('puts HAProxy in front of the gateway on port 8080, at the port the gateway listens on', () => {
    const haproxy = readFileSync(fromRoot('deploy/haproxy/haproxy.cfg'), 'utf8');
    expect(compose.services.haproxy.ports).toContain('8080:8080');
    expect(haproxy).toMatch(/bind :8080/);
    expect(haproxy).toMatch(/balance roundrobin/);
    expect(haproxy).toContain(`gateway:${compose.services.gateway.environment?.HTTP_PORT} check`);
    expect(haproxy).toContain('option httpchk GET /health/ready');
    expect(compose.services.gateway.deploy?.replicas).toBe(2);
  });
});
