import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { writeKubernetesSchemas } from './support/kubernetes-schemas';
import { measuredOrLikeItsPeers, measuredServiceMemory, NODE_LIMIT_HEADROOM, oldSpaceMiB } from './support/measured-memory';
import { knownVariables, requiredVariables, SERVICES, serviceEnvSchema } from './support/service-config';
import { deployTools, DeployTools, fromRoot } from './support/workspace';

const chart = fromRoot('deploy/helm/bazaar');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are read field by field
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

describe('Helm chart deploy/helm/bazaar', () => {
  let tools: DeployTools;
  let rendered: string;
  let manifests: Manifest[];
  const helm = (...args: string[]) => execFileSync(tools.HELM_BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
  const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'];

  beforeAll(() => {
    tools = deployTools();
    // Without --kube-version, as a reader would first try it.
    rendered = helm('template', 'shop', chart);
    manifests = parseAllDocuments(rendered).map((doc) => doc.toJS() as Manifest).filter(Boolean);
  }, 15 * 60_000);

  it('passes helm lint', () => {
    expect(helm('lint', chart, '--strict', '--kube-version', tools.KUBERNETES_VERSION)).toContain('0 chart(s) failed');
    expect(helm('lint', chart, '--strict')).toContain('0 chart(s) failed');
  });

  it('gives each service a memory limit above what it was measured to use, and an old space of at most half of it', () => {
    const measured = measuredServiceMemory();
    for (const deployment of byKind('Deployment')) {
      const name = component(deployment) as string;
      const [container] = deployment.spec.template.spec.containers;
      const limitMi = Number(/^(\d+)Mi$/.exec(container.resources.limits.memory)?.[1]);
      const oldSpace = oldSpaceMiB(container.env.find((variable: { name: string }) => variable.name === 'NODE_OPTIONS')?.value);
      expect({ name, limitOverMeasured: limitMi >= measuredOrLikeItsPeers(measured, name) * NODE_LIMIT_HEADROOM }).toEqual({ name, limitOverMeasured: true });
      expect({ name, halfOrLess: (oldSpace ?? Infinity) <= limitMi / 2 }).toEqual({ name, halfOrLess: true });
    }
  });

  it('renders manifests that pass kubeconform -strict against the Kubernetes OpenAPI schemas', () => {
    const schemas = writeKubernetesSchemas(tools.KUBERNETES_OPENAPI, join(process.env.BAZAAR_CACHE ?? join(homedir(), '.cache/bazaar'), `kubernetes-schemas-v${tools.KUBERNETES_VERSION}-strict`));
    const run = (input: string) =>
      spawnSync(tools.KUBECONFORM_BIN, ['-strict', '-summary', '-output', 'text', '-schema-location', `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, '-'], { input, encoding: 'utf8' });
    const result = run(rendered);
    expect(`${result.stdout}${result.stderr}`).toMatch(/Invalid: 0, Errors: 0/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Valid: [1-9]\d*/);

    // The check has teeth: a misspelt field and a wrong type are both refused.
    const broken = rendered.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:').replace(/minReplicas: \d+/, 'minReplicas: "two"');
    const refused = run(broken);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toContain('terminationGracePeriodSecond');
    expect(refused.stdout).toContain('minReplicas');
  });

  it('deploys every service with probes on its health endpoints, resources and its HTTP port', () => {
    const deployments = byKind('Deployment');
    expect(deployments.map(component).sort()).toEqual([...SERVICES].sort());
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const config = byKind('ConfigMap').find((m) => component(m) === component(deployment));
      const httpPort = Number(config?.data?.HTTP_PORT);
      expect(container.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: httpPort }));
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  it("gives each service every variable its config schema requires, and only variables it knows", async () => {
    const secret = byKind('Secret')[0]?.stringData ?? {};
    for (const deployment of byKind('Deployment')) {
      const name = component(deployment) as (typeof SERVICES)[number];
      const [container] = deployment.spec.template.spec.containers;
      const config = byKind('ConfigMap').find((m) => m.metadata.name === container.envFrom[0].configMapRef.name);
      const env: Record<string, string> = { ...config?.data };
      for (const variable of container.env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { key: string } } }>) {
        env[variable.name] = variable.value ?? secret[variable.valueFrom?.secretKeyRef.key ?? ''];
      }
      const schema = await serviceEnvSchema(name);
      expect({ name, missing: (await requiredVariables(name)).filter((key) => env[key] === undefined) }).toEqual({ name, missing: [] });
      const known = await knownVariables(schema);
      expect({ name, unknown: Object.keys(env).filter((key) => !known.includes(key)) }).toEqual({ name, unknown: [] });
      expect(() => schema.parse(env)).not.toThrow();
    }
  });

  it('points each service call at a Service that exposes that port', () => {
    const services = byKind('Service');
    for (const config of byKind('ConfigMap')) {
      for (const [key, value] of Object.entries(config.data ?? {}).filter(([key]) => key.endsWith('_ADDR'))) {
        const [host, port] = value.split(':');
        const target = services.find((s) => s.metadata.name === host);
        expect({ key, exposed: target?.spec.ports.map((p: { port: number }) => p.port) }).toEqual({ key, exposed: expect.arrayContaining([Number(port)]) });
      }
    }
  });

  it('makes the same service calls as compose: each service gets the same *_ADDR variables, naming the same callees', () => {
    const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    const calls = (environment: Record<string, unknown>, callee: (host: string) => string | undefined) =>
      Object.fromEntries(Object.entries(environment).filter(([key]) => key.endsWith('_ADDR')).map(([key, address]) => [key, callee(String(address).split(':')[0])]));
    const serviceComponent = (host: string) => component(byKind('Service').find((s) => s.metadata.name === host) as Manifest);
    for (const name of SERVICES) {
      const chart = calls(byKind('ConfigMap').find((m) => component(m) === name)?.data ?? {}, serviceComponent);
      expect({ name, calls: chart }).toEqual({ name, calls: calls(compose.services[name].environment ?? {}, (host) => host) });
    }
  });

  it('isolates each service: its rpc port only from the services whose config calls it, egress only to DNS, its stores, its callees and OTLP', async () => {
    const policies = byKind('NetworkPolicy');
    expect(policies.map(component).sort()).toEqual([...SERVICES].sort());
    const policyOf = (name: string) => policies.find((p) => component(p) === name);
    const configOf = (name: string) => byKind('ConfigMap').find((m) => component(m) === name)?.data ?? {};
    const serviceByHost = (host: string) => byKind('Service').find((s) => s.metadata.name === host);
    const ports = (rules: Array<{ ports: Array<{ port: number | string }> }>) => rules.flatMap((rule) => rule.ports.map((p) => p.port));
    const fromComponents = (rule: { from?: Array<{ podSelector?: { matchLabels: Record<string, string> } }> }) =>
      (rule.from ?? []).map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/component']);

    const callers = new Map<string, string[]>();
    const calleePorts = new Map<string, number[]>();
    for (const caller of SERVICES) {
      for (const [key, address] of Object.entries(configOf(caller)).filter(([key]) => key.endsWith('_ADDR'))) {
        const [host, port] = address.split(':');
        const callee = component(serviceByHost(host) as Manifest) as string;
        expect({ key, callee }).toEqual({ key, callee: expect.any(String) });
        callers.set(callee, [...(callers.get(callee) ?? []), caller]);
        calleePorts.set(caller, [...(calleePorts.get(caller) ?? []), Number(port)]);
      }
    }
    // The stores each service's env schema (apps/<name>/src/<name>.env.ts) asks for, as ports.
    const STORE_PORTS: Record<string, number> = { MONGO_URL: 27017, REDIS_URL: 6379, REDIS_SENTINELS: 26379, KAFKA_BROKERS: 9092 };
    const storePorts = Object.fromEntries(
      await Promise.all(SERVICES.map(async (name) => [name, Object.keys((await serviceEnvSchema(name)).shape).flatMap((key) => STORE_PORTS[key] ?? [])] as const)),
    );

    for (const name of SERVICES) {
      const policy = policyOf(name) as Manifest;
      expect(policy.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
      expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe(name);
      const rpcRules = policy.spec.ingress.filter((rule: { ports: Array<{ port: string }> }) => rule.ports.some((p) => p.port === 'rpc'));
      expect({ name, rpcFrom: rpcRules.flatMap(fromComponents).sort() }).toEqual({ name, rpcFrom: (callers.get(name) ?? []).sort() });
      // An ingress rule without `from` admits anyone: only the gateway's HTTP port may have one.
      const open = policy.spec.ingress.filter((rule: { from?: unknown[] }) => !rule.from);
      expect({ name, openPorts: ports(open) }).toEqual({ name, openPorts: name === 'gateway' ? ['http'] : [] });
      expect({ name, egress: ports(policy.spec.egress).sort() }).toEqual({ name, egress: [53, 53, 4318, ...storePorts[name], ...(calleePorts.get(name) ?? [])].sort() });
    }
  });

  it('gives every Redis client the Sentinels (a fixed redis.url would stay on the first primary after a failover), and only the cart the replicas to wait for', async () => {
    const configOf = (name: string) => byKind('ConfigMap').find((m) => component(m) === name)?.data ?? {};
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8'));
    for (const name of SERVICES) {
      const takesSentinels = 'REDIS_SENTINELS' in (await serviceEnvSchema(name)).shape;
      const { REDIS_SENTINELS, REDIS_SENTINEL_NAME, REDIS_WAIT_REPLICAS } = configOf(name);
      expect({ name, REDIS_SENTINELS, REDIS_SENTINEL_NAME }).toEqual(
        takesSentinels ? { name, REDIS_SENTINELS: values.redis.sentinels, REDIS_SENTINEL_NAME: values.redis.sentinelName } : { name, REDIS_SENTINELS: undefined, REDIS_SENTINEL_NAME: undefined },
      );
      expect({ name, REDIS_WAIT_REPLICAS }).toEqual({ name, REDIS_WAIT_REPLICAS: name === 'cart' ? String(values.redis.waitReplicas) : undefined });
    }
  });

  it('autoscales gateway, catalog and cart, keeps one pod of each through disruptions, and routes the Ingress to the gateway', () => {
    const hpas = byKind('HorizontalPodAutoscaler');
    expect(hpas.map(component).sort()).toEqual(['cart', 'catalog', 'gateway']);
    for (const hpa of hpas) expect(byKind('Deployment').map((d) => d.metadata.name)).toContain(hpa.spec.scaleTargetRef.name);
    expect(byKind('PodDisruptionBudget').map(component).sort()).toEqual([...SERVICES].sort());
    // An HPA-managed Deployment starts at the HPA's minimum, and no PDB can block a drain.
    for (const hpa of hpas) {
      const deployment = byKind('Deployment').find((d) => d.metadata.name === hpa.spec.scaleTargetRef.name);
      expect({ hpa: hpa.metadata.name, replicas: deployment?.spec.replicas }).toEqual({ hpa: hpa.metadata.name, replicas: hpa.spec.minReplicas });
    }
    for (const pdb of byKind('PodDisruptionBudget')) expect({ pdb: pdb.metadata.name, spec: pdb.spec }).toEqual({ pdb: pdb.metadata.name, spec: { maxUnavailable: 1, selector: expect.anything() } });
    const [ingress] = byKind('Ingress');
    const gateway = byKind('Service').find((s) => component(s) === 'gateway');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(gateway?.metadata.name);
  });
});
