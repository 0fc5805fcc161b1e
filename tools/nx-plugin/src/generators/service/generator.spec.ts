import type { Tree } from '@nx/devkit';
import { addedLines, changesSince, contentsOf, SHARED_FILES, workspaceFixture } from '../../testing/workspace-fixture.ts';
import { serviceGenerator, type ServiceGeneratorOptions } from './generator.ts';

const added = (before: Map<string, string>, tree: Tree, path: string) => addedLines(before.get(path) ?? '', tree.read(path, 'utf-8') ?? '');
const json = (tree: Tree, path: string) => JSON.parse(tree.read(path, 'utf-8') ?? '');

describe('service generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = workspaceFixture()));

  describe('ledger: MongoDB, consumes StockReserved, publishes two new events', () => {
    let before: Map<string, string>;
    beforeEach(async () => {
      before = contentsOf(tree);
      await serviceGenerator(tree, { name: 'ledger', db: 'mongo', consumes: 'StockReserved', publishes: 'LedgerEntryRecorded, LedgerEntryRejected', port: 3400 });
    });

    it('writes the app shell, the three libs, the contract, the e2e suite and the two events, and extends the shared files', () => {
      const created = (paths: string[]) => paths.map((path) => `CREATE ${path}`);
      expect(changesSince(before, tree)).toEqual(
        [
          ...created([
            'apps/ledger/jest.config.cjs',
            'apps/ledger/project.json',
            'apps/ledger/src/instrumentation.ts',
            'apps/ledger/src/main.ts',
            'apps/ledger/src/ledger.env.spec.ts',
            'apps/ledger/src/ledger.env.ts',
            'apps/ledger/src/ledger.module.ts',
            'apps/ledger/tsconfig.app.json',
            'apps/ledger/tsconfig.json',
            'apps/ledger/webpack.config.cjs',
            'libs/contracts/src/events/ledger-entry-recorded/ledger-entry-recorded.event.spec.ts',
            'libs/contracts/src/events/ledger-entry-recorded/ledger-entry-recorded.event.ts',
            'libs/contracts/src/events/ledger-entry-recorded/ledger-entry-recorded.example.json',
            'libs/contracts/src/events/ledger-entry-rejected/ledger-entry-rejected.event.spec.ts',
            'libs/contracts/src/events/ledger-entry-rejected/ledger-entry-rejected.event.ts',
            'libs/contracts/src/events/ledger-entry-rejected/ledger-entry-rejected.example.json',
            'libs/contracts/src/ledger/ledger.messages.spec.ts',
            'libs/contracts/src/ledger/ledger.messages.ts',
            ...['data-access', 'domain', 'feature'].flatMap((kind) => [`libs/ledger/${kind}/jest.config.cjs`, `libs/ledger/${kind}/project.json`]),
            'libs/ledger/data-access/src/index.ts',
            'libs/ledger/data-access/src/ledger-data-access.module.ts',
            'libs/ledger/data-access/src/ledger.repository.ts',
            'libs/ledger/data-access/src/ledger.schema.ts',
            'libs/ledger/data-access/tsconfig.json',
            'libs/ledger/domain/src/index.ts',
            'libs/ledger/domain/src/ledger.record.spec.ts',
            'libs/ledger/domain/src/ledger.record.ts',
            'libs/ledger/domain/tsconfig.json',
            'libs/ledger/feature/src/incoming-events.handlers.ts',
            'libs/ledger/feature/src/index.ts',
            'libs/ledger/feature/src/ledger-events.ts',
            'libs/ledger/feature/src/ledger-feature.module.ts',
            'libs/ledger/feature/src/ledger-queries.service.ts',
            'libs/ledger/feature/src/ledger.controller.int-spec.ts',
            'libs/ledger/feature/src/ledger.controller.ts',
            'libs/ledger/feature/tsconfig.json',
            'tests/e2e/src/ledger.int-spec.ts',
          ]),
          ...SHARED_FILES.map((path) => `UPDATE ${path}`),
        ].sort(),
      );
    });

    it('tags every project scope:ledger and its type, and maps the libs in tsconfig.base.json', () => {
      expect(json(tree, 'apps/ledger/project.json')).toMatchObject({ name: 'ledger', projectType: 'application', tags: ['scope:ledger', 'type:app'] });
      for (const kind of ['domain', 'data-access', 'feature']) {
        expect(json(tree, `libs/ledger/${kind}/project.json`)).toMatchObject({ name: `ledger-${kind}`, tags: ['scope:ledger', `type:${kind}`] });
        expect(json(tree, 'tsconfig.base.json').compilerOptions.paths[`@bazaar/ledger/${kind}`]).toEqual([`libs/ledger/${kind}/src/index.ts`]);
      }
    });

    it('adds the scope to the module-boundary rules, the contract to libs/contracts, the topology to the chart', () => {
      expect(added(before, tree, 'eslint.config.mjs')).toEqual(["            { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:ledger', 'scope:shared'] },"]);
      expect(added(before, tree, 'libs/contracts/src/index.ts')).toEqual(["export * from './ledger/ledger.messages';"]);
      expect(added(before, tree, 'libs/contracts/src/services.ts')).toEqual(["export const LEDGER_SERVICE = 'LEDGER_SERVICE';"]);
      expect(added(before, tree, 'deploy/helm/bazaar/templates/_helpers.tpl')).toEqual(['ledger: { stores: [mongodb, kafka], calls: [] }']);
    });

    it('adds a compose service built from the shared Dockerfile, on its own database and Kafka', () => {
      expect(tree.read('docker-compose.yml', 'utf-8')).toContain(
        [
          '  ledger:',
          '    <<: *service',
          '    image: bazaar/ledger:local',
          '    build: { context: ., dockerfile: deploy/docker/Dockerfile, args: { APP: ledger } }',
          '    env_file: [deploy/helm/bazaar/files/node-memory.env]',
          '    environment:',
          '      <<: *service-env',
          '      HTTP_PORT: 3400',
          '      TCP_PORT: 4400',
          '      MONGO_URL: mongodb://mongos:27017',
          '      MONGO_DB: ledger',
          '      KAFKA_BROKERS: kafka:9092',
          '    depends_on:',
          '      mongos: { condition: service_healthy }',
          '      mongo-init: { condition: service_completed_successfully }',
          '      kafka: { condition: service_healthy }',
          '      jaeger: { condition: service_healthy }',
          '    deploy: { resources: { limits: { memory: 208M } } }',
          '',
          '  # ---- HAProxy',
        ].join('\n'),
      );
    });

    it('counts its memory limit in the total at the top of docker-compose.yml, and names it to the deploy checks', () => {
      const total = (text: string | null | undefined) => Number(/they add up to (\d+) MiB/.exec(text ?? '')?.[1]);
      expect(total(tree.read('docker-compose.yml', 'utf-8'))).toBe(total(before.get('docker-compose.yml')) + 208);
      expect(tree.read('deploy/src/support/service-config.ts', 'utf-8')).toMatch(/^export const SERVICES = \[[^\]]*, 'ledger'\] as const;$/m);
    });

    it("builds its image on the host's network in the compose test, like the other project images", () => {
      expect(added(before, tree, 'tools/compose-test/compose.stand-ins.yml')).toEqual(['  ledger: { build: *build-network }']);
    });

    it('adds the Helm values at the end of services', () => {
      expect(tree.read('deploy/helm/bazaar/values.yaml', 'utf-8')).toContain(
        [
          '  ledger:',
          '    httpPort: 3400',
          '    tcpPort: 4400',
          '    replicas: 2',
          '    resources:',
          '      requests: { cpu: 100m, memory: 128Mi }',
          '      limits: { memory: 256Mi }',
          '    autoscaling: { enabled: false }',
          '    pdb: { maxUnavailable: 1 }',
          '    env:',
          '      MONGO_DB: ledger',
          '',
          'ingress:',
        ].join('\n'),
      );
    });

    it('makes the e2e project build ledger, keeping its layout', () => {
      const withLedger = (line: string) => line.replace(/\](?=[,\s}]*$)|\](?=, "target")/, ', "ledger"]');
      const lists = (before.get('tests/e2e/project.json') ?? '').split('\n').filter((line) => /"implicitDependencies"|"projects"/.test(line));
      expect(added(before, tree, 'tests/e2e/project.json')).toEqual(lists.map(withLedger));
    });

    it('wires the consumer (processed events in MongoDB) and the outbox relay of the published events', () => {
      const feature = tree.read('libs/ledger/feature/src/ledger-feature.module.ts', 'utf-8');
      expect(feature).toContain("outboxRelayProvider('ledger', LedgerRepository, publishedContract, relay),");
      expect(feature).toContain('consumerGroupProvider(consumerGroup, IncomingEventsHandlers),');
      expect(feature).toContain('new MongoProcessedEventStore(mongo)');
      expect(tree.read('libs/ledger/feature/src/incoming-events.handlers.ts', 'utf-8')).toContain('onEvent(StockReserved, (event) => this.onStockReserved(event)),');
      expect(tree.read('libs/ledger/feature/src/ledger-events.ts', 'utf-8')).toContain('const PUBLISHED: EventContract[] = [LedgerEntryRecorded, LedgerEntryRejected];');
      expect(tree.read('libs/ledger/data-access/src/ledger.repository.ts', 'utf-8')).toContain('export class LedgerRepository implements OutboxStore {');
      expect(tree.read('apps/ledger/src/ledger.module.ts', 'utf-8')).toContain(
        'health: { inject: [getConnectionToken(), KafkaConnection], useFactory: (mongo: Connection, kafka: KafkaConnection) => [mongooseCheck(mongo), kafka] },',
      );
    });

    it('changes no shared file when run again for the same service (after its own files are gone)', async () => {
      const shared = new Map(SHARED_FILES.map((path) => [path, tree.read(path, 'utf-8')]));
      for (const dir of ['apps/ledger', 'libs/ledger', 'libs/contracts/src/ledger', 'tests/e2e/src/ledger.int-spec.ts']) tree.delete(dir);
      await serviceGenerator(tree, { name: 'ledger', db: 'mongo', consumes: 'StockReserved', publishes: 'LedgerEntryRecorded,LedgerEntryRejected', port: 3400 });
      for (const [path, content] of shared) expect([path, tree.read(path, 'utf-8')]).toEqual([path, content]);
    });
  });

  it('redis: a Redis client and processed-event store of its own, no outbox, no MongoDB', async () => {
    const before = contentsOf(tree);
    await serviceGenerator(tree, { name: 'gift-cards', db: 'redis', consumes: ['OrderConfirmed', 'OrderCancelled'], port: 3300 });
    expect(tree.exists('libs/gift-cards/data-access/src/redis.module.ts')).toBe(true);
    expect(tree.exists('libs/gift-cards/feature/src/gift-cards-events.ts')).toBe(false);
    expect(tree.read('libs/gift-cards/feature/src/gift-cards-feature.module.ts', 'utf-8')).toContain('new RedisProcessedEventStore(redis)');
    // Through the Sentinels where they are given (compose, Helm), like every Redis client of the store.
    expect(tree.read('apps/gift-cards/src/gift-cards.env.ts', 'utf-8')).toContain('  ...redisEnv,\n');
    expect(tree.read('apps/gift-cards/src/gift-cards.env.ts', 'utf-8')).toContain('}).refine(...redisRequired);');
    expect(tree.read('libs/gift-cards/data-access/src/redis.module.ts', 'utf-8')).toContain("createRedisClient(redisTarget(config) ?? config.getOrThrow<string>('REDIS_URL'))");
    expect(tree.read('apps/gift-cards/src/gift-cards.env.ts', 'utf-8')).not.toContain('MONGO_URL');
    expect(added(before, tree, 'deploy/helm/bazaar/templates/_helpers.tpl')).toEqual(['gift-cards: { stores: [redis, kafka], calls: [] }']);
    expect(tree.read('docker-compose.yml', 'utf-8')).toContain(
      '      HTTP_PORT: 3300\n      TCP_PORT: 4300\n      REDIS_SENTINELS: redis-sentinel-1:26379,redis-sentinel-2:26379,redis-sentinel-3:26379\n      REDIS_SENTINEL_NAME: bazaar\n      KAFKA_BROKERS: kafka:9092\n    depends_on:\n      redis:',
    );
  });

  it('takes the port above the highest one in the Helm values when none is given', async () => {
    const highest = Math.max(...[...(tree.read('deploy/helm/bazaar/values.yaml', 'utf-8') ?? '').matchAll(/^ {4}httpPort: (\d+)$/gm)].map((match) => Number(match[1])));
    await serviceGenerator(tree, { name: 'ledger' });
    expect(tree.read('apps/ledger/src/ledger.env.ts', 'utf-8')).toContain(`HTTP_PORT: port.default(${highest + 1}),\n  TCP_HOST: z.string().default('0.0.0.0'),\n  TCP_PORT: port.default(${highest + 1001}),`);
  });

  it('none: no store, no Kafka, nothing but its health and its contract', async () => {
    await serviceGenerator(tree, { name: 'search-hints', db: 'none', port: 3500 });
    const module = tree.read('apps/search-hints/src/search-hints.module.ts', 'utf-8');
    expect(module).toContain('health: { useFactory: () => [] },');
    expect(module).not.toContain('Kafka');
    expect(tree.read('docker-compose.yml', 'utf-8')).toContain('      TCP_PORT: 4500\n    depends_on:\n      jaeger: { condition: service_healthy }\n    deploy: { resources: { limits: { memory: 208M } } }');
    expect(tree.read('libs/search-hints/feature/src/search-hints-feature.module.ts', 'utf-8')).toContain('static forRoot(): DynamicModule {');
  });

  it.each([
    ['a name that is not kebab-case', { name: 'Ledger' }, 'Service name "Ledger": kebab-case'],
    ['a service that exists', { name: 'ledger', port: 3999 }, 'apps/ledger exists already'],
    ['a consumed event without a contract', { name: 'ledger', consumes: 'PaymentRequested' }, '--consumes: no contract for PaymentRequested'],
    ['publishing without MongoDB', { name: 'ledger', db: 'redis' as const, publishes: 'LedgerEntryRecorded' }, '--publishes needs --db=mongo'],
    ['consuming without a store', { name: 'ledger', db: 'none' as const, consumes: 'StockReserved' }, '--consumes needs --db=mongo or --db=redis'],
    ['a port another service has', { name: 'ledger', port: 3002 }, '--port=3002: 3002 or 4002 is taken by cart'],
    ['a port whose TCP port would not exist', { name: 'ledger', port: 65000 }, '--port=65000: an HTTP port from 1 to 64535'],
  ])('refuses %s, saying why, and writes nothing', async (_case, options: ServiceGeneratorOptions, message) => {
    if (options.port === 3999) tree.write('apps/ledger/project.json', '{}');
    const before = contentsOf(tree);
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(changesSince(before, tree)).toEqual([]);
  });
});
