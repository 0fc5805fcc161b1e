import { join } from 'node:path';
import { generateFiles, type Tree, updateJson, workspaceRoot } from '@nx/devkit';
import { EVENT_NAME, listOption, namesOf, SERVICE_NAME } from '../../naming.ts';
import { appendOnce, insertBlockBefore, insertSortedLine, readRequired } from '../../source-edits.ts';
import { eventContractName, eventContractPath, eventGenerator } from '../event/generator.ts';

export type ServiceStore = 'mongo' | 'redis' | 'none';

export interface ServiceGeneratorOptions {
  name: string;
  db?: ServiceStore;
  /** Event names, comma-separated or as a list. */
  consumes?: string | string[];
  publishes?: string | string[];
  /** HTTP port; the TCP transport listens on port + 1000. */
  port?: number;
}

const FILES = join(workspaceRoot, 'tools/nx-plugin/src/generators/service/files');
const HELM_VALUES = 'deploy/helm/bazaar/values.yaml';
const HELM_HELPERS = 'deploy/helm/bazaar/templates/_helpers.tpl';
const COMPOSE = 'docker-compose.yml';
const E2E_PROJECT = 'tests/e2e/project.json';
const DEPLOY_CHECKS = 'deploy/src/support/service-config.ts';
/** The compose test's override: project images build on the host's network there. */
const COMPOSE_TEST_OVERRIDE = 'tools/compose-test/compose.stand-ins.yml';
/** A Node service's compose memory limit, as catalog's, cart's and order's. */
const COMPOSE_MEMORY_MIB = 208;
/** Where a service's TCP port is, relative to its HTTP port (3002 → 4002). */
const TCP_OFFSET = 1000;

interface EventNames {
  name: string;
  contractName: string;
  propertyName: string;
}

const eventNames = (name: string): EventNames => ({ name, contractName: eventContractName(name), propertyName: namesOf(name).propertyName });

/** The HTTP and TCP ports of each service in the Helm values, by service. */
function servicePorts(tree: Tree): Map<string, number[]> {
  const ports = new Map<string, number[]>();
  let service: string | undefined;
  for (const line of (tree.read(HELM_VALUES, 'utf-8') ?? '').split('\n')) {
    service = /^ {2}([\w-]+):$/.exec(line)?.[1] ?? (/^\S/.test(line) ? undefined : service);
    const port = /^ {4}(?:http|tcp)Port: (\d+)$/.exec(line)?.[1];
    if (service && port) ports.set(service, [...(ports.get(service) ?? []), Number(port)]);
  }
  return ports;
}

/** One above the highest HTTP port in use (HTTP ports are below their TCP ones): a port no service uses yet. */
function nextPort(tree: Tree): number {
  const used = [...servicePorts(tree).values()].map((ports) => ports[0]);
  return used.length > 0 ? Math.max(...used) + 1 : 3100;
}

function validate(tree: Tree, options: ServiceGeneratorOptions, consumes: string[], publishes: string[]): void {
  const { name, db = 'mongo', port } = options;
  if (!SERVICE_NAME.test(name)) throw new Error(`Service name "${name}": kebab-case, starting with a letter (payments, gift-cards)`);
  if (tree.exists(`apps/${name}/project.json`)) throw new Error(`apps/${name} exists already`);
  if (!['mongo', 'redis', 'none'].includes(db)) throw new Error(`--db=${db}: one of mongo, redis, none`);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port + TCP_OFFSET <= 65535)) {
    throw new Error(`--port=${port}: an HTTP port from 1 to ${65535 - TCP_OFFSET} (TCP takes port + ${TCP_OFFSET})`);
  }
  for (const event of [...consumes, ...publishes]) {
    if (!EVENT_NAME.test(event)) throw new Error(`Event "${event}": PascalCase, without a version (StockReserved)`);
  }
  const unknown = consumes.filter((event) => !tree.exists(eventContractPath(event)));
  if (unknown.length > 0) {
    throw new Error(`--consumes: no contract for ${unknown.join(', ')} in libs/contracts (add it with nx g @bazaar/tools:event <Name> --producer=<service>)`);
  }
  // The outbox is a field of the service's own MongoDB documents: written with the state change in one atomic write.
  if (publishes.length > 0 && db !== 'mongo') throw new Error(`--publishes needs --db=mongo: events leave through an outbox in the service's MongoDB documents`);
  if (consumes.length > 0 && db === 'none') throw new Error(`--consumes needs --db=mongo or --db=redis: the consumer records processed event ids there`);
}

/** The template values: names, the store, the events, and the few lines that depend on all of them. */
function templateValues(name: string, db: ServiceStore, consumes: string[], publishes: string[], port: number) {
  const mongo = db === 'mongo';
  const redis = db === 'redis';
  const kafka = consumes.length > 0 || publishes.length > 0;
  const checks = [
    ...(mongo ? [{ token: 'getConnectionToken()', param: 'mongo: Connection', check: 'mongooseCheck(mongo)' }] : []),
    ...(redis ? [{ token: 'REDIS_CLIENT', param: 'redis: Redis', check: 'redisCheck(redis)' }] : []),
    ...(kafka ? [{ token: 'KafkaConnection', param: 'kafka: KafkaConnection', check: 'kafka' }] : []),
  ];
  const healthFactory =
    checks.length === 0
      ? 'useFactory: () => []'
      : `inject: [${checks.map((c) => c.token).join(', ')}], useFactory: (${checks.map((c) => c.param).join(', ')}) => [${checks.map((c) => c.check).join(', ')}]`;
  const requiredEnv: Record<string, string> = {
    ...(mongo && { MONGO_URL: 'mongodb://127.0.0.1:27017' }),
    ...(redis && { REDIS_URL: 'redis://127.0.0.1:6379' }),
    ...(kafka && { KAFKA_BROKERS: '127.0.0.1:9092' }),
  };
  const servers = [...(mongo ? ['mongodb'] : []), ...(redis ? ['redis'] : []), ...(kafka ? ['kafka'] : [])];
  const readiness = [...servers, ...(consumes.length > 0 ? [`kafka-consumer:${name}`] : []), 'process'].sort();
  const messagingImports = [
    ...(publishes.length > 0 ? ['OutboxRelay', 'OutboxRelayOptions', 'outboxRelayProvider'] : []),
    ...(consumes.length > 0 ? ['consumerGroupProvider', 'PROCESSED_EVENT_STORE', ...(mongo ? ['MongoProcessedEventStore'] : [])] : []),
  ].sort((a, b) => a.localeCompare(b));
  const { className } = namesOf(name);
  const dataAccessImports = [`${className}DataAccessModule`, ...(publishes.length > 0 ? [`${className}Repository`] : []), ...(redis && consumes.length > 0 ? ['REDIS_CLIENT', 'RedisProcessedEventStore'] : [])];
  const expects = [mongo && 'the MongoDB connection (MongoConnectionModule)', kafka && 'KafkaModule'].filter(Boolean).join(' and ') || 'nothing';
  return {
    ...namesOf(name),
    db,
    mongo,
    redis,
    kafka,
    port,
    tcpPort: port + TCP_OFFSET,
    consumes: consumes.map(eventNames),
    publishes: publishes.map(eventNames),
    healthFactory,
    envImports: ['baseEnvSchema', 'port', ...(mongo ? ['mongoUrl'] : []), ...(redis ? ['redisEnv', 'redisRequired'] : []), ...(kafka ? ['kafkaEnv'] : [])].join(', '),
    requiredEnv: Object.entries(requiredEnv)
      .map(([key, value]) => `${key}: '${value}'`)
      .join(', '),
    // Redis is named by either of two variables (REDIS_URL, REDIS_SENTINELS): its own case in the env spec.
    requiredKeys: Object.keys(requiredEnv).filter((key) => key !== 'REDIS_URL'),
    servers,
    readiness,
    messagingImports: messagingImports.join(', '),
    dataAccessImports: dataAccessImports.join(', '),
    expects,
    storeLabel: mongo ? 'real MongoDB wire protocol' : redis ? 'real Redis' : 'in memory',
    e2eTestingImports: ['freePorts', ...(servers.length > 0 ? ['requireServer', 'serverAddress'] : []), ...(mongo || kafka ? ['uniqueName'] : [])].join(', '),
  };
}

type Values = ReturnType<typeof templateValues>;

function registerPaths(tree: Tree, name: string): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    const paths: Record<string, string[]> = { ...json.compilerOptions.paths };
    for (const kind of ['domain', 'data-access', 'feature']) paths[`@bazaar/${name}/${kind}`] = [`libs/${name}/${kind}/src/index.ts`];
    json.compilerOptions.paths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
    return json;
  });
}

function registerContract(tree: Tree, { fileName, constantName }: Values): void {
  insertSortedLine(tree, 'libs/contracts/src/index.ts', `export * from './${fileName}/${fileName}.messages';`, /^export \* from '\.\/[\w-]+\/[\w-]+\.messages';$/);
  appendOnce(tree, 'libs/contracts/src/services.ts', `export const ${constantName}_SERVICE =`, `export const ${constantName}_SERVICE = '${constantName}_SERVICE';\n`);
}

/** The scope's module-boundary rule: the service's projects may use their own scope and shared libs, nothing else. */
function registerScope(tree: Tree, { fileName }: Values): void {
  insertSortedLine(
    tree,
    'eslint.config.mjs',
    `            { sourceTag: 'scope:${fileName}', onlyDependOnLibsWithTags: ['scope:${fileName}', 'scope:shared'] },`,
    /^ {12}\{ sourceTag: 'scope:[\w-]+', onlyDependOnLibsWithTags: \['scope:[\w-]+', 'scope:shared'\] \},$/,
  );
}

function composeService({ fileName, port, tcpPort, mongo, redis, kafka }: Values): string {
  const lines = [
    `  ${fileName}:`,
    '    <<: *service',
    `    image: bazaar/${fileName}:local`,
    `    build: { context: ., dockerfile: deploy/docker/Dockerfile, args: { APP: ${fileName} } }`,
    // Node's heap flags, one file for every service (compose, Helm, npm run stack, the bench).
    '    env_file: [deploy/helm/bazaar/files/node-memory.env]',
    '    environment:',
    '      <<: *service-env',
    `      HTTP_PORT: ${port}`,
    `      TCP_PORT: ${tcpPort}`,
    ...(mongo ? ['      MONGO_URL: mongodb://mongos:27017', `      MONGO_DB: ${fileName}`] : []),
    // Through the Sentinels, like every Redis client here: it follows a failover.
    ...(redis ? ['      REDIS_SENTINELS: redis-sentinel-1:26379,redis-sentinel-2:26379,redis-sentinel-3:26379', '      REDIS_SENTINEL_NAME: bazaar'] : []),
    ...(kafka ? ['      KAFKA_BROKERS: kafka:9092'] : []),
    '    depends_on:',
    ...(mongo ? ['      mongos: { condition: service_healthy }', '      mongo-init: { condition: service_completed_successfully }'] : []),
    ...(redis ? ['redis', 'redis-sentinel-1', 'redis-sentinel-2', 'redis-sentinel-3'].map((server) => `      ${server}: { condition: service_healthy }`) : []),
    ...(kafka ? ['      kafka: { condition: service_healthy }'] : []),
    // After Jaeger, so no span of its start is lost (deploy/src/compose.spec.ts checks every service).
    '      jaeger: { condition: service_healthy }',
    `    deploy: { resources: { limits: { memory: ${COMPOSE_MEMORY_MIB}M } } }`,
  ];
  // A blank line after it, like every service block.
  return `${lines.join('\n')}\n\n`;
}

function helmValues({ fileName, port, tcpPort, mongo }: Values): string {
  return [
    `  ${fileName}:`,
    `    httpPort: ${port}`,
    `    tcpPort: ${tcpPort}`,
    '    replicas: 2',
    '    resources:',
    '      requests: { cpu: 100m, memory: 128Mi }',
    '      limits: { memory: 256Mi }',
    '    autoscaling: { enabled: false }',
    '    pdb: { maxUnavailable: 1 }',
    mongo ? `    env:\n      MONGO_DB: ${fileName}` : '    env: {}',
  ].join('\n');
}

/** compose (and the compose test's override), the Helm chart's values and topology: each a text insertion that keeps the file's comments. */
function registerDeployment(tree: Tree, values: Values): void {
  const { fileName, mongo, redis, kafka } = values;
  if (!readRequired(tree, COMPOSE).includes(`\n  ${fileName}:\n`)) {
    insertBlockBefore(tree, COMPOSE, `\n  ${fileName}:\n`, composeService(values), /^ {2}# ---- HAProxy|^volumes:/);
    // The total of the memory limits, stated at the top of the file (deploy/src/compose.spec.ts checks it).
    tree.write(COMPOSE, readRequired(tree, COMPOSE).replace(/they add up to (\d+) MiB/, (_total, mib: string) => `they add up to ${Number(mib) + COMPOSE_MEMORY_MIB} MiB`));
  }
  insertBlockBefore(tree, HELM_VALUES, `\n  ${fileName}:\n    httpPort:`, helmValues(values), /^$/, /^services:$/);
  if (tree.exists(COMPOSE_TEST_OVERRIDE)) {
    insertSortedLine(tree, COMPOSE_TEST_OVERRIDE, `  ${fileName}: { build: *build-network }`, /^ {2}[\w-]+: \{ build: \*build-network \}$/);
  }
  const stores = [...(mongo ? ['mongodb'] : []), ...(redis ? ['redis'] : []), ...(kafka ? ['kafka'] : [])];
  insertBlockBefore(tree, HELM_HELPERS, `\n${fileName}: { stores:`, `${fileName}: { stores: [${stores.join(', ')}], calls: [] }`, /^\{\{- end -\}\}$/, /define "bazaar\.topology"/);
}

/** The deploy checks (deploy/src) know the services by name: they read each one's env schema and find its manifests. */
function registerDeployChecks(tree: Tree, { fileName }: Values): void {
  if (!tree.exists(DEPLOY_CHECKS)) return;
  const content = readRequired(tree, DEPLOY_CHECKS);
  tree.write(DEPLOY_CHECKS, content.replace(/^(export const SERVICES = \[)([^\]\n]*)(\] as const;)$/m, (list, head: string, items: string, tail: string) => (items.includes(`'${fileName}'`) ? list : `${head}${items}, '${fileName}'${tail}`)));
}

/**
 * The end-to-end project builds the service before its suites run (the generated suite starts the
 * build). Edited as text where the lists are on one line, so the file keeps its layout.
 */
function registerEndToEnd(tree: Tree, { fileName }: Values): void {
  if (!tree.exists(E2E_PROJECT)) return;
  const content = readRequired(tree, E2E_PROJECT);
  const lists = /("implicitDependencies": \[|"projects": \[)([^\]\n]*)\]/g;
  const edited = content.replace(lists, (list: string, head: string, items: string) => (items.includes(`"${fileName}"`) ? list : `${head}${items}, "${fileName}"]`));
  if (edited !== content || content.includes(`"${fileName}"`)) {
    tree.write(E2E_PROJECT, edited);
    return;
  }
  updateJson(tree, E2E_PROJECT, (json) => {
    const add = (list: string[] | undefined) => (list?.includes(fileName) ? list : [...(list ?? []), fileName]);
    json.implicitDependencies = add(json.implicitDependencies);
    const builds = json.targets?.integration?.dependsOn?.find((entry: { target?: string }) => entry.target === 'build');
    if (builds) builds.projects = add(builds.projects);
    return json;
  });
}

/**
 * `nx g @bazaar/tools:service <name>`: a service shaped like cart and order (see docs/fork-guide.md).
 * Templates are written as they are laid out (no formatFiles: the repository has no Prettier config,
 * and Prettier's defaults would rewrite compose and the Helm values). Every edit of a shared file
 * is idempotent.
 */
export async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<void> {
  const consumes = listOption(options.consumes);
  const publishes = listOption(options.publishes);
  validate(tree, options, consumes, publishes);
  const { name, db = 'mongo' } = options;
  for (const event of publishes) {
    if (!tree.exists(eventContractPath(event))) await eventGenerator(tree, { name: event, producer: name });
  }
  const port = options.port ?? nextPort(tree);
  const taken = [...servicePorts(tree)].find(([service, ports]) => service !== name && (ports.includes(port) || ports.includes(port + TCP_OFFSET)));
  if (taken) throw new Error(`--port=${port}: ${port} or ${port + TCP_OFFSET} is taken by ${taken[0]} in ${HELM_VALUES}`);

  const values = templateValues(name, db, consumes, publishes, port);
  generateFiles(tree, join(FILES, 'base'), '.', values);
  generateFiles(tree, join(FILES, db), '.', values);
  if (consumes.length > 0) generateFiles(tree, join(FILES, 'consumes'), '.', values);
  if (publishes.length > 0) generateFiles(tree, join(FILES, 'publishes'), '.', values);

  registerPaths(tree, name);
  registerContract(tree, values);
  registerScope(tree, values);
  registerDeployment(tree, values);
  registerDeployChecks(tree, values);
  registerEndToEnd(tree, values);
}

export default serviceGenerator;
